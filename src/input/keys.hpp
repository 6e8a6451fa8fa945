#pragma once
// Abstract remote keys and what they do in a class. Every source (keyboard, game controller,
// HDMI-CEC, the --keys script) produces these names, so bindings are data, as in mpv's input.conf.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classplayer::input {

enum class Key {
    Up, Down, Left, Right, Ok, Back, PlayPause, Next, Prev, VolUp, VolDown, Menu, Easier, Stop, Restart, Quit,
    // The number keys, where the remote has them: the pain check's 0-10 takes them directly.
    Digit0, Digit1, Digit2, Digit3, Digit4, Digit5, Digit6, Digit7, Digit8, Digit9
};
// 7 for Key::Digit7; nullopt for a key that is not a number.
std::optional<int> digit_of(Key key);
enum class Action {
    None, PauseToggle, NextStep, PreviousStep, RestartStep, VolumeUp, VolumeDown, Quit,
    OpenPauseScreen,      // BACK or MENU during the class: "Paused" and the choices from there
    Easier, Stop,         // the running exercise becomes its gentler version / stops ("it hurts")
    MenuUp, MenuDown, MenuChoose, Resume,  // on the pause screen
    SkipExercise, TryAgain,                // on the rest that follows STOP
};

// Where the class is when a key is pressed: the same key means different things there.
enum class Context {
    Playing,      // a step runs, or is paused with the plain "Paused" banner
    PauseScreen,  // the pause screen and its choices are open
    StopOffer,    // the breathing rest after STOP: OK skips the exercise, BACK tries it again
                  // (EASIER, as everywhere, takes the easier version the rest names)
};

std::optional<Key> key_from_name(std::string_view name);  // "PLAYPAUSE", case-insensitive
const char* to_string(Key key);                           // "PLAYPAUSE"
const char* to_string(Action action);                     // "pause_toggle"

// What a key does during a class.
Action class_action(Key key, Context context = Context::Playing);

// A scripted remote: lines "SECONDS KEY" (seconds of session time, pauses included, so a
// script can press PLAYPAUSE twice); '#' starts a comment. Sorted by time.
struct ScriptedPress {
    double at_s;
    Key key;
};
std::expected<std::vector<ScriptedPress>, std::string> load_key_script(const std::filesystem::path& file);
std::expected<std::vector<ScriptedPress>, std::string> parse_key_script(std::string_view text, const std::string& file_name);

}  // namespace classplayer::input
