#include "fleet/mqtt_link.hpp"

#include <mosquitto.h>
#include <mqtt_protocol.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

namespace classplayer::fleet {

struct MqttLink::State {
    MqttLink::Handlers handlers;
    std::string client_id;
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    bool connected = false;  // guarded by mutex
    bool stopping = false;   // guarded by mutex: stop() asked; the network thread ends
    std::chrono::steady_clock::time_point stop_by;  // guarded by mutex: a DISCONNECT stuck on a dead network is given up
    unsigned delay_s = 1;    // guarded by mutex: the next reconnect delay
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
        state.delay_s = 1;
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
    // The network thread is ours (run_network below), so libmosquitto must lock for publishes
    // from other threads as it does under mosquitto_loop_start.
    if (auto r = check(mosquitto_threaded_set(m, true), "threaded mode"); !r) return std::unexpected(r.error());
    mosquitto_connect_v5_callback_set(m, on_connect);
    mosquitto_disconnect_v5_callback_set(m, on_disconnect);
    mosquitto_message_v5_callback_set(m, on_message);
    mosquitto_publish_v5_callback_set(m, on_publish);
    mosquitto_subscribe_v5_callback_set(m, on_subscribe);
    return link;
}

std::expected<void, std::string> MqttLink::start() {
    if (network_.joinable()) return {};
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
    // Only arguments libmosquitto refuses outright are an error here. A broker that is down, a
    // name that does not resolve yet, even a TLS handshake refused now: the network thread keeps
    // trying with its backoff (the clinic may fix the broker; the screen must come back).
    if (rc == MOSQ_ERR_INVAL || rc == MOSQ_ERR_NOMEM || rc == MOSQ_ERR_NOT_SUPPORTED)
        return std::unexpected("cannot connect to " + s.host + ":" + std::to_string(s.port) + ": " + error_text(rc));
    if (rc != MOSQ_ERR_SUCCESS)
        spdlog::info("fleet: {}: broker {}:{} not reached yet ({}); retrying", s.client_id, s.host, s.port, error_text(rc));
    network_ = std::thread([this] { run_network(); });
    return {};
}

// The network thread. Not mosquitto_loop_start, for two faults of libmosquitto 2.0.11 with TLS
// that the tests found (upstream issues 2421, 2594, 2825): a TLS connection that fails while it
// is being made makes mosquitto_loop return success at once, again and again, until the
// keepalive runs out (a core at 100 % on a screen whose broker is down: seen after the broker
// was killed with SIGKILL), and mosquitto_loop_forever sleeps through its reconnect delay
// without seeing a stop (a player quitting waited up to reconnect_max_s). So: while not
// connected, each turn is paced (50 ms) and an attempt without a CONNACK is given up after
// kConnectTimeout; any failure waits 1 s doubling to reconnect_max_s, cut short by stop(), and
// reconnects asynchronously.
void MqttLink::run_network() {
    using Clock = std::chrono::steady_clock;
    constexpr auto kPace = std::chrono::milliseconds(50);
    const auto connect_timeout = std::chrono::seconds(std::min(settings_.keepalive_s, 10));
    auto& state = *state_;
    auto attempt_started = Clock::now();
    while (true) {
        int rc = mosquitto_loop(mosq_, 1000, 1);
        {
            std::unique_lock lock(state.mutex);
            if (state.stopping && (rc != MOSQ_ERR_SUCCESS || !state.connected || Clock::now() > state.stop_by)) return;
            if (rc == MOSQ_ERR_SUCCESS && !state.connected) {
                if (Clock::now() - attempt_started > connect_timeout) {
                    rc = MOSQ_ERR_CONN_LOST;  // no CONNACK in time: start again
                } else {
                    if (state.changed.wait_for(lock, kPace, [&] { return state.stopping; })) return;
                    continue;
                }
            }
            if (rc == MOSQ_ERR_SUCCESS) continue;
            if (state.connected) {
                // The connection died under us without on_disconnect having said so.
                state.connected = false;
                state.changed.notify_all();
            }
            const auto delay = std::chrono::seconds(state.delay_s);
            state.delay_s = std::min(state.delay_s * 2, static_cast<unsigned>(settings_.reconnect_max_s));
            if (state.changed.wait_for(lock, delay, [&] { return state.stopping; })) return;
        }
        attempt_started = Clock::now();
        if (const int again = mosquitto_reconnect_async(mosq_); again != MOSQ_ERR_SUCCESS)
            spdlog::debug("fleet: {}: reconnect: {}", settings_.client_id, error_text(again));
    }
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
    if (!network_.joinable()) return;
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
        state_->stop_by = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    }
    state_->changed.notify_all();
    // Connected: the DISCONNECT is queued, the thread writes it and sees the socket close (at
    // most one mosquitto_loop timeout later). Not connected: it leaves its backoff at once.
    mosquitto_disconnect_v5(mosq_, MQTT_RC_NORMAL_DISCONNECTION, nullptr);
    network_.join();
}

void MqttLink::drop() {
    if (!network_.joinable()) return;
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
        state_->connected = false;
    }
    state_->changed.notify_all();
    network_.join();
}

MqttLink::~MqttLink() {
    stop();
    if (mosq_) mosquitto_destroy(mosq_);
}

}  // namespace classplayer::fleet
