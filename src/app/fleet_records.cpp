// `classplayer fleet collect` and `fleet records`: the clinic's copy of what its screens'
// classes were (session records over MQTT, kept by src/fleet/records_collector), and the
// clinician's report of it, screen by screen (src/history's report).
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/fleet_command.hpp"
#include "fleet/config.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/records_collector.hpp"
#include "fleet/topics.hpp"
#include "history/report.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

int fleet_collect(const FleetCommand::Options& options) {
    const auto file = fleet_config_path(options, true);
    auto config = fleet::load_fleet_config(file);
    if (!config) {
        std::cerr << "fleet collect: " << config.error() << "\n";
        return kInvalid;
    }
    // A persistent session: while the collector is away (restarted, updated) the broker keeps
    // the screens' records for it, for a week.
    fleet::ClientOptions durable{.durable_client_id = options.client_id, .session_expiry_s = 7 * 24 * 3600};
    auto client = fleet::FleetClient::connect(*config, std::chrono::milliseconds(options.timeout_ms), durable);
    if (!client) {
        std::cerr << "fleet collect: " << client.error() << "\n";
        return kInvalid;
    }
    const fleet::Topics topics(config->topic_prefix);
    if (auto subscribed = (*client)->subscribe(topics.every("records"), std::chrono::milliseconds(options.timeout_ms));
        !subscribed) {
        std::cerr << "fleet collect: " << subscribed.error() << "\n";
        return kInvalid;
    }
    const UntilStopped run(options.seconds);
    fleet::RecordsCollector collector(options.records_dir);
    spdlog::info("fleet collect: keeping the screens' session records in {}", options.records_dir.string());
    int refused = 0;
    while (run.going()) {
        for (const auto& message : (*client)->take_messages()) {
            const auto split = topics.split(message.topic);
            if (!split || split->rest != "records") continue;
            auto kept = collector.keep(split->screen_id, message.payload);
            if (!kept) {
                ++refused;
                spdlog::error("fleet collect: {}", kept.error());
            } else if (*kept == fleet::RecordsCollector::Kept::stored) {
                spdlog::info("fleet collect: a session record from {} kept", split->screen_id);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return refused ? kInvalid : kDone;
}

int fleet_records(const FleetCommand::Options& options) {
    std::vector<std::string> screens;
    std::error_code ec;
    if (!options.screen.empty()) {
        if (!fleet::is_safe_screen_id(options.screen)) {
            std::cerr << "fleet records: \"" << options.screen << "\" is not a screen id\n";
            return kUsage;
        }
        screens.push_back(options.screen);
    } else {
        for (const auto& entry : fs::directory_iterator(options.records_dir, ec)) {
            const std::string screen = entry.path().filename().string();
            if (entry.is_directory() && fs::exists(fleet::RecordsCollector::file_of(options.records_dir, screen)))
                screens.push_back(screen);
        }
        if (ec) {
            std::cerr << "fleet records: " << options.records_dir.string() << ": " << ec.message() << "\n";
            return kInvalid;
        }
        std::sort(screens.begin(), screens.end());
    }
    nlohmann::json all = nlohmann::json::object();
    int failed = 0;
    for (const auto& screen : screens) {
        const fs::path file = fleet::RecordsCollector::file_of(options.records_dir, screen);
        auto db = history::Database::open_to_read(file);
        std::vector<history::Session> sessions;
        if (db && *db) {
            auto read = (*db)->sessions(options.since);
            if (read) sessions = std::move(*read);
            else db = std::unexpected(read.error());
        }
        if (!db) {
            ++failed;
            std::cerr << "fleet records: " << screen << ": " << db.error() << "\n";
            continue;
        }
        const auto summary = history::summarise(sessions, options.since);
        if (options.json) {
            all[screen] = history::as_json(sessions, summary);
        } else {
            std::cout << "== " << screen << " ==\n";
            if (sessions.empty()) std::cout << "No sessions recorded" << (options.since.empty() ? "" : " since " + options.since) << "\n\n";
            else std::cout << history::as_text(sessions, summary) << "\n";
        }
    }
    if (options.json) std::cout << all.dump(2) << "\n";
    else if (screens.empty()) std::cout << "No screen has sent a session record yet (" << options.records_dir.string() << ")\n";
    return failed ? kInvalid : kDone;
}

}  // namespace classplayer::app
