// The playlists folder as the menu lists it: every class with its title and length, broken
// playlists named with what is wrong, condition books left out.
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "class/planner.hpp"
#include "home/catalog.hpp"

using namespace classplayer;
using namespace classplayer::home;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("classplayer-catalog-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& file, const std::string& text) { std::ofstream(file) << text; }

}  // namespace

TEST_CASE("The shipped playlists folder lists the middle-back class", "[home][catalog]") {
    auto classes = load_catalog(CLASSPLAYER_PLAYLISTS_DIR);
    REQUIRE(classes);
    REQUIRE(classes->size() == 1);  // conditions.json and motion-rules.json are the classes' data, not classes
    const ClassEntry& entry = classes->front();
    CHECK(entry.title == "Middle back stretch");
    CHECK(entry.playable());
    // Length and steps of the class as written, as the planner makes it.
    auto as_written = make_plan(*entry.playlist, {});
    REQUIRE(as_written);
    CHECK(entry.length_s == as_written->total_s);
    CHECK(entry.step_count == static_cast<int>(as_written->steps.size()));
    CHECK(entry.length_s > 300);
    CHECK(entry.first_clip.filename() == "cat-cow-round.mp4");
}

TEST_CASE("A folder with broken and incomplete playlists", "[home][catalog]") {
    TempDir dir;
    // A copy of the shipped class: its media_root (../media) is not there beside the copy.
    fs::copy_file(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json", dir.path / "middle-back.json");
    fs::copy_file(CLASSPLAYER_PLAYLISTS_DIR "/conditions.json", dir.path / "conditions.json");
    write(dir.path / "no-segments.json", R"({"format": 1, "id": "x", "title": "X", "media_root": ".", "conditions": "conditions.json"})");
    write(dir.path / "not-json.json", "{ this is not json");
    write(dir.path / "notes.txt", "not a playlist at all");

    auto classes = load_catalog(dir.path);
    REQUIRE(classes);
    REQUIRE(classes->size() == 3);

    SECTION("a class whose media is missing lists, can start, and says what is missing") {
        const ClassEntry& copy = (*classes)[0];
        CHECK(copy.title == "Middle back stretch");
        CHECK(copy.playable());
        CHECK(copy.problem.starts_with("Media missing: "));
        CHECK(copy.problem.find("more files") != std::string::npos);
    }
    SECTION("an invalid playlist lists after the others, naming the file, the JSON path and why") {
        for (std::size_t i = 1; i < classes->size(); ++i) {
            const ClassEntry& bad = (*classes)[i];
            CAPTURE(bad.file);
            CHECK_FALSE(bad.playable());
            CHECK(bad.problem.starts_with("Cannot be played: " + bad.file.filename().string() + ": $"));
        }
        CHECK((*classes)[1].problem.find("segments") != std::string::npos);
    }
}

TEST_CASE("A playlists folder that is not there is an error naming it", "[home][catalog]") {
    auto classes = load_catalog("/nonexistent/playlists");
    REQUIRE_FALSE(classes);
    CHECK(classes.error().starts_with("/nonexistent/playlists: cannot read the playlists folder"));
}

TEST_CASE("Lengths are said the way a person says them", "[home][catalog]") {
    auto [seconds, said] = GENERATE(table<double, std::string>({
        {0, "0 s"}, {45, "45 s"}, {60, "1 min"}, {399, "6 min 39 s"}, {3720, "1 h 2 min"},
    }));
    CHECK(spoken_length(seconds) == said);
}
