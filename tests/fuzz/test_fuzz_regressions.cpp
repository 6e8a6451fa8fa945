// Every seed and every input that once crashed a fuzz target, replayed through the same entry
// points in the normal build: each must be either accepted or refused with a message that says
// where (the file and JSON path, or the file and line), never crash or hang.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_entries.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> files_in(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file()) out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string bytes_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string playlist_result(const std::string& bytes, const fs::path& as) {
    return classplayer::fuzz::playlist_bytes(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), as);
}

}  // namespace

TEST_CASE("Playlists that once broke the loader are refused, each problem placed", "[fuzz][playlist]") {
    const fs::path as = fs::path(CLASSPLAYER_PLAYLISTS_DIR) / "fuzzed.json";
    const auto inputs = files_in(fs::path(CLASSPLAYER_FUZZ_DIR) / "regressions/playlist");
    REQUIRE_FALSE(inputs.empty());
    for (const auto& input : inputs) {
        INFO(input.filename().string());
        const std::string result = playlist_result(bytes_of(input), as);
        // A refusal is one line a problem, each "FILE: $.json.path: what is wrong" (the file may be
        // the conditions file the playlist names).
        std::istringstream lines(result);
        std::string line;
        int problems = 0;
        while (std::getline(lines, line)) {
            if (line.empty()) continue;
            ++problems;
            INFO(line);
            CHECK(line.starts_with("/"));
            CHECK(line.find(": $") != std::string::npos);
        }
        CHECK((result.empty() || problems > 0));
    }
}

TEST_CASE("The shipped class, the playlist fuzzer's seed, is valid and plans for every profile", "[fuzz][playlist]") {
    const fs::path shipped = fs::path(CLASSPLAYER_PLAYLISTS_DIR) / "middle-back.json";
    CHECK(playlist_result(bytes_of(shipped), shipped) == "");
}

TEST_CASE("Key scripts that once broke the parser, and the seeds, parse or are refused with their line",
          "[fuzz][keys]") {
    for (const char* dir : {"seeds/keys", "regressions/keys"}) {
        for (const auto& input : files_in(fs::path(CLASSPLAYER_FUZZ_DIR) / dir)) {
            INFO(input.string());
            const std::string bytes = bytes_of(input);
            const std::string result = classplayer::fuzz::key_script_bytes(
                reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
            if (std::string(dir) == "seeds/keys") CHECK(result.empty());
            else CHECK_THAT(result, Catch::StartsWith("fuzz.keys:"));
        }
    }
}
