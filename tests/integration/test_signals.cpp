// Stopping the player from outside: systemd's SIGTERM, a terminal hanging up (SIGHUP) or
// Ctrl+Backslash (SIGQUIT) all end a class the same clean way: logged as ended (not completed),
// the summary written, the process exits on its own rather than being killed mid-write.
#include <chrono>
#include <csignal>
#include <fstream>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
namespace fs = std::filesystem;

namespace {

// Starts the player with `args` (after the binary) and waits until its first step has started.
pid_t start_into_class(std::vector<std::string> args, const fs::path& log) {
    args.insert(args.begin(), CLASSPLAYER_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (of_kind(read_events(log), "step_start").empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE_FALSE(of_kind(read_events(log), "step_start").empty());
    return pid;
}

// Its wait status once it ends by itself within `limit`; else it is killed and the test fails.
int wait_for_exit(pid_t pid, std::chrono::seconds limit) {
    int status = 0;
    pid_t done = 0;
    const auto stop_by = std::chrono::steady_clock::now() + limit;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < stop_by)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        FAIL("still running " << limit.count() << " s later");
    }
    return status;
}

}  // namespace

TEST_CASE("SIGTERM, SIGHUP or SIGQUIT ends a class cleanly: logged as ended, summary written", "[integration][signals]") {
    const int signal = GENERATE(SIGTERM, SIGHUP, SIGQUIT);
    CAPTURE(strsignal(signal));
    const fs::path log = artifacts_dir() / ("signal-" + std::to_string(signal) + ".events.jsonl");
    fs::remove(log);
    // The real clock: the class takes minutes.
    const pid_t pid = start_into_class({"play", shipped_playlist().string(), "--headless", "--events", log.string()}, log);
    kill(pid, signal);
    const int status = wait_for_exit(pid, std::chrono::seconds(20));
    CHECK(WIFEXITED(status));  // not killed by the signal
    const auto events = read_events(log);
    REQUIRE_FALSE(events.empty());
    CHECK(events.back()["event"] == "summary");
    const auto ends = of_kind(events, "class_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]["completed"] == false);
}

TEST_CASE("Stopped (SIGSTOP) and continued, the class carries on where it was, not past what nobody saw",
          "[integration][signals]") {
    // A 3 s clip played as it is; the process stopped 1 s in for 4 s. Jumping class time past
    // the stop would end the step at once (about 30 of its 90 frames shown).
    const fs::path log = artifacts_dir() / "sigstop.events.jsonl", keys = artifacts_dir() / "sigstop.keys";
    fs::remove(log);
    std::ofstream(keys) << "12 BACK\n";  // declines the question at the end
    const pid_t pid = start_into_class({"play", std::string(CLASSPLAYER_MEDIA_CORPUS) + "/h264_aac_320x240_30fps.mp4",
                                        "--headless", "--keys", keys.string(), "--events", log.string()},
                                       log);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    kill(pid, SIGSTOP);
    std::this_thread::sleep_for(std::chrono::seconds(4));
    kill(pid, SIGCONT);
    const int status = wait_for_exit(pid, std::chrono::seconds(40));
    REQUIRE(WIFEXITED(status));
    const auto events = read_events(log);
    const auto stalls = of_kind(events, "stalled");
    REQUIRE(stalls.size() == 1);
    CHECK(stalls[0]["lost_s"].get<double>() == Approx(4).margin(1));
    const auto ends = of_kind(events, "step_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]["frames"].get<int>() >= 85);
}

TEST_CASE("SIGTERM in the kiosk's \"Class complete\" card ends the kiosk, not just that round", "[integration][signals]") {
    // The round's class has ended (completed) and its closing card is up for a few seconds:
    // systemd stopping the screen then must not be taken for the card running out.
    const fs::path dir = artifacts_dir() / "signal-kiosk-closing";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const fs::path log = dir / "events.jsonl", config = dir / "kiosk.json";
    std::ofstream(config) << nlohmann::json{{"playlists", {std::string(CLASSPLAYER_MEDIA_CORPUS) + "/no_audio.mp4"}},
                                            {"attract", {{"title", "Join in"}, {"seconds", 2}}},
                                            {"resume", false}}
                                 .dump();
    const pid_t pid = start_into_class({"play", "--kiosk", "--config", config.string(), "--headless", "--state-dir",
                                        (dir / "state").string(), "--events", log.string()},
                                       log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (of_kind(read_events(log), "class_end").empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    REQUIRE(of_kind(read_events(log), "class_end").size() == 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // into the closing card
    kill(pid, SIGTERM);
    const int status = wait_for_exit(pid, std::chrono::seconds(15));
    CHECK(WIFEXITED(status));
    const auto ends = of_kind(read_events(log), "class_end");
    CHECK(ends.size() == 1);  // no second round started
}
