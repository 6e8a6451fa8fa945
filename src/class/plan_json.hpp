#pragma once
// The plan as the `plan` command shows it: JSON for tools and tests (contract in design.md),
// text for the person choosing a class.
#include <string>

#include <nlohmann/json.hpp>

#include "class/planner.hpp"

namespace classplayer {

nlohmann::json plan_to_json(const Plan& plan);
std::string plan_to_text(const Plan& plan);
std::string format_duration(double seconds);  // "14 min 30 s"

}  // namespace classplayer
