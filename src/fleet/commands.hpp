#pragma once
// The commands a clinic sends a screen (cmd/<name>) and the answers (cmd_result): parsing and
// validation are pure, so they are tested without a broker. A payload is data only: nothing in
// it is ever run, opened as a path or passed to a shell.
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace classplayer::fleet {

enum class CommandName { play, stop, next, kiosk, screenshot, sync };
std::optional<CommandName> command_name(std::string_view name);
std::string_view to_string(CommandName name);

// One validated command, ready for the player's main loop.
struct Command {
    std::string request_id;                 // the sender's id, echoed in cmd_result
    CommandName name = CommandName::stop;
    std::string class_id;                   // play: a class in the screen's catalogue
    std::vector<std::string> conditions;    // play: each a known condition id (empty: standard)
    bool rotation_start = false;            // kiosk: true "start", false "stop"
};

// What a screen can play: given by the app, checked before a command is queued.
struct Catalogue {
    std::set<std::string> classes;     // class ids (the playlists' ids)
    std::set<std::string> conditions;  // condition ids (conditions.json)
};

struct CommandError {
    std::string request_id;  // empty when the payload had none (or was not JSON)
    std::string message;
};

inline constexpr std::size_t kMostCommandBytes = 64 * 1024;

// `name` is the last topic level (cmd/<name>), `payload` the message.
std::expected<Command, CommandError> parse_command(std::string_view name, std::string_view payload,
                                                   const Catalogue& catalogue);

// The app's answer: a JSON result, or why it failed.
using CommandResult = std::expected<nlohmann::json, std::string>;
// {"request_id", "ok": true, "result"} or {"request_id", "ok": false, "error"}; a missing
// request id is null.
nlohmann::json result_json(std::string_view request_id, const CommandResult& result);

// The command line's "key=value" words (fleet send SCREEN play class=middle-back
// conditions=no-floor,balance) as a payload's arguments; request_id is added by the sender.
std::expected<nlohmann::json, std::string> command_args(CommandName name, const std::vector<std::string>& words);

// Request ids are a topic-free token: 1-64 of [A-Za-z0-9_-.].
bool is_safe_request_id(std::string_view id);

}  // namespace classplayer::fleet
