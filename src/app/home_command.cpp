// `classplayer home` (and `classplayer` alone): the home menu on the screen the classes then
// play on. One loop, one thread: draw the page when it changed, wait for the next key (remote,
// keyboard or script) or screenshot, let the Menu decide, and start, resume or quit.
#include <SDL.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/fleet_link.hpp"
#include "app/last_choices.hpp"
#include "app/resume_state.hpp"
#include "app/session_record.hpp"
#include "home/catalog.hpp"
#include "home/menu.hpp"
#include "input/keys.hpp"
#include "input/sdl_keys.hpp"
#include "ui/home_screen.hpp"
#include "ui/screen.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

fs::path default_playlists_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    const fs::path source_playlists = fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists";
    if (!ec && fs::equivalent(exe.parent_path(), CLASSPLAYER_BUILD_DIR, ec) && fs::is_directory(source_playlists, ec))
        return source_playlists;
    return "/usr/share/classplayer/playlists";
}

namespace {

using SteadyClock = std::chrono::steady_clock;

// The menu's event log: the same JSON lines as a class's (design.md), in menu seconds. A
// class's own lines are written to a file beside it while the class plays and copied in when
// it ends, so one file tells the whole session in order.
class HomeLog {
public:
    bool open(const fs::path& file, std::string* error) {
        file_.reset(std::fopen(file.c_str(), "w"));
        if (!file_) {
            *error = file.string() + ": cannot write";
            return false;
        }
        class_file_ = file;
        class_file_ += ".class.jsonl";
        return true;
    }
    bool enabled() const { return file_ != nullptr; }
    const fs::path& class_file() const { return class_file_; }

    void write(double t_s, const char* event, nlohmann::json fields = nlohmann::json::object()) {
        if (!file_) return;
        nlohmann::json line = {{"t", std::round(t_s * 1000) / 1000}, {"event", event}};
        line.update(fields);
        const std::string text = line.dump() + "\n";
        std::fwrite(text.data(), 1, text.size(), file_.get());
        std::fflush(file_.get());
    }
    void take_class_lines() {
        if (!file_) return;
        std::ifstream in(class_file_);
        std::string line;
        while (std::getline(in, line)) {
            line += '\n';
            std::fwrite(line.data(), 1, line.size(), file_.get());
        }
        std::fflush(file_.get());
        in.close();
        std::error_code ec;
        fs::remove(class_file_, ec);
    }

private:
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, FileCloser> file_;
    fs::path class_file_;
};

// A window close or Ctrl-C (SDL turns SIGINT into SDL_QUIT) while a class plays ends the
// class through the player's own loop; this watch remembers it, so the whole program then
// ends rather than showing the menu again. Set from whichever thread pushes the event.
std::atomic<bool> quit_requested{false};
int watch_for_quit(void*, SDL_Event* event) {
    if (event->type == SDL_QUIT) quit_requested = true;
    return 0;
}

home::Decision quit_decision() {
    home::Decision decision;
    decision.kind = home::DecisionKind::Quit;
    return decision;
}

class HomeSession {
public:
    HomeSession(const HomeCommandOptions& options, fs::path playlists)
        : options_(options),
          playlists_(std::move(playlists)),
          virtual_clock_(options.clock == "virtual"),
          resume_store_(options.state_dir.value_or(ResumeStore::default_dir())),
          choices_store_(options.state_dir.value_or(ResumeStore::default_dir())) {}

