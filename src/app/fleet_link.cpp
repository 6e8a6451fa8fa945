#include "app/fleet_link.hpp"

#include <SDL.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "content/store.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/screen_agent.hpp"
#include "media/jpeg_image.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;
using fleet::CommandName;
using playback::OutsideRequest;

namespace {
constexpr int kShotWidth = 480, kShotHeight = 270;  // about 20 KB: sent at once, seen at a glance
constexpr std::size_t kMostShotThreads = 4;         // more at once wait for the oldest
}  // namespace

struct FleetLink::Parts {
    fleet::FleetConfig config;
    std::unique_ptr<fleet::ScreenAgent> agent;
    std::optional<content::ContentStore> store;
    std::vector<std::jthread> shots;  // screenshots being scaled and encoded

    // The release sync, on its own thread; the fields below are shared with it.
    std::mutex mutex;
    std::jthread sync;
    std::atomic<bool> cancel{false};
    bool syncing = false;
    std::optional<std::string> ready;       // fetched and checked, not yet switched to
    std::string failed;                     // the last id that failed (not tried again until asked)
    std::vector<std::string> sync_waiters;  // request ids of `sync` commands to answer

    std::optional<ClinicOrder> order;
    const Plan* plan = nullptr;  // the plan playing now (step titles for the status)
    // The release in use, as the store said at the start and at each switch (the loop asks
    // at every turn: no disk read for it).
    std::optional<std::string> current;

    std::optional<std::string> current_release() const { return current; }

    // Starts fetching the release the clinic wants, when it is not here yet.
    void maybe_sync() {
        if (!store) return;
        const auto desired = agent->desired_release();
        std::vector<std::string> answer_now;
        {
            std::lock_guard lock(mutex);
            if (syncing) return;
            const bool nothing_to_do = !desired || desired->empty() || *desired == current_release() ||
                                       *desired == ready || *desired == failed;
            if (nothing_to_do) {
                answer_now.swap(sync_waiters);
            } else {
                syncing = true;
                if (sync.joinable()) sync.join();
                sync = std::jthread([this, id = *desired] { fetch(id); });
            }
        }
        for (const auto& request : answer_now)
            agent->answer(request, nlohmann::json{{"release", current_release().value_or("")}, {"fetched", "nothing new"}});
    }

    // On the sync thread.
    void fetch(const std::string& id) {
        content::SyncOptions options;
        options.base_url = config.content_base_url;
        options.release_id = id;
        if (config.content_base_url.starts_with("https:")) {
            options.ca_file = config.ca_file;
            options.client_certificate = config.cert_file;
            options.client_key = config.key_file;
        }
        options.cancel = &cancel;
        spdlog::info("fleet: fetching release {} from {}", id, config.content_base_url);
        auto synced = store->sync(options);
        std::vector<std::string> waiters;
        {
            std::lock_guard lock(mutex);
            syncing = false;
            waiters.swap(sync_waiters);
            if (synced) ready = id;
            else failed = id;
        }
        if (synced) {
            spdlog::info("fleet: release {} ready ({}); used from the next class", id, content::to_string(synced->stats));
            agent->set_error("");
            for (const auto& request : waiters)
                agent->answer(request, nlohmann::json{{"release", id}, {"fetched", content::to_string(synced->stats)},
                                                      {"switch", "at the next class"}});
        } else {
            // The screen plays on with the release it has; the clinic sees why in the status.
            const std::string why = "release " + id + " not taken: " + synced.error().message;
            spdlog::error("fleet: {}", why);
            agent->set_error(why);
            for (const auto& request : waiters) agent->answer(request, std::unexpected(why));
        }
    }
};

