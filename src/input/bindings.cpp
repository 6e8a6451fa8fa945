#include "input/bindings.hpp"

#include "class/text_file.hpp"

#include <SDL.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

namespace classplayer::input {

namespace {

// HDMI-CEC user control codes worth binding on a TV remote (values from the CEC spec, as
// libcec's cectypes.h names them).
constexpr std::array<std::pair<const char*, int>, 44> kCecCodes{{
    {"SELECT", 0x00}, {"UP", 0x01}, {"DOWN", 0x02}, {"LEFT", 0x03}, {"RIGHT", 0x04},
    {"ROOT_MENU", 0x09}, {"SETUP_MENU", 0x0A}, {"CONTENTS_MENU", 0x0B}, {"FAVORITE_MENU", 0x0C},
    {"EXIT", 0x0D}, {"TOP_MENU", 0x10}, {"DVD_MENU", 0x11},
    {"NUMBER0", 0x20}, {"NUMBER1", 0x21}, {"NUMBER2", 0x22}, {"NUMBER3", 0x23}, {"NUMBER4", 0x24},
    {"NUMBER5", 0x25}, {"NUMBER6", 0x26}, {"NUMBER7", 0x27}, {"NUMBER8", 0x28}, {"NUMBER9", 0x29},
    {"ENTER", 0x2B}, {"CHANNEL_UP", 0x30}, {"CHANNEL_DOWN", 0x31}, {"HELP", 0x36},
    {"VOLUME_UP", 0x41}, {"VOLUME_DOWN", 0x42}, {"MUTE", 0x43},
    {"PLAY", 0x44}, {"STOP", 0x45}, {"PAUSE", 0x46}, {"REWIND", 0x48}, {"FAST_FORWARD", 0x49},
    {"FORWARD", 0x4B}, {"BACKWARD", 0x4C}, {"PAUSE_PLAY_FUNCTION", 0x61},
    {"F1_BLUE", 0x71}, {"F2_RED", 0x72}, {"F3_GREEN", 0x73}, {"F4_YELLOW", 0x74},
    {"DATA", 0x76}, {"AN_RETURN", 0x91}, {"AN_CHANNELS_LIST", 0x96},
}};

// The built-in bindings. Escape and Backspace are BACK (the pause screen), as on a TV remote;
// Q quits outright (a desktop's way out; a kiosk's bindings file can "ignore" it).
constexpr std::string_view kDefaults = R"(# classplayer's built-in bindings: SOURCE:NAME  REMOTE-KEY
# keyboard (SDL key names), incl. the media keys of USB and Bluetooth remotes
key:Up            UP
key:Down          DOWN
key:Left          LEFT
key:Right         RIGHT
key:Return        OK
key:Keypad Enter  OK
key:Select        OK
key:Escape        BACK
key:Backspace     BACK
key:AC Back       BACK
key:Space         PLAYPAUSE
key:AudioPlay     PLAYPAUSE
key:AudioStop     PLAYPAUSE
key:AudioNext     NEXT
key:N             NEXT
key:AudioPrev     PREV
key:P             PREV
key:VolumeUp      VOLUP
key:+             VOLUP
key:=             VOLUP
key:VolumeDown    VOLDOWN
key:-             VOLDOWN
key:Menu          MENU
key:M             MENU
key:E             EASIER
key:S             STOP
key:R             RESTART
key:Q             QUIT
# the number keys: the pain check's answer, 0-10
key:0             0
key:Keypad 0      0
key:1             1
key:Keypad 1      1
key:2             2
key:Keypad 2      2
key:3             3
key:Keypad 3      3
key:4             4
key:Keypad 4      4
key:5             5
key:Keypad 5      5
key:6             6
key:Keypad 6      6
key:7             7
key:Keypad 7      7
key:8             8
key:Keypad 8      8
key:9             9
key:Keypad 9      9
# game controllers (SDL's button names)
pad:dpup          UP
pad:dpdown        DOWN
pad:dpleft        LEFT
pad:dpright       RIGHT
pad:a             OK
pad:b             BACK
pad:start         PLAYPAUSE
pad:back          MENU
pad:guide         MENU
pad:rightshoulder NEXT
pad:leftshoulder  PREV
pad:x             EASIER
pad:y             STOP
# HDMI-CEC: the TV's own remote, through the TV
cec:SELECT        OK
cec:ENTER         OK
cec:UP            UP
cec:DOWN          DOWN
cec:LEFT          LEFT
cec:RIGHT         RIGHT
cec:EXIT          BACK
cec:AN_RETURN     BACK
cec:ROOT_MENU     MENU
cec:SETUP_MENU    MENU
cec:CONTENTS_MENU MENU
cec:PLAY          PLAYPAUSE
cec:PAUSE         PLAYPAUSE
cec:PAUSE_PLAY_FUNCTION PLAYPAUSE
cec:STOP          PLAYPAUSE
cec:FORWARD       NEXT
cec:FAST_FORWARD  NEXT
cec:CHANNEL_UP    NEXT
cec:BACKWARD      PREV
cec:REWIND        PREV
cec:CHANNEL_DOWN  PREV
cec:VOLUME_UP     VOLUP
cec:VOLUME_DOWN   VOLDOWN
cec:F2_RED        EASIER
cec:F1_BLUE       STOP
cec:NUMBER0       0
cec:NUMBER1       1
cec:NUMBER2       2
cec:NUMBER3       3
cec:NUMBER4       4
cec:NUMBER5       5
cec:NUMBER6       6
cec:NUMBER7       7
cec:NUMBER8       8
cec:NUMBER9       9
)";

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r");
    return std::string(text.substr(first, last - first + 1));
}

