#pragma once
// What the screen should show this frame, in the class's own words. The conductor fills one
// View a frame; the ui room turns it into pixels. No SDL here, so the conductor and its tests
// never see a renderer.

#include <optional>
#include <string>
#include <vector>

namespace classplayer::ui {

enum class ViewKind {
    Card,       // text on a calm background: safety card, "Skipped: Cobra ...", closing card
    Clip,       // the exercise video with the overlay (counters, hold countdown, caption)
    Breathing,  // guided breathing rest: a circle that grows on the in-breath
    ClipError,  // "This clip could not be played"; title names the step, lines say what next
    Ended,      // "Class complete"
};

// The pause screen: a heading and a list of choices, one highlighted.
struct MenuView {
    std::vector<std::string> items;  // "Resume", "Restart this step", ...
    int selected = 0;
};

// The pain check over the screen: the question, a 0..most scale, the number chosen so far.
struct PainCheckView {
    std::string question;     // "How does your back feel now?"
    std::optional<int> chosen;  // none until the person picks one
    int most = 10;
};

struct View {
    ViewKind kind = ViewKind::Card;
    std::string title;               // card title or the exercise name
    std::vector<std::string> lines;  // card paragraphs; for a clip, how to start and do it, later how to breathe
    int step_number = 0, step_count = 0;  // "Step n of N"; 0 = not shown
    double class_progress = 0;            // 0..1 of the whole class
    double class_left_s = 0;              // class time left, seconds
    // Why this step differs from the class as written, e.g.
    // "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine".
    std::optional<std::string> reason;
    std::string rep_label;   // "Round 3 of 6" / "Rep 2 of 6" / ""
    std::string side_label;  // "Right side" / ""
    std::string set_label;   // "Set 1 of 2" / ""
    std::optional<double> hold_left_s;    // countdown while holding, seconds
    std::optional<std::string> caption;   // the voice cue being spoken
    // Breathing rest.
    bool breathing_in = true;
    double breathing_phase_progress = 0;  // 0..1 within the current in- or out-breath
    int breath_number = 0, breath_count = 0;
    std::string next_up;  // "Next: Cobra" near the end of a step and during rests
    bool paused = false;
    std::optional<MenuView> menu;  // the pause screen, drawn over everything (implies paused)
    // A short banner that answers a press for a few seconds: "Easier: cobra is done within a
    // smaller range...", "Captions off", "Volume 60%".
    std::string notice;
    // Choices offered on this screen with their keys, e.g. after STOP:
    // {"OK: skip this exercise", "BACK: try it again"}.
    std::vector<std::string> offer;
    std::optional<PainCheckView> pain_check;  // drawn over everything, the menu included
};

}  // namespace classplayer::ui
