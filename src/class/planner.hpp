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
    std::vector<Cue> cues;                 // clip steps; a STOP rest: its advice, spoken
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
    std::vector<std::string> burdens;        // the conditions file's burden tags
    std::string stop_advice;                 // the playlist's; a segment's own comes first
    std::optional<Cue> stop_advice_cue;      // the playlist's advice, spoken
    std::vector<std::string> closing_lines{"Well done."};  // under "Class complete"
    double skip_card_s = 8;
};

// Unknown condition ids are refused with the list of known ones.
std::expected<Plan, std::string> make_plan(const Playlist& playlist, const std::vector<std::string>& condition_ids);

// The gentler version of a running exercise (EASIER, the remote's red button), decided by the
// playlist's gentler order (variants' `gentler_than`, gentler_order.hpp), never by list order.
// A candidate is a version of the same exercise that is gentler than the running one (directly
// or through others), carries no tag the person's conditions avoid, and adds no burden tag
// (floor, kneeling, ...: conditions.json's `burdens`) that the running step does not have.
// Of the candidates, the closest wins: one no other candidate lies between (is harder than it
// and gentler than the running one); among several such, the one with more of the tags the
// conditions prefer, then the first in the playlist. The step's reason reads "Easier: <the
// variant's reason>". With no candidate, a breathing rest stands in, its reason "Skipped:
// <the running step's title> - <advice>" (the segment's skip_advice, else "no gentler version
// is left"). nullopt when `running` is not an exercise (a card or a rest has nothing easier).
// The result keeps `running`'s index.
std::optional<Step> easier_step(const Plan& plan, const Step& running);

// Whether easier_step would give a gentler variant (rather than a rest in its place).
bool has_gentler_variant(const Plan& plan, const Step& running);

// STOP ("it hurts"): a guided breathing rest that takes the running exercise's place at once,
// its reason "Stopped: <the running step's title> - rest and breathe gently", its one line
// what to do if the pain stays or spreads (the segment's stop_advice, else the playlist's).
// It keeps `running`'s index.
Step stop_rest(const Plan& plan, const Step& running);

// What STOP's rest offers, a line a key: "OK: skip this exercise", "BACK: try it again", and
// where `stopped` has a gentler version, "RED: try the easier version, <its title>".
std::vector<std::string> stop_offer(const Plan& plan, const Step& stopped);

// Adds up the steps' durations into total_s (after a step was swapped).
void retotal(Plan& plan);

}  // namespace classplayer
