#include "run_player.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <fstream>
#include <map>
#include <sstream>

#include <catch2/catch.hpp>

#include "media/png_image.hpp"

extern char** environ;

namespace classplayer::test {

namespace fs = std::filesystem;

fs::path artifacts_dir() {
    fs::create_directories(CLASSPLAYER_ARTIFACTS);
    return CLASSPLAYER_ARTIFACTS;
}

fs::path shipped_playlist() { return fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/middle-back.json"; }

Run run_classplayer(const std::vector<std::string>& args) {
    // The tests' playlists name the generated corpus in the build tree, outside their own folder
    // tree: listed, as an operator would list a media folder (docs/playlist-format.md).
    ::setenv("CLASSPLAYER_MEDIA_ROOTS", CLASSPLAYER_MEDIA_CORPUS, 0);
    const fs::path out_file = artifacts_dir() / ("output-" + std::to_string(::getpid()) + ".txt");
    std::vector<std::string> argv_text{CLASSPLAYER_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) argv.push_back(a.data());
    argv.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    Run run;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0) {
        int status = 0;
        waitpid(pid, &status, 0);
        run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    posix_spawn_file_actions_destroy(&actions);
    std::ifstream in(out_file);
    std::ostringstream text;
    text << in.rdbuf();
    run.output = text.str();
    fs::remove(out_file);
    return run;
}

Run play_virtual(const std::string& name, std::vector<std::string> args) {
    const fs::path events = artifacts_dir() / (name + ".events.jsonl");
    fs::remove(events);
    args.insert(args.begin(), "play");
    for (const char* a : {"--headless", "--clock", "virtual", "--events"}) args.emplace_back(a);
    args.push_back(events.string());
    Run run = run_classplayer(args);
    std::ifstream in(events);
    for (std::string line; std::getline(in, line);) {
        try {
            run.events.push_back(nlohmann::json::parse(line));
        } catch (const std::exception& e) {
            FAIL("event log line is not JSON: " << line);
        }
    }
    return run;
}

const Run& play_virtual_once(const std::string& name, const std::vector<std::string>& args) {
    static std::map<std::string, Run> runs;
    auto it = runs.find(name);
    if (it == runs.end()) it = runs.emplace(name, play_virtual(name, args)).first;
    return it->second;
}

Plan shipped_plan(const std::string& profile) {
    auto playlist = load_playlist(shipped_playlist());
    REQUIRE(playlist);
    auto plan = make_plan(*playlist, split_profile(profile));
    REQUIRE(plan);
    return *plan;
}

std::vector<nlohmann::json> read_events(const std::filesystem::path& file) {
    std::vector<nlohmann::json> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.back() == '}') out.push_back(nlohmann::json::parse(line));
    return out;
}

std::vector<nlohmann::json> of_kind(const std::vector<nlohmann::json>& events, const std::string& kind) {
    std::vector<nlohmann::json> out;
    for (const auto& e : events)
        if (e.at("event") == kind) out.push_back(e);
    return out;
}

const nlohmann::json& summary_of(const Run& run) {
    REQUIRE_FALSE(run.events.empty());
    const auto& last = run.events.back();
    REQUIRE(last.at("event") == "summary");
    return last;
}

std::array<double, 3> Image::mean(int x, int y, int w, int h) const {
    std::array<double, 3> sum{};
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i)
            for (int c = 0; c < 3; ++c) sum[static_cast<std::size_t>(c)] += rgb[static_cast<std::size_t>((j * width + i) * 3 + c)];
    for (auto& v : sum) v /= static_cast<double>(w * h);
    return sum;
}

Image read_png(const fs::path& file) {
    auto decoded = media::read_png_rgb24(file);
    if (!decoded) FAIL(decoded.error());
    return Image{decoded->width, decoded->height, std::move(decoded->rgb)};
}

}  // namespace classplayer::test
