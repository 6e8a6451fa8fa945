// One test per kind of mistake a person can make in a playlist. Each asserts that the message
// names the file and the JSON path, which is what lets someone find and fix it.
#include <atomic>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "scratch_class.hpp"
#include "shipped.hpp"

using namespace classplayer;
namespace fs = std::filesystem;
using nlohmann::json;

using scratch::ScratchClass;
using scratch::problem_at;

TEST_CASE("The unedited scratch copy is valid (so each edit below is what fails)", "[validation]") {
    ScratchClass scratch;
    CHECK(scratch.load().empty());
}

TEST_CASE("Malformed JSON is reported with its line and column", "[validation]") {
    ScratchClass scratch;
    auto problems = scratch.load_text("{\n  \"id\": \"middle-back\",\n  \"title\": oops\n}\n");
    const auto& p = problem_at(problems, "$", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("line 3, column"));
    CHECK_THAT(p.to_string(), Catch::StartsWith(scratch.file().string() + ": $: malformed JSON"));
}

TEST_CASE("A missing field is named by its JSON path", "[validation]") {
    ScratchClass scratch;
    scratch.doc["segments"][2].erase("title");
    auto p = problem_at(scratch.load(), "$.segments[2].title", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("is missing"));
}

TEST_CASE("A field of the wrong type is named with what was expected", "[validation]") {
    ScratchClass scratch;
    scratch.doc["segments"][0]["dose"]["reps"]["use"] = "six";
    auto p = problem_at(scratch.load(), "$.segments[0].dose.reps.use", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("whole number"));
}

TEST_CASE("A misspelt field is refused rather than silently ignored", "[validation]") {
    ScratchClass scratch;
    scratch.doc["segments"][0]["cues"][1]["ofset_s"] = 2;
    auto p = problem_at(scratch.load(), "$.segments[0].cues[1].ofset_s", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("unknown field"));
}

TEST_CASE("An unknown tag is refused", "[validation]") {
    ScratchClass scratch;
    SECTION("on a segment") {
        scratch.doc["segments"][1]["tags"][0] = "flor";
        auto p = problem_at(scratch.load(), "$.segments[1].tags[0]", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("unknown tag \"flor\""));
    }
    SECTION("on a variant") {
        scratch.doc["segments"][0]["variants"][0]["tags"][1] = "kneel";
        problem_at(scratch.load(), "$.segments[0].variants[0].tags[1]", scratch.file());
    }
    SECTION("in the conditions file, named as that file") {
        json conditions = json::parse(std::ifstream(scratch.dir() / "playlists/conditions.json"));
        conditions["conditions"][3]["avoids"][0] = "wobbly";
        std::ofstream(scratch.dir() / "playlists/conditions.json") << conditions.dump(2);
        auto p = problem_at(scratch.load(), "$.conditions[3].avoids[0]", scratch.dir() / "playlists/conditions.json");
        CHECK_THAT(p.message, Catch::Contains("unknown tag \"wobbly\""));
    }
}

TEST_CASE("An unknown condition in a profile is refused with the known ones listed", "[validation]") {
    auto plan = make_plan(classplayer::test::middle_back(), {"low-bone-density", "bad-knees"});
    REQUIRE_FALSE(plan);
    CHECK_THAT(plan.error(), Catch::Contains("unknown condition \"bad-knees\""));
    CHECK_THAT(plan.error(), Catch::Contains("radiating-leg-pain"));
}

TEST_CASE("Duplicate ids are refused", "[validation]") {
    ScratchClass scratch;
    SECTION("two segments") {
        scratch.doc["segments"][3]["id"] = "cobra";
        auto p = problem_at(scratch.load(), "$.segments[3].id", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("duplicate id \"cobra\""));
    }
    SECTION("a variant named like a segment") {
        scratch.doc["segments"][4]["variants"][0]["id"] = "childs-pose";
        problem_at(scratch.load(), "$.segments[4].variants[0].id", scratch.file());
    }
}

