#include "app/session_record.hpp"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "app/commands.hpp"
#include "app/resume_state.hpp"
#include "history/glance.hpp"
#include "history/recorder.hpp"
#include "history/report.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

fs::path history_file(const std::optional<fs::path>& state_dir) {
    return state_dir.value_or(ResumeStore::default_dir()) / "history.sqlite3";
}

void keep_session_record(playback::PlayOptions& play, const fs::path& record, const Plan& plan,
                         const fs::path& playlist_file, const std::string& mode) {
    std::ifstream in(playlist_file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    history::SessionInfo info{plan.playlist_id, plan.title, history::version_of(text.str()), plan.conditions, mode};
    // Shared: the kiosk plays round after round with the same options, each round a session.
    auto recorder = std::make_shared<history::Recorder>(record, std::move(info));
    play.on_event = [recorder](double t_s, std::string_view event, const nlohmann::json& fields) {
        recorder->on_event(t_s, event, fields);
    };
}

std::optional<nlohmann::json> last_session_record(const fs::path& record) {
    auto db = history::Database::open_to_read(record);
    if (!db || !*db) return std::nullopt;
    auto sessions = (*db)->sessions(history::local_today());
    if (!sessions || sessions->empty()) return std::nullopt;
    const std::vector<history::Session> last{sessions->back()};
    const nlohmann::json shaped = history::as_json(last, history::summarise(last, ""));
    if (!shaped.contains("sessions") || shaped["sessions"].empty()) return std::nullopt;
    return shaped["sessions"][0];
}

std::vector<std::string> sessions_at_a_glance(const fs::path& record) {
    const std::string today = history::local_today();
    auto db = history::Database::open_to_read(record);
    if (!db) return {"Your sessions cannot be read: " + db.error()};
    if (!*db) return history::glance({}, today);
    auto sessions = (*db)->sessions(history::glance_first_day(today));
    if (!sessions) return {"Your sessions cannot be read: " + sessions.error()};
    return history::glance(*sessions, today);
}

int history_command(const HistoryOptions& options) {
    if (!options.since.empty() && !history::is_day(options.since)) {
        std::cerr << "classplayer: --since \"" << options.since << "\": expected a date YYYY-MM-DD, e.g. 2026-11-30\n";
        return kUsage;
    }
    if (options.json && options.csv) {
        std::cerr << "classplayer: history: --json or --csv, not both\n";
        return kUsage;
    }
    const fs::path file = history_file(options.state_dir);
    auto db = history::Database::open_to_read(file);
    if (!db) {
        std::cerr << "classplayer: session record " << db.error() << "\n";
        return kInvalid;
    }
    std::vector<history::Session> sessions;
    if (*db) {
        auto read = (*db)->sessions(options.since);
        if (!read) {
            std::cerr << "classplayer: session record " << read.error() << "\n";
            return kInvalid;
        }
        sessions = std::move(*read);
    }
    const history::Summary summary = history::summarise(sessions, options.since);
    if (options.json) std::cout << history::as_json(sessions, summary).dump(2) << "\n";
    else if (options.csv) std::cout << history::as_csv(sessions);
    else if (!*db) std::cout << "No sessions recorded yet (" << file.string() << ")\n";
    else std::cout << history::as_text(sessions, summary);
    return kDone;
}

}  // namespace classplayer::app
