#pragma once
// What a segment's tags promise about the motion of its demonstration, as data
// (playlists/motion-rules.json, beside the tags in conditions.json): "without spinal-flexion
// the spine never rounds past neutral". A demonstration is checked at every frame of its loop
// against the rules its tags leave in force, so the shipped demonstrations provably do not
// show what a person's conditions avoid.
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "class/json_path.hpp"
#include "pose/demonstration.hpp"

namespace classplayer::pose {

enum class RuleKind {
    SpineNeverRounds,   // the six spine segments summed never flex past tolerance_deg (nor any one segment)
    SpineNeverArches,   // the same for extension
    OnlyFeetTouchFloor, // nothing but the feet is within clearance_m of the floor or mat
    NeverKneels,        // no knee rests on the floor or mat with the hips above it
    NeverLiesFaceDown,  // the trunk is never down on the floor or mat
    StandingHoldsOn,    // while standing, a hand rests on a prop
};

struct MotionRule {
    RuleKind kind = RuleKind::SpineNeverRounds;
    std::string name;                        // as written: "spine-never-rounds"
    std::vector<std::string> unless_tagged;  // in force when the tags include none of these
    double tolerance = 0;                    // degrees or metres, as the rule reads it
    std::string meaning;                     // one plain sentence, quoted in the refusal
    std::string json_path;                   // "$.rules[0]"
};

struct MotionRules {
    std::filesystem::path file;
    std::vector<MotionRule> rules;
};

// The rules file beside a playlist's conditions file.
std::filesystem::path motion_rules_beside(const std::filesystem::path& conditions_file);
// `known_tags`, when not empty, is the tag vocabulary: a rule naming another tag is refused.
std::expected<MotionRules, Problems> load_motion_rules(const std::filesystem::path& file,
                                                       const std::vector<std::string>& known_tags = {});

// Every frame (30 a second, and every keyframe) against every rule in force for `tags`. Each
// problem names the demonstration file, the keyframe at or before the moment, the joint or
// part, and `used_by` (who carries the tags: "middle-back.json $.segments[0].variants[0]").
Problems check_motion(const Demonstration& demo, const std::vector<std::string>& tags, const MotionRules& rules,
                      const std::string& used_by);

}  // namespace classplayer::pose