TEST_CASE("Media that does not exist is refused before anything plays", "[validation]") {
    ScratchClass scratch;
    fs::remove(scratch.dir() / "media/clips/cobra-rep.mp4");
    auto p = problem_at(scratch.load(), "$.segments[2].media.clip", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("cobra-rep.mp4 does not exist"));
    SECTION("a clinic's own class is told to put the file there, not to run a build") {
        CHECK_THAT(p.message, Catch::Contains("put the clip or cue there"));
        CHECK_THAT(p.message, !Catch::Contains("cmake"));
    }
    SECTION("the installed classes (the generator beside their media) are told the installed command") {
        std::ofstream(scratch.dir() / "media/generate.sh") << "#!/bin/sh\n";
        auto again = problem_at(scratch.load(), "$.segments[2].media.clip", scratch.file());
        CHECK_THAT(again.message, Catch::Contains("sudo classplayer-make-media"));
        CHECK_THAT(again.message, Catch::Contains("apt-get install --reinstall classplayer"));
        CHECK_THAT(again.message, !Catch::Contains("cmake"));
    }
    SECTION("a source tree (its media built by CMake) is told the build's target") {
        std::ofstream(scratch.dir() / "media/generate.sh") << "#!/bin/sh\n";
        std::ofstream(scratch.dir() / "media/CMakeLists.txt") << "\n";
        auto again = problem_at(scratch.load(), "$.segments[2].media.clip", scratch.file());
        CHECK_THAT(again.message, Catch::Contains("cmake --build build --target media"));
    }
}

TEST_CASE("Media paths cannot leave the media root", "[validation][security]") {
    ScratchClass scratch;
    SECTION("with ..") {
        scratch.doc["segments"][0]["media"]["clip"] = "../playlists/conditions.json";
        auto p = problem_at(scratch.load(), "$.segments[0].media.clip", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("leaves the media root"));
    }
    SECTION("as an absolute path") {
        scratch.doc["segments"][0]["cues"][0]["audio"] = "/etc/passwd";
        auto p = problem_at(scratch.load(), "$.segments[0].cues[0].audio", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("absolute path"));
    }
    SECTION("through a symlink") {
        fs::create_directory_symlink("/etc", scratch.dir() / "media/outside");
        scratch.doc["segments"][1]["media"]["clip"] = "outside/passwd";
        auto p = problem_at(scratch.load(), "$.segments[1].media.clip", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("outside the media root"));
    }
}

TEST_CASE("A media path written as a URL is refused: only local files play", "[validation][security]") {
    ScratchClass scratch;
    const std::string url = GENERATE(as<std::string>{}, "http://example.org/cobra.mp4", "rtsp://camera/stream",
                                     "concat:clips/a.mp4|clips/b.mp4", "subfile,,start,0,end,100,,:clips/a.mp4",
                                     "file:clips/cobra-rep.mp4");
    scratch.doc["segments"][2]["media"]["clip"] = url;
    auto p = problem_at(scratch.load(), "$.segments[2].media.clip", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("\"" + url + "\" is a URL"));
}

TEST_CASE("A number too large for any value is refused, not a crash", "[validation][security]") {
    ScratchClass scratch;
    std::string text = scratch.doc.dump(2);
    // The safety card lasts 12 s; make it last 1E999 s, beyond what a double holds.
    const auto at = text.find("\"duration_s\": 12");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("\"duration_s\": 12").size(), "\"duration_s\": 1E999");
    auto p = problem_at(scratch.load_text(text), "$", scratch.file());
    CHECK_THAT(p.message, Catch::Contains("malformed JSON") && Catch::Contains("number overflow"));
}

TEST_CASE("A count too large for any class is refused, not wrapped round", "[validation][security]") {
    ScratchClass scratch;
    // 2^32 + 1 would read back as 1 through a plain int conversion and play one rep.
    SECTION("the reps used") {
        scratch.doc["segments"][0]["dose"]["reps"]["range"] = json::array({5, 4294967297LL});
        scratch.doc["segments"][0]["dose"]["reps"]["use"] = 4294967297LL;
        auto p = problem_at(scratch.load(), "$.segments[0].dose.reps.range", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("whole numbers"));
    }
    SECTION("breathing cycles") {
        scratch.doc["breathing"]["replacement_cycles"] = 4294967297LL;
        auto p = problem_at(scratch.load(), "$.breathing.replacement_cycles", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("4294967297, too large"));
    }
    SECTION("sets and reps whose product would overflow") {
        scratch.doc["segments"][4]["dose"]["sets"] = {{"range", {1, 100000}}, {"use", 100000}};
        auto p = problem_at(scratch.load(), "$.segments[4].dose.sets.range", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("at most 1000"));
    }
}

