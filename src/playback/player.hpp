#pragma once
// Plays a plan: the core loop that joins the conductor (class timeline) to the media, audio and
// screen rooms. One thread runs the loop (mpv's shape): it handles input, advances the class,
// shows the picture that is due, then sleeps until the next thing is due - never a fixed poll.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "class/planner.hpp"
#include "input/keys.hpp"
#include "media/png_image.hpp"

namespace classplayer::ui {
class Screen;
}

namespace classplayer::playback {

struct Screenshot {
    double at_s;  // class time
    std::filesystem::path file;
};

// Asked from away from the screen (the clinic's fleet agent) rather than by a key. Never passed
// through key_filter: it comes from the clinic, not from a passer-by.
struct OutsideRequest {
    enum class Kind { NextStep, EndClass, Screenshot };
    Kind kind = Kind::NextStep;
    // Screenshot: called on the loop's thread with the picture just drawn (full size, overlay
    // included). Keep it short: scale and encode it on another thread.
    std::function<void(std::expected<media::RgbImage, std::string>)> on_picture;
};

struct PlayOptions {
    bool headless = false;        // SDL offscreen video + dummy audio: no display or sound card
    bool virtual_clock = false;   // class time advances as fast as decoding allows
    std::optional<std::filesystem::path> events_file;
    std::vector<Screenshot> screenshots;
    std::optional<std::filesystem::path> keys_file;
    // Remote bindings (input/bindings.hpp); unset: the user's or the system's file when there
    // is one (input::find_bindings_file), else the built-in ones. A bad file is exit 1.
    std::optional<std::filesystem::path> bindings_file;
    bool captions = true;         // every voice cue's words on screen while it is heard
    int window_width = 0, window_height = 0;  // 0: fullscreen (headless: 1920x1080)
    double volume = 0.8;
    std::string hwdec = "none";  // video decoding: none | auto | a device or decoder name (media/clip_reader.hpp)
    int max_height = 0;          // decode clips taller than this smaller where the codec can; 0: no limit
    int first_step = 0;  // > 0: resume the class at this step (after a power cut)
    // Resuming: what the person asked for in that step before the cut, replayed as it starts
    // ("easier", "stopped", "tried_again"), so an exercise made easier stays easier.
    std::vector<std::string> first_step_changes;
    // Borrowed: play on this already open screen (the home menu's), so starting a class shows
    // no window close and reopen; null: open one from the fields above, and close it at the end.
    ui::Screen* screen = nullptr;
    // Told as the class goes, so the app can keep where it is (resume state). Main thread.
    // change: "" when a step starts in its turn (or by NEXT, PREV, RESTART); "easier",
    // "stopped" or "tried_again" when the running step was swapped by EASIER, STOP or BACK.
    std::function<void(int step_index, std::string_view change)> on_step_start;
    std::function<void(bool completed)> on_class_end;
    // QUIT, the window closing or SIGTERM (systemd stopping the service), whenever it comes:
    // also on the "Class complete" card after on_class_end(true), when the class itself has
    // nothing left to stop but whoever plays rounds of classes (the kiosk) must stop too.
    std::function<void()> on_quit;
    // Called once every turn of the loop (at least once a second while the class runs, also
    // on cards): the app's watchdog ping and periodic resume save. Main thread; keep it short.
    std::function<void(double class_s)> on_turn;
    // Asked before a key acts (kiosk: most keys are ignored, one combination quits). Empty: all act.
    enum class KeyVerdict { Act, Ignore, Quit };
    std::function<KeyVerdict(input::Key key, double session_s)> key_filter;
    bool append_events = false;  // add to the events file instead of starting it afresh (kiosk rounds)
    // Told every line of the class timeline as it is written (the session record), with or
    // without an events file. Main thread.
    std::function<void(double t_s, std::string_view event, const nlohmann::json& fields)> on_event;
    // After the class (home and play, never the kiosk) and after a STOP, ask "How does your back
    // feel now?" (0-10; BACK skips, and then it is not asked again in this class).
    bool ask_pain = false;
    // Polled at every turn of the loop until it returns nothing. Whoever queues a request
    // pushes an SDL event (SDL_PushEvent is thread-safe) so that a sleeping loop wakes for it.
    std::function<std::optional<OutsideRequest>()> take_request;
};

// Runs the class to its end (or until QUIT). Returns the process exit code: 0 when the class
// ran (even if clips could not be played: each becomes a card), 1 when the key script, the
// bindings file or the events file is unusable, 3 when no screen or sound could be opened.
int play(const Plan& plan, const PlayOptions& options);

}  // namespace classplayer::playback
