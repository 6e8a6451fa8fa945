#pragma once
// `classplayer fleet ...`: the clinic's view of its screens over MQTT (status, send, desire,
// screenshot) and `fleet simulate`, N screens' agents in one process for the scale benchmark.
// Registered by main.cpp; the work is in src/fleet/.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

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
        // simulate
        int count = 1;
        std::string id_prefix = "sim";
        std::optional<std::filesystem::path> certs, outbox;
        double seconds = 0;  // 0: until SIGTERM/SIGINT
        bool verbose = false;
    };

private:
    CLI::App* fleet_ = nullptr;
    CLI::App *status_ = nullptr, *send_ = nullptr, *desire_ = nullptr, *screenshot_ = nullptr, *simulate_ = nullptr;
    Options options_;
};

// The simulated screens (fleet_simulate.cpp).
int fleet_simulate(const FleetCommand::Options& options);

// Which fleet config a command reads: --fleet, else the role's file in /etc/classplayer.
std::filesystem::path fleet_config_path(const FleetCommand::Options& options, bool admin);

}  // namespace classplayer::app
