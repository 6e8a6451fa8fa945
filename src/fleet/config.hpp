#pragma once
// A screen's (or the clinic's) fleet settings: which broker, which identity, which topics.
// A JSON file, /etc/classplayer/fleet.json or --fleet FILE (format in docs/fleet-topics.md).
// The same file shape serves a screen ("role": "screen", the default) and the clinic's admin
// tools ("role": "admin"): only the certificate and the role differ.
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace classplayer::fleet {

enum class Role { screen, admin };

struct FleetConfig {
    std::filesystem::path file;  // where it was read from; relative paths below are resolved against its folder
    Role role = Role::screen;
    // The screen's id: a topic level and its certificate's CN, so [A-Za-z0-9_-] only (no '/',
    // '+', '#', '.'). An admin's id is its certificate's CN, which holds a '.' (fleet.admin) so
    // that no screen id can ever name it.
    std::string screen_id;
    std::string broker_host;
    int broker_port = 8883;
    std::filesystem::path ca_file, cert_file, key_file;
    std::string topic_prefix = "classplayer/v1";
    int keepalive_s = 30;        // 5-3600 (libmosquitto's floor is 5); the broker declares a silent screen dead after 1.5x this
    int reconnect_max_s = 30;    // reconnect backoff doubles from 1 s up to this
    std::string content_base_url;          // used by the content side (src/content), kept here verbatim
    std::filesystem::path content_dir;     // likewise
    // The admin's side: the folder its web server serves, where `fleet publish` writes releases
    // when no --web-root is given ("content": {"web_root": ...}).
    std::filesystem::path content_web_root;
    std::filesystem::path outbox_dir = "/var/lib/classplayer/fleet-outbox";  // session records not yet acknowledged
};

inline constexpr std::string_view kDefaultFleetConfig = "/etc/classplayer/fleet.json";

// True for an id that is safe as one topic level and a certificate CN: 1-64 of [A-Za-z0-9_-].
bool is_safe_screen_id(std::string_view id);
// The same rule for a topic prefix's levels ("classplayer/v1"): safe levels joined by '/', and '.' allowed.
bool is_safe_topic_prefix(std::string_view prefix);

// Reads and validates the file. Every problem is named by file and JSON path, one per line.
std::expected<FleetConfig, std::string> load_fleet_config(const std::filesystem::path& file);

}  // namespace classplayer::fleet
