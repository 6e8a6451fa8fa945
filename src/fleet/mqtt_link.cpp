#include "fleet/mqtt_link.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>

namespace classplayer::fleet {

struct MqttLink::State {
    MqttLink::Handlers handlers;
    std::string client_id;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    bool connected = false;  // guarded by mutex
    std::atomic<bool> said_refused{false};
};

namespace {

void init_library() {
    static std::once_flag once;
    std::call_once(once, [] { mosquitto_lib_init(); });
}

std::string error_text(int rc) {
    if (rc == MOSQ_ERR_ERRNO) return std::string("system error: ") + std::strerror(errno);
    return mosquitto_strerror(rc);
}

MqttLink::State& state_of(void* obj) { return *static_cast<MqttLink::State*>(obj); }

void on_connect(mosquitto*, void* obj, int rc, int, const mosquitto_property*) {
    auto& state = state_of(obj);
    if (rc != 0) {
        // A refused identity will be refused again; say it once, keep trying (the CA may be fixed).
        if (!state.said_refused.exchange(true))
            spdlog::warn("fleet: {}: broker refused the connection: {}", state.client_id, mosquitto_reason_string(rc));
        return;
    }
    state.said_refused = false;
    {
        std::lock_guard lock(state.mutex);
        state.connected = true;
    }
    state.changed.notify_all();
    if (state.handlers.connected) state.handlers.connected();
}

void on_disconnect(mosquitto*, void* obj, int rc, const mosquitto_property*) {
    auto& state = state_of(obj);
    {
        std::lock_guard lock(state.mutex);
        state.connected = false;
    }
    state.changed.notify_all();
    if (state.handlers.disconnected) state.handlers.disconnected(rc);
}

void on_message(mosquitto*, void* obj, const mosquitto_message* message, const mosquitto_property*) {
    auto& state = state_of(obj);
    if (!state.handlers.message || !message->topic) return;
    const std::string_view payload(static_cast<const char*>(message->payload),
                                   static_cast<std::size_t>(message->payloadlen > 0 ? message->payloadlen : 0));
    state.handlers.message(message->topic, payload, message->retain);
}

void on_publish(mosquitto*, void* obj, int mid, int reason_code, const mosquitto_property*) {
    auto& state = state_of(obj);
    if (state.handlers.published) state.handlers.published(mid, reason_code);
}

void on_subscribe(mosquitto*, void* obj, int mid, int, const int*, const mosquitto_property*) {
    auto& state = state_of(obj);
    if (state.handlers.subscribed) state.handlers.subscribed(mid);
}

}  // namespace

LinkSettings link_settings(const FleetConfig& config, std::string client_id) {
    LinkSettings s;
    s.client_id = std::move(client_id);
    s.host = config.broker_host;
    s.port = config.broker_port;
    s.ca_file = config.ca_file;
    s.cert_file = config.cert_file;
    s.key_file = config.key_file;
    s.keepalive_s = config.keepalive_s;
    s.reconnect_max_s = config.reconnect_max_s;
    return s;
}

MqttLink::MqttLink(LinkSettings settings, Handlers handlers)
    : settings_(std::move(settings)), state_(std::make_unique<State>()) {
    state_->handlers = std::move(handlers);
    state_->client_id = settings_.client_id;
}

std::expected<std::unique_ptr<MqttLink>, std::string> MqttLink::create(LinkSettings settings, Handlers handlers) {
    init_library();
    std::unique_ptr<MqttLink> link(new MqttLink(std::move(settings), std::move(handlers)));
    const auto& s = link->settings_;
    const bool clean_start = s.session_expiry_s == 0;
    link->mosq_ = mosquitto_new(s.client_id.c_str(), clean_start, link->state_.get());
    if (!link->mosq_) return std::unexpected("cannot create an MQTT client: " + std::string(std::strerror(errno)));
    auto* m = link->mosq_;
    const auto check = [&](int rc, const char* what) -> std::expected<void, std::string> {
        if (rc == MOSQ_ERR_SUCCESS) return {};
        return std::unexpected(std::string(what) + ": " + error_text(rc));
    };
    if (auto r = check(mosquitto_int_option(m, MOSQ_OPT_PROTOCOL_VERSION, MQTT_PROTOCOL_V5), "MQTT v5"); !r)
        return std::unexpected(r.error());
    // TLS always, and the broker's certificate verified against the clinic's CA and its name
    // (libmosquitto checks the host name unless told tls_insecure, which we never do).
    if (auto r = check(mosquitto_tls_set(m, s.ca_file.c_str(), nullptr, s.cert_file.c_str(), s.key_file.c_str(), nullptr),
                       "TLS files (ca_file, cert_file, key_file)");
        !r)
        return std::unexpected(r.error() + " (" + s.ca_file.string() + ", " + s.cert_file.string() + ", " +
                               s.key_file.string() + ")");
    if (auto r = check(mosquitto_tls_opts_set(m, 1 /* SSL_VERIFY_PEER */, "tlsv1.2", nullptr), "TLS options"); !r)
        return std::unexpected(r.error());
    if (s.will_topic) {
        if (auto r = check(mosquitto_will_set_v5(m, s.will_topic->c_str(), static_cast<int>(s.will_payload.size()),
                                                 s.will_payload.data(), 1, true, nullptr),
                           "last will");
            !r)
            return std::unexpected(r.error());
    }
    if (auto r = check(mosquitto_reconnect_delay_set(m, 1, static_cast<unsigned>(s.reconnect_max_s), true),
                       "reconnect delay");
        !r)
        return std::unexpected(r.error());
    mosquitto_connect_v5_callback_set(m, on_connect);
    mosquitto_disconnect_v5_callback_set(m, on_disconnect);
    mosquitto_message_v5_callback_set(m, on_message);
    mosquitto_publish_v5_callback_set(m, on_publish);
    mosquitto_subscribe_v5_callback_set(m, on_subscribe);
    return link;
}

std::expected<void, std::string> MqttLink::start() {
    if (started_) return {};
    const auto& s = settings_;
    int rc = MOSQ_ERR_SUCCESS;
    if (s.session_expiry_s > 0) {
        // libmosquitto has no asynchronous connect that takes v5 properties; only a collector
        // asks for a session, and it may wait. The properties are kept for every reconnect.
        mosquitto_property* props = nullptr;
        mosquitto_property_add_int32(&props, MQTT_PROP_SESSION_EXPIRY_INTERVAL, s.session_expiry_s);
        rc = mosquitto_connect_bind_v5(mosq_, s.host.c_str(), s.port, s.keepalive_s, nullptr, props);
        mosquitto_property_free_all(&props);
    } else {
        rc = mosquitto_connect_async(mosq_, s.host.c_str(), s.port, s.keepalive_s);
    }
    // A broker that is down now is not an error: the network thread keeps trying. Anything
    // else (a bad TLS file, a host name that cannot be a host) will not get better.
    if (rc != MOSQ_ERR_SUCCESS && rc != MOSQ_ERR_ERRNO && rc != MOSQ_ERR_NO_CONN && rc != MOSQ_ERR_CONN_LOST &&
        rc != MOSQ_ERR_EAI)
        return std::unexpected("cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " + error_text(rc));
    if (rc != MOSQ_ERR_SUCCESS)
        spdlog::info("fleet: {}: broker {}:{} not reached yet ({}); retrying", s.client_id, s.host, s.port, error_text(rc));
    if (const int loop = mosquitto_loop_start(mosq_); loop != MOSQ_ERR_SUCCESS)
        return std::unexpected("cannot start the MQTT thread: " + error_text(loop));
    started_ = true;
    return {};
}

std::expected<int, std::string> MqttLink::publish(const std::string& topic, std::string_view payload, int qos,
                                                  bool retain) {
    int mid = 0;
    const int rc = mosquitto_publish_v5(mosq_, &mid, topic.c_str(), static_cast<int>(payload.size()), payload.data(),
                                        qos, retain, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) return std::unexpected(error_text(rc));
    return mid;
}

std::expected<int, std::string> MqttLink::subscribe(const std::string& pattern, int qos) {
    int mid = 0;
    const int rc = mosquitto_subscribe_v5(mosq_, &mid, pattern.c_str(), qos, 0, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) return std::unexpected(error_text(rc));
    return mid;
}

bool MqttLink::connected() const {
    std::lock_guard lock(state_->mutex);
    return state_->connected;
}

bool MqttLink::wait_connected(std::chrono::milliseconds timeout) const {
    std::unique_lock lock(state_->mutex);
    return state_->changed.wait_for(lock, timeout, [&] { return state_->connected; });
}

void MqttLink::stop() {
    if (!mosq_) return;
    if (started_) {
        const bool was_connected = connected();
        mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
        // Connected, the thread sends the DISCONNECT and ends. Not connected, it may be asleep
        // in its reconnect backoff (up to reconnect_max_s), which libmosquitto 2.0.11 does not
        // cut short: a player quitting (systemd's stop) must not wait for it, so it is cancelled.
        mosquitto_loop_stop(mosq_, !was_connected);
        started_ = false;
    }
}

void MqttLink::drop() {
    if (!mosq_ || !started_) return;
    mosquitto_loop_stop(mosq_, true);
    started_ = false;
}

MqttLink::~MqttLink() {
    stop();
    if (mosq_) mosquitto_destroy(mosq_);
}

}  // namespace classplayer::fleet
