#pragma once
// Conditions as data: what a person's condition rules out (tags it avoids) and what suits them
// better when a swap is needed (tags it prefers). Loaded from playlists/conditions.json.
#include <expected>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "class/json_path.hpp"

namespace classplayer {

struct Condition {
    std::string id;           // "low-bone-density": what --profile names
    std::string label;        // "Low bone density": what the screen says
    std::string description;  // one plain-language line for the person choosing it
    std::vector<std::string> avoids;   // a step carrying any of these tags is never planned
    std::vector<std::string> prefers;  // among safe variants, those with more of these win
    std::string skip_advice;           // "Skipped: <segment> - <skip_advice>" when nothing is safe
};

struct ConditionBook {
    std::filesystem::path file;
    std::map<std::string, std::string> tags;  // the tag vocabulary: name -> meaning
    // The tags that ask something of the body's position (getting down to the floor, kneeling,
    // lying face down, standing without support): EASIER never adds one the running step lacks.
    std::vector<std::string> burdens;
    std::vector<Condition> conditions;

    const Condition* find(const std::string& id) const;
    bool knows_tag(const std::string& tag) const { return tags.contains(tag); }
    bool is_burden(const std::string& tag) const;
};

std::expected<ConditionBook, Problems> load_conditions(const std::filesystem::path& file);

// "low-bone-density,balance" -> {"low-bone-density", "balance"}; "" and "standard" mean none.
std::vector<std::string> split_profile(const std::string& profile);

}  // namespace classplayer
