// EASIER (the remote's red button) and STOP ("it hurts") during a class, as the class model
// decides them: what the running exercise becomes, why, and that it is never unsafe.
#include <set>

#include <catch2/catch.hpp>

#include "shipped.hpp"

using namespace classplayer;
using classplayer::test::middle_back;
using classplayer::test::plan_for;

namespace {

const Step& step_of(const Plan& plan, const std::string& segment) {
    for (const auto& s : plan.steps)
        if (s.segment_id == segment && s.kind == StepKind::Clip) return s;
    FAIL("no exercise step for " << segment);
    return plan.steps.front();
}

// What EASIER makes of a segment, pressed again and again: variant ids, then "rest".
std::vector<std::string> easier_chain(const Plan& plan, const std::string& segment) {
    std::vector<std::string> out;
    Step running = step_of(plan, segment);
    for (int presses = 0; presses < 10; ++presses) {
        auto next = easier_step(plan, running);
        REQUIRE(next);
        if (next->kind == StepKind::Breathing) {
            out.push_back("rest");
            return out;
        }
        out.push_back(next->variant_id.value_or("as written"));
        running = *next;
    }
    FAIL("EASIER never reached a rest");
    return out;
}

}  // namespace

TEST_CASE("EASIER walks the playlist's gentler order, then a breathing rest", "[planner][easier]") {
    using Row = std::tuple<std::string, std::string, std::vector<std::string>>;
    auto [profile, segment, chain] = GENERATE(table<std::string, std::string, std::vector<std::string>>({
        // standard: the closest gentler version each time; of two equally close, the first listed
        Row{"standard", "cat-cow", {"neutral-to-cow", "seated-extension", "rest"}},
        Row{"standard", "childs-pose", {"table-reach", "rest"}},
        Row{"standard", "cobra", {"small-range-cobra", "rest"}},
        Row{"standard", "passive-backbend", {"supported-backbend", "rest"}},
        // seated, never on to kneeling: kneeling asks more of the body than sitting
        Row{"standard", "lat-stretch", {"seated-lat-stretch", "rest"}},
        Row{"standard", "closing", {"seated-closing", "rest"}},
        // balance prefers chair support: of the two closest to cat-cow, the seated one
        Row{"balance", "cat-cow", {"seated-cat-cow", "seated-extension", "rest"}},
        Row{"balance", "passive-backbend", {"rest"}},  // already the chair-supported backbend
        // low bone density: already neutral-to-cow; seated cat-cow rounds the spine, so it is passed over
        Row{"low-bone-density", "cat-cow", {"seated-extension", "rest"}},
        Row{"low-bone-density", "childs-pose", {"rest"}},  // already the seated reach
        // cannot get down to the floor
        Row{"no-floor", "lat-stretch", {"seated-lat-stretch", "rest"}},
        Row{"no-floor", "cat-cow", {"seated-extension", "rest"}},
    }));
    CAPTURE(profile, segment);
    CHECK(easier_chain(plan_for(split_profile(profile)), segment) == chain);
}

TEST_CASE("EASIER never adds a burden, even from a version only a clinician would choose", "[planner][easier]") {
    // Nobody's plan holds the kneeling lat stretch, but a playlist could: from there, EASIER
    // goes up to the seated one, which asks less of the body.
    const Plan plan = plan_for({});
    Step kneeling = step_of(plan, "lat-stretch");
    kneeling.variant_id = "kneeling-lat-stretch";
    kneeling.title = "Kneeling lat stretch";
    kneeling.tags = {"floor", "kneeling", "chair-supported", "forward-lean"};
    auto easier = easier_step(plan, kneeling);
    REQUIRE(easier);
    CHECK(easier->variant_id == "seated-lat-stretch");
    // and from the seated stretch, nothing: the kneeling one is not gentler than sitting
    auto rest = easier_step(plan, *easier);
    REQUIRE(rest);
    CHECK(rest->kind == StepKind::Breathing);
    CHECK(rest->reason == "Skipped: Seated lat stretch - no gentler version is left");
}

TEST_CASE("EASIER passes over a closer version the person's conditions avoid", "[planner][easier]") {
    // Cat-cow as written, for someone with balance concerns and low bone density (a clinician's
    // choice; the planner itself would not give it): of the two versions closest to cat-cow,
    // balance prefers the seated one, but seated cat-cow rounds the spine.
    const Plan plan = plan_for({"balance", "low-bone-density"});
    const Plan as_written = plan_for({});
    auto easier = easier_step(plan, step_of(as_written, "cat-cow"));
    REQUIRE(easier);
    CHECK(easier->variant_id == "neutral-to-cow");
}

