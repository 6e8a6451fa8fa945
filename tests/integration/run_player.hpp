#pragma once
// Runs the real classplayer binary and reads back what it wrote.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "class/planner.hpp"

namespace classplayer::test {

struct Run {
    int exit_code = -1;
    std::string output;                 // stdout and stderr together
    std::vector<nlohmann::json> events; // the --events log, when one was asked for
};

// `args` are passed as they are (no shell); output is captured.
Run run_classplayer(const std::vector<std::string>& args);

// A play run in virtual time with an events log in the artifacts folder.
Run play_virtual(const std::string& name, std::vector<std::string> args);

// The same, run once per name for the whole test binary: Catch2 runs a test case again for
// each of its sections, and a class only needs playing once to be judged several ways.
const Run& play_virtual_once(const std::string& name, const std::vector<std::string>& args);

std::filesystem::path artifacts_dir();
std::filesystem::path shipped_playlist();
// The shipped class's plan for a profile ("standard", "no-floor", "low-bone-density,balance").
Plan shipped_plan(const std::string& profile);
// An --events log as it stands, also while the player still writes it or after it was killed:
// a last line cut short is left out.
std::vector<nlohmann::json> read_events(const std::filesystem::path& file);
std::vector<nlohmann::json> of_kind(const std::vector<nlohmann::json>& events, const std::string& kind);
const nlohmann::json& summary_of(const Run& run);

// An RGB image read back from a PNG (through libavcodec's PNG decoder).
struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;  // width*height*3
    // Mean colour over a rectangle.
    std::array<double, 3> mean(int x, int y, int w, int h) const;
};
Image read_png(const std::filesystem::path& file);

}  // namespace classplayer::test
