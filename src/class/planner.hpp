#pragma once
// The planner: a playlist plus a person's conditions -> the plan they will actually do.
// Pure: no I/O, no clock, so every combination of conditions is cheap to test.
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "class/playlist.hpp"

namespace classplayer {

enum class StepKind { Card, Clip, Breathing };
const char* to_string(StepKind kind);

// One step of the plan, carrying everything the conductor needs to run it.
struct Step {
    int index = 0;
    StepKind kind = StepKind::Card;
    std::string segment_id;                // the playlist segment this step does or stands in for
    std::optional<std::string> variant_id; // set when a variant replaced the segment as written
    std::optional<std::string> reason;     // why this step differs from the class as written
    double duration_s = 0;

    std::string title;                     // what the screen calls it
    std::vector<std::string> lines;        // card text, or the exercise's instructions
    std::string start_position, breath;
    std::vector<std::string> tags;         // of what is actually done (never an avoided one)
    std::optional<ClipMedia> media;        // clip steps
    Dose dose;                             // clip steps
    std::vector<Cue> cues;                 // clip steps
    int breathing_cycles = 0;              // breathing steps
    std::optional<std::filesystem::path> chime;  // played as the card appears
};

struct Plan {
    std::string playlist_id, title;
    std::vector<std::string> conditions;   // ids, in the order given
    BreathingPattern breathing;
    std::vector<Step> steps;
    double total_s = 0;
};

// Unknown condition ids are refused with the list of known ones.
std::expected<Plan, std::string> make_plan(const Playlist& playlist, const std::vector<std::string>& condition_ids);

}  // namespace classplayer
