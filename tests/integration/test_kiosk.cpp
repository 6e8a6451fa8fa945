// The kiosk as a waiting room sees it: a rotation of classes round and round with an attract
// card between them, remote keys from passers-by ignored, one deliberate combination to leave;
// and systemd hearing READY=1 and the watchdog from the main loop.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <poll.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kClipA = std::string(CLASSPLAYER_MEDIA_CORPUS) + "/h264_aac_320x240_30fps.mp4";  // 3 s
const std::string kClipB = std::string(CLASSPLAYER_MEDIA_CORPUS) + "/no_audio.mp4";                // 3 s

fs::path write_file(const std::string& name, const std::string& text) {
    const fs::path file = artifacts_dir() / name;
    std::ofstream(file) << text;
    return file;
}

fs::path kiosk_config(const std::string& name, int loops) {
    return write_file(name + ".kiosk.json", json{{"playlists", {kClipA, kClipB}},
                                                 {"attract", {{"title", "Join in"}, {"seconds", 2}}},
                                                 {"resume", false},
                                                 {"hwdec", "none"},
                                                 {"loops", loops}}
                                                .dump());
}

std::vector<std::string> segments_started(const Run& run) {
    std::vector<std::string> out;
    for (const auto& e : of_kind(run.events, "step_start")) out.push_back(e.at("segment"));
    return out;
}

// A single file plays as a class whose one segment is "clip"; its title names the file.
std::vector<std::string> titles_started(const Run& run) {
    std::vector<std::string> out;
    for (const auto& e : of_kind(run.events, "step_start")) out.push_back(e.at("title"));
    return out;
}

}  // namespace

TEST_CASE("Kiosk: a rotation of two playlists loops with an attract card before each", "[integration][kiosk]") {
    auto run = play_virtual("kiosk-rotation", {"--kiosk", "--config", kiosk_config("rotation", 2).string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto segments = segments_started(run);
    REQUIRE(segments.size() == 8);
    for (std::size_t i : {0u, 2u, 4u, 6u}) CHECK(segments[i] == "kiosk-attract");
    const auto titles = titles_started(run);
    REQUIRE(titles.size() == 8);
    CHECK(titles[1] == titles[5]);  // the same first class in both rounds
    CHECK(titles[3] == titles[7]);
    CHECK(titles[1] != titles[3]);  // two different classes in turn
    CHECK(of_kind(run.events, "class_end").size() == 2);
    CHECK(of_kind(run.events, "media_error").empty());
    CHECK_THAT(run.output, Catch::Contains("Kiosk: round 2 done"));
}

TEST_CASE("Kiosk: quit keys from a passer-by are ignored", "[integration][kiosk]") {
    const auto keys = write_file("kiosk-passer-by.keys", "1.0 QUIT\n1.5 STOP\n2.0 BACK\n3.0 PLAYPAUSE\n4.0 NEXT\n5.0 OK\n");
    auto run = play_virtual("kiosk-passer-by",
                            {"--kiosk", "--config", kiosk_config("passer-by", 1).string(), "--keys", keys.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    auto pressed = of_kind(run.events, "key");
    REQUIRE(pressed.size() == 6);
    for (const auto& key : pressed) CHECK(key.at("action") == "ignored");
    CHECK(of_kind(run.events, "paused").empty());
    auto end = of_kind(run.events, "class_end");
    REQUIRE(end.size() == 1);
    CHECK(end[0].at("completed") == true);  // the whole rotation played: 2 + 3 + 2 + 3 s
    CHECK(end[0].at("t").get<double>() == Approx(10.0).margin(0.1));
}

TEST_CASE("Kiosk: BACK held 5 s then the code leaves it", "[integration][kiosk]") {
    std::string script;
    for (int i = 0; i <= 22; ++i) script += std::to_string(1.0 + i * 0.25) + " BACK\n";  // held 1.0 to 6.5 s
    script += "7.0 UP\n7.5 UP\n8.0 DOWN\n8.5 DOWN\n";
    const auto keys = write_file("kiosk-unlock.keys", script);
    auto run = play_virtual("kiosk-unlock", {"--kiosk", "--config", kiosk_config("unlock", 3).string(), "--keys", keys.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("left by the unlock combination"));
    CHECK_THAT(run.output, !Catch::Contains("round 1 done"));
    auto end = of_kind(run.events, "class_end");
    REQUIRE(end.size() == 1);
    CHECK(end[0].at("completed") == false);
    CHECK(end[0].at("t").get<double>() == Approx(8.5).margin(0.1));
    auto pressed = of_kind(run.events, "key");
    REQUIRE_FALSE(pressed.empty());
    CHECK(pressed.back().at("action") == "quit");
}

TEST_CASE("Under systemd: READY=1, then the watchdog from the main loop", "[integration][systemd]") {
    // A datagram socket where systemd would listen (NOTIFY_SOCKET), and a watchdog of 0.4 s.
    const fs::path socket_path = artifacts_dir() / ("notify-" + std::to_string(::getpid()) + ".sock");
    fs::remove(socket_path);
    const int listener = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(listener >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(socket_path.string().size() < sizeof(address.sun_path));
    std::copy_n(socket_path.c_str(), socket_path.string().size(), address.sun_path);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    ::setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
    ::setenv("WATCHDOG_USEC", "400000", 1);

    // Read while the player runs, as systemd does: a datagram queue holds only
    // net.unix.max_dgram_qlen messages (10 by default), and a sender facing a full queue blocks.
    std::vector<std::string> messages;
    std::atomic<bool> finished{false};
    std::thread reader([&] {
        char buffer[256];
        while (!finished) {
            pollfd waiting{listener, POLLIN, 0};
            if (::poll(&waiting, 1, 50) <= 0) continue;
            const ssize_t n = ::recv(listener, buffer, sizeof(buffer), MSG_DONTWAIT);
            if (n > 0) messages.emplace_back(buffer, static_cast<std::size_t>(n));
        }
        for (ssize_t n; (n = ::recv(listener, buffer, sizeof(buffer), MSG_DONTWAIT)) > 0;)
            messages.emplace_back(buffer, static_cast<std::size_t>(n));
    });

    // Real time (the watchdog is about wall-clock hangs): a 3 s clip.
    const auto started = std::chrono::steady_clock::now();
    auto run = run_classplayer({"play", kClipA, "--headless"});
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    finished = true;
    reader.join();
    ::unsetenv("NOTIFY_SOCKET");
    ::unsetenv("WATCHDOG_USEC");
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    ::close(listener);
    fs::remove(socket_path);
    REQUIRE_FALSE(messages.empty());
    CHECK(messages.front() == "READY=1");
    const auto pings = std::count(messages.begin(), messages.end(), std::string("WATCHDOG=1"));
    // About every 0.2 s (half the interval; the loop turns at least every 0.25 s) while it ran:
    // never so rarely that systemd would kill it, never more often than asked.
    INFO("wall " << wall_s << " s, " << pings << " pings");
    CHECK(wall_s >= 3.0);
    CHECK(pings >= static_cast<long>(wall_s / 0.4));
    CHECK(pings <= static_cast<long>(wall_s / 0.2) + 1);
}
