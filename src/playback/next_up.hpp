#pragma once
// "Next: Cobra": what the screen says is coming, near a step's end and during rests.
// Pure, so it is tested on the shipped class's plans (tests/playback/test_next_up.cpp).

#include "class/planner.hpp"

#include <string>

namespace classplayer {

// The line for the step that comes next. A card saying an exercise is skipped is not an
// exercise to get ready for: "Next: Skipped: Cobra" read oddly, so it says what will happen.
std::string next_up_line(const Step& next);

}  // namespace classplayer
