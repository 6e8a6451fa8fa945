#include "history/database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <sstream>

namespace classplayer::history {

namespace fs = std::filesystem;

namespace {

// The schema, version 1. Times are local (what a clinician and patient speak of: "Tuesday
// morning"), with the UTC offset kept so that a clock change stays readable.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  day TEXT NOT NULL,
  playlist TEXT NOT NULL,
  title TEXT NOT NULL,
  version TEXT NOT NULL,
  conditions TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('home', 'play', 'kiosk')),
  ended_at TEXT,
  class_s REAL,
  completed INTEGER
);
CREATE TABLE IF NOT EXISTS steps (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  step_index INTEGER NOT NULL,
  segment TEXT NOT NULL,
  title TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN
    ('done', 'swapped', 'easier', 'stopped', 'tried_again', 'skipped', 'could_not_play')),
  changes TEXT NOT NULL,
  reason TEXT,
  seconds REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pain (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  moment TEXT NOT NULL CHECK (moment IN ('after_class', 'after_stop')),
  step_index INTEGER,
  score INTEGER CHECK (score BETWEEN 0 AND 10),
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_day ON sessions(day);
-- A clinic's copy of a screen's record (fleet collect): each record the screen sent, once,
-- however often the broker delivered it (at least once).
CREATE TABLE IF NOT EXISTS received (
  record_id TEXT PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id)
);
PRAGMA user_version = 1;
)sql";

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

// One prepared statement, finalized however its scope ends.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return rc_ == SQLITE_OK; }
    Statement& bind(int i, const std::string& text) {
        sqlite3_bind_text(stmt_, i, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        return *this;
    }
    Statement& bind(int i, const std::optional<std::string>& text) {
        if (text) return bind(i, *text);
        sqlite3_bind_null(stmt_, i);
        return *this;
    }
    Statement& bind(int i, std::int64_t n) {
        sqlite3_bind_int64(stmt_, i, n);
        return *this;
    }
    Statement& bind(int i, std::optional<int> n) {
        if (n) sqlite3_bind_int(stmt_, i, *n);
        else sqlite3_bind_null(stmt_, i);
        return *this;
    }
    Statement& bind(int i, double x) {
        sqlite3_bind_double(stmt_, i, x);
        return *this;
    }
    Statement& bind(int i, std::optional<double> x) {
        if (x) return bind(i, *x);
        sqlite3_bind_null(stmt_, i);
        return *this;
    }
    int step() { return rc_ = sqlite3_step(stmt_); }
    std::string text(int col) const {
        const auto* t = sqlite3_column_text(stmt_, col);
        return t ? reinterpret_cast<const char*>(t) : "";
    }
    std::optional<std::string> maybe_text(int col) const {
        if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
        return text(col);
    }
    std::optional<double> maybe_real(int col) const {
        if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
        return sqlite3_column_double(stmt_, col);
    }
    std::optional<int> maybe_int(int col) const {
        if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::nullopt;
        return sqlite3_column_int(stmt_, col);
    }
    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    std::string error() const { return sqlite3_errmsg(db_); }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
    int rc_;
};

// What went wrong, in words that say what to do about it.
std::string why(sqlite3* db, int rc) {
    switch (rc & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB: return "the file is damaged (" + std::string(sqlite3_errmsg(db)) + ")";
        case SQLITE_BUSY:
        case SQLITE_LOCKED: return "another program holds it locked";
        case SQLITE_READONLY: return "it cannot be written (read-only)";
        case SQLITE_FULL: return "the disk is full";
        case SQLITE_CANTOPEN: return "it cannot be opened";
        default: return sqlite3_errmsg(db);
    }
}

