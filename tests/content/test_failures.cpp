// What goes wrong on a clinic's network and disks: a damaged file on the server, a full disk, a
// hostile manifest, a server that never answers. Each time the screen keeps playing the release
// it has, leaves no half-built one, and says what happened.
#include <chrono>
#include <csignal>
#include <map>
#include <set>
#include <thread>

#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "clinic.hpp"

using namespace content_test;
using Category = SyncError::Category;

namespace {

// Every path under `dir`, to show that nothing was written where it should not be.
std::set<std::string> everything_under(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) out.insert(e.path().lexically_relative(dir).string());
    return out;
}

// No release folder but `id` and no half-built one or download left in the store.
void check_only_release(const fs::path& store, const std::string& id) {
    std::set<std::string> releases;
    for (const auto& e : fs::directory_iterator(store / "releases")) releases.insert(e.path().filename().string());
    CHECK(releases == std::set<std::string>{id});
    CHECK(fs::read_symlink(store / "current") == fs::path("releases") / id);
}

// A screen already playing release "r1" (two small files), and a web root to publish more into.
struct ScreenWithRelease {
    ScratchDir scratch;
    NginxServer server{scratch / "web"};
    ContentStore store{scratch / "screen"};

    ScreenWithRelease() {
        write_file(scratch / "r1/playlists/p.json", "{\"class\": 1}");
        write_file(scratch / "r1/media/clips/a.mp4", clip_bytes(10'000, 1));
        publish(scratch / "r1", "r1", scratch / "web");
        auto synced = store.sync(options_for(server.base_url(), "r1"));
        if (!synced) FAIL(synced.error().message);
        REQUIRE(store.switch_to("r1"));
    }
};

}  // namespace

SCENARIO("A file damaged on the server is refused and the screen keeps its release", "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    const std::string clip = clip_bytes(200'000, 2);
    write_file(s / "r2/playlists/p.json", "{\"class\": 2}");
    write_file(s / "r2/media/clips/b.mp4", clip);
    publish(s / "r2", "r2", s / "web");
    // A disk error or a hand edit on the server after publishing: same size, other bytes.
    std::string damaged = clip;
    damaged[100'000] = static_cast<char>(damaged[100'000] ^ 0x40);
    write_file(s / "web/objects" / sha256_of(clip), damaged);

    auto synced = screen.store.sync(options_for(screen.server.base_url(), "r2"));
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Corrupt);
    const std::string& message = synced.error().message;
    CHECK_THAT(message, Catch::Contains("media/clips/b.mp4") && Catch::Contains("expected sha256 " + sha256_of(clip)) &&
                            Catch::Contains("received " + sha256_of(damaged)) &&
                            Catch::Contains("current release is untouched"));
    check_only_release(s / "screen", "r1");
    CHECK(fs::is_empty(s / "screen/tmp"));  // the bad bytes are not kept to be resumed
}

SCENARIO("The disk fills up during a download", "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    write_file(s / "r2/playlists/p.json", "{\"class\": 2}");
    write_file(s / "r2/media/clips/big.mp4", clip_bytes(2 << 20, 3));
    publish(s / "r2", "r2", s / "web");

    // A full disk for this process alone: writes past 256 KB fail with EFBIG (SIGXFSZ ignored,
    // or it would end the test binary). nginx, started before, keeps its own limit.
    rlimit old_limit{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &old_limit) == 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit low = old_limit;
    low.rlim_cur = 256 << 10;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &low) == 0);
    auto synced = screen.store.sync(options_for(screen.server.base_url(), "r2"));
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);

    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Disk);
    CHECK_THAT(synced.error().message, Catch::Contains("could not write") && Catch::Contains(".part") &&
                                           Catch::Contains("media/clips/big.mp4") &&
                                           Catch::Contains(std::strerror(EFBIG)) &&
                                           Catch::Contains("current release is untouched"));
    check_only_release(s / "screen", "r1");
    CHECK(fs::is_empty(s / "screen/tmp"));  // the space is given back
}

SCENARIO("A release larger than the free disk is refused before anything is downloaded", "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    nlohmann::json doc = {{"format", "classplayer-release/1"}, {"id", "huge"}, {"created", "now"}, {"files", nlohmann::json::array()}};
    // 8 TB in files of 4 GiB each: every size allowed, the whole too much for any screen.
    for (int i = 0; i < 2'000; ++i)
        doc["files"].push_back({{"path", "media/" + std::to_string(i)}, {"size", std::uint64_t{4} << 30},
                                {"sha256", sha256_of(std::to_string(i))}});
    write_file(s / "web/releases/huge.json", doc.dump());
    screen.server.forget_requests();
    auto synced = screen.store.sync(options_for(screen.server.base_url(), "huge"));
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Disk);
    CHECK_THAT(synced.error().message, Catch::Contains("release huge needs") && Catch::Contains("free on") &&
                                           Catch::Contains("nothing downloaded"));
    CHECK(count_if_uri(screen.server.requests(), "/objects/") == 0);
    check_only_release(s / "screen", "r1");
}

