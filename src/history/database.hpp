#pragma once
// The session record's SQLite file: its schema, and the few statements that write and read it.
// One connection, used from one thread (the player's main loop, or the history command).
// Journal in WAL mode with synchronous=FULL: each write below is its own transaction, on disk
// when it returns, so a power cut loses at most what had not been written yet.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace classplayer::history {

// One exercise step as it went (docs/design.md, "Session record").
struct StepRecord {
    int index = 0;
    std::string segment, title;   // the title as the screen last showed it
    std::string outcome;          // done swapped easier stopped tried_again skipped could_not_play
    std::string changes;          // the presses that changed it, in order: "easier,stopped"
    std::optional<std::string> reason;
    double seconds = 0;           // class seconds spent in it
};

// "How does your back feel now?": 0-10, or nullopt when skipped or not answered.
struct PainAnswer {
    std::string moment;           // "after_class" or "after_stop"
    std::optional<int> step_index;
    std::optional<int> score;
    std::string at;               // local time
};

struct Session {
    std::int64_t id = 0;
    std::string started_at;       // local time, ISO 8601 with its UTC offset
    std::string day;              // local date, YYYY-MM-DD
    std::string playlist, title, version;
    std::vector<std::string> conditions;
    std::string mode;             // "home", "play" or "kiosk"
    std::optional<std::string> ended_at;
    std::optional<double> class_s;
    std::optional<bool> completed;  // nullopt: the class never reached its end (power cut, crash)
    std::vector<StepRecord> steps;
    std::vector<PainAnswer> pain;
};

class Database {
public:
    // Opens (creating it and its folder if need be) and checks the file. The error says what is
    // wrong in a person's words: damaged, locked, not a database, cannot be created.
    static std::expected<Database, std::string> open(const std::filesystem::path& file);
    // Opens an existing file to read; a missing file is an empty record, not an error.
    static std::expected<std::optional<Database>, std::string> open_to_read(const std::filesystem::path& file);

    // Each returns an error message, or nothing when written. add_session keeps the session's
    // own fields and its end when it has one (not its steps and pain answers: added below).
    std::expected<std::int64_t, std::string> add_session(const Session& session);
    std::expected<void, std::string> add_step(std::int64_t session_id, const StepRecord& step);
    std::expected<void, std::string> add_pain(std::int64_t session_id, const PainAnswer& answer);
    std::expected<void, std::string> end_session(std::int64_t session_id, const std::string& ended_at,
                                                 double class_s, bool completed);

    // A clinic's copy (fleet collect): a session a screen sent, with its steps, pain answers and
    // end, stored at once unless `record_id` was stored before. True when stored, false when
    // it was already here.
    std::expected<bool, std::string> add_received_session(const std::string& record_id, const Session& session);

    // Every session that started on or after `since_day` (YYYY-MM-DD; "" for all), oldest first,
    // with its steps and pain answers.
    std::expected<std::vector<Session>, std::string> sessions(const std::string& since_day) const;

    const std::filesystem::path& file() const { return file_; }

private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path file)
        : db_(std::move(db)), file_(std::move(file)) {}
    static std::expected<Database, std::string> open_file(const std::filesystem::path& file, bool create);
    std::unique_ptr<sqlite3, Closer> db_;
    std::filesystem::path file_;
};

}  // namespace classplayer::history
