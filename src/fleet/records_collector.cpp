#include "fleet/records_collector.hpp"

#include <nlohmann/json.hpp>

#include "fleet/config.hpp"
#include "history/record_json.hpp"

namespace classplayer::fleet {

namespace {
// A class's record is a few kilobytes; the broker's own limit may be larger.
constexpr std::size_t kMostRecordBytes = 1024 * 1024;
}  // namespace

std::expected<RecordsCollector::Kept, std::string> RecordsCollector::keep(const std::string& screen,
                                                                          std::string_view payload) {
    const std::string from = "record from " + screen;
    // The screen id becomes a folder name: the same rule as the topic level it came from.
    if (!is_safe_screen_id(screen)) return std::unexpected("record from an unsafe screen id: refused");
    if (payload.size() > kMostRecordBytes)
        return std::unexpected(from + ": " + std::to_string(payload.size()) + " bytes, more than a record ever needs");
    const auto record = nlohmann::json::parse(payload, nullptr, false);
    if (record.is_discarded() || !record.is_object()) return std::unexpected(from + ": not a JSON object");
    if (!record.contains("record_id") || !record["record_id"].is_string() || record["record_id"].get<std::string>().empty() ||
        record["record_id"].get<std::string>().size() > 200)
        return std::unexpected(from + ": $.record_id: expected a string of 1-200 characters");
    const std::string id = record["record_id"].get<std::string>();
    auto session = history::session_from_json(record);
    if (!session) return std::unexpected(from + " (" + id + "): " + session.error());

    auto open = open_.find(screen);
    if (open == open_.end()) {
        auto db = history::Database::open(file_of(into_, screen));
        if (!db) return std::unexpected(from + " (" + id + ") not kept: " + db.error());
        open = open_.emplace(screen, std::move(*db)).first;
    }
    auto stored = open->second.add_received_session(id, *session);
    if (!stored) return std::unexpected(from + " (" + id + ") not kept: " + stored.error());
    return *stored ? Kept::stored : Kept::already_here;
}

}  // namespace classplayer::fleet