std::string known_keys() {
    std::string out;
    for (const char* name : {"UP", "DOWN", "LEFT", "RIGHT", "OK", "BACK", "PLAYPAUSE", "NEXT", "PREV", "VOLUP",
                             "VOLDOWN", "MENU", "EASIER", "STOP", "RESTART", "QUIT", "ignore"})
        out += (out.empty() ? "" : " ") + std::string(name);
    return out;
}

// SDL's key-name table needs no SDL_Init: a scancode name ("Return", "AudioPlay", "E") or a
// single character ("+") is a key SDL can report.
bool sdl_knows_key(const std::string& name) {
    if (name.size() == 1 && std::isprint(static_cast<unsigned char>(name[0]))) return true;
    return SDL_GetScancodeFromName(name.c_str()) != SDL_SCANCODE_UNKNOWN;
}

}  // namespace

std::optional<int> cec_code_from_name(std::string_view name) {
    const std::string upper = [&] {
        std::string u(name);
        std::transform(u.begin(), u.end(), u.begin(), [](unsigned char c) { return std::toupper(c); });
        return u;
    }();
    for (const auto& [text, code] : kCecCodes)
        if (upper == text) return code;
    if (upper.starts_with("0X") && upper.size() > 2) {
        int code = 0;
        auto [end, ec] = std::from_chars(upper.data() + 2, upper.data() + upper.size(), code, 16);
        if (ec == std::errc() && end == upper.data() + upper.size() && code >= 0 && code <= 0xFF) return code;
    }
    return std::nullopt;
}

std::string cec_code_name(int code) {
    for (const auto& [text, c] : kCecCodes)
        if (c == code) return text;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", code & 0xFF);
    return hex;
}

std::string_view default_bindings_text() { return kDefaults; }

const Bindings& Bindings::defaults() {
    static const Bindings built_in = [] {
        auto parsed = parse("", "built-in bindings");
        return parsed ? *parsed : Bindings{};  // the empty text applies nothing: never fails
    }();
    return built_in;
}

