// A playlist from anyone (a USB stick) that tries to reach other files, hang the player, or take
// the board's memory: each kind is refused as it loads (so `check`, `plan` and `play` all refuse
// it before anything plays), with the file and the JSON path.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scratch_class.hpp"

using namespace classplayer;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using nlohmann::json;
using scratch::problem_at;
using scratch::ScratchClass;

namespace {

// The loader on another thread, so that a file that blocks open() fails the test, not hangs it.
Problems load_or_fail_if_blocked(const fs::path& file) {
    auto loading = std::async(std::launch::async, [file] {
        auto loaded = load_playlist(file);
        return loaded ? Problems{} : loaded.error();
    });
    if (loading.wait_for(5s) != std::future_status::ready) {
        // Let a blocked open() of a FIFO go (a writer comes and goes) before failing.
        for (int i = 0; i < 3; ++i) ::close(::open(file.c_str(), O_WRONLY | O_NONBLOCK));
        FAIL("loading " << file << " blocked");
    }
    return loading.get();
}

}  // namespace

TEST_CASE("A media_root or conditions file outside the playlist's folder tree is refused", "[validation][security]") {
    ScratchClass scratch;  // <tmp>/playlists/middle-back.json: the tree is <tmp>
    const auto [key, value] = GENERATE(table<std::string, std::string>({
        {"media_root", "/"},
        {"media_root", "../../.."},
        {"media_root", "/etc"},
        {"media_root", "escape"},  // a symlink in the playlist's folder to "/"
        {"conditions", "/etc/passwd"},
        {"conditions", "../../../../../../../etc/passwd"},
        {"conditions", "../../conditions.json"},  // just above the tree
    }));
    CAPTURE(key, value);
    fs::create_directory_symlink("/", scratch.dir() / "playlists/escape");
    scratch.doc[key] = value;
    const Problems problems = scratch.load();
    const auto& p = problem_at(problems, "$." + key, scratch.file());
    CHECK_THAT(p.message, Catch::Contains("outside the folders a playlist may use") &&
                              Catch::Contains(fs::canonical(scratch.dir()).string()));
    // Nothing was read from there: no problem names a file under it.
    for (const auto& other : problems) CHECK_THAT(other.file, !Catch::Contains("/etc"));
}

TEST_CASE("A folder listed by whoever starts the player may hold a playlist's media", "[validation][security]") {
    ScratchClass scratch;
    const fs::path elsewhere = scratch.dir().string() + "-media";
    fs::remove_all(elsewhere);
    fs::rename(scratch.dir() / "media", elsewhere);
    scratch.doc["media_root"] = elsewhere.string();
    const auto outside = problem_at(scratch.load(), "$.media_root", scratch.file());
    CHECK_THAT(outside.message, Catch::Contains("outside the folders"));

    ::setenv(std::string(kRootsVariable).c_str(), ("/nonexistent:relative:" + elsewhere.string()).c_str(), 1);
    const Problems listed = scratch.load();
    ::unsetenv(std::string(kRootsVariable).c_str());
    fs::remove_all(elsewhere);
    CHECK(to_string(listed) == "");
}

TEST_CASE("A file that is not JSON is reported by line and column, none of its bytes quoted", "[validation][security]") {
    ScratchClass scratch;
    // nlohmann quotes the token it was reading: a whole line when it is an unterminated string.
    const std::string secret = "\"password=hunter2-do-not-show";
    SECTION("as the conditions file") {
        std::ofstream(scratch.dir() / "playlists/secrets") << secret << "\nsecond line\n";
        scratch.doc["conditions"] = "secrets";
        const auto p = problem_at(scratch.load(), "$", scratch.dir() / "playlists/secrets");
        CHECK_THAT(p.message, Catch::Contains("malformed JSON at line 1, column") && !Catch::Contains("hunter2"));
    }
    SECTION("as the playlist, its error after some JSON") {
        const auto problems = scratch.load_text("{\"id\": \"x\", " + secret + "\n}");
        const auto p = problem_at(problems, "$", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("line 1, column") && !Catch::Contains("hunter2"));
    }
    SECTION("a number running into text") {
        const auto problems = scratch.load_text("12345hunter2");
        CHECK_THAT(problem_at(problems, "$", scratch.file()).message, !Catch::Contains("12345h"));
    }
}

