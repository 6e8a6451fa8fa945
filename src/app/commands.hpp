#pragma once
// The subcommands of `classplayer`. Each returns the process exit code (design.md):
// 0 done, 1 the class or a file is invalid, 2 usage error.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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
    std::optional<std::filesystem::path> events, keys, bindings;
    bool no_captions = false;
    std::vector<std::string> screenshots;  // "SECONDS:FILE.png"
    std::optional<std::string> window;     // "WxH"
    double volume = 0.8;
    bool resume = false;                        // keep where the class is; start there next time
    std::optional<std::filesystem::path> state_dir;
};
int play_command(const PlayCommandOptions& options);

}  // namespace classplayer::app