std::expected<Bindings, std::string> Bindings::parse(std::string_view text, const std::string& file_name) {
    Bindings out;
    // The defaults are applied first, by the same parser, so a bad default could never hide.
    const bool apply_defaults_first = text.data() != kDefaults.data();
    if (apply_defaults_first) {
        auto defaults = parse(kDefaults, "built-in bindings");
        if (!defaults) return std::unexpected(defaults.error());
        out = std::move(*defaults);
    }
    std::istringstream in{std::string(text)};
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
        line = trim(line);
        if (line.empty()) continue;
        const auto where = file_name + ":" + std::to_string(number) + ": ";
        const auto space = line.find_last_of(" \t");
        if (space == std::string::npos)
            return std::unexpected(where + "\"" + line + "\" needs a remote key after it (expected \"SOURCE:NAME KEY\", e.g. \"cec:F2_RED EASIER\")");
        const std::string source_key = trim(std::string_view(line).substr(0, space));
        const std::string key_name = line.substr(space + 1);
        const auto colon = source_key.find(':');
        if (colon == std::string::npos)
            return std::unexpected(where + "\"" + source_key + "\" names no source (expected key:NAME, pad:NAME or cec:NAME)");
        const std::string source = lower(source_key.substr(0, colon));
        const std::string name = trim(std::string_view(source_key).substr(colon + 1));
        if (name.empty()) return std::unexpected(where + "\"" + source_key + "\" has no key name after the colon");

        std::optional<Key> key;
        if (key_name != "ignore") {
            key = key_from_name(key_name);
            if (!key) return std::unexpected(where + "unknown remote key \"" + key_name + "\" (keys: " + known_keys() + ")");
        }
        auto bind = [&](auto& table, auto id) {
            if (key) table[id] = *key;
            else table.erase(id);
        };
        if (source == "key") {
            if (!sdl_knows_key(name))
                return std::unexpected(where + "unknown keyboard key \"" + name + "\" (SDL key names: Return, Escape, Space, Up, AudioPlay, E, ...)");
            bind(out.keyboard_, lower(name));
        } else if (source == "pad") {
            if (SDL_GameControllerGetButtonFromString(name.c_str()) == SDL_CONTROLLER_BUTTON_INVALID)
                return std::unexpected(where + "unknown controller button \"" + name + "\" (a, b, x, y, back, guide, start, dpup, dpdown, dpleft, dpright, leftshoulder, rightshoulder, ...)");
            bind(out.controller_, lower(name));
        } else if (source == "cec") {
            auto code = cec_code_from_name(name);
            if (!code) return std::unexpected(where + "unknown CEC code \"" + name + "\" (SELECT, UP, EXIT, PLAY, F1_BLUE, F2_RED, ... or a number like 0x72)");
            bind(out.cec_, *code);
        } else {
            return std::unexpected(where + "unknown source \"" + source + "\" (key, pad or cec)");
        }
    }
    return out;
}

std::expected<Bindings, std::string> Bindings::load(const std::filesystem::path& file) {
    // Only a regular file, and only so much: a FIFO named here would block the player in open().
    auto text = read_small_file(file);
    if (!text) return std::unexpected(file.string() + ": " + text.error());
    return parse(*text, file.string());
}

std::optional<Key> Bindings::keyboard(std::string_view sdl_key_name) const {
    if (auto it = keyboard_.find(lower(sdl_key_name)); it != keyboard_.end()) return it->second;
    return std::nullopt;
}

std::optional<Key> Bindings::controller(std::string_view button_name) const {
    if (auto it = controller_.find(lower(button_name)); it != controller_.end()) return it->second;
    return std::nullopt;
}

std::optional<Key> Bindings::cec(int user_control_code) const {
    if (auto it = cec_.find(user_control_code); it != cec_.end()) return it->second;
    return std::nullopt;
}

std::optional<std::filesystem::path> find_bindings_file() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config && *config)
        candidates.push_back(fs::path(config) / "classplayer/bindings.conf");
    else if (const char* home = std::getenv("HOME"); home && *home)
        candidates.push_back(fs::path(home) / ".config/classplayer/bindings.conf");
    candidates.emplace_back("/etc/classplayer/bindings.conf");
    for (const auto& c : candidates) {
        std::error_code ec;
        if (fs::exists(c, ec)) return c;
    }
    return std::nullopt;
}

}  // namespace classplayer::input
