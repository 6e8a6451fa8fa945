#pragma once
// The clinic's side of the fleet (the `classplayer fleet` commands, later a dashboard's
// backend): reads every screen's state and status, sends commands and waits for the answers,
// sets the release each screen should have. Uses an admin identity (a certificate whose CN the
// broker's ACL lets read everything and write cmd/# and desired).
//
// Threads: the caller's thread waits; libmosquitto's thread fills the maps behind the mutex
// in fleet_client.cpp. Not for use from several threads at once.
#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleet/commands.hpp"
#include "fleet/config.hpp"

namespace classplayer::fleet {

struct ScreenView {
    std::string id;
    std::optional<bool> online;  // nothing: no state message seen
    nlohmann::json status;       // the retained status, null if none
};

struct Outcome {
    std::string screen;
    enum class Kind { ok, failed, timed_out } kind = Kind::timed_out;
    nlohmann::json result;  // ok: the result
    std::string error;      // failed: the screen's error; timed_out: what was waited for
};

struct Message {
    std::string topic;
    std::string payload;
    bool retained = false;
};

struct ClientOptions {
    // Non-empty: a persistent session under this client id (records collectors, tests): the
    // broker keeps its subscriptions and queues QoS 1 messages while it is away.
    std::string durable_client_id;
    unsigned session_expiry_s = 3600;
};

class FleetClient {
public:
    // Needs "role": "admin". Waits up to `timeout` for the broker.
    static std::expected<std::unique_ptr<FleetClient>, std::string> connect(const FleetConfig& config,
                                                                            std::chrono::milliseconds timeout,
                                                                            ClientOptions options = {});
    ~FleetClient();

    // Every screen that has a retained state or status, read for `listen` (retained messages
    // arrive right after subscribing), sorted by id.
    std::vector<ScreenView> screens(std::chrono::milliseconds listen = std::chrono::milliseconds(1000));

    // Sends the command to each screen and waits for each cmd_result until `timeout`.
    std::vector<Outcome> send(const std::vector<std::string>& screens, CommandName name, const nlohmann::json& args,
                              std::chrono::milliseconds timeout);
    // Sets each screen's retained desired release ({"release": ID, "set_at": TIME}); waits for
    // the broker's PUBACKs. An empty release clears it (deletes the retained message).
    std::vector<Outcome> desire(const std::vector<std::string>& screens, const std::string& release_id,
                                std::chrono::milliseconds timeout);
    // Asks the screen for a screenshot and writes the JPEG to `file`.
    std::expected<void, std::string> screenshot(const std::string& screen, const std::filesystem::path& file,
                                                std::chrono::milliseconds timeout);

    // Lower-level, for collectors and tests: subscribe and wait for the SUBACK; every message on
    // such a subscription is kept (at most 10000) until taken.
    std::expected<void, std::string> subscribe(const std::string& pattern, std::chrono::milliseconds timeout);
    std::vector<Message> take_messages();
    // Waits until a kept message's topic equals `topic`; it is not removed.
    std::optional<Message> wait_message(const std::string& topic, std::chrono::milliseconds timeout);

    const std::string& prefix() const;

    struct Shared;
private:
    explicit FleetClient(std::unique_ptr<Shared> shared);
    std::unique_ptr<Shared> shared_;
};

// Base64 (RFC 4648) for screenshots in cmd_result.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace classplayer::fleet
