#pragma once
// The playlist model: a class as written, before any person's conditions are applied.
// The JSON format is documented in docs/playlist-format.md.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "class/conditions.hpp"
#include "class/json_path.hpp"

namespace classplayer {

enum class SegmentKind { Clip, Card, Breathing };
// How a clip fills its step: one clip a rep (cat-cow round), a loop that runs for the hold
// (child's pose), or played once as it is (a single media file given on the command line).
enum class LoopMode { Rep, Hold, Once };
// When a voice cue speaks: once from the step's start, or within every rep / side / set.
enum class CueAt { Start, EachRep, EachSide, EachSet };

struct Cue {
    std::string id;
    std::string text;                 // also the caption
    std::filesystem::path audio;      // absolute, inside the media root
    CueAt at = CueAt::Start;
    double offset_s = 0;              // from the start of the step, rep, side or set
    bool skip_first = false;          // "Switch sides" is not said before the first side
};

struct CountRange {                   // reps, rounds or sets: the brief's range and what this class uses
    std::string name;                 // "rounds" or "reps"; shown as "Round 3 of 6"
    int min = 1, max = 1, use = 1;
};
struct SecondsRange {
    double min = 0, max = 0, use = 0;
};

struct Dose {
    std::optional<CountRange> reps;
    std::optional<SecondsRange> hold_s;
    std::optional<CountRange> sets;
    std::vector<std::string> sides;   // {"right", "left"}: each set does every side in turn
};

struct ClipMedia {
    std::filesystem::path clip;       // absolute, inside the media root
    LoopMode loop = LoopMode::Hold;
    double rep_s = 0;                 // LoopMode::Rep: length of one rep (the clip's length)
    double hold_from_s = 0;           // LoopMode::Rep: where in the rep the hold starts
    double once_s = 0;                // LoopMode::Once: the clip's length
};

// A gentler or differently positioned version of a segment, used when a condition rules out
// the original. `reason` completes "<condition>: <reason>". Its start position is its own or
// none: the segment's may be the very thing it avoids (hands and knees, for someone who
// cannot get down to the floor).
// `gentler_than` names the versions of the same exercise (the segment's id, or its other
// variants') this one is gentler than: the order EASIER walks (planner.hpp, easier_step).
struct Variant {
    std::string id, title, reason, start_position, breath;
    std::vector<std::string> instructions, tags;
    std::vector<std::string> gentler_than;
    ClipMedia media;
    std::vector<Cue> cues;
    std::optional<Dose> dose;         // absent: the segment's dose
};

struct Segment {
    std::string id, title;
    SegmentKind kind = SegmentKind::Clip;
    std::string start_position, breath, skip_advice;
    std::string stop_advice;          // what STOP's rest says about getting help; empty: the playlist's
    std::optional<Cue> stop_advice_cue;  // the same words spoken, when the advice names its audio
    std::vector<std::string> instructions, tags;
    std::optional<ClipMedia> media;   // clips only
    Dose dose;
    std::vector<Cue> cues;
    std::vector<Variant> variants;
    std::vector<std::string> lines;   // cards only
    double card_s = 0;                // cards only
    int breathing_cycles = 0;         // breathing segments only
};

struct BreathingPattern {
    double in_s = 4, out_s = 6;
    int between_cycles = 2;           // rest inserted between two performed segments
    int replacement_cycles = 6;       // rest that stands in for a skipped segment
    std::optional<Cue> in_cue, out_cue;
    double cycle_s() const { return in_s + out_s; }
};

// A card's paragraphs at most (src/ui/overlay.cpp draws no more): a playlist's cards and the
// kiosk's attract card asking for more are refused rather than cut short unseen.
inline constexpr std::size_t kMostCardLines = 8;
// And at most this many characters in all (each line is also capped: kMostTextCharacters).
inline constexpr std::size_t kMostCardCharacters = 2000;
// Reports `o`'s "lines" when they are more than a card shows.
void check_card_lines(const JsonObject& o, const std::vector<std::string>& lines);

struct SafetyCard {
    std::string title;
    std::vector<std::string> lines;
    double duration_s = 12;
    std::optional<std::filesystem::path> chime;
};

// Where the playlist names a media file, so `check` can say which JSON field a bad file came from.
struct MediaReference {
    std::filesystem::path file;  // absolute
    std::string json_path;       // "$.segments[2].media.clip"
};

// What STOP's rest says when a playlist says nothing of its own: when pain that made someone
// stop needs a clinician (the brief's "when to get help").
inline constexpr std::string_view kDefaultStopAdvice =
    "If the pain stays, or shoots down a leg, or comes with numbness or tingling, "
    "stop the class and talk to your doctor or physical therapist.";

struct Playlist {
    std::filesystem::path file;
    std::string id, title, description;
    std::string stop_advice{kDefaultStopAdvice};  // a segment's own stop_advice comes first
    std::optional<Cue> stop_advice_cue;              // spoken, when the playlist gives its audio
    std::vector<std::string> closing_lines{"Well done."};  // under "Class complete"
    std::filesystem::path media_root;  // absolute
    ConditionBook conditions;
    SafetyCard safety_card;
    BreathingPattern breathing;
    double skip_card_s = 8;
    std::vector<Segment> segments;
    std::vector<MediaReference> media;  // every clip, cue and chime, in file order
};

struct LoadOptions {
    // Checking that every clip and cue exists is part of validation; unit tests of the
    // planner switch it off so they run before the demo media is generated.
    bool require_media = true;
};

// Loads and validates. Every problem names the file and the JSON path; nothing is partially
// returned, so nothing plays until the playlist is valid.
std::expected<Playlist, Problems> load_playlist(const std::filesystem::path& file, LoadOptions options = {});
// The same for a playlist's text already read; `file` names it and places its relative paths.
std::expected<Playlist, Problems> load_playlist_text(const std::string& text, const std::filesystem::path& file,
                                                     LoadOptions options = {});

// "http://host/x.mp4", "concat:a.mp4|b.mp4", "subfile,,start,0,,:x.mp4": text libavformat would
// read as a protocol rather than a file name. classplayer plays local files only.
bool looks_like_url(std::string_view text);

// Where a playlist's `media_root` and `conditions` may lead (after symlinks), so a playlist on a
// USB stick cannot name "/" or "../../.." and read the rest of the disk: the folder holding the
// playlist's own folder (playlists/ and media/ side by side), the installed classes, and the
// absolute folders listed, colon-separated, in the environment variable below (set by whoever
// starts the player, never by a playlist). Never "/" itself. Each real (symlink-free) path.
inline constexpr std::string_view kInstalledDataDir = "/usr/share/classplayer";
inline constexpr std::string_view kRootsVariable = "CLASSPLAYER_MEDIA_ROOTS";
std::vector<std::filesystem::path> playlist_roots(const std::filesystem::path& playlist_file);
// `path` is `folder` or inside it, comparing whole names (/a/bc is not inside /a/b).
bool is_within(const std::filesystem::path& path, const std::filesystem::path& folder);

// A single media file played as a one-step class, as any player would.
Playlist single_clip_playlist(const std::filesystem::path& clip, double duration_s);

// How many times a clip step's unit (one rep, or one hold) happens, and how long one lasts.
int units(const Dose& dose);
double unit_s(const ClipMedia& media, const Dose& dose);

}  // namespace classplayer
