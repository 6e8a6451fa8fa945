#pragma once
// `classplayer fleet ...`: the clinic's view of its screens over MQTT (status, send, desire,
// screenshot), `fleet publish` (a content release, then its roll-out), and `fleet simulate`,
// N screens' agents in one process for the scale benchmark.
// Registered by main.cpp; the work is in src/fleet/ and src/content/.
#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}
namespace classplayer::fleet {
class FleetClient;
struct Outcome;
}  // namespace classplayer::fleet

namespace classplayer::app {

class FleetCommand {
public:
    explicit FleetCommand(CLI::App& cli);  // adds the `fleet` subcommand and its own subcommands
    bool chosen() const;
    int run() const;

    struct Options {
        std::optional<std::filesystem::path> fleet;  // config file
        int timeout_ms = 5000;
        int listen_ms = 1000;
        bool json = false;
        bool all = false;
        std::vector<std::string> words;               // send/desire: [SCREEN] CMD|RELEASE [ARGS...]
        std::string screen;
        std::filesystem::path file;
        // publish: `file` is the folder of classes; `words` the screens
        std::string release_id;
        std::optional<std::filesystem::path> web_root;
        // simulate
        int count = 1;
        std::string id_prefix = "sim";
        std::optional<std::filesystem::path> certs, outbox;
        double seconds = 0;  // 0: until SIGTERM/SIGINT
        bool verbose = false;
        // collect, records: the clinic's copy of the screens' session records
        std::filesystem::path records_dir = "/var/lib/classplayer/clinic-records";
        std::string client_id = "classplayer-records";
        std::string since;
    };

private:
    CLI::App* fleet_ = nullptr;
    CLI::App *status_ = nullptr, *send_ = nullptr, *desire_ = nullptr, *screenshot_ = nullptr, *publish_ = nullptr,
             *simulate_ = nullptr, *collect_ = nullptr, *records_ = nullptr;
    Options options_;
};

// The simulated screens (fleet_simulate.cpp).
int fleet_simulate(const FleetCommand::Options& options);
// A release published and, for the screens named, rolled out (fleet_publish.cpp).
int fleet_publish(const FleetCommand::Options& options);
// The screens' session records kept as they come, and the clinician's report of them
// (fleet_records.cpp).
int fleet_collect(const FleetCommand::Options& options);
int fleet_records(const FleetCommand::Options& options);

// Shared by the admin commands (fleet_command.cpp).
// The admin's client, from its config file.
std::expected<std::unique_ptr<fleet::FleetClient>, std::string> connect_admin(const FleetCommand::Options& options);
// --all: every screen online now (`online_only`, for commands) or every screen known to the
// broker (for releases, which wait for a screen that is off).
std::vector<std::string> fleet_targets(fleet::FleetClient& client, const FleetCommand::Options& options, bool online_only);
// One line per screen; kDone when every outcome is ok, else kInvalid.
int print_outcomes(const std::vector<fleet::Outcome>& outcomes, bool json);

// The long-running fleet commands (simulate, collect): on until SIGTERM or Ctrl-C, or for
// `seconds` when that is above 0. Made once the command is ready to run: it installs the two
// signal handlers.
class UntilStopped {
public:
    explicit UntilStopped(double seconds);
    bool going() const;

private:
    std::chrono::steady_clock::time_point until_;
    bool limited_;
};

// Which fleet config a command reads: --fleet, else the role's file in /etc/classplayer.
std::filesystem::path fleet_config_path(const FleetCommand::Options& options, bool admin);

}  // namespace classplayer::app
