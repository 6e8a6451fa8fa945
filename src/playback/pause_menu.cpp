#include "playback/pause_menu.hpp"

namespace classplayer::playback {

const char* to_string(Choice choice) {
    switch (choice) {
        case Choice::Resume: return "resume";
        case Choice::RestartStep: return "restart_step";
        case Choice::SkipToNext: return "skip_to_next";
        case Choice::Easier: return "easier";
        case Choice::Captions: return "captions";
        case Choice::EndClass: return "end_class";
    }
    return "?";
}

PauseMenu::PauseMenu(bool easier_available, bool captions_on) : captions_on_(captions_on) {
    choices_ = {Choice::Resume, Choice::RestartStep, Choice::SkipToNext};
    if (easier_available) choices_.push_back(Choice::Easier);
    choices_.push_back(Choice::Captions);
    choices_.push_back(Choice::EndClass);
}

std::string PauseMenu::label(Choice choice) const {
    switch (choice) {
        case Choice::Resume: return "Resume";
        case Choice::RestartStep: return "Restart this step";
        case Choice::SkipToNext: return "Skip to next";
        case Choice::Easier: return "Easier version";
        case Choice::Captions: return captions_on_ ? "Turn captions off" : "Turn captions on";
        case Choice::EndClass: return "End class";
    }
    return "?";
}

void PauseMenu::up() {
    if (selected_ > 0) --selected_;
}

void PauseMenu::down() {
    if (selected_ + 1 < static_cast<int>(choices_.size())) ++selected_;
}

}  // namespace classplayer::playback
