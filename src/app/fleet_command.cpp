#include "app/fleet_command.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "fleet/config.hpp"
#include "fleet/fleet_client.hpp"
#include "history/recorder.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;
using namespace classplayer::fleet;

fs::path fleet_config_path(const FleetCommand::Options& options, bool admin) {
    if (options.fleet) return *options.fleet;
    // The clinic's identity is not a screen's: its own file, so a screen never holds the admin key.
    return admin ? fs::path("/etc/classplayer/fleet-admin.json") : fs::path(kDefaultFleetConfig);
}

FleetCommand::FleetCommand(CLI::App& cli) {
    fleet_ = cli.add_subcommand("fleet", "A clinic's screens over MQTT: what each shows, commands, releases "
                                         "(docs/fleet-topics.md)");
    fleet_->require_subcommand(1);
    fleet_->add_option("--fleet", options_.fleet,
                       "Fleet config (default /etc/classplayer/fleet-admin.json; simulate: /etc/classplayer/fleet.json)");
    fleet_->add_option("--timeout-ms", options_.timeout_ms, "How long to wait for the broker and for answers")
        ->check(CLI::Range(100, 600000));

    status_ = fleet_->add_subcommand("status", "Every screen: online or offline since when, what it plays, release, last error");
    status_->add_option("--listen-ms", options_.listen_ms, "How long to collect the screens' retained messages")
        ->check(CLI::Range(100, 60000));
    status_->add_flag("--json", options_.json, "Print the screens as JSON");

    send_ = fleet_->add_subcommand("send", "Send a command to a screen or all: SCREEN|--all CMD [KEY=VALUE...] "
                                           "(play class=ID conditions=a,b | stop | next | kiosk rotation=start|stop | "
                                           "screenshot | sync)");
    send_->add_flag("--all", options_.all, "Every screen online now");
    send_->add_option("WORDS", options_.words, "[SCREEN] CMD [KEY=VALUE...]")->required();
    send_->add_flag("--json", options_.json, "Print each screen's answer as a JSON line");
    send_->add_option("--listen-ms", options_.listen_ms, "--all: how long to collect which screens are online")
        ->check(CLI::Range(100, 60000));

    desire_ = fleet_->add_subcommand("desire", "Set the content release a screen (or --all) should have: SCREEN|--all RELEASE_ID "
                                               "(an empty RELEASE_ID clears it)");
    desire_->add_flag("--all", options_.all, "Every screen known to the broker, online or not");
    desire_->add_option("WORDS", options_.words, "[SCREEN] RELEASE_ID")->required();
    desire_->add_option("--listen-ms", options_.listen_ms, "--all: how long to collect which screens exist")
        ->check(CLI::Range(100, 60000));

    screenshot_ = fleet_->add_subcommand("screenshot", "Fetch what a screen shows now as a JPEG");
    screenshot_->add_option("SCREEN", options_.screen, "Screen id")->required();
    screenshot_->add_option("FILE", options_.file, "Where to write the JPEG")->required();

    publish_ = fleet_->add_subcommand("publish", "Publish a folder of classes as content release ID (checked first: "
                                                 "a broken playlist is refused), then set it as the desired release "
                                                 "of the screens named, or --all (docs/content-release.md)");
    publish_->add_option("DIR", options_.file, "The folder of classes: playlists/ beside media/")->required();
    publish_->add_option("--id", options_.release_id, "The release's id, e.g. 2026-12-06.1 (never reused)")->required();
    publish_->add_option("--web-root", options_.web_root,
                         "The folder the web server serves (default: content.web_root of the fleet config)");
    publish_->add_option("SCREEN", options_.words, "Screens to roll the release out to (none: publish only)");
    publish_->add_flag("--all", options_.all, "Roll it out to every screen known to the broker, online or not");
    publish_->add_option("--listen-ms", options_.listen_ms, "--all: how long to collect which screens exist")
        ->check(CLI::Range(100, 60000));

    simulate_ = fleet_->add_subcommand("simulate", "N simulated screens in one process (no SDL), each its own "
                                                   "connection and status, answering commands: for scale tests");
    simulate_->add_option("--count", options_.count, "How many screens")->check(CLI::Range(1, 5000));
    simulate_->add_option("--id-prefix", options_.id_prefix, "Screen ids PREFIX-001, PREFIX-002, ...");
    simulate_->add_option("--certs", options_.certs, "Folder with ID.crt and ID.key for each screen (make-certs.sh)")
        ->required();
    simulate_->add_option("--outbox", options_.outbox, "Folder for the screens' outboxes (one folder each)");
    simulate_->add_option("--seconds", options_.seconds, "Stop after this long (default: at SIGTERM or Ctrl-C)");
    simulate_->add_flag("--verbose", options_.verbose, "Log every connection");

    collect_ = fleet_->add_subcommand("collect", "Keep every session record the screens send, one history file per "
                                                 "screen (run it as a service: the broker holds records while it is away)");
    collect_->add_option("--into", options_.records_dir, "Folder of the clinic's records (default /var/lib/classplayer/clinic-records)");
    collect_->add_option("--client-id", options_.client_id, "The collector's MQTT session (one collector per id)");
    collect_->add_option("--seconds", options_.seconds, "Stop after this long (default: at SIGTERM or Ctrl-C)");

    records_ = fleet_->add_subcommand("records", "What the screens' classes were, screen by screen: sessions, what was "
                                                 "made easier or stopped, how the back felt (from fleet collect)");
    records_->add_option("--from", options_.records_dir, "Folder of the clinic's records (default /var/lib/classplayer/clinic-records)");
    records_->add_option("--screen", options_.screen, "Only this screen");
    records_->add_option("--since", options_.since, "Only sessions on or after this day, YYYY-MM-DD")
        ->check([](const std::string& day) {
            return history::is_day(day) ? std::string() : std::string("expected YYYY-MM-DD");
        });
    records_->add_flag("--json", options_.json, "Print each screen's record as JSON");
}