TEST_CASE("A dose outside its range is refused", "[validation]") {
    ScratchClass scratch;
    SECTION("reps above the most") {
        scratch.doc["segments"][0]["dose"]["reps"]["use"] = 12;
        auto p = problem_at(scratch.load(), "$.segments[0].dose.reps.use", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("12 is outside its range 5-10"));
    }
    SECTION("a hold below the least") {
        scratch.doc["segments"][1]["dose"]["hold_s"]["use"] = 10;
        auto p = problem_at(scratch.load(), "$.segments[1].dose.hold_s.use", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("outside its range 30-60"));
    }
    SECTION("a hold that does not fit in its rep clip") {
        scratch.doc["segments"][2]["media"]["hold_from_s"] = 5;
        auto p = problem_at(scratch.load(), "$.segments[2].dose", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("does not fit in the rep"));
    }
}

TEST_CASE("Instructions the screen could not show are refused, not dropped", "[validation]") {
    ScratchClass scratch;
    const json four = {"Step one", "Step two", "Step three", "Step four"};
    SECTION("four instructions after a start position: one too many") {
        scratch.doc["segments"][0]["instructions"] = four;
        auto p = problem_at(scratch.load(), "$.segments[0].instructions", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("at most 3 instructions here, not 4"));
    }
    SECTION("four with no start position fit") {
        scratch.doc["segments"][0]["instructions"] = four;
        scratch.doc["segments"][0].erase("start_position");
        CHECK(scratch.load().empty());
    }
    SECTION("a variant's own start position counts too") {
        scratch.doc["segments"][0]["variants"][0]["start_position"] = "Hands and knees";
        scratch.doc["segments"][0]["variants"][0]["instructions"] = four;
        problem_at(scratch.load(), "$.segments[0].variants[0].instructions", scratch.file());
    }
}

TEST_CASE("Card paragraphs the screen could not show are refused, not dropped", "[validation]") {
    ScratchClass scratch;
    const json nine = std::vector<std::string>(9, "Move slowly.");
    SECTION("the safety card") {
        scratch.doc["safety_card"]["lines"] = nine;
        auto p = problem_at(scratch.load(), "$.safety_card.lines", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("at most 8 paragraphs, not 9"));
    }
    SECTION("eight fit") {
        scratch.doc["safety_card"]["lines"] = std::vector<std::string>(8, "Move slowly.");
        CHECK(scratch.load().empty());
    }
}

TEST_CASE("Values outside the vocabulary are refused", "[validation]") {
    ScratchClass scratch;
    SECTION("kind") {
        scratch.doc["segments"][0]["kind"] = "video";
        problem_at(scratch.load(), "$.segments[0].kind", scratch.file());
    }
    SECTION("loop") {
        scratch.doc["segments"][1]["media"]["loop"] = "forever";
        problem_at(scratch.load(), "$.segments[1].media.loop", scratch.file());
    }
    SECTION("a rep cue on a hold clip") {
        scratch.doc["segments"][1]["cues"][0]["at"] = "each-rep";
        auto p = problem_at(scratch.load(), "$.segments[1].cues[0].at", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("\"loop\": \"rep\""));
    }
}

TEST_CASE("Every problem is reported at once, not just the first", "[validation]") {
    ScratchClass scratch;
    scratch.doc["segments"][0]["dose"]["reps"]["use"] = 99;
    scratch.doc["segments"][3]["tags"][0] = "flor";
    scratch.doc.erase("title");
    auto problems = scratch.load();
    CHECK(problems.size() == 3);
}

