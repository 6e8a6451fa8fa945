#include "input/keys.hpp"

#include "class/text_file.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <utility>

namespace classplayer::input {

namespace {
constexpr std::array<std::pair<Key, const char*>, 26> kNames{{
    {Key::Up, "UP"}, {Key::Down, "DOWN"}, {Key::Left, "LEFT"}, {Key::Right, "RIGHT"},
    {Key::Ok, "OK"}, {Key::Back, "BACK"}, {Key::PlayPause, "PLAYPAUSE"}, {Key::Next, "NEXT"},
    {Key::Prev, "PREV"}, {Key::VolUp, "VOLUP"}, {Key::VolDown, "VOLDOWN"}, {Key::Menu, "MENU"},
    {Key::Easier, "EASIER"}, {Key::Stop, "STOP"}, {Key::Restart, "RESTART"}, {Key::Quit, "QUIT"},
    {Key::Digit0, "0"}, {Key::Digit1, "1"}, {Key::Digit2, "2"}, {Key::Digit3, "3"}, {Key::Digit4, "4"},
    {Key::Digit5, "5"}, {Key::Digit6, "6"}, {Key::Digit7, "7"}, {Key::Digit8, "8"}, {Key::Digit9, "9"},
}};
}  // namespace

std::optional<int> digit_of(Key key) {
    const int n = static_cast<int>(key) - static_cast<int>(Key::Digit0);
    if (n < 0 || n > 9) return std::nullopt;
    return n;
}

std::optional<Key> key_from_name(std::string_view name) {
    std::string upper(name);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
    for (const auto& [key, text] : kNames)
        if (upper == text) return key;
    return std::nullopt;
}

const char* to_string(Key key) {
    for (const auto& [k, text] : kNames)
        if (k == key) return text;
    return "?";
}

const char* to_string(Action action) {
    switch (action) {
        case Action::None: return "none";
        case Action::PauseToggle: return "pause_toggle";
        case Action::NextStep: return "next_step";
        case Action::PreviousStep: return "previous_step";
        case Action::RestartStep: return "restart_step";
        case Action::VolumeUp: return "volume_up";
        case Action::VolumeDown: return "volume_down";
        case Action::Quit: return "quit";
        case Action::OpenPauseScreen: return "pause_screen";
        case Action::Easier: return "easier";
        case Action::Stop: return "stop";
        case Action::MenuUp: return "menu_up";
        case Action::MenuDown: return "menu_down";
        case Action::MenuChoose: return "choose";
        case Action::Resume: return "resume";
        case Action::SkipExercise: return "skip_exercise";
        case Action::TryAgain: return "try_again";
    }
    return "?";
}

Action class_action(Key key, Context context) {
    if (context == Context::PauseScreen) {
        switch (key) {
            case Key::Up: return Action::MenuUp;
            case Key::Down: return Action::MenuDown;
            case Key::Ok: return Action::MenuChoose;
            case Key::Back:
            case Key::Menu:
            case Key::PlayPause: return Action::Resume;
            case Key::Left:
            case Key::Right:
            case Key::Next:
            case Key::Prev: return Action::None;  // the arrows that do not move in a list do nothing
            default: break;  // volume, EASIER, STOP, RESTART, QUIT act as in the class
        }
    } else if (context == Context::StopOffer) {
        if (key == Key::Ok) return Action::SkipExercise;
        if (key == Key::Back) return Action::TryAgain;
    }
    switch (key) {
        case Key::Ok:
        case Key::PlayPause: return Action::PauseToggle;
        case Key::Right:
        case Key::Next: return Action::NextStep;
        case Key::Left:
        case Key::Prev: return Action::PreviousStep;
        case Key::Restart: return Action::RestartStep;
        case Key::Up:
        case Key::VolUp: return Action::VolumeUp;
        case Key::Down:
        case Key::VolDown: return Action::VolumeDown;
        case Key::Quit: return Action::Quit;
        case Key::Back:
        case Key::Menu: return Action::OpenPauseScreen;
        case Key::Easier: return Action::Easier;
        case Key::Stop: return Action::Stop;
        case Key::Digit0: case Key::Digit1: case Key::Digit2: case Key::Digit3: case Key::Digit4:
        case Key::Digit5: case Key::Digit6: case Key::Digit7: case Key::Digit8: case Key::Digit9:
            return Action::None;  // numbers answer the pain check only (playback/pain_check.hpp)
    }
    return Action::None;
}

std::expected<std::vector<ScriptedPress>, std::string> parse_key_script(std::string_view text, const std::string& file_name) {
    std::vector<ScriptedPress> presses;
    std::istringstream in{std::string(text)};
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        std::istringstream fields(line);
        std::string seconds, name, extra;
        if (!(fields >> seconds)) continue;  // blank or comment
        const auto where = file_name + ":" + std::to_string(number) + ": ";
        double at_s = 0;
        auto [end, ec] = std::from_chars(seconds.data(), seconds.data() + seconds.size(), at_s);
        if (ec != std::errc() || end != seconds.data() + seconds.size() || !std::isfinite(at_s) || at_s < 0)
            return std::unexpected(where + "\"" + seconds + "\" is not a time in seconds (expected \"SECONDS KEY\")");
        if (!(fields >> name)) return std::unexpected(where + "missing the key after the time (expected \"SECONDS KEY\")");
        if (fields >> extra) return std::unexpected(where + "unexpected \"" + extra + "\" after the key");
        auto key = key_from_name(name);
        if (!key) {
            std::string known;
            for (const auto& [k, n] : kNames) known += (known.empty() ? "" : " ") + std::string(n);
            return std::unexpected(where + "unknown key \"" + name + "\" (keys: " + known + ")");
        }
        presses.push_back({at_s, *key});
    }
    std::stable_sort(presses.begin(), presses.end(), [](const auto& a, const auto& b) { return a.at_s < b.at_s; });
    return presses;
}

std::expected<std::vector<ScriptedPress>, std::string> load_key_script(const std::filesystem::path& file) {
    // Only a regular file, and only so much: a FIFO named here would block the player in open().
    auto text = read_small_file(file);
    if (!text) return std::unexpected(file.string() + ": " + text.error());
    return parse_key_script(*text, file.string());
}

}  // namespace classplayer::input
