// A USB stick of playlists from anyone: what it names must stay inside its media root, it
// cannot make the player reach the network, and it is refused before anything plays.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

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
        // Beside it: a playlist may name only its own folder tree (or listed roots).
        fs::copy_file(fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json", dir / "conditions.json");
        doc["conditions"] = "conditions.json";
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

// This environment, for a program run under strace: LeakSanitizer cannot work under ptrace (it
// stops with an error of its own), so a sanitizer build's leak check is left to the other tests.
std::vector<std::string> environment_for_tracing() {
    std::vector<std::string> env;
    bool asan_set = false;
    for (char** e = environ; *e; ++e) {
        std::string entry = *e;
        if (entry.starts_with("ASAN_OPTIONS=")) {
            entry += ":detect_leaks=0";
            asan_set = true;
        }
        env.push_back(std::move(entry));
    }
    if (!asan_set) env.push_back("ASAN_OPTIONS=detect_leaks=0");
    return env;
}

// Runs `argv` (argv[0] found on PATH) with output to `out`; kills it after `limit`. The exit
// code, or -1 when it had to be killed (it hung). `env` replaces the environment when given.
int run_with_limit(std::vector<std::string> argv, const fs::path& out, std::chrono::seconds limit,
                   std::vector<std::string> env = {}) {
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.empty() ? environ : envp.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE(spawned == 0);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string text_of(const fs::path& file) {
    std::ostringstream text;
    text << std::ifstream(file).rdbuf();
    return text.str();
}

std::vector<json> events_of(const fs::path& file) {
    std::vector<json> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
    return out;
}

}  // namespace

TEST_CASE("A clip that is really a playlist of files outside the media root plays as a card, opening none",
          "[integration][security]") {
    ScratchClass scratch("hostile-playlist-clip");
    // A real clip outside the media root (beside it), which the hostile "clip" names.
    const fs::path outside = scratch.dir / "outside";
    fs::create_directories(outside);
    fs::copy_file(scratch.media / "clips/cobra-rep.mp4", outside / "elsewhere.mp4");
    const fs::path trap = scratch.media / "clips/trap.mp4";
    SECTION("HLS") {
        std::ofstream(trap) << "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:8\n#EXT-X-MEDIA-SEQUENCE:0\n"
                            << "#EXTINF:8.0,\n" << (outside / "elsewhere.mp4").string() << "\n#EXT-X-ENDLIST\n";
    }
    SECTION("DASH") {
        std::ofstream(trap) << "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
                            << "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\" type=\"static\" "
                            << "mediaPresentationDuration=\"PT8S\" minBufferTime=\"PT1S\"><Period><AdaptationSet "
                            << "mimeType=\"video/mp4\"><Representation id=\"v\" bandwidth=\"100000\"><BaseURL>"
                            << (outside / "elsewhere.mp4").string()
                            << "</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
    }
    scratch.doc["segments"][2]["media"]["clip"] = "clips/trap.mp4";
    const fs::path file = scratch.write();

    auto check = run_classplayer({"check", file.string()});
    INFO(check.output);
    CHECK(check.exit_code == 1);
    CHECK_THAT(check.output, Catch::Contains(trap.string()) && Catch::Contains("$.segments[2].media.clip"));

    // Played under strace, which records every file the player (any thread) opens.
    const fs::path trace = scratch.dir / "opens.strace", events = scratch.dir / "events.jsonl",
                   out = scratch.dir / "output.txt";
    const int code = run_with_limit({"strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", trace.string(),
                                     CLASSPLAYER_BINARY, "play", file.string(), "--headless", "--clock", "virtual",
                                     "--events", events.string()},
                                    out, std::chrono::seconds(120), environment_for_tracing());
    const std::string strace_log = text_of(trace);
    INFO(text_of(out));
    REQUIRE(code == 0);
    REQUIRE_THAT(strace_log, Catch::Contains("trap.mp4"));  // strace did see the player's opens
    CHECK_THAT(strace_log, !Catch::Contains(outside.string()));

    // A card for that clip, and the class goes on to its end.
    const auto played = events_of(events);
    const auto errors = of_kind(played, "media_error");
    REQUIRE(errors.size() >= 1);
    CHECK_THAT(errors[0]["file"].get<std::string>(), Catch::Contains("trap.mp4"));
    REQUIRE(of_kind(played, "class_end").size() == 1);
    CHECK(of_kind(played, "class_end")[0]["completed"] == true);
}

TEST_CASE("A FIFO given as --keys, --bindings or the resume state is refused, never waited on",
          "[integration][security]") {
    ScratchClass scratch("hostile-fifo");
    const fs::path file = scratch.write(), fifo = scratch.dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::vector<std::string> args{CLASSPLAYER_BINARY, "play", file.string(), "--headless", "--clock", "virtual"};
    std::string expected;
    SECTION("--keys") {
        args.insert(args.end(), {"--keys", fifo.string()});
        expected = fifo.string() + ": is not a regular file";
    }
    SECTION("--bindings") {
        args.insert(args.end(), {"--bindings", fifo.string()});
        expected = fifo.string() + ": is not a regular file";
    }
    SECTION("the resume state") {
        const fs::path state = scratch.dir / "state";
        fs::create_directories(state);
        REQUIRE(::mkfifo((state / "resume.json").c_str(), 0600) == 0);
        args.insert(args.end(), {"--resume", "--state-dir", state.string()});
        expected = "resume.json: unreadable resume state, starting from the beginning: is not a regular file";
    }
    const fs::path out = scratch.dir / "output.txt";
    const int code = run_with_limit(args, out, std::chrono::seconds(60));
    // A blocked open() is left waiting for a writer: let it go, so nothing lingers.
    if (code == -1) ::close(::open(fifo.c_str(), O_WRONLY | O_NONBLOCK));
    INFO(text_of(out));
    REQUIRE(code != -1);
    CHECK_THAT(text_of(out), Catch::Contains(expected));
}

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

TEST_CASE("A voice cue an hour long is refused by its length, not decoded into memory", "[integration][security]") {
    ScratchClass scratch("hostile-long-cue");
    // 320 KB of Vorbis silence that SDL_mixer would decode whole: 690 MB at 48 kHz stereo.
    const std::string cue = scratch.doc["segments"][1]["cues"][0]["audio"];
    fs::remove(scratch.media / cue);  // a hard link to the real cue: replaced, not written through
    fs::copy_file(fs::path(CLASSPLAYER_MEDIA_CORPUS) / "hour_of_silence.ogg", scratch.media / cue);
    const fs::path file = scratch.write();
    auto run = play_virtual("hostile-long-cue", {file.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto errors = of_kind(run.events, "media_error");
    REQUIRE_FALSE(errors.empty());  // each time the class says it (the cue is used twice)
    for (const auto& error : errors) {
        CHECK_THAT(error["file"].get<std::string>(), Catch::EndsWith(cue));
        CHECK_THAT(error["message"].get<std::string>(), Catch::Contains("3600 s long") && Catch::Contains("at most 120 s"));
    }
    // The class goes on, and the words of the cue still show.
    REQUIRE(of_kind(run.events, "class_end").size() == 1);
    CHECK(of_kind(run.events, "class_end")[0]["completed"] == true);
    // Memory as for the class with its own cue (a sanitizer build's own overhead is in both),
    // not the 690 MB the hour would decode to.
    ScratchClass plain("hostile-long-cue-baseline");
    auto baseline = play_virtual("hostile-long-cue-baseline", {plain.write().string()});
    REQUIRE(baseline.exit_code == 0);
    CHECK(summary_of(run)["peak_rss_kb"].get<double>() < summary_of(baseline)["peak_rss_kb"].get<double>() + 200 * 1024);
}