bool FleetCommand::chosen() const { return fleet_->parsed(); }

namespace {
volatile std::sig_atomic_t stop_requested = 0;
void request_stop(int) { stop_requested = 1; }
}  // namespace

UntilStopped::UntilStopped(double seconds)
    : until_(std::chrono::steady_clock::now() +
             std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds))),
      limited_(seconds > 0) {
    std::signal(SIGTERM, request_stop);
    std::signal(SIGINT, request_stop);
}

bool UntilStopped::going() const { return !stop_requested && (!limited_ || std::chrono::steady_clock::now() < until_); }

std::expected<std::unique_ptr<FleetClient>, std::string> connect_admin(const FleetCommand::Options& options) {
    const auto file = fleet_config_path(options, true);
    auto config = load_fleet_config(file);
    if (!config) return std::unexpected(config.error());
    return FleetClient::connect(*config, std::chrono::milliseconds(options.timeout_ms));
}

std::vector<std::string> fleet_targets(FleetClient& client, const FleetCommand::Options& options, bool online_only) {
    std::vector<std::string> ids;
    for (const auto& s : client.screens(std::chrono::milliseconds(options.listen_ms)))
        if (!online_only || s.online.value_or(false)) ids.push_back(s.id);
    return ids;
}

int print_outcomes(const std::vector<Outcome>& outcomes, bool json) {
    int failed = 0;
    for (const auto& o : outcomes) {
        const char* kind = o.kind == Outcome::Kind::ok ? "ok" : o.kind == Outcome::Kind::failed ? "failed" : "timed_out";
        if (o.kind != Outcome::Kind::ok) ++failed;
        if (json) {
            std::cout << nlohmann::json{{"screen", o.screen}, {"outcome", kind}, {"result", o.result}, {"error", o.error}}.dump()
                      << "\n";
        } else if (o.kind == Outcome::Kind::ok) {
            std::cout << o.screen << ": ok" << (o.result.is_null() ? "" : " " + o.result.dump()) << "\n";
        } else {
            std::cout << o.screen << ": " << (o.kind == Outcome::Kind::failed ? "FAILED: " : "TIMED OUT: ") << o.error << "\n";
        }
    }
    if (failed) std::cerr << failed << " of " << outcomes.size() << " screens did not succeed\n";
    return failed ? kInvalid : kDone;
}

namespace {

std::string text_of(const nlohmann::json& doc, std::initializer_list<const char*> path) {
    const nlohmann::json* at = &doc;
    for (const char* key : path) {
        if (!at->is_object() || !at->contains(key)) return "";
        at = &(*at)[key];
    }
    if (at->is_string()) return at->get<std::string>();
    if (at->is_null()) return "";
    return at->dump();
}

std::string playing_text(const nlohmann::json& status) {
    if (!status.is_object() || !status.contains("playing") || !status["playing"].is_object()) return "-";
    const auto& p = status["playing"];
    std::string conditions;
    if (p.contains("conditions") && p["conditions"].is_array())
        for (const auto& c : p["conditions"]) conditions += (conditions.empty() ? "" : ",") + (c.is_string() ? c.get<std::string>() : "?");
    std::string out = text_of(p, {"class", "title"});
    if (out.empty()) out = text_of(p, {"class", "id"});
    out += " [" + (conditions.empty() ? std::string("standard") : conditions) + "]";
    out += " step " + std::to_string(p.contains("step") ? p["step"].value("index", 0) + 1 : 0) + ": " +
           text_of(p, {"step", "title"});
    if (p.value("kiosk", false)) out += " (kiosk)";
    return out;
}

int status(const FleetCommand::Options& options) {
    auto client = connect_admin(options);
    if (!client) {
        std::cerr << "fleet status: " << client.error() << "\n";
        return kInvalid;
    }
    const auto screens = (*client)->screens(std::chrono::milliseconds(options.listen_ms));
    if (options.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& s : screens)
            out.push_back({{"screen", s.id},
                           {"online", s.online ? nlohmann::json(*s.online) : nlohmann::json(nullptr)},
                           {"status", s.status}});
        std::cout << out.dump(2) << "\n";
        return kDone;
    }
    if (screens.empty()) {
        std::cout << "No screens have reported to this broker yet.\n";
        return kDone;
    }
    std::printf("%-20s %-34s %-50s %-16s %s\n", "SCREEN", "STATE", "PLAYING", "RELEASE", "LAST ERROR");
    for (const auto& s : screens) {
        std::string state;
        // A will carries no time: an offline screen is shown with the last status it sent
        // (refreshed every minute while it lived), so "last seen" is within a minute or so.
        if (!s.online) state = "unknown";
        else if (*s.online) state = "online since " + text_of(s.status, {"connected_at"});
        else state = "OFFLINE, last seen " + text_of(s.status, {"updated_at"});
        const std::string release = text_of(s.status, {"release"});
        std::string error = text_of(s.status, {"last_error", "message"});
        if (!error.empty()) error += " (" + text_of(s.status, {"last_error", "at"}) + ")";
        std::printf("%-20s %-34s %-50s %-16s %s\n", s.id.c_str(), state.c_str(), playing_text(s.status).c_str(),
                    release.empty() ? "-" : release.c_str(), error.empty() ? "-" : error.c_str());
    }
    return kDone;
}