TEST_CASE("Only a small regular file is read as a playlist or conditions file", "[validation][security]") {
    ScratchClass scratch;
    SECTION("the conditions file is a FIFO with no writer (open() would block for ever)") {
        const fs::path fifo = scratch.dir() / "playlists/fifo.json";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        scratch.doc["conditions"] = "fifo.json";
        std::ofstream(scratch.file()) << scratch.doc.dump();
        const auto p = problem_at(load_or_fail_if_blocked(scratch.file()), "$", fifo);
        CHECK_THAT(p.message, Catch::Contains("not a regular file"));
    }
    SECTION("a voice cue is a FIFO: named for what it is, not called missing") {
        const std::string cue = scratch.doc["segments"][1]["cues"][0]["audio"];
        const fs::path fifo = scratch.dir() / "media" / cue;
        fs::remove(fifo);
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        std::ofstream(scratch.file()) << scratch.doc.dump();
        const auto p = problem_at(load_or_fail_if_blocked(scratch.file()), "$.segments[1].cues[0].audio", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("is not a regular file") && !Catch::Contains("does not exist"));
    }
    SECTION("the playlist is a FIFO") {
        const fs::path fifo = scratch.dir() / "playlists/fifo-class.json";
        REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
        const auto p = problem_at(load_or_fail_if_blocked(fifo), "$", fifo);
        CHECK_THAT(p.message, Catch::Contains("not a regular file"));
    }
    SECTION("the playlist is /dev/zero (would be read until memory runs out)") {
        const auto p = problem_at(load_or_fail_if_blocked("/dev/zero"), "$", "/dev/zero");
        CHECK_THAT(p.message, Catch::Contains("not a regular file"));
    }
    SECTION("the conditions file is larger than 1 MiB") {
        std::ofstream(scratch.dir() / "playlists/huge.json") << std::string(1100 * 1024, ' ') << "{}";
        scratch.doc["conditions"] = "huge.json";
        const auto p = problem_at(scratch.load(), "$", scratch.dir() / "playlists/huge.json");
        CHECK_THAT(p.message, Catch::Contains("larger than 1024 KiB"));
    }
}

TEST_CASE("A key given twice in one object is refused, not silently last-wins", "[validation]") {
    ScratchClass scratch;
    scratch.doc["segments"][2]["zz"] = 0;
    scratch.doc["zz"] = 0;
    std::string text = scratch.doc.dump();
    // Keys print sorted, so "zz" is the last of each object.
    const auto at = [&](std::size_t from) { return text.find("\"zz\":0", from); };
    const std::size_t first = at(0);
    REQUIRE(first != std::string::npos);
    text.replace(first, 6, R"("title":"Cobra, twice")");
    text.replace(at(first), 6, R"("format":1)");
    const Problems problems = scratch.load_text(text);
    CHECK_THAT(problem_at(problems, "$.segments[2].title", scratch.file()).message, Catch::Contains("twice"));
    CHECK_THAT(problem_at(problems, "$.format", scratch.file()).message, Catch::Contains("twice"));
}

TEST_CASE("Times, counts and text beyond their caps are refused at their JSON path", "[validation][limits]") {
    ScratchClass scratch;
    scratch.doc["segments"].push_back(
        {{"id", "note"}, {"title", "Note"}, {"kind", "card"}, {"lines", {"Hello"}}, {"duration_s", 10}});
    scratch.doc["segments"].push_back({{"id", "rest-here"}, {"title", "Rest"}, {"kind", "breathing"}, {"cycles", 3}});
    REQUIRE(to_string(scratch.load()) == "");
    const std::string long_line(50000, 'a');
    const auto [pointer, value, path, words] = GENERATE_COPY(table<std::string, json, std::string, std::string>({
        // durations: 1e308 used to plan as "-8 s"
        {"/safety_card/duration_s", 1e308, "$.safety_card.duration_s", "at most 14400 s"},
        {"/segments/6/duration_s", 1e308, "$.segments[6].duration_s", "at most 14400 s"},
        {"/breathing/in_s", 1e308, "$.breathing.in_s", "at most 60 s"},
        {"/breathing/out_s", 600, "$.breathing.out_s", "at most 60 s"},
        {"/segments/0/media/rep_s", 1e308, "$.segments[0].media.rep_s", "at most 14400 s"},
        {"/segments/1/dose/hold_s/range", json::array({20, 1e308}), "$.segments[1].dose.hold_s.range", "<= 14400"},
        {"/skip_card_s", 1e308, "$.skip_card_s", "at most 14400 s"},
        // counts that multiply out: 1000 sets of two 30 s sides is 16.7 h
        {"/segments/4/dose/sets", json({{"range", {1, 1000}}, {"use", 1000}}), "$.segments[4].dose", "at most 4 h"},
        // breathing cycles: 2^31-1 made play abort with bad_alloc
        {"/segments/7/cycles", 2147483647, "$.segments[7].cycles", "1 to 100"},
        {"/breathing/replacement_cycles", 2147483647, "$.breathing.replacement_cycles", "1 to 100"},
        {"/breathing/between_cycles", 101, "$.breathing.between_cycles", "0 to 100"},
        // text: a 50 KB line peaked at 1.27 GB when drawn
        {"/segments/6/lines/0", long_line, "$.segments[6].lines[0]", "50000 characters long"},
        {"/title", long_line, "$.title", "at most 600"},
        {"/segments/0/cues/0/text", long_line, "$.segments[0].cues[0].text", "at most 600"},
        {"/segments/6/lines", json(std::vector<std::string>(8, std::string(500, 'b'))), "$.segments[6].lines",
         "at most 2000"},
    }));
    CAPTURE(pointer);
    scratch.doc[json::json_pointer(pointer)] = value;
    const auto p = problem_at(scratch.load(), path, scratch.file());
    CHECK_THAT(p.message, Catch::Contains(words));
}
