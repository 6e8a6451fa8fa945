// "Next: ..." as the screen shows it before each step of the shipped class.
#include "playback/next_up.hpp"

#include "class/conditions.hpp"
#include "class/playlist.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace classplayer;

TEST_CASE("Next up names the coming exercise, and a skipped one as the rest in its place", "[playback][next]") {
    // The plan only: the tests of this room run before (and without) the demo media.
    auto playlist = load_playlist(std::filesystem::path(CLASSPLAYER_PLAYLISTS_DIR) / "middle-back.json", {.require_media = false});
    REQUIRE(playlist);
    SECTION("no-floor skips cobra: the step before says a rest comes in its place") {
        auto plan = make_plan(*playlist, split_profile("no-floor"));
        REQUIRE(plan);
        bool seen = false;
        for (const Step& step : plan->steps) {
            const std::string line = next_up_line(step);
            CAPTURE(step.title, line);
            CHECK(line.find("Skipped") == std::string::npos);
            if (step.kind == StepKind::Card && step.segment_id == "cobra") {
                CHECK(line == "Next: a rest in place of Cobra");
                seen = true;
            }
        }
        CHECK(seen);
    }
    SECTION("the standard class: the exercise's own name") {
        auto plan = make_plan(*playlist, {});
        REQUIRE(plan);
        CHECK(next_up_line(plan->steps.at(1)) == "Next: " + plan->steps.at(1).title);
    }
}