FleetLink::FleetLink(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

FleetLink::~FleetLink() {
    parts_->cancel = true;
    if (parts_->sync.joinable()) parts_->sync.join();
    parts_->shots.clear();  // joins: each answers through the agent, which goes last
    parts_->agent->shutdown();
}

std::expected<std::unique_ptr<FleetLink>, std::string> FleetLink::open(const fleet::FleetConfig& config,
                                                                       std::string version, bool at_home) {
    auto parts = std::make_unique<Parts>();
    parts->config = config;
    if (!config.content_dir.empty()) {
        if (config.content_base_url.empty())
            return std::unexpected(config.file.string() + ": $.content_base_url: needed with content_dir");
        parts->store.emplace(config.content_dir);
    }
    // Its own event type, so a command wakes the player's loop and is never taken for a key.
    const Uint32 wake_event = SDL_RegisterEvents(1);
    fleet::AgentOptions options;
    options.version = std::move(version);
    options.at_home = at_home;
    options.wake = [wake_event] {
        if (wake_event == static_cast<Uint32>(-1)) return;
        SDL_Event event{};
        event.type = wake_event;
        SDL_PushEvent(&event);
    };
    auto agent = fleet::ScreenAgent::create(config, std::move(options));
    if (!agent) return std::unexpected(agent.error());
    parts->agent = std::move(*agent);
    if (parts->store)
        if (auto in_use = parts->store->current()) parts->current = in_use->id;
    if (parts->current) parts->agent->set_release(*parts->current);
    if (auto started = parts->agent->start(); !started) return std::unexpected(started.error());
    return std::unique_ptr<FleetLink>(new FleetLink(std::move(parts)));
}

std::optional<fs::path> FleetLink::release_dir() const {
    if (!parts_->store) return std::nullopt;
    if (auto current = parts_->store->current()) return current->dir;
    return std::nullopt;
}

bool FleetLink::switch_if_ready() {
    parts_->maybe_sync();
    std::optional<std::string> id;
    {
        std::lock_guard lock(parts_->mutex);
        if (parts_->syncing || !parts_->ready) return false;
        id = std::exchange(parts_->ready, std::nullopt);
    }
    if (auto switched = parts_->store->switch_to(*id); !switched) {
        parts_->agent->set_error("release " + *id + " not switched to: " + switched.error());
        return false;
    }
    parts_->store->collect_garbage();  // the one before stays, for rollback and a class still on it
    parts_->current = *id;
    parts_->agent->set_release(*id);
    spdlog::info("fleet: now playing from release {}", *id);
    return true;
}

void FleetLink::set_classes(const std::vector<ClassSpan>& spans, std::vector<std::string> known_conditions) {
    fleet::Catalogue catalogue;
    for (const auto& span : spans) catalogue.classes.insert(span.class_id);
    catalogue.conditions.insert(known_conditions.begin(), known_conditions.end());
    parts_->agent->set_catalogue(std::move(catalogue));
}

void FleetLink::attach(playback::PlayOptions& play, const Plan& plan, std::vector<ClassSpan> spans) {
    spans_ = std::move(spans);
    parts_->plan = &plan;
    ended_by_clinic_ = false;
    at_boundary_ = standby_;
    play.take_request = [this] { return take_request(); };
    play.on_step_start = [this, before = play.on_step_start](int step_index, std::string_view change) {
        if (before) before(step_index, change);
        on_step(step_index);
    };
}

void FleetLink::set_standby(bool standby) {
    standby_ = standby;
    if (standby) parts_->agent->set_now_playing(std::nullopt);
}

void FleetLink::on_step(int step_index) {
    at_boundary_ = standby_;
    for (const auto& span : spans_) {
        if (step_index < span.first_step || step_index >= span.end_step) continue;
        // A kiosk class opens with its attract card: the moment between two classes.
        at_boundary_ = at_boundary_ || (span.after_attract_card && step_index == span.first_step);
        fleet::NowPlaying now{span.class_id, span.title, step_index - span.first_step, "", span.conditions,
                              span.after_attract_card};
        if (parts_->plan && step_index < static_cast<int>(parts_->plan->steps.size()))
            now.step_title = parts_->plan->steps[static_cast<std::size_t>(step_index)].title;
        parts_->agent->set_now_playing(std::move(now));
    }
}

ClinicOrder FleetLink::take_order() {
    ended_by_clinic_ = false;
    return std::exchange(parts_->order, std::nullopt).value_or(ClinicOrder{});
}

void FleetLink::in_menu() {
    parts_->agent->set_now_playing(std::nullopt);
    parts_->plan = nullptr;
    spans_.clear();
    // Only `sync` reaches a home box's queue: taken here, nothing ends (no class plays).
    (void)take_request();
}

void FleetLink::send_record(const nlohmann::json& record) {
    if (!parts_->agent->send_record(record)) spdlog::warn("fleet: a session record could not be kept for the clinic");
}

std::optional<OutsideRequest> FleetLink::take_request() {
    parts_->maybe_sync();
    auto end_for = [this](ClinicOrder order) {
        parts_->order = std::move(order);
        ended_by_clinic_ = true;
        return OutsideRequest{OutsideRequest::Kind::EndClass, {}};
    };
    if (!ended_by_clinic_ && at_boundary_) {
        // Between classes: a fetched release is switched to now (the kiosk does it), and a
        // rotation the clinic stopped rests here.
        bool ready = false;
        {
            std::lock_guard lock(parts_->mutex);
            ready = parts_->ready && !parts_->syncing;
        }
        if (ready) return end_for(ClinicOrder{ClinicOrder::Kind::GoOn, {}, {}});
        if (!rotation_on_ && !standby_) return end_for(ClinicOrder{ClinicOrder::Kind::Standby, {}, {}});
    }
    while (auto command = parts_->agent->take_command()) {
        const std::string id = command->request_id;
        switch (command->name) {
            case CommandName::next:
                parts_->agent->answer(id, nlohmann::json{{"done", "next step"}});
                return OutsideRequest{OutsideRequest::Kind::NextStep, {}};
            case CommandName::screenshot: {
                auto send = [this, id](std::expected<media::RgbImage, std::string> picture) {
                    if (parts_->shots.size() >= kMostShotThreads) parts_->shots.erase(parts_->shots.begin());
                    // Scaled and encoded off the loop's thread: the class drops no frame for it.
                    parts_->shots.emplace_back([agent = parts_->agent.get(), id, picture = std::move(picture)] {
                        if (!picture) return agent->answer(id, std::unexpected(picture.error()));
                        auto jpeg = media::encode_jpeg(*picture, kShotWidth, kShotHeight);
                        if (!jpeg) return agent->answer(id, std::unexpected(jpeg.error()));
                        agent->answer(id, nlohmann::json{
                                              {"format", "jpeg"},
                                              {"width", jpeg->width},
                                              {"height", jpeg->height},
                                              {"jpeg_base64", fleet::base64_encode(std::string_view(
                                                                  reinterpret_cast<const char*>(jpeg->bytes.data()),
                                                                  jpeg->bytes.size()))}});
                    });
                };
                return OutsideRequest{OutsideRequest::Kind::Screenshot, std::move(send)};
            }
            case CommandName::stop:
                rotation_on_ = false;
                parts_->agent->answer(id, nlohmann::json{{"stopped", true}, {"resting", "until a class or the rotation is started"}});
                return end_for(ClinicOrder{ClinicOrder::Kind::Standby, {}, {}});
            case CommandName::play:
                parts_->agent->answer(id, nlohmann::json{{"playing", command->class_id}, {"conditions", command->conditions}});
                return end_for({ClinicOrder::Kind::PlayClass, command->class_id, command->conditions});
            case CommandName::kiosk:
                rotation_on_ = command->rotation_start;
                parts_->agent->answer(id, nlohmann::json{{"rotation", rotation_on_ ? "started" : "stops after this class"}});
                if (rotation_on_ && standby_) return end_for(ClinicOrder{ClinicOrder::Kind::GoOn, {}, {}});
                break;
            case CommandName::sync:
                if (!parts_->store) {
                    parts_->agent->answer(id, std::unexpected(std::string("this screen has no content store (content_dir)")));
                    break;
                }
                {
                    std::lock_guard lock(parts_->mutex);
                    parts_->failed.clear();  // asked again: try again
                    parts_->sync_waiters.push_back(id);
                }
                parts_->maybe_sync();
                break;
        }
    }
    return std::nullopt;
}

std::optional<fs::path> find_fleet_config(const std::optional<fs::path>& given) {
    if (given) return *given;
    std::error_code ec;
    if (fs::exists(fleet::kDefaultFleetConfig, ec)) return fs::path(fleet::kDefaultFleetConfig);
    return std::nullopt;
}

}  // namespace classplayer::app
