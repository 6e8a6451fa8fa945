#pragma once
// A session read back from the JSON the record is shared in (as_json's "sessions" entries;
// the fleet's records topic, docs/fleet-topics.md): the clinic's collector stores what its
// screens send. Whatever arrives is checked field by field before it is kept; the error
// names the JSON path.
#include <expected>
#include <string>

#include <nlohmann/json.hpp>

#include "history/database.hpp"

namespace classplayer::history {

std::expected<Session, std::string> session_from_json(const nlohmann::json& record);

}  // namespace classplayer::history
