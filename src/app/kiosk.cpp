// The kiosk: a waiting-room screen that plays a rotation of classes round and round with
// nobody at it. One plan holds the whole rotation (an attract card before each class), played
// again and again; keys go through the KioskKeyFilter; systemd hears from every loop turn.
#include <SDL.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "app/class_source.hpp"
#include "app/commands.hpp"
#include "app/fleet_link.hpp"
#include "fleet/config.hpp"
#include "home/catalog.hpp"
#include "app/kiosk_config.hpp"
#include "app/session_record.hpp"
#include "app/kiosk_keys.hpp"
#include "app/resume_state.hpp"
#include "app/service_notify.hpp"
#include "playback/player.hpp"
#include "ui/screen.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

namespace {

constexpr double kSaveEvery_s = 5.0;  // position kept at most this stale after a power cut

std::string joined(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) text += (text.empty() ? "" : ",") + id;
    return text;
}

struct Rotation {
    Plan plan;                      // [attract, class A..., attract, class B...]
    std::vector<ClassSpan> spans;   // where each class is in it, from its attract card
    std::vector<fs::path> playlists;
    std::vector<std::string> known_conditions;  // every condition the classes know (the clinic's commands)
};

// The whole rotation as one plan.
std::expected<Rotation, LoadFailure> rotation_plan(const KioskConfig& config, const std::vector<fs::path>& playlists) {
    Rotation out;
    out.playlists = playlists;
    Plan& rotation = out.plan;
    rotation.playlist_id = "kiosk";
    rotation.title = config.attract_title;
    rotation.conditions = config.conditions;
    std::set<std::string> conditions;
    for (const auto& playlist : playlists) {
        auto loaded = load_class(playlist, joined(config.conditions));
        if (!loaded) return std::unexpected(loaded.error());
        if (rotation.steps.empty()) rotation.breathing = loaded->plan.breathing;
        const int first = static_cast<int>(rotation.steps.size());
        rotation.steps.push_back(attract_card(config, loaded->plan.title));
        for (auto& step : loaded->plan.steps) rotation.steps.push_back(std::move(step));
        out.spans.push_back({first, static_cast<int>(rotation.steps.size()), loaded->plan.playlist_id,
                             loaded->plan.title, config.conditions, true});
        for (const auto& c : loaded->playlist.conditions.conditions) conditions.insert(c.id);
    }
    out.known_conditions.assign(conditions.begin(), conditions.end());
    rotation.total_s = 0;
    for (std::size_t i = 0; i < rotation.steps.size(); ++i) {
        rotation.steps[i].index = static_cast<int>(i);
        rotation.total_s += rotation.steps[i].duration_s;
    }
    return out;
}

// With a content release in use, the rotation is every class the release holds (its
// playlists/, by file name): publishing a release with a new class puts it on every screen.
std::vector<fs::path> rotation_playlists(const KioskConfig& config, const FleetLink* link) {
    if (link) {
        if (auto release = link->release_dir()) {
            std::vector<fs::path> found;
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator(*release / "playlists", ec)) {
                if (entry.path().extension() != ".json" || !entry.is_regular_file()) continue;
                if (!home::is_class_data(entry.path())) found.push_back(entry.path());
            }
            std::sort(found.begin(), found.end());
            if (!found.empty()) return found;
            spdlog::warn("release {} holds no class; playing the configured rotation", release->string());
        }
    }
    return config.playlists;
}

// The screen resting when the clinic stopped it: a calm card, never a black screen.
Plan standby_plan(const KioskConfig& config) {
    Plan plan;
    plan.playlist_id = "kiosk-standby";
    plan.title = config.attract_title;
    Step card;
    card.kind = StepKind::Card;
    card.segment_id = "kiosk-standby";
    card.title = config.attract_title;
    card.lines = {"Classes will be back on this screen soon."};
    card.duration_s = 3600;
    plan.steps.push_back(std::move(card));
    plan.total_s = 3600;
    return plan;
}

fs::path running_binary() {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
}

}  // namespace

