// A USB stick of playlists from anyone: what it names must stay inside its media root, it
// cannot make the player reach the network, and it is refused before anything plays.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The shipped class, copied beside its own media root (hard links: same bytes, no copy) so a
// test can put hostile things into that root without touching the real one.
struct ScratchClass {
    fs::path dir, media, playlist;
    json doc;
    explicit ScratchClass(const std::string& name) : dir(artifacts_dir() / name), media(dir / "media") {
        fs::remove_all(dir);
        fs::create_directories(dir);
        fs::copy(fs::path(CLASSPLAYER_SOURCE_DIR) / "media", media,
                 fs::copy_options::recursive | fs::copy_options::create_hard_links);
        doc = json::parse(std::ifstream(shipped_playlist()));
        doc["media_root"] = "media";
        doc["conditions"] = (fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json").string();
        playlist = dir / (name + ".json");
    }
    fs::path write() const {
        std::ofstream(playlist) << doc.dump(2);
        return playlist;
    }
};

// A TCP port on this machine that notices whether anyone connected to it.
struct Listener {
    int fd = -1;
    int port = 0;
    Listener() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::listen(fd, 8) == 0);
        socklen_t len = sizeof addr;
        REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
        port = ntohs(addr.sin_port);
    }
    ~Listener() { ::close(fd); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;
    // The kernel completes a connection into the backlog without accept(): one waiting = one made.
    bool someone_connected() const {
        const int client = ::accept(fd, nullptr, nullptr);
        if (client >= 0) ::close(client);
        return client >= 0;
    }
};

}  // namespace

TEST_CASE("A media path that leaves the media root is refused by check and play", "[integration][security]") {
    ScratchClass scratch("hostile-paths");
    const std::string clip_path = "$.segments[2].media.clip";
    std::string expected;
    SECTION("through a symlink to a file outside") {
        fs::create_symlink("/etc/hostname", scratch.media / "clips/escape.mp4");
        scratch.doc["segments"][2]["media"]["clip"] = "clips/escape.mp4";
        expected = "resolves outside the media root";
    }
    SECTION("through a symlinked folder") {
        fs::create_directory_symlink("/etc", scratch.media / "etc");
        scratch.doc["segments"][2]["media"]["clip"] = "etc/hostname";
        expected = "resolves outside the media root";
    }
    SECTION("with ..") {
        scratch.doc["segments"][2]["media"]["clip"] = "clips/../../hostile-paths.json";
        expected = "leaves the media root";
    }
    SECTION("as an absolute path") {
        scratch.doc["segments"][2]["media"]["clip"] = "/etc/hostname";
        expected = "is an absolute path";
    }
    const fs::path file = scratch.write();
    const std::string where = file.string() + ": " + clip_path + ": ";

    auto check = run_classplayer({"check", file.string()});
    INFO(check.output);
    CHECK(check.exit_code == 1);
    CHECK_THAT(check.output, Catch::Contains(where) && Catch::Contains(expected));

    auto play = play_virtual("hostile-paths", {file.string()});
    INFO(play.output);
    CHECK(play.exit_code == 1);
    CHECK_THAT(play.output, Catch::Contains(where) && Catch::Contains(expected));
    CHECK(of_kind(play.events, "class_start").empty());  // refused before anything played
}

TEST_CASE("A playlist naming a URL instead of a file is refused before anything plays", "[integration][security]") {
    const Listener listener;
    for (const std::string& url : {"http://127.0.0.1:" + std::to_string(listener.port) + "/clip.mp4",
                                  std::string("concat:clips/cobra-rep.mp4|clips/cat-cow-round.mp4"),
                                  std::string("subfile,,start,0,end,1000,,:clips/cobra-rep.mp4")}) {
        CAPTURE(url);
        ScratchClass scratch("hostile-url");
        scratch.doc["segments"][2]["media"]["clip"] = url;
        const fs::path file = scratch.write();
        const std::string where = file.string() + ": $.segments[2].media.clip: ";

        auto check = run_classplayer({"check", file.string()});
        INFO(check.output);
        CHECK(check.exit_code == 1);
        CHECK_THAT(check.output, Catch::Contains(where) && Catch::Contains("is a URL"));

        auto play = play_virtual("hostile-url", {file.string()});
        INFO(play.output);
        CHECK(play.exit_code == 1);
        CHECK_THAT(play.output, Catch::Contains(where) && Catch::Contains("is a URL"));
        CHECK(of_kind(play.events, "class_start").empty());
    }
    CHECK_FALSE(listener.someone_connected());
}

TEST_CASE("A URL given as the single file to play is refused", "[integration][security]") {
    const Listener listener;
    const std::string url = "http://127.0.0.1:" + std::to_string(listener.port) + "/clip.mp4";
    for (const char* command : {"check", "play"}) {
        CAPTURE(command);
        std::vector<std::string> args{command, url};
        if (std::string(command) == "play") args.insert(args.end(), {"--headless", "--clock", "virtual"});
        auto run = run_classplayer(args);
        INFO(run.output);
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.output, Catch::Contains(url + ": is a URL"));
    }
    CHECK_FALSE(listener.someone_connected());
}

TEST_CASE("A local file that lists network media (HLS) never makes the player connect", "[integration][security]") {
    const Listener listener;
    const fs::path dir = artifacts_dir() / "hostile-hls";
    fs::create_directories(dir);
    const std::string base = "http://127.0.0.1:" + std::to_string(listener.port) + "/";
    const fs::path list = dir / "remote.m3u8";
    std::ofstream(list) << "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
                        << "#EXTINF:10.0,\n" << base << "segment0.ts\n#EXTINF:10.0,\n" << base
                        << "segment1.ts\n#EXT-X-ENDLIST\n";

    SECTION("check says it cannot be played") {
        auto run = run_classplayer({"check", list.string()});
        INFO(run.output);
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.output, Catch::Contains(list.string()));
    }
    SECTION("play refuses it as a class") {
        auto run = play_virtual("hostile-hls", {list.string()});
        INFO(run.output);
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.output, Catch::Contains(list.string()));
    }
    CHECK_FALSE(listener.someone_connected());
}