SCENARIO("A hostile manifest is refused at its JSON path and writes nothing outside the store",
         "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    auto [path, size, json_path] = GENERATE(table<std::string, std::uint64_t, std::string>({
        {"../../escaped.txt", 5, "$.files[1].path"},
        {"/tmp/escaped.txt", 5, "$.files[1].path"},
        {"media/x.mp4", std::uint64_t{5} << 30, "$.files[1].size"},
        {"playlists/p.json", 5, "$.files[1].path"},  // the first file's path again
    }));
    // The object exists on the server, so only the manifest's checks stand in the way.
    write_file(s / "web/objects" / sha256_of("evil\n"), "evil\n");
    const nlohmann::json doc = {
        {"format", "classplayer-release/1"}, {"id", "evil"}, {"created", "now"},
        {"files", {{{"path", "playlists/p.json"}, {"size", 5}, {"sha256", sha256_of("evil\n")}},
                   {{"path", path}, {"size", size}, {"sha256", sha256_of("evil\n")}}}}};
    write_file(s / "web/releases/evil.json", doc.dump());
    const auto before = everything_under(s);

    screen.server.forget_requests();
    auto synced = screen.store.sync(options_for(screen.server.base_url(), "evil"));
    INFO(path);
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Manifest);
    CHECK_THAT(synced.error().message, Catch::Contains(screen.server.base_url() + "/releases/evil.json: " + json_path));
    CHECK(count_if_uri(screen.server.requests(), "/objects/") == 0);
    CHECK_FALSE(fs::exists("/tmp/escaped.txt"));
    // Only the store's own empty folders may be new; nothing outside the screen's store at all.
    for (const auto& p : everything_under(s))
        if (!before.contains(p)) CHECK(p.starts_with("screen/"));
    check_only_release(s / "screen", "r1");
}

SCENARIO("A server that accepts the connection and never answers", "[content][failure]") {
    ScratchDir scratch;
    // Listening, so the kernel completes the connection, but never accepted or read.
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(s >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(s, 4) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0);

    ContentStore store(scratch / "screen");
    SyncOptions o = options_for("http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)), "r1");
    o.low_speed_time = std::chrono::seconds(2);
    const auto start = std::chrono::steady_clock::now();
    auto synced = store.sync(o);
    const auto took = std::chrono::steady_clock::now() - start;
    ::close(s);

    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Timeout);
    CHECK_THAT(synced.error().message, Catch::Contains("/releases/r1.json"));
    CHECK(took < std::chrono::seconds(20));  // 2 s asked for; generous for a loaded machine
    CHECK(took >= std::chrono::milliseconds(1500));
    CHECK_FALSE(store.current());
}

