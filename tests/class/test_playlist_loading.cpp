#include <catch2/catch.hpp>

#include "shipped.hpp"

using namespace classplayer;
using classplayer::test::middle_back;

TEST_CASE("The shipped middle-back class loads with the brief's segments in order", "[playlist]") {
    const Playlist& p = middle_back();
    CHECK(p.id == "middle-back");
    CHECK(p.title == "Middle back stretch");

    std::vector<std::string> ids;
    for (const auto& s : p.segments) ids.push_back(s.id);
    CHECK(ids == std::vector<std::string>{"cat-cow", "childs-pose", "cobra", "passive-backbend", "lat-stretch", "closing"});

    SECTION("the safety card says the three things the brief asks for") {
        const auto& lines = p.safety_card.lines;
        REQUIRE(lines.size() == 3);
        CHECK_THAT(lines[0], Catch::Contains("healthcare provider"));
        CHECK_THAT(lines[1], Catch::Contains("not medical advice"));
        CHECK_THAT(lines[2], Catch::Contains("Stop if anything hurts"));
    }
    SECTION("doses sit inside the brief's ranges") {
        const auto& cat_cow = p.segments[0];
        REQUIRE(cat_cow.dose.reps);
        CHECK(cat_cow.dose.reps->min == 5);
        CHECK(cat_cow.dose.reps->max == 10);
        CHECK(cat_cow.media->loop == LoopMode::Rep);

        const auto& childs = p.segments[1];
        REQUIRE(childs.dose.hold_s);
        CHECK(childs.dose.hold_s->min == 30);
        CHECK(childs.dose.hold_s->max == 60);

        const auto& lat = p.segments[4];
        CHECK(lat.dose.sides == std::vector<std::string>{"right", "left"});
        REQUIRE(lat.dose.sets);
        CHECK(lat.dose.sets->use >= 2);
    }
    SECTION("media paths resolve inside the media root") {
        for (const auto& s : p.segments) {
            if (!s.media) continue;
            auto rel = s.media->clip.lexically_relative(p.media_root);
            CHECK_FALSE(rel.empty());
            CHECK(*rel.begin() != "..");
        }
    }
    SECTION("cues carry the brief's wording") {
        std::vector<std::string> texts;
        for (const auto& s : p.segments)
            for (const auto& c : s.cues) texts.push_back(c.text);
        for (const char* wanted : {"Start on your hands and knees", "Exhale, round into cat", "Inhale, drop into cow",
                                   "Only go as far as is comfortable", "Switch sides",
                                   "If you feel it in the back of your thighs, bend your knees slightly"})
            CHECK(std::find(texts.begin(), texts.end(), wanted) != texts.end());
    }
}

TEST_CASE("Every shipped condition has a plain-language line and known tags", "[conditions]") {
    const auto& book = middle_back().conditions;
    std::vector<std::string> ids;
    for (const auto& c : book.conditions) {
        ids.push_back(c.id);
        CHECK_FALSE(c.description.empty());
        CHECK_FALSE(c.avoids.empty());
    }
    CHECK(ids == std::vector<std::string>{"low-bone-density", "radiating-leg-pain", "no-floor", "balance"});
}

TEST_CASE("A profile string splits into condition ids", "[conditions]") {
    CHECK(split_profile("").empty());
    CHECK(split_profile("standard").empty());
    CHECK(split_profile("low-bone-density,balance") == std::vector<std::string>{"low-bone-density", "balance"});
    CHECK(split_profile(" no-floor , balance,no-floor") == std::vector<std::string>{"no-floor", "balance"});
}
