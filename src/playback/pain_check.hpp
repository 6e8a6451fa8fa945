#pragma once
// The pain check: "How does your back feel now?", asked after a class at home (never in the
// kiosk) and after a STOP, answered with the remote: a 0-10 scale, LEFT and RIGHT move, a
// number key chooses, OK answers, BACK skips (and then it is not asked again in that class).
// Pure: the player opens it, gives it keys and acts on how it closed.
#include <optional>
#include <string>

#include "input/keys.hpp"

namespace classplayer::playback {

class PainCheck {
public:
    enum class Moment { AfterClass, AfterStop };
    enum class State { Asking, Answered, Skipped };

    PainCheck(Moment moment, int step_index) : moment_(moment), step_index_(step_index) {}

    // What a key does here, for the event log's "action": "pain_less", "pain_more",
    // "pain_number", "pain_answer", "pain_skip", or "none" (OK before a number is chosen).
    const char* press(input::Key key);

    State state() const { return state_; }
    Moment moment() const { return moment_; }
    const char* moment_name() const { return moment_ == Moment::AfterClass ? "after_class" : "after_stop"; }
    int step_index() const { return step_index_; }
    // The number highlighted: none until the person chooses (no answer is suggested to them).
    std::optional<int> chosen() const { return chosen_; }
    std::optional<int> answer() const { return state_ == State::Answered ? chosen_ : std::nullopt; }

    static constexpr const char* kQuestion = "How does your back feel now?";
    static constexpr int kMost = 10;

private:
    Moment moment_;
    int step_index_;
    std::optional<int> chosen_;
    State state_ = State::Asking;
};

}  // namespace classplayer::playback