int send(const FleetCommand::Options& options) {
    auto words = options.words;
    std::vector<std::string> screens;
    if (!options.all) {
        if (words.size() < 2) {
            std::cerr << "fleet send: give SCREEN CMD [KEY=VALUE...], or --all CMD [KEY=VALUE...]\n";
            return kUsage;
        }
        if (!is_safe_screen_id(words.front())) {
            std::cerr << "fleet send: '" << words.front() << "' is not a screen id (A-Z a-z 0-9 - _)\n";
            return kUsage;
        }
        screens.push_back(words.front());
        words.erase(words.begin());
    }
    const auto name = command_name(words.front());
    if (!name) {
        std::cerr << "fleet send: unknown command '" << words.front() << "' (play, stop, next, kiosk, screenshot, sync)\n";
        return kUsage;
    }
    const auto args = command_args(*name, {words.begin() + 1, words.end()});
    if (!args) {
        std::cerr << "fleet send: " << args.error() << "\n";
        return kUsage;
    }
    auto client = connect_admin(options);
    if (!client) {
        std::cerr << "fleet send: " << client.error() << "\n";
        return kInvalid;
    }
    if (options.all) {
        screens = fleet_targets(**client, options, true);
        if (screens.empty()) {
            std::cerr << "fleet send --all: no screen is online\n";
            return kInvalid;
        }
    }
    const auto sent = std::chrono::steady_clock::now();
    const auto outcomes = (*client)->send(screens, *name, *args, std::chrono::milliseconds(options.timeout_ms));
    // From the first command sent to the last answer in (or the timeout): what the scale benchmark reads.
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - sent).count();
    std::size_t answered = 0;
    for (const auto& o : outcomes) answered += o.kind != Outcome::Kind::timed_out;
    std::cerr << answered << " of " << outcomes.size() << " screens answered in " << ms << " ms\n";
    return print_outcomes(outcomes, options.json);
}

int desire(const FleetCommand::Options& options) {
    const auto& words = options.words;
    if (words.size() != (options.all ? 1U : 2U)) {
        std::cerr << "fleet desire: give SCREEN RELEASE_ID, or --all RELEASE_ID\n";
        return kUsage;
    }
    if (!options.all && !is_safe_screen_id(words.front())) {
        std::cerr << "fleet desire: '" << words.front() << "' is not a screen id (A-Z a-z 0-9 - _)\n";
        return kUsage;
    }
    auto client = connect_admin(options);
    if (!client) {
        std::cerr << "fleet desire: " << client.error() << "\n";
        return kInvalid;
    }
    const auto screens = options.all ? fleet_targets(**client, options, false) : std::vector<std::string>{words.front()};
    if (screens.empty()) {
        std::cerr << "fleet desire --all: no screen has reported to this broker\n";
        return kInvalid;
    }
    return print_outcomes((*client)->desire(screens, words.back(), std::chrono::milliseconds(options.timeout_ms)), false);
}

int screenshot(const FleetCommand::Options& options) {
    auto client = connect_admin(options);
    if (!client) {
        std::cerr << "fleet screenshot: " << client.error() << "\n";
        return kInvalid;
    }
    if (auto shot = (*client)->screenshot(options.screen, options.file, std::chrono::milliseconds(options.timeout_ms)); !shot) {
        std::cerr << "fleet screenshot: " << shot.error() << "\n";
        return kInvalid;
    }
    std::cout << options.file.string() << "\n";
    return kDone;
}

}  // namespace

int FleetCommand::run() const {
    // The collector is a service: each record it keeps is a line of its log (the journal).
    if (!options_.verbose && !collect_->parsed()) spdlog::set_level(spdlog::level::warn);
    if (status_->parsed()) return status(options_);
    if (send_->parsed()) return send(options_);
    if (desire_->parsed()) return desire(options_);
    if (screenshot_->parsed()) return screenshot(options_);
    if (publish_->parsed()) return fleet_publish(options_);
    if (simulate_->parsed()) return fleet_simulate(options_);
    if (collect_->parsed()) return fleet_collect(options_);
    if (records_->parsed()) return fleet_records(options_);
    return kUsage;
}

}  // namespace classplayer::app