    int run() {
        if (const int rc = prepare(); rc != kDone) return rc;
        SDL_AddEventWatch(watch_for_quit, nullptr);
        int rc = kDone;
        while (!quit_ && rc == kDone) {
            follow_release();
            if (!open_menu()) return kInvalid;
            const home::Decision decision = choose();
            switch (decision.kind) {
                case home::DecisionKind::Start:
                case home::DecisionKind::Resume: rc = play(decision); break;
                case home::DecisionKind::Quit:
                case home::DecisionKind::None: quit_ = true; break;
            }
            if (quit_requested) quit_ = true;
        }
        SDL_DelEventWatch(watch_for_quit, nullptr);
        log_.write(now_s(), "home_end");
        return rc;
    }

private:
    int prepare() {
        for (const auto& text : options_.screenshots) {
            auto shot = parse_screenshot(text);
            if (!shot) return usage(shot.error());
            shots_.push_back(*shot);
        }
        std::stable_sort(shots_.begin(), shots_.end(), [](auto& a, auto& b) { return a.at_s < b.at_s; });
        int width = 0, height = 0;
        if (options_.window) {
            auto size = parse_window(*options_.window);
            if (!size) return usage(size.error());
            std::tie(width, height) = *size;
        }
        if (options_.keys) {
            auto presses = input::load_key_script(*options_.keys);
            if (!presses) {
                std::cerr << "classplayer: --keys: " << presses.error() << "\n";
                return kInvalid;
            }
            presses_ = std::move(*presses);
        }
        if (options_.events) {
            std::string error;
            if (!log_.open(*options_.events, &error)) {
                std::cerr << "classplayer: --events: " << error << "\n";
                return kInvalid;
            }
        }
        auto screen = ui::Screen::create({.headless = options_.headless, .width = width, .height = height,
                                          .vsync = !virtual_clock_});
        if (!screen) {
            std::cerr << "classplayer: cannot open the screen: " << screen.error() << "\n";
            return kNoDevice;
        }
        screen_ = std::move(*screen);
        auto pages = ui::HomeScreen::create(*screen_);
        if (!pages) {
            std::cerr << "classplayer: " << pages.error() << "\n";
            return kNoDevice;
        }
        pages_ = std::move(*pages);
        if (const int rc = join_fleet(); rc != kDone) return rc;
        started_ = SteadyClock::now();
        return kDone;
    }

    // A TV box the clinic looks after (docs/fleet.md): its status and session records go to the
    // clinic, and its menu offers the classes of the release the clinic sends it.
    int join_fleet() {
        const auto file = find_fleet_config(options_.fleet_config);
        if (!file) return kDone;
        auto config = fleet::load_fleet_config(*file);
        if (!config) {
            std::cerr << "classplayer: " << config.error() << (config.error().ends_with('\n') ? "" : "\n");
            return kInvalid;
        }
        auto opened = FleetLink::open(*config, CLASSPLAYER_VERSION, true);
        if (!opened) {
            std::cerr << "classplayer: fleet: " << opened.error() << "\n";
            return kInvalid;
        }
        link_ = std::move(*opened);
        spdlog::info("home: in the clinic's fleet as {}", config->screen_id);
        return kDone;
    }

    // Between classes only: a release fetched in the background is switched to before the menu
    // opens, and the menu lists its classes (unless --playlists names a folder).
    void follow_release() {
        if (!link_) return;
        link_->switch_if_ready();
        if (options_.playlists) return;
        if (auto release = link_->release_dir(); release && fs::is_directory(*release / "playlists"))
            playlists_ = *release / "playlists";
    }

    static int usage(const std::string& message) {
        std::cerr << "classplayer: " << message << "\n";
        return kUsage;
    }

    // Menu seconds: virtual time jumps from one scripted key or screenshot to the next; real
    // time is the wall clock less the time spent in classes.
    double now_s() const {
        if (virtual_clock_) return virtual_now_s_;
        return std::chrono::duration<double>(SteadyClock::now() - started_).count() - in_classes_s_;
    }

    // Reads the folder afresh each time the menu opens: a playlist copied in while a class
    // played is there when it ends.
    bool open_menu() {
        auto classes = home::load_catalog(playlists_);
        if (!classes) {
            std::cerr << "classplayer: " << classes.error() << "\n";
            return false;
        }
        nlohmann::json listed = nlohmann::json::array();
        for (const auto& entry : *classes) {
            listed.push_back({{"file", entry.file.string()}, {"title", entry.title}, {"playable", entry.playable()}});
            if (!entry.problem.empty()) {
                listed.back()["problem"] = entry.problem;
                spdlog::warn("{}: {}", entry.file.string(), entry.problem);
            }
        }
        std::string problem;
        std::optional<home::Choices> last = choices_store_.load(&problem);
        if (!problem.empty()) spdlog::warn("{}", problem);
        problem.clear();
        std::optional<home::ResumeOffer> offer;
        if (auto point = resume_store_.load(&problem)) offer = home::ResumeOffer{point->playlist, point->conditions, point->step_index, point->changes};
        if (!problem.empty()) spdlog::warn("{}", problem);
        menu_.emplace(std::move(*classes), std::move(last), std::move(offer),
                      sessions_at_a_glance(history_file(options_.state_dir)));
        log_.write(now_s(), "home_open",
                   {{"playlists", playlists_.string()},
                    {"classes", listed},
                    {"page", home::to_string(menu_->page())},
                    {"resume_offer", menu_->has_resume_offer() ? nlohmann::json(menu_->resume_line()) : nlohmann::json()}});
        redraw_ = true;
        return true;
    }

