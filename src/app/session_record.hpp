#pragma once
// Where the app keeps the session record (src/history/), and how a class played from the home
// menu, `play` or the kiosk is recorded: the player's event timeline feeds a Recorder.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "class/planner.hpp"
#include "playback/player.hpp"

namespace classplayer::app {

// history.sqlite3 in the state dir (--state-dir, else $XDG_STATE_HOME/classplayer).
std::filesystem::path history_file(const std::optional<std::filesystem::path>& state_dir);

// Records the class `plan` (from `playlist_file`, whose text makes its version) as `mode`
// ("home", "play", "kiosk"): sets play.on_event. A record that cannot be kept is said once
// and the class plays on.
void keep_session_record(playback::PlayOptions& play, const std::filesystem::path& record, const Plan& plan,
                         const std::filesystem::path& playlist_file, const std::string& mode);

// The last session in `record` as the clinic's fleet receives it (history::as_json's shape), or
// nothing when there is none or it cannot be read.
std::optional<nlohmann::json> last_session_record(const std::filesystem::path& record);

// The home menu's "My sessions" page (history/glance.hpp): the last four weeks of `record`.
// A record that cannot be read is said there, in a line, rather than hiding the page.
std::vector<std::string> sessions_at_a_glance(const std::filesystem::path& record);

struct HistoryOptions {
    bool json = false, csv = false;
    std::string since;  // YYYY-MM-DD, or "" for the whole record
    std::optional<std::filesystem::path> state_dir;
};
// `classplayer history`: 0 shown (an empty record included), 1 the record is damaged or cannot
// be read (the message names the file), 2 a usage error (a date that is not YYYY-MM-DD).
int history_command(const HistoryOptions& options);

}  // namespace classplayer::app
