#include "fleet/fleet_client.hpp"

#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "fleet/mqtt_link.hpp"
#include "fleet/screen_agent.hpp"
#include "fleet/topics.hpp"

namespace classplayer::fleet {

using Clock = std::chrono::steady_clock;

namespace {
constexpr std::size_t kMostKeptMessages = 10000;

std::string random_token() {
    std::random_device device;
    std::mt19937_64 random((static_cast<std::uint64_t>(device()) << 32) ^ device());
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
    return text;
}
}  // namespace

struct FleetClient::Shared {
    FleetConfig config;
    Topics topics{""};
    std::unique_ptr<MqttLink> link;

    std::mutex mutex;  // guards everything below
    std::condition_variable changed;
    std::map<std::string, bool> online;               // screen -> last state
    std::map<std::string, nlohmann::json> statuses;   // screen -> last status
    std::set<std::string> waiting_for;                // request ids sent, not yet answered
    std::map<std::string, nlohmann::json> results;    // request id -> cmd_result
    std::map<int, int> acks;                          // mid -> reason code
    std::set<int> subacks;
    std::set<std::string> subscriptions;              // made again at each reconnect
    std::deque<Message> kept;

    void on_message(const std::string& topic, std::string_view payload, bool retained) {
        std::lock_guard lock(mutex);
        if (kept.size() >= kMostKeptMessages) kept.pop_front();
        kept.push_back({topic, std::string(payload), retained});
        if (const auto split = topics.split(topic)) {
            if (split->rest == "state") {
                if (payload.empty()) online.erase(split->screen_id);  // retained state deleted
                else online[split->screen_id] = payload == "online";
            } else if (split->rest == "status") {
                auto doc = nlohmann::json::parse(payload, nullptr, false);
                if (payload.empty()) statuses.erase(split->screen_id);
                else if (!doc.is_discarded()) statuses[split->screen_id] = std::move(doc);
            } else if (split->rest == "cmd_result") {
                auto doc = nlohmann::json::parse(payload, nullptr, false);
                if (!doc.is_discarded() && doc.is_object() && doc.contains("request_id") && doc["request_id"].is_string()) {
                    const auto id = doc["request_id"].get<std::string>();
                    if (waiting_for.erase(id)) results[id] = std::move(doc);
                }
            }
        }
        changed.notify_all();
    }
};

FleetClient::FleetClient(std::unique_ptr<Shared> shared) : shared_(std::move(shared)) {}
FleetClient::~FleetClient() { shared_->link->stop(); }
const std::string& FleetClient::prefix() const { return shared_->config.topic_prefix; }

std::expected<std::unique_ptr<FleetClient>, std::string> FleetClient::connect(const FleetConfig& config,
                                                                               std::chrono::milliseconds timeout,
                                                                               ClientOptions options) {
    if (config.role != Role::admin)
        return std::unexpected(config.file.string() + ": $.role: the clinic's tools need an admin identity "
                                                      "(\"role\": \"admin\"), not a screen's");
    auto shared = std::make_unique<Shared>();
    shared->config = config;
    shared->topics = Topics(config.topic_prefix);
    auto* s = shared.get();
    // Several admin tools may run at once: each its own client id, or they would push each other off.
    const bool durable = !options.durable_client_id.empty();
    LinkSettings settings =
        link_settings(config, durable ? options.durable_client_id : config.screen_id + "-" + random_token());
    if (durable) settings.session_expiry_s = options.session_expiry_s;
    MqttLink::Handlers handlers;
    handlers.message = [s](const std::string& topic, std::string_view payload, bool retained) {
        s->on_message(topic, payload, retained);
    };
    handlers.published = [s](int mid, int reason) {
        std::lock_guard lock(s->mutex);
        s->acks[mid] = reason;
        s->changed.notify_all();
    };
    handlers.subscribed = [s](int mid) {
        std::lock_guard lock(s->mutex);
        s->subacks.insert(mid);
        s->changed.notify_all();
    };
    handlers.connected = [s] {
        std::set<std::string> again;
        {
            std::lock_guard lock(s->mutex);
            again = s->subscriptions;
        }
        for (const auto& pattern : again) (void)s->link->subscribe(pattern, 1);
    };
    auto link = MqttLink::create(std::move(settings), std::move(handlers));
    if (!link) return std::unexpected(config.file.string() + ": " + link.error());
    shared->link = std::move(*link);
    if (auto started = shared->link->start(); !started) return std::unexpected(started.error());
    if (!shared->link->wait_connected(timeout))
        return std::unexpected("no connection to the broker " + config.broker_host + ":" +
                               std::to_string(config.broker_port) + " within " +
                               std::to_string(timeout.count()) + " ms (is it running, and does it accept " +
                               config.cert_file.string() + "?)");
    return std::unique_ptr<FleetClient>(new FleetClient(std::move(shared)));
}

std::expected<void, std::string> FleetClient::subscribe(const std::string& pattern, std::chrono::milliseconds timeout) {
    auto& s = *shared_;
    {
        std::lock_guard lock(s.mutex);
        if (s.subscriptions.contains(pattern)) return {};
        s.subscriptions.insert(pattern);
    }
    const auto mid = s.link->subscribe(pattern, 1);
    if (!mid) return std::unexpected("cannot subscribe to " + pattern + ": " + mid.error());
    std::unique_lock lock(s.mutex);
    if (!s.changed.wait_for(lock, timeout, [&] { return s.subacks.contains(*mid); }))
        return std::unexpected("no SUBACK for " + pattern + " within " + std::to_string(timeout.count()) + " ms");
    return {};
}

std::vector<Message> FleetClient::take_messages() {
    std::lock_guard lock(shared_->mutex);
    std::vector<Message> out(shared_->kept.begin(), shared_->kept.end());
    shared_->kept.clear();
    return out;
}

std::optional<Message> FleetClient::wait_message(const std::string& topic, std::chrono::milliseconds timeout) {
    auto& s = *shared_;
    std::unique_lock lock(s.mutex);
    std::optional<Message> found;
    s.changed.wait_for(lock, timeout, [&] {
        for (const auto& m : s.kept)
            if (m.topic == topic) {
                found = m;
                return true;
            }
        return false;
    });
    return found;
}

std::vector<ScreenView> FleetClient::screens(std::chrono::milliseconds listen) {
    auto& s = *shared_;
    const auto deadline = Clock::now() + listen;
    (void)subscribe(s.topics.every("state"), listen);
    (void)subscribe(s.topics.every("status"), listen);
    std::this_thread::sleep_until(deadline);
    std::lock_guard lock(s.mutex);
    std::map<std::string, ScreenView> views;
    for (const auto& [id, up] : s.online) views[id].online = up;
    for (const auto& [id, status] : s.statuses) views[id].status = status;
    std::vector<ScreenView> out;
    for (auto& [id, view] : views) {
        view.id = id;
        out.push_back(std::move(view));
    }
    return out;
}

std::vector<Outcome> FleetClient::send(const std::vector<std::string>& screens, CommandName name,
                                       const nlohmann::json& args, std::chrono::milliseconds timeout) {
    auto& s = *shared_;
    const auto deadline = Clock::now() + timeout;
    std::vector<Outcome> outcomes(screens.size());
    if (auto sub = subscribe(s.topics.every("cmd_result"), timeout); !sub) {
        for (std::size_t i = 0; i < screens.size(); ++i) outcomes[i] = {screens[i], Outcome::Kind::failed, nullptr, sub.error()};
        return outcomes;
    }
    const std::string batch = random_token();
    std::vector<std::string> ids(screens.size());
    for (std::size_t i = 0; i < screens.size(); ++i) {
        outcomes[i].screen = screens[i];
        ids[i] = batch + "-" + std::to_string(i);
        nlohmann::json payload = args.is_object() ? args : nlohmann::json::object();
        payload["request_id"] = ids[i];
        {
            std::lock_guard lock(s.mutex);
            s.waiting_for.insert(ids[i]);
        }
        if (auto mid = s.link->publish(s.topics.cmd(screens[i], to_string(name)), payload.dump(), 1, false); !mid) {
            outcomes[i].kind = Outcome::Kind::failed;
            outcomes[i].error = "not sent: " + mid.error();
            std::lock_guard lock(s.mutex);
            s.waiting_for.erase(ids[i]);
        }
    }
    std::unique_lock lock(s.mutex);
    s.changed.wait_until(lock, deadline, [&] {
        for (const auto& id : ids)
            if (s.waiting_for.contains(id)) return false;
        return true;
    });
    for (std::size_t i = 0; i < screens.size(); ++i) {
        auto& outcome = outcomes[i];
        if (outcome.kind == Outcome::Kind::failed) continue;
        const auto found = s.results.find(ids[i]);
        if (found == s.results.end()) {
            s.waiting_for.erase(ids[i]);
            outcome.kind = Outcome::Kind::timed_out;
            outcome.error = "no answer within " + std::to_string(timeout.count()) + " ms";
            continue;
        }
        const auto& doc = found->second;
        if (doc.value("ok", false)) {
            outcome.kind = Outcome::Kind::ok;
            outcome.result = doc.contains("result") ? doc["result"] : nlohmann::json(nullptr);
        } else {
            outcome.kind = Outcome::Kind::failed;
            outcome.error = doc.contains("error") && doc["error"].is_string() ? doc["error"].get<std::string>()
                                                                             : "failed (no reason given)";
        }
        s.results.erase(found);
    }
    return outcomes;
}

std::vector<Outcome> FleetClient::desire(const std::vector<std::string>& screens, const std::string& release_id,
                                         std::chrono::milliseconds timeout) {
    auto& s = *shared_;
    const auto deadline = Clock::now() + timeout;
    std::vector<Outcome> outcomes(screens.size());
    std::vector<std::optional<int>> mids(screens.size());
    const std::string payload =
        release_id.empty() ? std::string()
                           : nlohmann::json{{"release", release_id}, {"set_at", utc_iso8601(std::chrono::system_clock::now())}}
                                 .dump();
    for (std::size_t i = 0; i < screens.size(); ++i) {
        outcomes[i].screen = screens[i];
        if (auto mid = s.link->publish(s.topics.desired(screens[i]), payload, 1, true)) mids[i] = *mid;
        else outcomes[i] = {screens[i], Outcome::Kind::failed, nullptr, "not sent: " + mid.error()};
    }
    std::unique_lock lock(s.mutex);
    s.changed.wait_until(lock, deadline, [&] {
        for (const auto& mid : mids)
            if (mid && !s.acks.contains(*mid)) return false;
        return true;
    });
    for (std::size_t i = 0; i < screens.size(); ++i) {
        if (!mids[i]) continue;
        const auto ack = s.acks.find(*mids[i]);
        if (ack == s.acks.end()) {
            outcomes[i].kind = Outcome::Kind::timed_out;
            outcomes[i].error = "the broker did not acknowledge within " + std::to_string(timeout.count()) + " ms";
        } else if (ack->second >= 0x80) {
            outcomes[i].kind = Outcome::Kind::failed;
            outcomes[i].error = "refused by the broker (reason code " + std::to_string(ack->second) + ")";
        } else {
            outcomes[i].kind = Outcome::Kind::ok;
            outcomes[i].result = {{"release", release_id}};
        }
    }
    return outcomes;
}

std::expected<void, std::string> FleetClient::screenshot(const std::string& screen, const std::filesystem::path& file,
                                                         std::chrono::milliseconds timeout) {
    const auto outcomes = send({screen}, CommandName::screenshot, nlohmann::json::object(), timeout);
    const auto& outcome = outcomes.front();
    if (outcome.kind != Outcome::Kind::ok) return std::unexpected(screen + ": " + outcome.error);
    if (!outcome.result.is_object() || !outcome.result.contains("jpeg_base64") || !outcome.result["jpeg_base64"].is_string())
        return std::unexpected(screen + ": the answer holds no $.result.jpeg_base64");
    const auto jpeg = base64_decode(outcome.result["jpeg_base64"].get<std::string>());
    if (!jpeg) return std::unexpected(screen + ": $.result.jpeg_base64 is not base64");
    if (jpeg->size() < 4 || static_cast<unsigned char>((*jpeg)[0]) != 0xFF || static_cast<unsigned char>((*jpeg)[1]) != 0xD8)
        return std::unexpected(screen + ": the screenshot is not a JPEG");
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(jpeg->data(), static_cast<std::streamsize>(jpeg->size()));
    if (!out.flush()) return std::unexpected(file.string() + ": cannot write");
    return {};
}

namespace {
constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 63];
    }
    if (const auto left = bytes.size() - i; left > 0) {
        unsigned v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
        if (left == 2) v |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += left == 2 ? kAlphabet[(v >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        unsigned v = 0;
        int pad = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const char c = text[i + j];
            unsigned digit = 0;
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                ++pad;
            } else {
                if (pad) return std::nullopt;
                const auto at = kAlphabet.find(c);
                if (at == std::string_view::npos) return std::nullopt;
                digit = static_cast<unsigned>(at);
            }
            v = (v << 6) | digit;
        }
        out += static_cast<char>((v >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return out;
}

}  // namespace classplayer::fleet