    // Runs the menu until the person decides.
    home::Decision choose() {
        for (;;) {
            const double now = now_s();
            std::optional<home::Decision> decided;
            while (!decided && next_press_ < presses_.size() && presses_[next_press_].at_s <= now)
                decided = press(presses_[next_press_++].key, "script");
            if (!decided) decided = handle_window_events();
            if (link_) link_->in_menu();
            show(now);
            if (decided) return *decided;
            if (quit_requested) return quit_decision();
            if (!wait()) return quit_decision();
        }
    }

    std::optional<home::Decision> press(input::Key key, const char* source) {
        const home::Page page = menu_->page();
        const home::Press result = menu_->press(key);
        log_.write(now_s(), "key",
                   {{"key", input::to_string(key)}, {"action", result.action}, {"source", source},
                    {"page", home::to_string(page)}});
        redraw_ = true;
        // What the page said, for the record (and for tests: words on a screen are pixels).
        if (menu_->page() == home::Page::Sessions && page != home::Page::Sessions)
            log_.write(now_s(), "my_sessions", {{"lines", menu_->my_sessions()}});
        if (result.decision.kind == home::DecisionKind::None) return std::nullopt;
        nlohmann::json fields = {{"choice", result.decision.kind == home::DecisionKind::Quit ? "quit"
                                            : result.decision.kind == home::DecisionKind::Start ? "start"
                                                                                                 : "resume"}};
        if (result.decision.kind != home::DecisionKind::Quit) {
            fields["playlist"] = result.decision.playlist.string();
            fields["conditions"] = result.decision.conditions;
            fields["first_step"] = result.decision.first_step;
        }
        log_.write(now_s(), "home_choice", fields);
        return result.decision;
    }

    std::optional<home::Decision> handle_window_events() {
        if (options_.headless) return std::nullopt;  // the offscreen driver has no input
        SDL_Event event;
        while (SDL_PollEvent(&event)) {
            if (event.type == SDL_QUIT) return press(input::Key::Quit, "window");
            if (event.type == SDL_WINDOWEVENT) redraw_ = true;  // exposed, resized, shown
            if (auto key = input::key_from_sdl(event))
                if (auto decided = press(*key, "keyboard")) return decided;
        }
        return std::nullopt;
    }

    // Draws the page when something changed, and takes the screenshots that are due.
    void show(double now) {
        const bool shot_due = next_shot_ < shots_.size() && shots_[next_shot_].at_s <= now;
        if (!redraw_ && !shot_due) return;
        pages_->draw(*menu_, now);
        for (; next_shot_ < shots_.size() && shots_[next_shot_].at_s <= now; ++next_shot_) {
            const auto& shot = shots_[next_shot_];
            std::string error;
            if (screen_->save_png(shot.file, &error))
                log_.write(now, "screenshot", {{"file", shot.file.string()}, {"at_s", shot.at_s}, {"page", home::to_string(menu_->page())}});
            else
                spdlog::error("--screenshot {}: {}", shot.file.string(), error);
        }
        screen_->present();
        redraw_ = false;
    }

