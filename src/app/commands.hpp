#pragma once
// The subcommands of `classplayer`. Each returns the process exit code (design.md):
// 0 done, 1 the class or a file is invalid, 2 usage error.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace classplayer::playback {
struct PlayOptions;
}

namespace classplayer::app {

enum ExitCode { kDone = 0, kInvalid = 1, kUsage = 2 };

struct PlanOptions {
    std::filesystem::path playlist;
    std::string profile;
    bool json = false;
};
int plan_command(const PlanOptions& options);

int check_command(const std::vector<std::filesystem::path>& playlists);

struct PlayCommandOptions {
    std::filesystem::path playlist;
    std::string profile;
    bool headless = false;
    std::string clock = "real";
    std::optional<std::filesystem::path> events, keys;
    std::vector<std::string> screenshots;  // "SECONDS:FILE.png"
    std::optional<std::string> window;     // "WxH"
    double volume = 0.8;
    std::string hwdec = "none";  // none | auto | a device type (drm, vaapi) or decoder (h264_v4l2m2m)
    int max_height = 0;          // 0: decode at full size
    bool resume = false;                        // keep where the class is; start there next time
    std::optional<std::filesystem::path> state_dir;
    bool kiosk = false;                           // loop a rotation with an attract card; most keys ignored
    std::optional<std::filesystem::path> kiosk_config;  // else kiosk.json beside the binary, else /etc/classplayer/
};
int play_command(const PlayCommandOptions& options);
// play --kiosk (and classplayer --kiosk): `play` holds the output options already parsed.
int kiosk_command(const PlayCommandOptions& options, playback::PlayOptions play);

}  // namespace classplayer::app
