#pragma once
// The subcommands of `classplayer`. Each returns the process exit code (design.md):
// 0 done, 1 the class or a file is invalid, 2 usage error.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "playback/player.hpp"

namespace classplayer::app {

enum ExitCode { kDone = 0, kInvalid = 1, kUsage = 2, kNoDevice = 3 };

struct PlanOptions {
    std::filesystem::path playlist;
    std::string profile;
    bool json = false;
};
int plan_command(const PlanOptions& options);

int check_command(const std::vector<std::filesystem::path>& playlists);

// What play and home both take: where the picture and sound go, the clock, where state is
// kept, and the scripted remote, screenshots and timeline that tests and tools drive them with.
struct SessionOptions {
    bool headless = false;
    std::string clock = "real";
    std::optional<std::filesystem::path> events, keys;
    std::vector<std::string> screenshots;  // "SECONDS:FILE.png"
    std::optional<std::string> window;     // "WxH"
    double volume = 0.8;
    std::optional<std::filesystem::path> state_dir;
};

struct PlayCommandOptions : SessionOptions {
    std::filesystem::path playlist;
    std::string profile;
    std::optional<std::filesystem::path> bindings;
    bool no_captions = false;
    std::string hwdec = "none";  // none | auto | a device type (drm, vaapi) or decoder (h264_v4l2m2m)
    int max_height = 0;          // 0: decode at full size
    bool resume = false;                        // keep where the class is; start there next time
    bool kiosk = false;                           // loop a rotation with an attract card; most keys ignored
    std::optional<std::filesystem::path> kiosk_config;  // else kiosk.json beside the binary, else /etc/classplayer/
    std::optional<std::filesystem::path> fleet_config;  // kiosk: else /etc/classplayer/fleet.json when it exists
};
int play_command(const PlayCommandOptions& options);
// play --kiosk (and classplayer --kiosk): `play` holds the output options already parsed.
int kiosk_command(const PlayCommandOptions& options, playback::PlayOptions play);

// Option values shared by play and home; the error names the option and shows an example.
std::expected<playback::Screenshot, std::string> parse_screenshot(const std::string& text);  // "SECONDS:FILE.png"
std::expected<std::pair<int, int>, std::string> parse_window(const std::string& text);       // "WxH"

// The home menu (also what `classplayer` with no arguments runs). Times in --keys and
// --screenshot are menu seconds: time spent in a class does not count.
struct HomeCommandOptions : SessionOptions {
    std::optional<std::filesystem::path> playlists;     // default: the fleet release's, else default_playlists_dir()
    std::optional<std::filesystem::path> fleet_config;  // else /etc/classplayer/fleet.json when it exists
};
int home_command(const HomeCommandOptions& options);

// Where the home menu looks for classes when --playlists is not given: the source tree's
// playlists/ when this binary is the one built in that tree's build folder (development),
// else /usr/share/classplayer/playlists (installed).
std::filesystem::path default_playlists_dir();

}  // namespace classplayer::app
