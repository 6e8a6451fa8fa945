#pragma once
// "Next: Cobra": what the screen says is coming, near a step's end and during rests.
// Pure, so it is tested on the shipped class's plans (tests/playback/test_next_up.cpp).

#include "class/planner.hpp"

#include <string>

namespace classplayer {

// The line for the step that comes next. A card saying an exercise is skipped is not an
// exercise to get ready for: "Next: Skipped: Cobra" read oddly, so it says what will happen.
std::string next_up_line(const Step& next);

// True when the step's own words already say what comes next, so no "Next:" line is added:
// the kiosk's attract card names the next class, and a second line naming that class's first
// step ("Next: Before you start") only confused.
bool says_what_is_next(const Step& step);

}  // namespace classplayer
