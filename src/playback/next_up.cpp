#include "playback/next_up.hpp"

#include <string_view>

namespace classplayer {

std::string next_up_line(const Step& next) {
    // The planner titles the card before a stand-in rest "Skipped: <exercise>" (planner.cpp).
    constexpr std::string_view skipped = "Skipped: ";
    if (next.kind == StepKind::Card && next.title.starts_with(skipped))
        return "Next: a rest in place of " + next.title.substr(skipped.size());
    return "Next: " + next.title;
}

bool says_what_is_next(const Step& step) {
    for (const auto& line : step.lines)
        if (line.starts_with("Next: ")) return true;
    return false;
}

}  // namespace classplayer
