#include "fleet/screen_agent.hpp"

#include <sys/statvfs.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "fleet/mqtt_link.hpp"
#include "fleet/outbox.hpp"
#include "fleet/topics.hpp"

namespace classplayer::fleet {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {
constexpr std::size_t kMostQueuedCommands = 16;

std::optional<std::uint64_t> free_bytes(const fs::path& dir) {
    struct statvfs info {};
    if (::statvfs(dir.c_str(), &info) != 0) return std::nullopt;
    return static_cast<std::uint64_t>(info.f_bavail) * info.f_frsize;
}
}  // namespace

std::string utc_iso8601(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm utc{};
    ::gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

struct ScreenAgent::Shared {
    FleetConfig config;
    AgentOptions options;
    Topics topics{""};
    std::unique_ptr<MqttLink> link;
    Outbox outbox{""};
    const std::chrono::system_clock::time_point started_wall = std::chrono::system_clock::now();
    const Clock::time_point started = Clock::now();

    std::mutex mutex;  // guards everything below
    std::condition_variable status_wanted;
    Catalogue catalogue;
    std::deque<Command> commands;
    std::optional<NowPlaying> playing;
    std::string playing_since;
    std::string release;
    std::string last_error, last_error_at;
    std::optional<std::string> desired;
    std::string connected_at;
    bool status_dirty = true;
    Clock::time_point last_status{};
    bool stopping = false;
    bool shut_down = false;
    // Records being published: mid -> outbox file name. A PUBACK can come before publish()
    // returned its mid; such early answers wait in early_acks while a publish is under way.
    std::map<int, std::string> records_in_flight;
    std::map<int, int> early_acks;
    int records_publishing = 0;
    std::optional<int> offline_mid;
    bool offline_acked = false;
    std::condition_variable offline_done;

    std::thread status_thread;

    nlohmann::json status_json_locked() const;
    void publish_status();
    void on_connected();
    void on_message(const std::string& topic, std::string_view payload);
    void on_published(int mid, int reason);
    void publish_record(const std::string& name);
    void reply(const std::string& request_id, const CommandResult& result);
    void status_loop();
};

nlohmann::json ScreenAgent::Shared::status_json_locked() const {
    nlohmann::json playing_json = nullptr;
    if (playing) {
        playing_json = {{"class", {{"id", playing->class_id}, {"title", playing->class_title}}},
                        {"step", {{"index", playing->step_index}, {"title", playing->step_title}}},
                        {"conditions", playing->conditions},
                        {"kiosk", playing->kiosk},
                        {"since", playing_since}};
    }
    const auto disk = free_bytes(config.content_dir.empty() ? outbox.dir() : config.content_dir);
    return {{"screen", config.screen_id},
            {"version", options.version},
            {"connected_at", connected_at},
            {"updated_at", utc_iso8601(std::chrono::system_clock::now())},
            {"playing", playing_json},
            {"place", options.at_home ? "home" : "waiting_room"},
            {"release", release.empty() ? nlohmann::json(nullptr) : nlohmann::json(release)},
            {"last_error", last_error.empty() ? nlohmann::json(nullptr)
                                              : nlohmann::json{{"message", last_error}, {"at", last_error_at}}},
            {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count()},
            {"disk_free_bytes", disk ? nlohmann::json(*disk) : nlohmann::json(nullptr)}};
}

void ScreenAgent::Shared::publish_status() {
    std::string payload;
    {
        std::lock_guard lock(mutex);
        status_dirty = false;
        last_status = Clock::now();
        payload = status_json_locked().dump();
    }
    if (!link->connected()) return;  // republished in full at the next connection
    if (auto r = link->publish(topics.status(config.screen_id), payload, 1, true); !r)
        spdlog::debug("fleet: status not published: {}", r.error());
}

void ScreenAgent::Shared::status_loop() {
    std::unique_lock lock(mutex);
    while (!stopping) {
        const auto due_refresh = last_status + options.status_refresh;
        const auto due_change = last_status + options.status_min_interval;
        if (status_dirty && Clock::now() >= due_change) {
            lock.unlock();
            publish_status();
            lock.lock();
            continue;
        }
        if (Clock::now() >= due_refresh) status_dirty = true;
        status_wanted.wait_until(lock, status_dirty ? due_change : due_refresh);
    }
}

void ScreenAgent::Shared::on_connected() {
    // Everything again on every (re)connect: the broker may have restarted without its memory.
    const auto& id = config.screen_id;
    for (const auto& topic : {topics.cmd(id, "+"), topics.desired(id)})
        if (auto r = link->subscribe(topic, 1); !r) spdlog::warn("fleet: cannot subscribe {}: {}", topic, r.error());
    {
        std::lock_guard lock(mutex);
        connected_at = utc_iso8601(std::chrono::system_clock::now());
    }
    link->publish(topics.state(id), "online", 1, true);
    publish_status();
    for (const auto& name : outbox.waiting()) publish_record(name);
    spdlog::info("fleet: {} connected to {}:{}", id, config.broker_host, config.broker_port);
}

void ScreenAgent::Shared::reply(const std::string& request_id, const CommandResult& result) {
    if (auto r = link->publish(topics.cmd_result(config.screen_id), result_json(request_id, result).dump(), 1, false); !r)
        spdlog::warn("fleet: cmd_result for {} not sent: {}", request_id, r.error());
}

void ScreenAgent::Shared::on_message(const std::string& topic, std::string_view payload) {
    const auto split = topics.split(topic);
    if (!split || split->screen_id != config.screen_id) return;  // not ours: the broker's ACL should not let it come
    if (split->rest == "desired") {
        const auto doc = nlohmann::json::parse(payload, nullptr, false);
        std::optional<std::string> wanted;
        if (!doc.is_discarded() && doc.is_object() && doc.contains("release") && doc["release"].is_string())
            wanted = doc["release"].get<std::string>();
        if (!wanted && !payload.empty()) {
            spdlog::warn("fleet: {}: desired release is not {{\"release\": ID}}; ignored", config.screen_id);
            return;
        }
        {
            std::lock_guard lock(mutex);
            if (desired == wanted) return;
            desired = wanted;
        }
        if (options.wake) options.wake();
        return;
    }
    if (!split->rest.starts_with("cmd/")) return;
    const std::string name = split->rest.substr(4);
    Catalogue catalogue_now;
    {
        std::lock_guard lock(mutex);
        catalogue_now = catalogue;
    }
    auto command = parse_command(name, payload, catalogue_now);
    if (!command) {
        spdlog::warn("fleet: {}: command refused: {}", config.screen_id, command.error().message);
        reply(command.error().request_id, std::unexpected(command.error().message));
        return;
    }
    if (options.at_home && command->name != CommandName::sync) {
        reply(command->request_id,
              std::unexpected(config.screen_id + " is a TV box at home: the person there chooses and runs the class "
                                                 "(only sync is taken)"));
        return;
    }
    bool queued = false;
    {
        std::lock_guard lock(mutex);
        if (commands.size() < kMostQueuedCommands) {
            commands.push_back(*command);
            queued = true;
        }
    }
    if (!queued) {
        reply(command->request_id, std::unexpected(std::string("busy: too many commands waiting")));
        return;
    }
    if (options.wake) options.wake();
}

void ScreenAgent::Shared::on_published(int mid, int reason) {
    std::lock_guard lock(mutex);
    if (offline_mid && *offline_mid == mid) {
        offline_acked = true;
        offline_done.notify_all();
        return;
    }
    const auto it = records_in_flight.find(mid);
    if (it == records_in_flight.end()) {
        if (records_publishing > 0) early_acks[mid] = reason;
        return;
    }
    // 0x80 and above is a refusal (135: not authorised): the record stays for the next connection.
    if (reason < 0x80) outbox.remove(it->second);
    else spdlog::warn("fleet: record {} refused by the broker (reason {}); kept in {}", it->second, reason, outbox.dir().string());
    records_in_flight.erase(it);
}

void ScreenAgent::Shared::publish_record(const std::string& name) {
    auto payload = outbox.read(name);
    if (!payload) {
        spdlog::warn("fleet: outbox {}: {}", name, payload.error());
        return;
    }
    {
        std::lock_guard lock(mutex);
        ++records_publishing;
    }
    const auto mid = link->publish(topics.records(config.screen_id), *payload, 1, false);
    std::lock_guard lock(mutex);
    --records_publishing;
    if (mid) {
        if (const auto early = early_acks.find(*mid); early != early_acks.end()) {
            if (early->second < 0x80) outbox.remove(name);
            early_acks.erase(early);
        } else {
            records_in_flight[*mid] = name;
        }
    }
    if (records_publishing == 0) early_acks.clear();
}

ScreenAgent::ScreenAgent(std::unique_ptr<Shared> shared) : shared_(std::move(shared)) {}

std::expected<std::unique_ptr<ScreenAgent>, std::string> ScreenAgent::create(const FleetConfig& config,
                                                                             AgentOptions options) {
    if (config.role != Role::screen)
        return std::unexpected(config.file.string() + ": $.role: a screen's agent needs \"role\": \"screen\"");
    for (const auto& [file, field] : {std::pair{config.ca_file, "ca_file"}, std::pair{config.cert_file, "cert_file"},
                                      std::pair{config.key_file, "key_file"}})
        if (std::error_code ec; !fs::is_regular_file(file, ec))
            return std::unexpected(config.file.string() + ": $.tls." + field + ": " + file.string() + " is not a file");
    auto shared = std::make_unique<Shared>();
    shared->config = config;
    shared->options = std::move(options);
    shared->catalogue = shared->options.catalogue;
    shared->topics = Topics(config.topic_prefix);
    shared->outbox = Outbox(config.outbox_dir);

    auto* s = shared.get();
    LinkSettings settings = link_settings(config, config.screen_id);
    settings.will_topic = shared->topics.state(config.screen_id);
    settings.will_payload = "offline";
    MqttLink::Handlers handlers;
    handlers.connected = [s] { s->on_connected(); };
    handlers.message = [s](const std::string& topic, std::string_view payload, bool) { s->on_message(topic, payload); };
    handlers.published = [s](int mid, int reason) { s->on_published(mid, reason); };
    auto link = MqttLink::create(std::move(settings), std::move(handlers));
    if (!link) return std::unexpected(config.file.string() + ": " + link.error());
    shared->link = std::move(*link);
    return std::unique_ptr<ScreenAgent>(new ScreenAgent(std::move(shared)));
}

std::expected<void, std::string> ScreenAgent::start() {
    auto& s = *shared_;
    if (!s.status_thread.joinable()) s.status_thread = std::thread([&s] { s.status_loop(); });
    return s.link->start();
}

void ScreenAgent::shutdown() {
    auto& s = *shared_;
    {
        std::lock_guard lock(s.mutex);
        if (s.shut_down) return;
        s.shut_down = true;
        s.stopping = true;
    }
    s.status_wanted.notify_all();
    if (s.status_thread.joinable()) s.status_thread.join();
    if (s.link->connected()) {
        // A clean end is not a death: the will is not sent, so say offline ourselves.
        {
            std::lock_guard lock(s.mutex);
            ++s.records_publishing;  // so an early PUBACK is kept in early_acks
        }
        const auto mid = s.link->publish(s.topics.state(s.config.screen_id), "offline", 1, true);
        std::unique_lock lock(s.mutex);
        --s.records_publishing;
        if (mid) {
            s.offline_mid = *mid;
            if (s.early_acks.contains(*mid)) s.offline_acked = true;
            s.offline_done.wait_for(lock, std::chrono::seconds(2), [&] { return s.offline_acked; });
        }
    }
    s.link->stop();
}

ScreenAgent::~ScreenAgent() { shutdown(); }

void ScreenAgent::set_now_playing(std::optional<NowPlaying> playing) {
    auto& s = *shared_;
    {
        std::lock_guard lock(s.mutex);
        if (!playing && !s.playing) return;  // still nothing: no new "since", no status to send
        const bool same_class = playing && s.playing && playing->class_id == s.playing->class_id &&
                                playing->conditions == s.playing->conditions;
        if (!same_class) s.playing_since = utc_iso8601(std::chrono::system_clock::now());
        s.playing = std::move(playing);
        s.status_dirty = true;
    }
    s.status_wanted.notify_all();
}

void ScreenAgent::set_release(std::string release_id) {
    auto& s = *shared_;
    {
        std::lock_guard lock(s.mutex);
        if (s.release == release_id) return;
        s.release = std::move(release_id);
        s.status_dirty = true;
    }
    s.status_wanted.notify_all();
}

void ScreenAgent::set_error(std::string message) {
    auto& s = *shared_;
    {
        std::lock_guard lock(s.mutex);
        if (s.last_error == message) return;
        s.last_error = std::move(message);
        s.last_error_at = s.last_error.empty() ? "" : utc_iso8601(std::chrono::system_clock::now());
        s.status_dirty = true;
    }
    s.status_wanted.notify_all();
}

void ScreenAgent::set_catalogue(Catalogue catalogue) {
    std::lock_guard lock(shared_->mutex);
    shared_->catalogue = std::move(catalogue);
}

std::optional<Command> ScreenAgent::take_command() {
    std::lock_guard lock(shared_->mutex);
    if (shared_->commands.empty()) return std::nullopt;
    auto command = std::move(shared_->commands.front());
    shared_->commands.pop_front();
    return command;
}

void ScreenAgent::answer(const std::string& request_id, const CommandResult& result) { shared_->reply(request_id, result); }

bool ScreenAgent::send_record(nlohmann::json record) {
    auto& s = *shared_;
    static std::atomic<unsigned> counter{0};
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
    // Time first, zero-padded: the outbox sorts by name to send the oldest first.
    char stamp[40];
    std::snprintf(stamp, sizeof stamp, "%015lld-%04u", static_cast<long long>(ms), counter++ % 10000);
    const std::string record_id = std::string(stamp) + "-" + s.config.screen_id;
    if (record.is_object()) {
        record["record_id"] = record_id;
        record["screen"] = s.config.screen_id;
    }
    std::string name;
    {
        std::lock_guard lock(s.mutex);
        auto put = s.outbox.put(record_id, record.dump());
        if (!put) {
            spdlog::error("fleet: session record not kept: {}", put.error());
            return false;
        }
        name = *put;
    }
    if (s.link->connected()) s.publish_record(name);
    return true;
}

std::size_t ScreenAgent::records_waiting() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->outbox.waiting().size();
}

std::optional<std::string> ScreenAgent::desired_release() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->desired;
}

bool ScreenAgent::connected() const { return shared_->link->connected(); }
const std::string& ScreenAgent::screen_id() const { return shared_->config.screen_id; }

}  // namespace classplayer::fleet
