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
    std::vector<std::string> lines;        // card text; for a clip, where to start and what to do
    std::string breath;                    // clip steps: how to breathe while doing it
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

    // Kept from the playlist so that EASIER and STOP, pressed during the class, are decided by
    // the same rules as the plan itself (easier_step, stop_rest below).
    std::vector<Segment> segments;
    std::vector<Condition> condition_rules;  // the conditions in force, in the order given
    double skip_card_s = 8;
};

// Unknown condition ids are refused with the list of known ones.
std::expected<Plan, std::string> make_plan(const Playlist& playlist, const std::vector<std::string>& condition_ids);

// The gentler version of a running exercise (EASIER, the remote's red button). "Gentler" is the
// next variant of the segment after the one running (the segment as written comes before all
// of its variants) whose tags include none that the person's conditions avoid: the playlist
// lists variants from the closest to the original towards the least demanding. The step's
// reason reads "Easier: <the variant's reason>". When no gentler variant is left, a breathing
// rest stands in, its reason "Skipped: <segment> - <advice>" (the segment's skip_advice, else
// "no gentler version is left"). nullopt when `running` is not an
// exercise (a card or a rest has nothing easier). The result keeps `running`'s index.
std::optional<Step> easier_step(const Plan& plan, const Step& running);

// Whether easier_step would give a gentler variant (rather than a rest in its place).
bool has_gentler_variant(const Plan& plan, const Step& running);

// STOP ("it hurts"): a guided breathing rest that takes the running exercise's place at once,
// its reason "Stopped: <segment> - rest and breathe gently". It keeps `running`'s index.
Step stop_rest(const Plan& plan, const Step& running);

// Adds up the steps' durations into total_s (after a step was swapped).
void retotal(Plan& plan);

}  // namespace classplayer