TEST_CASE("A playlist copied away from its folders gets one line per missing folder, not one per file",
          "[validation]") {
    // Someone copies only the .json to a USB stick: the condition file and the media folder are
    // not beside it. Two clear problems beat a screenful of unknown tags and missing clips.
    ScratchClass scratch;
    fs::remove(scratch.dir() / "playlists/conditions.json");
    fs::remove_all(scratch.dir() / "media");
    const Problems problems = scratch.load();
    INFO(to_string(problems));
    CHECK(problems.size() == 2);
    CHECK(problem_at(problems, "$", scratch.dir() / "playlists/conditions.json").message.find("cannot be read") !=
          std::string::npos);
    CHECK(problem_at(problems, "$.media_root", scratch.file()).message.find("does not exist") != std::string::npos);
}

// The gentler order is what EASIER walks (docs/playlist-format.md): an order that contradicts
// itself, names nothing, or calls "gentler" a version that sends the person down to the floor
// is refused where it is written. Segment 4 is the lat stretch: [0] seated, [1] kneeling.
TEST_CASE("A gentler order that contradicts itself is refused at its JSON path", "[validation][easier]") {
    ScratchClass scratch;
    auto& lat = scratch.doc["segments"][4]["variants"];
    SECTION("an id that is not this exercise or one of its variants") {
        scratch.doc["segments"][2]["variants"][0]["gentler_than"][0] = "cat-cow";  // cobra's variant
        auto p = problem_at(scratch.load(), "$.segments[2].variants[0].gentler_than[0]", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("\"cat-cow\" is neither this exercise (\"cobra\") nor one of its variants"));
    }
    SECTION("a version gentler than itself") {
        lat[0]["gentler_than"] = {"seated-lat-stretch"};
        auto p = problem_at(scratch.load(), "$.segments[4].variants[0].gentler_than[0]", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("cannot be gentler than itself"));
    }
    SECTION("a variant called gentler that adds a burden (kneeling is not gentler than standing)") {
        lat[1]["gentler_than"] = {"lat-stretch"};
        const auto problems = scratch.load();
        auto p = problem_at(problems, "$.segments[4].variants[1].gentler_than[0]", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("\"kneeling-lat-stretch\" is called gentler than \"lat-stretch\" but adds"));
        CHECK_THAT(p.message, Catch::Contains("a burden in conditions.json"));
        // floor and kneeling: one line each, both at that entry
        CHECK(std::count_if(problems.begin(), problems.end(), [](const Problem& q) {
                  return q.json_path == "$.segments[4].variants[1].gentler_than[0]";
              }) == 2);
    }
    SECTION("a circle: seated gentler than kneeling, and kneeling gentler than seated") {
        lat[1]["gentler_than"] = {"seated-lat-stretch"};
        const auto problems = scratch.load();
        INFO(to_string(problems));
        // beside the two burdens it adds (floor, kneeling), the circle, at the same entry
        CHECK(std::any_of(problems.begin(), problems.end(), [](const Problem& q) {
            return q.json_path == "$.segments[4].variants[1].gentler_than[0]" &&
                   q.message.find("goes round in a circle (\"seated-lat-stretch\" -> \"kneeling-lat-stretch\" -> "
                                  "\"seated-lat-stretch\"") != std::string::npos;
        }));
    }
    SECTION("a circle found from elsewhere: reported once, at the entry that closes it") {
        scratch.doc["segments"][0]["variants"][1]["gentler_than"] = {"seated-extension"};  // seated cat-cow
        const auto problems = scratch.load();
        CHECK(problems.size() == 1);
        auto p = problem_at(problems, "$.segments[0].variants[2].gentler_than[1]", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("(\"seated-cat-cow\" -> \"seated-extension\" -> \"seated-cat-cow\""));
    }
}

TEST_CASE("The burden tags are data beside the tags, each a known tag", "[validation][easier]") {
    ScratchClass scratch;
    const fs::path conditions_file = scratch.dir() / "playlists/conditions.json";
    json conditions = json::parse(std::ifstream(conditions_file));
    SECTION("an unknown tag") {
        conditions["burdens"][1] = "kneel";
        std::ofstream(conditions_file) << conditions.dump(2);
        auto p = problem_at(scratch.load(), "$.burdens[1]", conditions_file);
        CHECK_THAT(p.message, Catch::Contains("unknown tag \"kneel\""));
    }
    SECTION("left out: required, so EASIER never runs without them") {
        conditions.erase("burdens");
        std::ofstream(conditions_file) << conditions.dump(2);
        auto p = problem_at(scratch.load(), "$.burdens", conditions_file);
        CHECK_THAT(p.message, Catch::Contains("missing"));
    }
}