std::expected<void, std::string> done(Statement& s, sqlite3* db) {
    if (!s.ok()) return std::unexpected(why(db, sqlite3_errcode(db)));
    const int rc = s.step();
    if (rc != SQLITE_DONE) return std::unexpected(why(db, rc));
    return {};
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

std::expected<Database, std::string> Database::open_file(const fs::path& file, bool create) {
    const auto fail = [&](const std::string& what) {
        return std::unexpected(file.string() + ": " + what);
    };
    if (create) {
        std::error_code ec;
        fs::create_directories(file.parent_path(), ec);
    }
    sqlite3* raw = nullptr;
    // Read-write even to read: a WAL file is read through its shared-memory index, which a
    // read-only connection may not be able to make.
    const int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READWRITE;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> db(raw);
    if (rc != SQLITE_OK) return fail(why(raw, rc));
    // Waits this long for another writer (the history command reading, a second player): longer
    // would stall the class's loop; the class goes on unrecorded instead.
    sqlite3_busy_timeout(raw, 250);
    if (create) {
        char* message = nullptr;
        const int set = sqlite3_exec(raw, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", nullptr, nullptr, &message);
        sqlite3_free(message);
        if (set != SQLITE_OK) return fail(why(raw, set));
    }
    // A damaged page is found now, once, rather than as a write fails mid-class.
    {
        Statement check(raw, "PRAGMA quick_check");
        if (!check.ok()) return fail(why(raw, sqlite3_errcode(raw)));
        const int step = check.step();
        if (step != SQLITE_ROW) return fail(why(raw, step));
        if (std::string found = check.text(0); found != "ok") {
            std::replace(found.begin(), found.end(), '\n', ' ');  // one line in the log
            return fail("the file is damaged (" + found + ")");
        }
    }
    if (create) {
        char* message = nullptr;
        const int made = sqlite3_exec(raw, kSchema, nullptr, nullptr, &message);
        std::string text = message ? message : "";
        sqlite3_free(message);
        if (made != SQLITE_OK) return fail(why(raw, made) + (text.empty() ? "" : " - " + text));
    }
    return Database(std::move(db), file);
}

std::expected<Database, std::string> Database::open(const fs::path& file) { return open_file(file, true); }

std::expected<std::optional<Database>, std::string> Database::open_to_read(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::optional<Database>{};
    auto db = open_file(file, false);
    if (!db) return std::unexpected(db.error());
    return std::optional<Database>(std::move(*db));
}

std::expected<std::int64_t, std::string> Database::add_session(const Session& s) {
    // Its end too, when it has one (a clinic's copy of a finished class; a class starting has none).
    Statement insert(db_.get(),
                     "INSERT INTO sessions (started_at, day, playlist, title, version, conditions, mode, ended_at, "
                     "class_s, completed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, s.started_at).bind(2, s.day).bind(3, s.playlist).bind(4, s.title).bind(5, s.version);
    insert.bind(6, joined(s.conditions)).bind(7, s.mode).bind(8, s.ended_at).bind(9, s.class_s);
    insert.bind(10, s.completed ? std::optional<int>(*s.completed ? 1 : 0) : std::nullopt);
    if (auto r = done(insert, db_.get()); !r) return std::unexpected(r.error());
    return sqlite3_last_insert_rowid(db_.get());
}

std::expected<void, std::string> Database::add_step(std::int64_t session_id, const StepRecord& step) {
    Statement insert(db_.get(),
                     "INSERT INTO steps (session_id, step_index, segment, title, outcome, changes, reason, seconds) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, session_id).bind(2, std::optional<int>(step.index)).bind(3, step.segment).bind(4, step.title);
    insert.bind(5, step.outcome).bind(6, step.changes).bind(7, step.reason).bind(8, step.seconds);
    return done(insert, db_.get());
}

std::expected<void, std::string> Database::add_pain(std::int64_t session_id, const PainAnswer& answer) {
    Statement insert(db_.get(), "INSERT INTO pain (session_id, moment, step_index, score, at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, session_id).bind(2, answer.moment).bind(3, answer.step_index).bind(4, answer.score).bind(5, answer.at);
    return done(insert, db_.get());
}

std::expected<void, std::string> Database::end_session(std::int64_t session_id, const std::string& ended_at,
                                                       double class_s, bool completed) {
    Statement update(db_.get(), "UPDATE sessions SET ended_at = ?, class_s = ?, completed = ? WHERE id = ?");
    update.bind(1, ended_at).bind(2, class_s).bind(3, std::optional<int>(completed ? 1 : 0)).bind(4, session_id);
    return done(update, db_.get());
}

std::expected<bool, std::string> Database::add_received_session(const std::string& record_id, const Session& s) {
    sqlite3* db = db_.get();
    const auto exec = [db](const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); };
    const auto failed = [&](const std::string& what) {
        exec("ROLLBACK");
        return std::unexpected(file_.string() + ": " + what);
    };
    // One transaction: a record is kept whole with its id, or not at all (a crash mid-way
    // leaves it to be taken again when the broker delivers it again).
    if (const int rc = exec("BEGIN IMMEDIATE"); rc != SQLITE_OK) return std::unexpected(file_.string() + ": " + why(db, rc));
    {
        Statement seen(db, "SELECT 1 FROM received WHERE record_id = ?");
        seen.bind(1, record_id);
        if (!seen.ok()) return failed(why(db, sqlite3_errcode(db)));
        if (seen.step() == SQLITE_ROW) {
            exec("ROLLBACK");
            return false;
        }
    }
    auto id = add_session(s);
    if (!id) return failed(id.error());
    for (const auto& step : s.steps)
        if (auto r = add_step(*id, step); !r) return failed(r.error());
    for (const auto& answer : s.pain)
        if (auto r = add_pain(*id, answer); !r) return failed(r.error());
    Statement keep(db, "INSERT INTO received (record_id, session_id) VALUES (?, ?)");
    keep.bind(1, record_id).bind(2, *id);
    if (auto r = done(keep, db); !r) return failed(r.error());
    if (const int rc = exec("COMMIT"); rc != SQLITE_OK) return failed(why(db, rc));
    return true;
}

std::expected<std::vector<Session>, std::string> Database::sessions(const std::string& since_day) const {
    std::vector<Session> out;
    {
        Statement select(db_.get(),
                         "SELECT id, started_at, day, playlist, title, version, conditions, mode, ended_at, class_s, "
                         "completed FROM sessions WHERE day >= ? ORDER BY started_at, id");
        if (!select.ok()) return std::unexpected(file_.string() + ": " + why(db_.get(), sqlite3_errcode(db_.get())));
        select.bind(1, since_day);
        int rc;
        while ((rc = select.step()) == SQLITE_ROW) {
            Session s;
            s.id = select.int64(0);
            s.started_at = select.text(1);
            s.day = select.text(2);
            s.playlist = select.text(3);
            s.title = select.text(4);
            s.version = select.text(5);
            s.conditions = split(select.text(6));
            s.mode = select.text(7);
            s.ended_at = select.maybe_text(8);
            s.class_s = select.maybe_real(9);
            if (auto c = select.maybe_int(10)) s.completed = *c != 0;
            out.push_back(std::move(s));
        }
        if (rc != SQLITE_DONE) return std::unexpected(file_.string() + ": " + why(db_.get(), rc));
    }
    for (auto& s : out) {
        Statement steps(db_.get(),
                        "SELECT step_index, segment, title, outcome, changes, reason, seconds FROM steps "
                        "WHERE session_id = ? ORDER BY rowid");
        steps.bind(1, s.id);
        while (steps.step() == SQLITE_ROW)
            s.steps.push_back({*steps.maybe_int(0), steps.text(1), steps.text(2), steps.text(3), steps.text(4),
                               steps.maybe_text(5), steps.maybe_real(6).value_or(0)});
        Statement pain(db_.get(), "SELECT moment, step_index, score, at FROM pain WHERE session_id = ? ORDER BY rowid");
        pain.bind(1, s.id);
        while (pain.step() == SQLITE_ROW)
            s.pain.push_back({pain.text(0), pain.maybe_int(1), pain.maybe_int(2), pain.text(3)});
    }
    return out;
}

}  // namespace classplayer::history
