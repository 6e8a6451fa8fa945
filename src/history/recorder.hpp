#pragma once
// Keeps the session record as a class plays, from the class's own timeline (the events the
// player writes, design.md's `--events` contract): a session row at class_start, one row per
// exercise step once the class has moved past it (a step is written at that step boundary, so
// a power cut loses at most the step in progress), the pain answers, and the end.
// A database that cannot be opened or written is reported once (spdlog) and the class plays on
// unrecorded.
#include <cstdint>
#include <ctime>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "history/database.hpp"

namespace classplayer::history {

// What the app knows of a session before it starts.
struct SessionInfo {
    std::string playlist, title, version;  // version: the playlist file's fingerprint (version_of)
    std::vector<std::string> conditions;
    std::string mode;                      // "home", "play" or "kiosk"
};

// A short fingerprint of a playlist's text: the same class edited is a different version.
std::string version_of(const std::string& playlist_text);

// Local time as the record keeps it: "2026-12-06T09:14:03+0100", and its day "2026-12-06".
std::string local_time(std::time_t t);
std::string local_day(std::time_t t);
// True for text shaped as the record's days, "2026-12-06" (what --since and a record's "day" take).
bool is_day(const std::string& text);

class Recorder {
public:
    // `now` is the wall clock (tests give their own, a week of days); the file is opened at once.
    Recorder(const std::filesystem::path& file, SessionInfo info, std::function<std::time_t()> now = {});

    // One line of the class timeline: "t" (class seconds), "event" and its fields.
    void on_event(double t_s, std::string_view event, const nlohmann::json& fields);

    bool recording() const { return db_.has_value(); }
    const std::optional<std::string>& problem() const { return problem_; }  // what was reported

private:
    struct Running {
        StepRecord step;
        std::string kind;  // of the step as planned: "clip", "card", "breathing"
        double started_s = 0, ended_s = 0, planned_s = 0;
        bool variant = false, swapped = false, could_not_play = false;
        bool exercise = false;  // kept in the record: an exercise, or a planned skip for a condition
    };
    void finish_step();
    void report(const std::string& what);
    template <class Result> bool written(const Result& result);

    std::optional<Database> db_;
    std::optional<std::string> problem_;
    SessionInfo info_;
    std::function<std::time_t()> now_;
    std::optional<std::int64_t> session_;
    std::optional<Running> running_;
};

}  // namespace classplayer::history