TEST_CASE("EASIER says why, in words the screen can show", "[planner][easier]") {
    const Plan plan = plan_for({});
    SECTION("a gentler variant: 'Easier: ' and the variant's own reason, from the running step's place") {
        const Step& cobra = step_of(plan, "cobra");
        auto easier = easier_step(plan, cobra);
        REQUIRE(easier);
        CHECK(easier->kind == StepKind::Clip);
        CHECK(easier->index == cobra.index);
        CHECK(easier->segment_id == "cobra");
        CHECK(easier->title == "Small-range cobra");
        CHECK(easier->reason == "Easier: cobra is done within a smaller range: elbows stay bent, rib cage lifts only a little");
        CHECK(easier->duration_s > 0);
    }
    SECTION("nothing gentler left: a breathing rest, 'Skipped' with the segment's advice or the plain fact") {
        auto small = easier_step(plan, step_of(plan, "cobra"));
        REQUIRE(small);
        auto rest = easier_step(plan, *small);
        REQUIRE(rest);
        CHECK(rest->kind == StepKind::Breathing);
        // named as the screen named it: the small-range cobra was on screen, not "Cobra"
        CHECK(rest->reason == "Skipped: Small-range cobra - ask your clinician for an alternative");
        CHECK(rest->breathing_cycles == middle_back().breathing.replacement_cycles);

        const Plan no_floor = plan_for({"no-floor"});
        auto childs = easier_step(no_floor, step_of(no_floor, "childs-pose"));
        REQUIRE(childs);
        CHECK(childs->reason == "Skipped: Seated reach at a table - no gentler version is left");
    }
    SECTION("a card or a rest has nothing easier") {
        CHECK_FALSE(easier_step(plan, plan.steps.front()));  // the safety card
        for (const auto& s : plan.steps)
            if (s.kind == StepKind::Breathing) CHECK_FALSE(easier_step(plan, s));
    }
    SECTION("the pause screen offers 'Easier version' only where a gentler variant is left") {
        CHECK(has_gentler_variant(plan, step_of(plan, "cobra")));
        CHECK_FALSE(has_gentler_variant(plan_for({"balance"}), step_of(plan_for({"balance"}), "passive-backbend")));
        CHECK_FALSE(has_gentler_variant(plan, plan.steps.front()));
    }
}

TEST_CASE("EASIER never brings in a tag the person's conditions avoid, for every combination", "[planner][easier][safety]") {
    const auto& book = middle_back().conditions;
    for (unsigned mask = 0; mask < (1u << book.conditions.size()); ++mask) {
        std::vector<std::string> combo;
        std::set<std::string> avoided;
        for (std::size_t i = 0; i < book.conditions.size(); ++i)
            if (mask & (1u << i)) {
                combo.push_back(book.conditions[i].id);
                avoided.insert(book.conditions[i].avoids.begin(), book.conditions[i].avoids.end());
            }
        const Plan plan = plan_for(combo);
        for (const auto& start : plan.steps) {
            if (start.kind != StepKind::Clip) continue;
            Step running = start;
            for (int presses = 0; running.kind == StepKind::Clip; ++presses) {
                REQUIRE(presses < 10);
                auto next = easier_step(plan, running);
                REQUIRE(next);
                for (const auto& t : next->tags) {
                    CAPTURE(mask, start.title, next->title, t);
                    CHECK_FALSE(avoided.contains(t));
                }
                CHECK(next->reason);
                running = *next;
            }
        }
    }
}

TEST_CASE("STOP puts a breathing rest in the exercise's place and says when to get help", "[planner][stop]") {
    const Plan plan = plan_for({"balance"});
    const Step& backbend = step_of(plan, "passive-backbend");
    const Step rest = stop_rest(plan, backbend);
    CHECK(rest.kind == StepKind::Breathing);
    CHECK(rest.index == backbend.index);
    CHECK(rest.segment_id == "passive-backbend");
    CHECK(rest.reason == "Stopped: Supported backbend - rest and breathe gently");  // what was on screen
    CHECK(rest.duration_s == Approx(middle_back().breathing.replacement_cycles * middle_back().breathing.cycle_s()));
    SECTION("the playlist's advice: pain that stays or spreads needs a clinician") {
        REQUIRE(rest.lines.size() == 1);
        CHECK(rest.lines[0] == kDefaultStopAdvice);
        CHECK_THAT(rest.lines[0], Catch::Contains("shoots down a leg") && Catch::Contains("numbness"));
    }
    SECTION("a segment's own advice comes first (cobra)") {
        const Step cobra_rest = stop_rest(plan, step_of(plan, "cobra"));
        REQUIRE(cobra_rest.lines.size() == 1);
        CHECK_THAT(cobra_rest.lines[0], Catch::StartsWith("If it hurts, press up only a little"));
    }
}

TEST_CASE("STOP's rest offers skip, try again, and the easier version by name where there is one", "[planner][stop]") {
    const Plan plan = plan_for({});
    CHECK(stop_offer(plan, step_of(plan, "lat-stretch")) ==
          std::vector<std::string>{"OK: skip this exercise", "BACK: try it again",
                                   "RED: try the easier version, Seated lat stretch"});
    const Plan balance = plan_for({"balance"});
    CHECK(stop_offer(balance, step_of(balance, "passive-backbend")) ==
          std::vector<std::string>{"OK: skip this exercise", "BACK: try it again"});
}
