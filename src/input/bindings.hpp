#pragma once
// Bindings as data, in the spirit of mpv's input.conf: which key of which source (keyboard,
// game controller, HDMI-CEC remote) is which abstract remote key. The defaults are compiled in
// (default_bindings_text(), in the same format); a bindings file adds to them or changes them.
//
// File format, one binding a line, '#' starts a comment:
//     key:E            EASIER      # keyboard: SDL's key name (SDL_GetKeyName), any case
//     key:Keypad Enter OK          # names may hold spaces: the last word is the remote key
//     pad:x            EASIER      # game controller button (SDL_GameControllerGetStringForButton)
//     cec:F2_RED       EASIER      # HDMI-CEC user control code, by name or number (0x72)
//     key:Q            ignore      # "ignore" removes a binding (e.g. no quitting on a kiosk)
#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/keys.hpp"

namespace classplayer::input {

// The HDMI-CEC user control codes (CEC 1.4 table 27; libcec's cec_user_control_code) by the
// names libcec gives them without its prefix: "SELECT", "F2_RED", "AN_RETURN". Pure data, so
// the mapping is testable where libcec is not installed.
std::optional<int> cec_code_from_name(std::string_view name);  // any case; also "0x72"
std::string cec_code_name(int code);                            // "F2_RED"; "0x5f" if unnamed

class Bindings {
public:
    // The built-in bindings.
    static const Bindings& defaults();
    // The defaults with `text`'s lines applied. A bad line is refused with "FILE:LINE: why".
    static std::expected<Bindings, std::string> parse(std::string_view text, const std::string& file_name);
    static std::expected<Bindings, std::string> load(const std::filesystem::path& file);

    std::optional<Key> keyboard(std::string_view sdl_key_name) const;
    std::optional<Key> controller(std::string_view button_name) const;
    std::optional<Key> cec(int user_control_code) const;

private:
    // Keyboard and controller names are kept lower-case.
    std::map<std::string, Key> keyboard_, controller_;
    std::map<int, Key> cec_;
};

// The compiled-in bindings, in the file format (README and tests show them).
std::string_view default_bindings_text();

// Which bindings file applies when --bindings is not given: $XDG_CONFIG_HOME/classplayer/
// bindings.conf (or ~/.config/...), else /etc/classplayer/bindings.conf, when present.
std::optional<std::filesystem::path> find_bindings_file();

}  // namespace classplayer::input