    // Sleeps until the next scripted key or screenshot, or (with a window) until a key or a
    // window event arrives. False when nothing can ever happen again: headless, with the
    // script and the screenshots used up, nobody can press a key.
    bool wait() {
        double due = std::numeric_limits<double>::infinity();
        if (next_press_ < presses_.size()) due = presses_[next_press_].at_s;
        if (next_shot_ < shots_.size()) due = std::min(due, shots_[next_shot_].at_s);
        if (options_.headless && !std::isfinite(due)) {
            spdlog::info("home menu: no scripted key left and no screen to press one on; closing");
            return false;
        }
        if (virtual_clock_) {
            virtual_now_s_ = std::max(virtual_now_s_, due);
            return true;
        }
        const double wait_s = due - now_s();
        if (wait_s <= 0) return true;
        if (options_.headless) {
            std::this_thread::sleep_for(std::chrono::duration<double>(wait_s));
            return true;
        }
        // With nothing scheduled this sleeps until a key or window event: no polling.
        if (std::isfinite(wait_s))
            SDL_WaitEventTimeout(nullptr, std::max(1, static_cast<int>(std::ceil(std::min(wait_s, 3600.0) * 1000))));
        else
            SDL_WaitEvent(nullptr);
        return true;
    }

    // Plays the chosen class on the menu's own screen, keeping its resume point as it goes.
    int play(const home::Decision& decision) {
        const home::ClassEntry* entry = nullptr;
        for (const auto& candidate : menu_->classes())
            if (candidate.playable() && candidate.file == decision.playlist) entry = &candidate;
        if (!entry) return kInvalid;  // the menu only decides on classes it lists
        auto plan = make_plan(*entry->playlist, decision.conditions);
        if (!plan) {
            std::cerr << "classplayer: " << entry->file.string() << ": " << plan.error() << "\n";
            return kInvalid;
        }
        std::string error;
        if (!choices_store_.save({decision.playlist, decision.conditions}, &error))
            spdlog::warn("last choices not kept (the class goes on): {}", error);

        playback::PlayOptions play;
        play.headless = options_.headless;
        play.virtual_clock = virtual_clock_;
        play.volume = options_.volume;
        play.screen = screen_.get();
        play.first_step = decision.first_step;
        play.first_step_changes = decision.first_step_changes;
        if (log_.enabled()) play.events_file = log_.class_file();
        auto store = std::make_shared<ResumeStore>(resume_store_);
        const fs::path playlist = decision.playlist;
        const std::vector<std::string> conditions = plan->conditions;
        play.on_step_start = keep_place(store, playlist, conditions);
        play.on_class_end = [store](bool completed) {
            if (completed) store->clear();
        };
        keep_session_record(play, history_file(options_.state_dir), *plan, playlist, "home");
        play.ask_pain = true;
        if (link_)
            link_->attach(play, *plan, {{0, static_cast<int>(plan->steps.size()), plan->playlist_id, plan->title,
                                         plan->conditions, false}});

        const auto class_started = SteadyClock::now();
        const int rc = playback::play(*plan, play);
        // The record, with the answer to "how does your back feel now?", for the clinician.
        if (link_) {
            if (auto session = last_session_record(history_file(options_.state_dir))) link_->send_record(*session);
            link_->in_menu();
        }
        in_classes_s_ += std::chrono::duration<double>(SteadyClock::now() - class_started).count();
        log_.take_class_lines();
        log_.write(now_s(), "home_return", {{"playlist", playlist.string()}, {"exit_code", rc}});
        // A class that could not open its sound device (exit 3) or its events file (exit 1)
        // would fail the same way again: stop here with its code.
        return rc;
    }

    const HomeCommandOptions& options_;
    fs::path playlists_;
    bool virtual_clock_;
    ResumeStore resume_store_;
    LastChoicesStore choices_store_;
    HomeLog log_;
    std::unique_ptr<ui::Screen> screen_;
    std::unique_ptr<ui::HomeScreen> pages_;  // after screen_: destroyed first
    std::unique_ptr<FleetLink> link_;
    std::optional<home::Menu> menu_;

    std::vector<input::ScriptedPress> presses_;
    std::size_t next_press_ = 0;
    std::vector<playback::Screenshot> shots_;
    std::size_t next_shot_ = 0;

    SteadyClock::time_point started_;
    double virtual_now_s_ = 0, in_classes_s_ = 0;
    bool redraw_ = true, quit_ = false;
};

}  // namespace

int home_command(const HomeCommandOptions& options) {
    const fs::path playlists = options.playlists.value_or(default_playlists_dir());
    HomeSession session(options, playlists);
    return session.run();
}

}  // namespace classplayer::app
