#include "playback/pain_check.hpp"

#include <algorithm>

namespace classplayer::playback {

const char* PainCheck::press(input::Key key) {
    using input::Key;
    if (state_ != State::Asking) return "none";
    // The number keys (not input::digit_of: the playback room stays free of the input library).
    const int digit = static_cast<int>(key) - static_cast<int>(Key::Digit0);
    if (digit >= 0 && digit <= 9) {
        chosen_ = digit;
        return "pain_number";
    }
    switch (key) {
        case Key::Left:
        case Key::Down:
            // From nothing chosen, the first press lands mid-scale: the fewest presses to any answer.
            chosen_ = chosen_ ? std::max(0, *chosen_ - 1) : kMost / 2;
            return "pain_less";
        case Key::Right:
        case Key::Up:
            chosen_ = chosen_ ? std::min(kMost, *chosen_ + 1) : kMost / 2;
            return "pain_more";
        case Key::Ok:
        case Key::PlayPause:
            if (!chosen_) return "none";  // nothing to answer yet; the hint says how
            state_ = State::Answered;
            return "pain_answer";
        case Key::Back:
        case Key::Menu:
        case Key::Quit:
            state_ = State::Skipped;
            return "pain_skip";
        default: return "none";
    }
}

}  // namespace classplayer::playback
