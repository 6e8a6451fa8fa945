#include "fleet/commands.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace classplayer::fleet {

namespace {
constexpr std::array<std::pair<CommandName, std::string_view>, 6> kNames{{{CommandName::play, "play"},
                                                                          {CommandName::stop, "stop"},
                                                                          {CommandName::next, "next"},
                                                                          {CommandName::kiosk, "kiosk"},
                                                                          {CommandName::screenshot, "screenshot"},
                                                                          {CommandName::sync, "sync"}}};

bool safe_id_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
}

// A name quoted in a message is cut short and stripped of anything odd, so a hostile payload
// cannot fill a result or a log line with its own text.
std::string sanitized(std::string_view text) {
    std::string out;
    for (char c : text.substr(0, 64)) out += safe_id_char(c) ? c : '?';
    return text.size() > 64 ? out + "..." : out;
}
std::string shown(std::string_view text) { return "\"" + sanitized(text) + "\""; }
}  // namespace

std::optional<CommandName> command_name(std::string_view name) {
    for (const auto& [value, text] : kNames)
        if (text == name) return value;
    return std::nullopt;
}

std::string_view to_string(CommandName name) {
    for (const auto& [value, text] : kNames)
        if (value == name) return text;
    return "?";
}

bool is_safe_request_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), safe_id_char);
}

std::expected<Command, CommandError> parse_command(std::string_view name, std::string_view payload,
                                                   const Catalogue& catalogue) {
    const auto fail = [](std::string request_id, std::string message) {
        return std::unexpected(CommandError{std::move(request_id), std::move(message)});
    };
    if (payload.size() > kMostCommandBytes) return fail("", "payload larger than 64 KiB");
    // Without exceptions: a parse error says where, never quoting the bytes.
    const auto doc = nlohmann::json::parse(payload, nullptr, false);
    if (doc.is_discarded()) return fail("", "payload is not valid JSON");
    if (!doc.is_object()) return fail("", "payload must be a JSON object");

    Command command;
    const auto id = doc.find("request_id");
    if (id == doc.end() || !id->is_string() || !is_safe_request_id(id->get<std::string>()))
        return fail("", "$.request_id: must be a string of 1-64 of A-Z a-z 0-9 - _ .");
    command.request_id = id->get<std::string>();
    const auto fail_here = [&](std::string message) { return fail(command.request_id, std::move(message)); };

    const auto known = command_name(name);
    if (!known) return fail_here("unknown command " + shown(name));
    command.name = *known;

    std::vector<std::string_view> allowed{"request_id"};
    switch (command.name) {
    case CommandName::play: {
        allowed.insert(allowed.end(), {"class", "conditions"});
        const auto cls = doc.find("class");
        if (cls == doc.end() || !cls->is_string()) return fail_here("$.class: must be a class id (a string)");
        command.class_id = cls->get<std::string>();
        if (!catalogue.classes.contains(command.class_id))
            return fail_here("$.class: " + shown(command.class_id) + " is not a class on this screen");
        if (const auto conds = doc.find("conditions"); conds != doc.end()) {
            if (!conds->is_array()) return fail_here("$.conditions: must be an array of condition ids");
            for (std::size_t i = 0; i < conds->size(); ++i) {
                const auto& c = (*conds)[i];
                const std::string at = "$.conditions[" + std::to_string(i) + "]: ";
                if (!c.is_string()) return fail_here(at + "must be a condition id (a string)");
                const auto text = c.get<std::string>();
                if (!catalogue.conditions.contains(text)) return fail_here(at + "unknown condition " + shown(text));
                if (std::find(command.conditions.begin(), command.conditions.end(), text) == command.conditions.end())
                    command.conditions.push_back(text);
            }
        }
        break;
    }
    case CommandName::kiosk: {
        allowed.push_back("rotation");
        const auto rotation = doc.find("rotation");
        if (rotation == doc.end() || !rotation->is_string() ||
            (rotation->get<std::string>() != "start" && rotation->get<std::string>() != "stop"))
            return fail_here("$.rotation: must be \"start\" or \"stop\"");
        command.rotation_start = rotation->get<std::string>() == "start";
        break;
    }
    case CommandName::stop:
    case CommandName::next:
    case CommandName::screenshot:
    case CommandName::sync: break;
    }
    for (const auto& [key, value] : doc.items())
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
            return fail_here("$." + sanitized(key) + ": not an argument of " +
                             std::string(to_string(command.name)));
    return command;
}

nlohmann::json result_json(std::string_view request_id, const CommandResult& result) {
    nlohmann::json out{{"request_id", request_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(request_id)}};
    if (result) {
        out["ok"] = true;
        out["result"] = *result;
    } else {
        out["ok"] = false;
        out["error"] = result.error();
    }
    return out;
}

std::expected<nlohmann::json, std::string> command_args(CommandName name, const std::vector<std::string>& words) {
    nlohmann::json args = nlohmann::json::object();
    for (const auto& word : words) {
        const auto eq = word.find('=');
        if (eq == std::string::npos || eq == 0)
            return std::unexpected("argument '" + word + "' is not KEY=VALUE (e.g. class=middle-back)");
        const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
        if (args.contains(key)) return std::unexpected("argument '" + key + "' given twice");
        if (key == "conditions") {
            nlohmann::json list = nlohmann::json::array();
            std::size_t start = 0;
            while (start <= value.size() && !value.empty()) {
                const auto comma = value.find(',', start);
                const auto item = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                if (!item.empty() && item != "standard") list.push_back(item);
                if (comma == std::string::npos) break;
                start = comma + 1;
            }
            args[key] = list;
        } else {
            args[key] = value;
        }
    }
    if (name == CommandName::play && !args.contains("class"))
        return std::unexpected("play needs class=CLASS_ID (and optionally conditions=a,b)");
    if (name == CommandName::kiosk && !args.contains("rotation"))
        return std::unexpected("kiosk needs rotation=start or rotation=stop");
    return args;
}

}  // namespace classplayer::fleet