namespace {

// A bare HTTP/1.0-style server on 127.0.0.1 for what nginx will not do: answers each GET with
// the bytes mapped to its path, with no Content-Length (the end of the connection ends the
// body), so only the screen's own count can stop a body longer than the manifest says.
class BareServer {
public:
    explicit BareServer(std::map<std::string, std::string> files) : files_(std::move(files)) {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(listener_ >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(listener_, 8) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~BareServer() {
        ::shutdown(listener_, SHUT_RDWR);  // wakes accept()
        thread_.join();
        ::close(listener_);
    }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    void serve() {
        for (;;) {
            const int c = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
            if (c < 0) return;
            std::string request;
            char buffer[4096];
            while (request.find("\r\n\r\n") == std::string::npos) {
                const ssize_t n = ::recv(c, buffer, sizeof buffer, 0);
                if (n <= 0) break;
                request.append(buffer, static_cast<std::size_t>(n));
            }
            const auto start = request.find(' ') + 1;
            const std::string path = request.substr(start, request.find(' ', start) - start);
            const auto it = files_.find(path);
            const std::string response = it == files_.end()
                                             ? "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                                             : "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + it->second;
            for (std::size_t sent = 0; sent < response.size();) {
                const ssize_t n = ::send(c, response.data() + sent, response.size() - sent, MSG_NOSIGNAL);
                if (n <= 0) break;
                sent += static_cast<std::size_t>(n);
            }
            ::close(c);
        }
    }

    std::map<std::string, std::string> files_;
    int listener_ = -1;
    int port_ = 0;
    std::thread thread_;
};

}  // namespace

SCENARIO("A server that sends more bytes than the manifest says is cut off at the manifest's size",
         "[content][failure]") {
    ScratchDir scratch;
    const std::string clip = clip_bytes(100'000, 4);
    write_file(scratch / "r1/media/clips/a.mp4", clip);
    publish(scratch / "r1", "r1", scratch / "web");
    const std::string object = "/objects/" + sha256_of(clip);
    const std::string endless = clip + std::string(1 << 20, 'x');  // a megabyte more than promised
    ContentStore store(scratch / "screen");

    auto check_refused = [&](const std::expected<SyncResult, SyncError>& synced, std::uint64_t most_received) {
        REQUIRE_FALSE(synced);
        CHECK(synced.error().stats.bytes_downloaded <= most_received);
        CHECK(synced.error().category == Category::Corrupt);
        CHECK_THAT(synced.error().message, Catch::Contains("media/clips/a.mp4") && Catch::Contains("100000"));
        CHECK_FALSE(fs::exists(scratch / "screen/releases/r1"));
        CHECK(fs::is_empty(scratch / "screen/tmp"));
    };
    WHEN("it says its length (Content-Length, from nginx)") {
        write_file(scratch / ("web" + object), endless);
        NginxServer server(scratch / "web");
        check_refused(store.sync(options_for(server.base_url(), "r1")), 0);  // refused before the first byte
    }
    WHEN("it does not say its length") {
        BareServer server({{"/releases/r1.json", read_file(scratch / "web/releases/r1.json")}, {object, endless}});
        check_refused(store.sync(options_for(server.base_url(), "r1")), clip.size());
    }
}

SCENARIO("A manifest served under another release's name is refused", "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    // A copy-paste on the server: r2.json holds r1's manifest.
    write_file(s / "web/releases/r2.json", read_file(s / "web/releases/r1.json"));
    auto synced = screen.store.sync(options_for(screen.server.base_url(), "r2"));
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Manifest);
    CHECK_THAT(synced.error().message, Catch::Contains("/releases/r2.json: $.id: is \"r1\""));
    check_only_release(s / "screen", "r1");
}

SCENARIO("A redirect leads only to http or https, never to a file on the screen", "[content][failure]") {
    ScratchDir scratch;
    const std::string clip = clip_bytes(10'000, 5);
    write_file(scratch / "r1/media/a.mp4", clip);
    publish(scratch / "r1", "r1", scratch / "web");
    const std::string sha = sha256_of(clip);
    // The right bytes are on the screen's own disk: only the protocol limit stands in the way.
    write_file(scratch / "local-copy", clip);
    const std::string target = GENERATE(as<std::string>{}, "file://", "ftp://127.0.0.1:9");
    const std::string where = target == "file://" ? target + (scratch / "local-copy").string() : target + "/x";
    NginxServer server(scratch / "web", "    location = /objects/" + sha + " { return 302 " + where + "; }");
    ContentStore store(scratch / "screen");

    auto synced = store.sync(options_for(server.base_url(), "r1"));
    INFO(where);
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Network);
    CHECK_THAT(synced.error().message, Catch::Contains("media/a.mp4") && Catch::Contains("only http and https"));
    CHECK_FALSE(fs::exists(scratch / "screen/releases/r1"));
}

SCENARIO("A release changed on the server under the same id is refused by a screen that has it",
         "[content][failure]") {
    ScreenWithRelease screen;
    const fs::path& s = screen.scratch.path();
    // Edited by hand on the server (the publisher refuses this): one more file in r1.
    auto manifest = parse_manifest(read_file(s / "web/releases/r1.json"), "r1.json");
    REQUIRE(manifest);
    write_file(s / "web/objects" / sha256_of("extra"), "extra");
    manifest->files.push_back({"playlists/extra.json", 5, sha256_of("extra")});
    write_file(s / "web/releases/r1.json", manifest_text(*manifest));

    auto synced = screen.store.sync(options_for(screen.server.base_url(), "r1"));
    REQUIRE_FALSE(synced);
    CHECK(synced.error().category == Category::Usage);
    CHECK_THAT(synced.error().message, Catch::Contains("/releases/r1.json: release r1 is already on this screen "
                                                       "with other files; a changed release needs a new id"));
    CHECK_FALSE(fs::exists(s / "screen/releases/r1/playlists/extra.json"));
    check_only_release(s / "screen", "r1");
}
