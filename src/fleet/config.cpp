#include "fleet/config.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "class/json_path.hpp"

namespace classplayer::fleet {

namespace fs = std::filesystem;

namespace {
bool safe_char(char c, bool dot_allowed) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           (dot_allowed && c == '.');
}
bool safe_level(std::string_view level, bool dot_allowed) {
    return !level.empty() && level.size() <= 64 && level != "." && level != ".." &&
           std::all_of(level.begin(), level.end(), [&](char c) { return safe_char(c, dot_allowed); });
}
}  // namespace

bool is_safe_screen_id(std::string_view id) { return safe_level(id, false); }

bool is_safe_topic_prefix(std::string_view prefix) {
    if (prefix.empty() || prefix.size() > 128) return false;
    std::size_t start = 0;
    while (true) {
        const auto slash = prefix.find('/', start);
        const auto level = prefix.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
        if (!safe_level(level, true)) return false;
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

std::expected<FleetConfig, std::string> load_fleet_config(const fs::path& file) {
    Problems problems;
    const auto doc = parse_json_file(file, problems);
    if (!doc) return std::unexpected(to_string(problems));
    const std::string name = file.string();
    JsonObject root(*doc, name, "$", problems);
    if (!root.valid()) return std::unexpected(to_string(problems));
    root.reject_unknown({"role", "screen_id", "broker", "tls", "topic_prefix", "keepalive_s", "reconnect_max_s",
                         "content", "outbox_dir"});

    FleetConfig config;
    config.file = file;
    const fs::path base = file.parent_path();
    const auto resolve = [&](const std::string& p) { return fs::path(p).is_absolute() ? fs::path(p) : base / p; };

    if (auto role = root.string("role", false)) {
        if (*role == "admin") config.role = Role::admin;
        else if (*role != "screen") root.problem("role", "must be \"screen\" or \"admin\", not \"" + *role + "\"");
    }
    if (auto id = root.string("screen_id")) {
        // An admin's id is its certificate's CN and may hold dots; a screen's is a topic level.
        const bool ok = config.role == Role::admin ? is_safe_topic_prefix(*id) && id->find('/') == std::string::npos
                                                   : is_safe_screen_id(*id);
        if (!ok) root.problem("screen_id", "must be 1-64 of the characters A-Z a-z 0-9 - _ (it is a topic level "
                                           "and a certificate name)");
        else config.screen_id = *id;
    }
    if (auto broker = root.object("broker")) {
        broker->reject_unknown({"host", "port"});
        if (auto host = broker->string("host")) {
            if (host->empty() || host->size() > 253) broker->problem("host", "must be a host name or address");
            else config.broker_host = *host;
        }
        if (auto port = broker->integer("port", false)) {
            if (*port < 1 || *port > 65535) broker->problem("port", "must be 1-65535");
            else config.broker_port = *port;
        }
    }
    // TLS is not optional: a screen in a waiting room is on a network the clinic does not own.
    if (auto tls = root.object("tls")) {
        tls->reject_unknown({"ca_file", "cert_file", "key_file"});
        if (auto v = tls->string("ca_file")) config.ca_file = resolve(*v);
        if (auto v = tls->string("cert_file")) config.cert_file = resolve(*v);
        if (auto v = tls->string("key_file")) config.key_file = resolve(*v);
    }
    if (auto prefix = root.string("topic_prefix", false)) {
        if (!is_safe_topic_prefix(*prefix)) root.problem("topic_prefix", "must be levels of A-Z a-z 0-9 - _ . joined by '/'");
        else config.topic_prefix = *prefix;
    }
    if (auto keepalive = root.integer("keepalive_s", false)) {
        // libmosquitto refuses a keepalive under 5 s (MOSQ_ERR_INVAL at connect).
        if (*keepalive < 5 || *keepalive > 3600) root.problem("keepalive_s", "must be 5-3600 seconds");
        else config.keepalive_s = *keepalive;
    }
    if (auto most = root.integer("reconnect_max_s", false)) {
        if (*most < 1 || *most > 3600) root.problem("reconnect_max_s", "must be 1-3600 seconds");
        else config.reconnect_max_s = *most;
    }
    if (auto content = root.object("content", false)) {
        content->reject_unknown({"base_url", "dir", "web_root"});
        if (auto v = content->string("base_url", false)) config.content_base_url = *v;
        if (auto v = content->string("dir", false)) config.content_dir = resolve(*v);
        if (auto v = content->string("web_root", false)) config.content_web_root = resolve(*v);
    }
    if (auto v = root.string("outbox_dir", false)) config.outbox_dir = resolve(*v);
    if (!problems.empty()) return std::unexpected(to_string(problems));
    return config;
}

}  // namespace classplayer::fleet
