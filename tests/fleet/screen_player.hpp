#pragma once
// What the tests with real screens share (test_screen_player.cpp, test_screens_together.cpp):
// a short class to publish or play, a real kiosk process (`classplayer play --kiosk
// --headless --fleet`, real clock) with its own identity, state and events log, and the
// clinic's view of it through FleetClient.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker_fixture.hpp"
#include "fleet/fleet_client.hpp"

namespace fleet_test {

// A short class of one clip from the media corpus, as a clinic would publish it: its safety
// card (5 s), then the clip held `hold_s` seconds. The step titles name the class.
void write_class(const std::filesystem::path& release, const std::string& id, const std::string& title,
                 const std::string& clip, int hold_s = 3);

// The player's events log as it stands (a last line still being written is left out).
std::vector<nlohmann::json> read_events(const std::filesystem::path& file);
// How many events named `name` the log holds (step_start, step_end, request...).
int count_events(const std::vector<nlohmann::json>& events, const std::string& name);

// The screen's retained status when it is online, else nothing.
std::optional<nlohmann::json> status_of(classplayer::fleet::FleetClient& clinic, const std::string& screen);
std::string release_of(const nlohmann::json& status);
std::string playing_class(const nlohmann::json& status);
int playing_step(const nlohmann::json& status);  // 0 is the kiosk's attract card; -1 when nothing plays

// One real kiosk in the fleet, started at construction and stopped (SIGTERM) at destruction.
struct ScreenPlayer {
    struct Setup {
        std::string id;                          // one of kScreens (it has a certificate)
        std::vector<std::string> playlists{};    // the kiosk config's rotation (a release replaces it)
        std::string content_base_url{};          // empty: no content store
        int attract_s = 2;
        std::string clock = "real";              // or "virtual": class time as fast as decoding allows
    };
    ScreenPlayer(const Broker& broker, const std::filesystem::path& dir, Setup setup);

    std::string id;
    std::filesystem::path events, log_file, state;
    std::unique_ptr<Process> process;

    std::string log() const;  // what the player printed so far
    std::vector<nlohmann::json> timeline() const { return read_events(events); }
};

// Waits for what the clinic should see in a screen's status. The limits are generous (the
// suite runs beside heavy builds on 2 cores) and cost nothing when the screen is on time; a
// timeout FAILs saying the last status seen and what the player printed.
nlohmann::json see(classplayer::fleet::FleetClient& clinic, const ScreenPlayer& screen, const std::string& what,
                   const std::function<bool(const nlohmann::json&)>& seen,
                   std::chrono::milliseconds within = std::chrono::seconds(90));

}  // namespace fleet_test
