#include <iostream>
#include <memory>
#include <regex>

#include "app/class_source.hpp"
#include "app/commands.hpp"
#include "app/resume_state.hpp"
#include "app/service_notify.hpp"
#include "app/session_record.hpp"
#include "playback/player.hpp"

namespace classplayer::app {

std::expected<playback::Screenshot, std::string> parse_screenshot(const std::string& text) {
    // "SECONDS:FILE.png"; the file may itself hold colons, the time never does.
    static const std::regex shape(R"(^([0-9]+(?:\.[0-9]+)?):(.+\.png)$)");
    std::smatch m;
    if (!std::regex_match(text, m, shape))
        return std::unexpected("--screenshot \"" + text + "\": expected SECONDS:FILE.png, e.g. 12.5:card.png");
    return playback::Screenshot{std::stod(m[1].str()), m[2].str()};
}

std::expected<std::pair<int, int>, std::string> parse_window(const std::string& text) {
    static const std::regex shape(R"(^([0-9]{2,5})x([0-9]{2,5})$)");
    std::smatch m;
    if (!std::regex_match(text, m, shape)) return std::unexpected("--window \"" + text + "\": expected WxH, e.g. 1280x720");
    return std::pair{std::stoi(m[1].str()), std::stoi(m[2].str())};
}

// --resume: start at the saved step when the same class and profile were cut off, and save
// each step as it starts. The state goes when the class completes; a deliberate stop keeps it.
void keep_resume_point(const PlayCommandOptions& options, const LoadedClass& loaded, playback::PlayOptions& play) {
    auto store = std::make_shared<ResumeStore>(options.state_dir.value_or(ResumeStore::default_dir()));
    const std::filesystem::path playlist = std::filesystem::absolute(options.playlist).lexically_normal();
    const std::vector<std::string> conditions = loaded.plan.conditions;
    std::string problem;
    if (auto point = store->load(&problem)) {
        if (point->playlist == playlist && point->conditions == conditions &&
            point->step_index < static_cast<int>(loaded.plan.steps.size())) {
            play.first_step = point->step_index;
            play.first_step_changes = point->changes;
            std::cout << "Resuming at step " << point->step_index + 1 << " of " << loaded.plan.steps.size() << ": "
                      << loaded.plan.steps[static_cast<std::size_t>(point->step_index)].title << "\n";
        }
    } else if (!problem.empty()) {
        std::cerr << "classplayer: " << problem << "\n";
    }
    play.on_step_start = keep_place(store, playlist, conditions);
    play.on_class_end = [store](bool completed) {
        if (completed) store->clear();
    };
}

int play_command(const PlayCommandOptions& options) {
    playback::PlayOptions play{};
    play.headless = options.headless;
    play.virtual_clock = options.clock == "virtual";
    play.events_file = options.events;
    play.keys_file = options.keys;
    play.bindings_file = options.bindings;
    play.captions = !options.no_captions;
    play.volume = options.volume;
    play.hwdec = options.hwdec;
    play.max_height = options.max_height;
    for (const auto& text : options.screenshots) {
        auto shot = parse_screenshot(text);
        if (!shot) {
            std::cerr << "classplayer: " << shot.error() << "\n";
            return kUsage;
        }
        play.screenshots.push_back(*shot);
    }
    if (options.window) {
        auto size = parse_window(*options.window);
        if (!size) {
            std::cerr << "classplayer: " << size.error() << "\n";
            return kUsage;
        }
        std::tie(play.window_width, play.window_height) = *size;
    }

    if (options.kiosk) return kiosk_command(options, play);
    if (options.playlist.empty()) {
        std::cerr << "classplayer: play needs a PLAYLIST (or --kiosk)\n";
        return kUsage;
    }
    // Play reports to systemd too when run as a service (READY=1, the watchdog).
    auto notifier = std::make_shared<ServiceNotifier>();
    play.on_turn = [notifier](double) { notifier->alive(); };

    // Nothing plays until the whole class is valid: a broken playlist is refused here.
    auto loaded = load_class(options.playlist, options.profile);
    if (!loaded) {
        std::cerr << "classplayer: " << loaded.error().message << (loaded.error().message.ends_with('\n') ? "" : "\n");
        return loaded.error().exit_code;
    }
    if (options.resume) keep_resume_point(options, *loaded, play);
    keep_session_record(play, history_file(options.state_dir), loaded->plan, options.playlist, "play");
    play.ask_pain = true;
    return playback::play(loaded->plan, play);
}

}  // namespace classplayer::app