int kiosk_command(const PlayCommandOptions& options, playback::PlayOptions play) {
    KioskConfig config;
    const fs::path config_file = options.kiosk_config ? *options.kiosk_config : find_kiosk_config(running_binary());
    if (!config_file.empty()) {
        auto loaded = load_kiosk_config(config_file);
        if (!loaded) {
            std::cerr << "classplayer: " << loaded.error() << (loaded.error().ends_with('\n') ? "" : "\n");
            return kInvalid;
        }
        config = std::move(*loaded);
    }
    // A playlist on the command line stands in for the config's rotation.
    if (!options.playlist.empty()) {
        config.playlists = {fs::absolute(options.playlist).lexically_normal()};
        if (!options.profile.empty()) config.conditions = {options.profile};  // load_class splits it
    }
    if (config.playlists.empty()) {
        std::cerr << "classplayer: --kiosk needs a playlist, or a config file (--config FILE, kiosk.json beside "
                     "the binary, or /etc/classplayer/kiosk.json)\n";
        return kUsage;
    }
    if (options.hwdec == "none" && play.hwdec == "none") play.hwdec = config.hwdec;
    if (options.max_height == 0) play.max_height = config.max_height;

    // The clinic's fleet, when this screen belongs to one (docs/fleet.md).
    std::unique_ptr<FleetLink> link;
    if (auto file = find_fleet_config(options.fleet_config)) {
        auto fleet_config = fleet::load_fleet_config(*file);
        if (!fleet_config) {
            std::cerr << "classplayer: " << fleet_config.error() << (fleet_config.error().ends_with('\n') ? "" : "\n");
            return kInvalid;
        }
        auto opened = FleetLink::open(*fleet_config, CLASSPLAYER_VERSION);
        if (!opened) {
            std::cerr << "classplayer: fleet: " << opened.error() << "\n";
            return kInvalid;
        }
        link = std::move(*opened);
        link->switch_if_ready();
        std::cout << "Kiosk: in the clinic's fleet as " << fleet_config->screen_id
                  << (link->release_dir() ? ", release " + link->release_dir()->filename().string() : std::string()) << "\n";
    }

    auto rotation = rotation_plan(config, rotation_playlists(config, link.get()));
    if (!rotation && link && link->release_dir()) {
        // A release that cannot be played leaves the screen on its own rotation, never dark.
        spdlog::error("fleet: release {} cannot be played: {}", link->release_dir()->string(), rotation.error().message);
        rotation = rotation_plan(config, config.playlists);
    }
    if (!rotation) {
        std::cerr << "classplayer: " << rotation.error().message
                  << (rotation.error().message.ends_with('\n') ? "" : "\n");
        return rotation.error().exit_code;
    }
    std::cout << "Kiosk: " << rotation->playlists.size() << " playlist(s), " << rotation->plan.steps.size() << " steps a round"
              << (config_file.empty() ? std::string() : ", from " + config_file.string()) << "\n";

    // Where the rotation is, kept as play --resume keeps a class: the config (or playlist) and
    // conditions name it; the step and how far into it are saved at each step and every few seconds.
    auto store = std::make_shared<ResumeStore>(options.state_dir.value_or(ResumeStore::default_dir()));
    const fs::path identity = fs::absolute(config_file.empty() ? config.playlists.front() : config_file).lexically_normal();
    int first_step = 0;
    if (config.resume) {
        std::string problem;
        if (auto point = store->load(&problem)) {
            if (point->playlist == identity && point->conditions == rotation->plan.conditions &&
                point->step_index < static_cast<int>(rotation->plan.steps.size())) {
                first_step = point->step_index;
                std::cout << "Resuming at step " << first_step + 1 << " of " << rotation->plan.steps.size() << " ("
                          << std::lround(point->position_s) << " s into it): "
                          << rotation->plan.steps[static_cast<std::size_t>(first_step)].title << "\n";
            }
        } else if (!problem.empty()) {
            std::cerr << "classplayer: " << problem << "\n";
        }
    }

    struct Where {
        int step = 0;
        double step_started_s = std::numeric_limits<double>::quiet_NaN();  // class time, seen at the next turn
        double saved_at_s = -std::numeric_limits<double>::infinity();
        bool completed = false;
        bool quit = false;  // QUIT or SIGTERM, even on a completed round's closing card
        bool unlocked = false;
        bool screen_set = false;
    };
    auto where = std::make_shared<Where>();
    auto save = [store, identity, conditions = rotation->plan.conditions, where, enabled = config.resume](double class_s) {
        if (!enabled) return;
        const double into_s = std::isnan(where->step_started_s) ? 0.0 : std::max(0.0, class_s - where->step_started_s);
        std::string error;
        if (!store->save({identity, conditions, where->step, into_s, {}}, &error))
            std::cerr << "classplayer: resume state not saved (the class goes on): " << error << "\n";
        where->saved_at_s = class_s;
    };

    auto filter = std::make_shared<KioskKeyFilter>(config.unlock);
    auto notifier = std::make_shared<ServiceNotifier>();
    play.key_filter = [filter, where](input::Key key, double session_s) {
        switch (filter->press(key, session_s)) {
            case KioskKeyFilter::Verdict::Pass: return playback::PlayOptions::KeyVerdict::Act;
            case KioskKeyFilter::Verdict::Ignore: return playback::PlayOptions::KeyVerdict::Ignore;
            case KioskKeyFilter::Verdict::Unlock: where->unlocked = true; return playback::PlayOptions::KeyVerdict::Quit;
        }
        return playback::PlayOptions::KeyVerdict::Ignore;
    };
    play.on_step_start = [where, save](int step_index, std::string_view) {  // passers-by cannot swap steps
        where->step = step_index;
        where->step_started_s = std::numeric_limits<double>::quiet_NaN();
        save(where->saved_at_s);  // the step at once; its position from the next turns
    };
    play.on_turn = [where, save, notifier](double class_s) {
        if (!where->screen_set) {
            // Nobody uses a mouse on a waiting-room screen, and it must never go dark.
            SDL_ShowCursor(SDL_DISABLE);
            SDL_DisableScreenSaver();
            where->screen_set = true;
        }
        notifier->alive();  // READY=1 the first time, then the watchdog
        if (std::isnan(where->step_started_s)) where->step_started_s = class_s;
        if (class_s - where->saved_at_s >= kSaveEvery_s) save(class_s);
    };
    play.on_class_end = [where](bool completed) { where->completed = completed; };
    play.on_quit = [where] { where->quit = true; };

    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    // One screen for every round: a window made again each round would flash the desktop
    // between rounds, and on a bare X server (the kiosk its only client) closing it resets the
    // server under the next round's window.
    std::unique_ptr<ui::Screen> screen;
    if (play.screen == nullptr) {
        auto opened = ui::Screen::create({.headless = play.headless,
                                          .width = play.window_width,
                                          .height = play.window_height,
                                          .vsync = !play.virtual_clock});
        if (!opened) {
            std::cerr << "classplayer: cannot open the screen: " << opened.error() << "\n";
            return kNoDevice;
        }
        screen = std::move(*opened);
        play.screen = screen.get();
    }
    // Each round is a session of its own in the record, kept apart as the kiosk's (no pain question).
    const fs::path record = history_file(options.state_dir);
    keep_session_record(play, record, rotation->plan, rotation->playlists.front(), "kiosk");
    if (link) link->set_classes(rotation->spans, rotation->known_conditions);
    // What the clinic sees of each session (src/fleet: kept in the outbox until acknowledged).
    auto tell_clinic = [&] {
        if (!link) return;
        if (auto session = last_session_record(record)) link->send_record(*session);
    };
    // A play from the clinic (or the screen resting) borrows the screen, the keys' filter and
    // systemd's watchdog, but not the rotation's place or record.
    auto borrowed = [&](const Plan& plan, const fs::path& playlist) {
        playback::PlayOptions one = play;
        one.first_step = 0;
        one.append_events = true;
        one.on_step_start = nullptr;
        one.on_class_end = [where](bool completed) { where->completed = completed; };
        one.on_turn = [notifier](double) { notifier->alive(); };
        one.on_event = nullptr;
        if (!playlist.empty()) keep_session_record(one, record, plan, playlist, "kiosk");
        return one;
    };
    // The clinic's `play`: that class once, then back to where the rotation was.
    auto play_ordered = [&](const ClinicOrder& order) -> int {
        for (std::size_t k = 0; k < rotation->spans.size(); ++k) {
            if (rotation->spans[k].class_id != order.class_id) continue;
            auto loaded = load_class(rotation->playlists[k], joined(order.conditions));
            if (!loaded) {
                spdlog::error("fleet: {}", loaded.error().message);
                where->completed = true;  // nothing to play: the rotation goes on
                return 0;
            }
            playback::PlayOptions one = borrowed(loaded->plan, rotation->playlists[k]);
            link->attach(one, loaded->plan, {{0, static_cast<int>(loaded->plan.steps.size()), order.class_id,
                                              loaded->plan.title, order.conditions, false}});
            const int code = playback::play(loaded->plan, one);
            tell_clinic();
            return code;
        }
        where->completed = true;  // not in this release any more: the rotation goes on
        return 0;
    };
    // Between classes: the release fetched in the background, from here on.
    auto take_new_release = [&] {
        if (!link || !link->switch_if_ready()) return false;
        auto rebuilt = rotation_plan(config, rotation_playlists(config, link.get()));
        if (!rebuilt) {
            spdlog::error("fleet: the new release cannot be played, the old rotation goes on: {}", rebuilt.error().message);
            return false;
        }
        rotation = std::move(rebuilt);
        link->set_classes(rotation->spans, rotation->known_conditions);
        return true;
    };
    const Plan resting = standby_plan(config);
    const auto keep_place_of_rotation = play.on_step_start;
    int round = 0, started = 0;
    while (config.loops == 0 || round < config.loops) {
        play.first_step = first_step;
        play.append_events = play.append_events || started++ > 0;
        where->completed = false;
        play.on_step_start = keep_place_of_rotation;  // the link adds its own to it afresh
        if (link) link->attach(play, rotation->plan, rotation->spans);
        if (const int code = playback::play(rotation->plan, play); code != 0) return code;
        tell_clinic();
        first_step = 0;
        if (link && link->ended_by_clinic()) {
            // Where the rotation was: the class on screen, from its attract card.
            std::size_t at = 0;
            while (at + 1 < rotation->spans.size() && where->step >= rotation->spans[at].end_step) ++at;
            ClinicOrder order = link->take_order();
            bool quit = false;
            while (!quit) {
                if (take_new_release() && at >= rotation->spans.size()) at = 0;
                if (order.kind == ClinicOrder::Kind::GoOn && !link->rotation_on()) order = ClinicOrder{ClinicOrder::Kind::Standby, {}, {}};
                if (order.kind == ClinicOrder::Kind::GoOn) break;
                where->completed = false;
                if (order.kind == ClinicOrder::Kind::PlayClass) {
                    if (const int code = play_ordered(order); code != 0) return code;
                } else {
                    link->set_standby(true);
                    playback::PlayOptions one = borrowed(resting, {});
                    link->attach(one, resting, {});
                    const int code = playback::play(resting, one);
                    link->set_standby(false);
                    if (code != 0) return code;
                }
                if (link->ended_by_clinic()) {
                    order = link->take_order();
                } else if (where->completed && !where->quit) {
                    // The class played to its end (the rotation goes on, if on), or the resting card ran out.
                    if (order.kind == ClinicOrder::Kind::PlayClass) order = ClinicOrder{ClinicOrder::Kind::GoOn, {}, {}};
                } else {
                    quit = true;  // systemd stopping us (SIGTERM), or the unlock combination
                }
            }
            if (quit) break;
            first_step = rotation->spans[at].first_step;
            continue;
        }
        // The unlock combination, or systemd stopping us (SIGTERM), also on the closing card.
        if (!where->completed || where->quit) break;
        std::cout << "Kiosk: round " << ++round << " done\n";
        take_new_release();
    }
    notifier->stopping();
    if (where->unlocked) std::cout << "Kiosk: left by the unlock combination\n";
    if (where->completed) store->clear();  // every round asked for was played
    return kDone;
}

}  // namespace classplayer::app
