#pragma once
// The clinic's copy of its screens' session records (`classplayer fleet collect`): every record
// a screen sends on its records topic is checked and kept in a history file of that screen's
// own, DIR/<screen>/history.sqlite3, so that the clinician reads it with the same report as
// on the screen (`classplayer fleet records`, or `classplayer history --state-dir DIR/<screen>`).
//
// Delivery is at least once (docs/fleet-topics.md): a record already kept is known by its
// record_id and not kept twice. The screen is the one the topic names (the broker's ACL lets a
// screen write only its own), never what the payload says.
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "history/database.hpp"

namespace classplayer::fleet {

class RecordsCollector {
public:
    explicit RecordsCollector(std::filesystem::path into) : into_(std::move(into)) {}

    enum class Kept { stored, already_here };
    // One message from `screen`'s records topic. An error names the screen, the record and the
    // field; nothing of a refused record is kept.
    std::expected<Kept, std::string> keep(const std::string& screen, std::string_view payload);

    // Where a screen's records are kept in the folder `into`.
    static std::filesystem::path file_of(const std::filesystem::path& into, const std::string& screen) {
        return into / screen / "history.sqlite3";
    }

private:
    std::filesystem::path into_;
    std::map<std::string, history::Database> open_;  // opened once per screen, kept open
};

}  // namespace classplayer::fleet
