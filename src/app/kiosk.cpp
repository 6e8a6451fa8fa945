// The kiosk: a waiting-room screen that plays a rotation of classes round and round with
// nobody at it. One plan holds the whole rotation (an attract card before each class), played
// again and again; keys go through the KioskKeyFilter; systemd hears from every loop turn.
#include <SDL.h>

#include <cmath>
#include <iostream>
#include <limits>
#include <memory>

#include "app/class_source.hpp"
#include "app/commands.hpp"
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

// The whole rotation as one plan: [attract, class A..., attract, class B...].
std::expected<Plan, LoadFailure> rotation_plan(const KioskConfig& config) {
    Plan rotation;
    rotation.playlist_id = "kiosk";
    rotation.title = config.attract_title;
    rotation.conditions = config.conditions;
    for (const auto& playlist : config.playlists) {
        auto loaded = load_class(playlist, joined(config.conditions));
        if (!loaded) return std::unexpected(loaded.error());
        if (rotation.steps.empty()) rotation.breathing = loaded->plan.breathing;
        rotation.steps.push_back(attract_card(config, loaded->plan.title));
        for (auto& step : loaded->plan.steps) rotation.steps.push_back(std::move(step));
    }
    rotation.total_s = 0;
    for (std::size_t i = 0; i < rotation.steps.size(); ++i) {
        rotation.steps[i].index = static_cast<int>(i);
        rotation.total_s += rotation.steps[i].duration_s;
    }
    return rotation;
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

    auto rotation = rotation_plan(config);
    if (!rotation) {
        std::cerr << "classplayer: " << rotation.error().message
                  << (rotation.error().message.ends_with('\n') ? "" : "\n");
        return rotation.error().exit_code;
    }
    std::cout << "Kiosk: " << config.playlists.size() << " playlist(s), " << rotation->steps.size() << " steps a round"
              << (config_file.empty() ? std::string() : ", from " + config_file.string()) << "\n";

    // Where the rotation is, kept as play --resume keeps a class: the config (or playlist) and
    // conditions name it; the step and how far into it are saved at each step and every few seconds.
    auto store = std::make_shared<ResumeStore>(options.state_dir.value_or(ResumeStore::default_dir()));
    const fs::path identity = fs::absolute(config_file.empty() ? config.playlists.front() : config_file).lexically_normal();
    int first_step = 0;
    if (config.resume) {
        std::string problem;
        if (auto point = store->load(&problem)) {
            if (point->playlist == identity && point->conditions == rotation->conditions &&
                point->step_index < static_cast<int>(rotation->steps.size())) {
                first_step = point->step_index;
                std::cout << "Resuming at step " << first_step + 1 << " of " << rotation->steps.size() << " ("
                          << std::lround(point->position_s) << " s into it): "
                          << rotation->steps[static_cast<std::size_t>(first_step)].title << "\n";
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
        bool unlocked = false;
        bool screen_set = false;
    };
    auto where = std::make_shared<Where>();
    auto save = [store, identity, conditions = rotation->conditions, where, enabled = config.resume](double class_s) {
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
    keep_session_record(play, history_file(options.state_dir), *rotation, config.playlists.front(), "kiosk");
    for (int round = 0; config.loops == 0 || round < config.loops; ++round) {
        play.first_step = round == 0 ? first_step : 0;
        play.append_events = play.append_events || round > 0;
        where->completed = false;
        if (const int code = playback::play(*rotation, play); code != 0) return code;
        if (!where->completed) break;  // the unlock combination, or systemd stopping us (SIGTERM)
        std::cout << "Kiosk: round " << round + 1 << " done\n";
    }
    notifier->stopping();
    if (where->unlocked) std::cout << "Kiosk: left by the unlock combination\n";
    if (where->completed) store->clear();  // every round asked for was played
    return kDone;
}

}  // namespace classplayer::app