TEST_CASE("STOP's advice is the playlist's to word, a segment's own first", "[validation][stop]") {
    ScratchClass scratch;
    SECTION("absent: the shipped default, worded from the brief") {
        scratch.doc.erase("stop_advice");
        std::ofstream(scratch.file()) << scratch.doc.dump(2);
        auto loaded = load_playlist(scratch.file());
        REQUIRE(loaded);
        CHECK(loaded->stop_advice == kDefaultStopAdvice);
        CHECK_THAT(loaded->stop_advice, Catch::Contains("shoots down a leg"));
    }
    SECTION("given at the top and on a segment") {
        scratch.doc["stop_advice"] = "Call the clinic on 0123.";
        std::ofstream(scratch.file()) << scratch.doc.dump(2);
        auto loaded = load_playlist(scratch.file());
        REQUIRE(loaded);
        CHECK(loaded->stop_advice == "Call the clinic on 0123.");
        CHECK_THAT(loaded->segments[2].stop_advice, Catch::Contains("leave cobra out"));
    }
    SECTION("shown and spoken: the shipped class says its advice aloud, cobra's its own") {
        std::ofstream(scratch.file()) << scratch.doc.dump(2);
        auto loaded = load_playlist(scratch.file());
        REQUIRE(loaded);
        REQUIRE(loaded->stop_advice_cue);
        CHECK(loaded->stop_advice_cue->text == loaded->stop_advice);
        CHECK(loaded->stop_advice == kDefaultStopAdvice);
        auto plan = make_plan(*loaded, {});
        REQUIRE(plan);
        for (const Step& step : plan->steps) {
            if (step.kind != StepKind::Clip) continue;
            const Step rest = stop_rest(*plan, step);
            CAPTURE(step.title);
            REQUIRE(rest.cues.size() == 1);
            CHECK(rest.cues[0].text == rest.lines.at(0));  // said as shown
            CHECK(rest.cues[0].id == (step.segment_id == "cobra" ? "stop-advice-cobra" : "stop-advice"));
        }
    }
    SECTION("spoken advice whose audio leaves the media root is refused, named") {
        scratch.doc["stop_advice"]["audio"] = "../secret.ogg";
        problem_at(scratch.load(), "$.stop_advice.audio", scratch.file());
    }
    SECTION("of the wrong type, named") {
        scratch.doc["segments"][3]["stop_advice"] = 3;
        problem_at(scratch.load(), "$.segments[3].stop_advice", scratch.file());
    }
}

TEST_CASE("\"Class complete\" says the class's own closing words", "[validation][closing]") {
    ScratchClass scratch;
    SECTION("the middle-back class ends as its brief does") {
        std::ofstream(scratch.file()) << scratch.doc.dump(2);
        auto loaded = load_playlist(scratch.file());
        REQUIRE(loaded);
        auto plan = make_plan(*loaded, {});
        REQUIRE(plan);
        CHECK(plan->closing_lines == std::vector<std::string>{"Well done.", "Keep an upright spine in your daily tasks."});
    }
    SECTION("another class without any: only \"Well done.\", no other class's advice") {
        scratch.doc.erase("closing_lines");
        std::ofstream(scratch.file()) << scratch.doc.dump(2);
        auto loaded = load_playlist(scratch.file());
        REQUIRE(loaded);
        auto plan = make_plan(*loaded, {});
        REQUIRE(plan);
        CHECK(plan->closing_lines == std::vector<std::string>{"Well done."});
    }
    SECTION("an empty list is refused, named") {
        scratch.doc["closing_lines"] = json::array();
        auto p = problem_at(scratch.load(), "$.closing_lines", scratch.file());
        CHECK_THAT(p.message, Catch::Contains("must say something"));
    }
}
