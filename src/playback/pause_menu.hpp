#pragma once
// The pause screen's choices (BACK or MENU during a class): "Paused", then Resume, Restart
// this step, Skip to next, Easier version (when the step has one), captions on or off, End
// class. UP and DOWN move, OK chooses, BACK resumes. Pure: the player acts on the choice.
#include <string>
#include <vector>

namespace classplayer::playback {

enum class Choice { Resume, RestartStep, SkipToNext, Easier, Captions, EndClass };
const char* to_string(Choice choice);  // "resume", "restart_step", ...: the key event's "choice"

class PauseMenu {
public:
    PauseMenu(bool easier_available, bool captions_on);

    const std::vector<Choice>& choices() const { return choices_; }
    std::string label(Choice choice) const;  // "Restart this step", "Turn captions off"
    int selected() const { return selected_; }
    Choice chosen() const { return choices_[static_cast<std::size_t>(selected_)]; }

    // The highlight stops at the first and last choice rather than wrapping round: a person
    // who presses DOWN once too often stays on "End class" and sees it, never jumps to the top.
    void up();
    void down();
    void set_captions(bool on) { captions_on_ = on; }

private:
    std::vector<Choice> choices_;
    int selected_ = 0;  // Resume: OK straight away takes the person back to the class
    bool captions_on_;
};

}  // namespace classplayer::playback
