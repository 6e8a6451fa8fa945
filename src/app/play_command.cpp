#include <iostream>
#include <regex>

#include "app/class_source.hpp"
#include "app/commands.hpp"
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

int play_command(const PlayCommandOptions& options) {
    playback::PlayOptions play;
    play.headless = options.headless;
    play.virtual_clock = options.clock == "virtual";
    play.events_file = options.events;
    play.keys_file = options.keys;
    play.volume = options.volume;
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

    // Nothing plays until the whole class is valid: a broken playlist is refused here.
    auto loaded = load_class(options.playlist, options.profile);
    if (!loaded) {
        std::cerr << "classplayer: " << loaded.error().message << (loaded.error().message.ends_with('\n') ? "" : "\n");
        return loaded.error().exit_code;
    }
    return playback::play(loaded->plan, play);
}

}  // namespace classplayer::app
