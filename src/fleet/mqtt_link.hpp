#pragma once
// One MQTT v5 connection over TLS with a client certificate (libmosquitto), with its own network
// thread (running mosquitto_loop; why not mosquitto_loop_start: run_network in mqtt_link.cpp).
// It connects asynchronously, so nobody waits for the network, and reconnects by itself with an
// exponential backoff (1 s doubling up to reconnect_max_s), whatever ended the connection.
//
// Threads: the handlers run on the link's network thread, one at a time; they must not block.
// publish() and subscribe() may be called from any thread (libmosquitto locks internally, in
// threaded mode). The mutex in mqtt_link.cpp guards the connected and stopping flags and the
// backoff delay, shared by that thread, the callers and stop().
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "fleet/config.hpp"

struct mosquitto;  // libmosquitto's handle; its header stays in mqtt_link.cpp

namespace classplayer::fleet {

struct LinkSettings {
    std::string client_id;
    std::string host;
    int port = 8883;
    std::filesystem::path ca_file, cert_file, key_file;
    int keepalive_s = 30;
    int reconnect_max_s = 30;
    // The last will, published by the broker when the connection dies without a DISCONNECT.
    std::optional<std::string> will_topic;
    std::string will_payload;
    // > 0: a persistent session (MQTT v5 clean start off, this session expiry): the broker keeps
    // the subscriptions and queues QoS 1 messages while the client is away. Used by a
    // collector of session records; a screen does not need it. Connects synchronously.
    unsigned session_expiry_s = 0;
};
LinkSettings link_settings(const FleetConfig& config, std::string client_id);

class MqttLink {
public:
    struct Handlers {
        std::function<void()> connected;                     // after every CONNACK success
        std::function<void(int reason)> disconnected;        // 0: asked for
        std::function<void(const std::string& topic, std::string_view payload, bool retained)> message;
        std::function<void(int mid, int reason_code)> published;  // PUBACK (QoS 1) or sent (QoS 0)
        std::function<void(int mid)> subscribed;            // SUBACK
    };

    static std::expected<std::unique_ptr<MqttLink>, std::string> create(LinkSettings settings, Handlers handlers);
    ~MqttLink();
    MqttLink(const MqttLink&) = delete;
    MqttLink& operator=(const MqttLink&) = delete;

    // Starts the network thread and the first connection attempt; never waits for the broker
    // (unless session_expiry_s is set). An error only for what retrying cannot fix.
    std::expected<void, std::string> start();
    // Publishes; the message id (for `published`) or why not.
    std::expected<int, std::string> publish(const std::string& topic, std::string_view payload, int qos, bool retain);
    std::expected<int, std::string> subscribe(const std::string& pattern, int qos);
    bool connected() const;
    bool wait_connected(std::chrono::milliseconds timeout) const;
    // Sends DISCONNECT (no will) and stops the thread. Idempotent.
    void stop();
    // Ends the network thread without a DISCONNECT (the broker sends the will when it notices).
    void drop();

    const LinkSettings& settings() const { return settings_; }

    struct State;  // shared with the C callbacks
private:
    MqttLink(LinkSettings settings, Handlers handlers);
    LinkSettings settings_;
    std::unique_ptr<State> state_;
    void run_network();
    mosquitto* mosq_ = nullptr;
    std::thread network_;
};

}  // namespace classplayer::fleet
