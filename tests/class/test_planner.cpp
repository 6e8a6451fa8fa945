#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "shipped.hpp"

using namespace classplayer;
using classplayer::test::middle_back;
using classplayer::test::plan_for;

namespace {

// What became of each segment: its variant id, "as written", or "skipped".
std::map<std::string, std::string> outcome(const Plan& plan) {
    std::map<std::string, std::string> out;
    for (const auto& s : plan.steps) {
        if (s.segment_id == "safety-card" || s.segment_id == "breathing-rest") continue;
        if (s.kind == StepKind::Clip) out[s.segment_id] = s.variant_id.value_or("as written");
        else if (s.kind == StepKind::Breathing) out[s.segment_id] = "skipped";
    }
    return out;
}

std::vector<std::vector<std::string>> every_combination(const std::vector<std::string>& ids) {
    std::vector<std::vector<std::string>> out;
    for (unsigned mask = 0; mask < (1u << ids.size()); ++mask) {
        std::vector<std::string> combo;
        for (std::size_t i = 0; i < ids.size(); ++i)
            if (mask & (1u << i)) combo.push_back(ids[i]);
        out.push_back(combo);
    }
    return out;
}

}  // namespace

TEST_CASE("Each profile turns the class into the expected plan", "[planner]") {
    using Row = std::tuple<std::string, std::string, std::string>;  // profile, segment, what it becomes
    auto [profile, segment, expected] = GENERATE(table<std::string, std::string, std::string>({
        // standard: the class as written
        Row{"standard", "cat-cow", "as written"},
        Row{"standard", "childs-pose", "as written"},
        Row{"standard", "cobra", "as written"},
        Row{"standard", "passive-backbend", "as written"},
        Row{"standard", "lat-stretch", "as written"},
        Row{"standard", "closing", "as written"},
        // low bone density: no spinal flexion anywhere
        Row{"low-bone-density", "cat-cow", "neutral-to-cow"},
        Row{"low-bone-density", "childs-pose", "table-reach"},
        Row{"low-bone-density", "cobra", "as written"},
        Row{"low-bone-density", "lat-stretch", "as written"},
        // radiating leg pain: cobra goes, the rest stays
        Row{"radiating-leg-pain", "cobra", "skipped"},
        Row{"radiating-leg-pain", "cat-cow", "as written"},
        Row{"radiating-leg-pain", "passive-backbend", "as written"},
        // cannot get down to the floor: chair or standing versions
        Row{"no-floor", "cat-cow", "seated-cat-cow"},
        Row{"no-floor", "childs-pose", "table-reach"},
        Row{"no-floor", "cobra", "skipped"},
        Row{"no-floor", "passive-backbend", "as written"},
        Row{"no-floor", "lat-stretch", "as written"},
        // balance: standing segments hold a chair or sit
        Row{"balance", "passive-backbend", "supported-backbend"},
        Row{"balance", "lat-stretch", "seated-lat-stretch"},
        Row{"balance", "closing", "seated-closing"},
        Row{"balance", "cat-cow", "as written"},
        // combinations
        Row{"low-bone-density,no-floor", "cat-cow", "seated-extension"},
        Row{"low-bone-density,balance", "cat-cow", "seated-extension"},  // balance prefers the chair to the floor
        Row{"low-bone-density,balance", "lat-stretch", "seated-lat-stretch"},
        Row{"no-floor,balance", "lat-stretch", "seated-lat-stretch"},
        Row{"radiating-leg-pain,balance", "cobra", "skipped"},
    }));
    CAPTURE(profile, segment);
    CHECK(outcome(plan_for(split_profile(profile)))[segment] == expected);
}

TEST_CASE("Swaps and skips say why, in words the screen can show", "[planner]") {
    SECTION("low bone density: cat-cow becomes neutral-to-cow, child's pose a gentler reach") {
        auto plan = plan_for({"low-bone-density"});
        auto cat_cow = std::find_if(plan.steps.begin(), plan.steps.end(), [](auto& s) { return s.segment_id == "cat-cow"; });
        REQUIRE(cat_cow != plan.steps.end());
        CHECK(cat_cow->reason == "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine");
        auto childs = std::find_if(plan.steps.begin(), plan.steps.end(), [](auto& s) { return s.segment_id == "childs-pose"; });
        REQUIRE(childs->reason);
        CHECK_THAT(*childs->reason, Catch::StartsWith("Low bone density: child's pose becomes"));
    }
    SECTION("radiating leg pain: a skip card, then a breathing rest in cobra's place") {
        auto plan = plan_for({"radiating-leg-pain"});
        auto card = std::find_if(plan.steps.begin(), plan.steps.end(),
                                 [](auto& s) { return s.segment_id == "cobra" && s.kind == StepKind::Card; });
        REQUIRE(card != plan.steps.end());
        CHECK(card->title == "Skipped: Cobra");
        CHECK(card->lines == std::vector<std::string>{"Ask your clinician for an alternative.",
                                                      "Because of: radiating leg pain."});
        CHECK(card->reason == "Skipped: Cobra - ask your clinician for an alternative");
        auto rest = card + 1;
        REQUIRE(rest != plan.steps.end());
        CHECK(rest->kind == StepKind::Breathing);
        CHECK(rest->segment_id == "cobra");
        CHECK(rest->breathing_cycles == middle_back().breathing.replacement_cycles);
        CHECK(std::none_of(plan.steps.begin(), plan.steps.end(),
                           [](auto& s) { return s.segment_id == "cobra" && s.kind == StepKind::Clip; }));
    }
    SECTION("two conditions behind one swap are both named") {
        auto plan = plan_for({"low-bone-density", "no-floor"});
        auto cat_cow = std::find_if(plan.steps.begin(), plan.steps.end(), [](auto& s) { return s.segment_id == "cat-cow"; });
        REQUIRE(cat_cow->reason);
        CHECK_THAT(*cat_cow->reason, Catch::StartsWith("Low bone density and cannot get down to the floor: "));
    }
    SECTION("a preference that picked the variant is named too") {
        auto plan = plan_for({"low-bone-density", "balance"});
        auto cat_cow = std::find_if(plan.steps.begin(), plan.steps.end(), [](auto& s) { return s.segment_id == "cat-cow"; });
        REQUIRE(cat_cow->reason);
        CHECK_THAT(*cat_cow->reason, Catch::StartsWith("Low bone density and balance concerns: cat-cow becomes a seated extension"));
    }
    SECTION("the class as written carries no reasons") {
        for (const auto& s : plan_for({}).steps) CHECK_FALSE(s.reason);
    }
}

TEST_CASE("A clip's words say where to start, what to do and how to breathe", "[planner]") {
    const auto step_of = [](const Plan& plan, const std::string& segment) {
        auto it = std::find_if(plan.steps.begin(), plan.steps.end(),
                               [&](auto& s) { return s.segment_id == segment && s.kind == StepKind::Clip; });
        REQUIRE(it != plan.steps.end());
        return *it;
    };
    SECTION("as written: the start position first, then the instructions; the breath apart") {
        const Step cat_cow = step_of(plan_for({}), "cat-cow");
        CHECK(cat_cow.lines == std::vector<std::string>{"Start: hands and knees on a mat, neutral spine",
                                                        "Cat: tuck your chin and round your spine up",
                                                        "Cow: look forward and up, let your belly drop"});
        CHECK(cat_cow.breath == "Exhale into cat, inhale into cow");
    }
    SECTION("a variant never inherits the position it exists to avoid") {
        // Someone who cannot get down to the floor is not told to start on hands and knees.
        for (const Step& step : plan_for({"no-floor"}).steps) {
            if (step.kind != StepKind::Clip || !step.variant_id) continue;
            CAPTURE(*step.variant_id);
            for (const std::string& line : step.lines) CHECK_THAT(line, !Catch::Contains("knees on a mat"));
        }
        const Step seated = step_of(plan_for({"no-floor"}), "cat-cow");
        REQUIRE(seated.variant_id == "seated-cat-cow");
        CHECK(seated.lines.front() == "Sit tall near the front of a firm chair, hands on your knees");
        CHECK(seated.breath == "Exhale as you round, inhale as you lift");
    }
}

TEST_CASE("The plan opens with the safety card and paces exercises with breathing rests", "[planner]") {
    auto plan = plan_for({});
    REQUIRE(plan.steps.size() > 2);
    CHECK(plan.steps.front().segment_id == "safety-card");
    CHECK(plan.steps.front().kind == StepKind::Card);
    CHECK(plan.steps.back().segment_id == "closing");
    for (std::size_t i = 1; i < plan.steps.size(); ++i) {
        CHECK(plan.steps[i].index == static_cast<int>(i));
        // Two exercises never follow each other without a breath between them.
        CHECK_FALSE((plan.steps[i].kind == StepKind::Clip && plan.steps[i - 1].kind == StepKind::Clip));
    }
}

TEST_CASE("Step lengths follow the dose", "[planner]") {
    auto plan = plan_for({});
    auto length_of = [&](const std::string& id) {
        for (const auto& s : plan.steps)
            if (s.segment_id == id) return s.duration_s;
        return -1.0;
    };
    CHECK(length_of("safety-card") == Approx(12));
    CHECK(length_of("cat-cow") == Approx(6 * 8));             // 6 rounds of an 8 s round
    CHECK(length_of("childs-pose") == Approx(45));            // one 45 s hold
    CHECK(length_of("cobra") == Approx(6 * 7));               // 6 reps of 7 s, each with a 3 s hold
    CHECK(length_of("lat-stretch") == Approx(2 * 2 * 20));    // 2 sets x 2 sides x 20 s
    CHECK(length_of("breathing-rest") == Approx(2 * (4 + 6)));
    double sum = 0;
    for (const auto& s : plan.steps) sum += s.duration_s;
    CHECK(plan.total_s == Approx(sum));
}

TEST_CASE("No plan ever holds a step its conditions avoid, for every combination", "[planner][safety]") {
    const auto& book = middle_back().conditions;
    std::vector<std::string> ids;
    for (const auto& c : book.conditions) ids.push_back(c.id);
    const auto combos = every_combination(ids);
    REQUIRE(combos.size() == 16);

    for (const auto& combo : combos) {
        auto plan = plan_for(combo);
        std::set<std::string> avoided;
        for (const auto& id : combo)
            for (const auto& t : book.find(id)->avoids) avoided.insert(t);
        std::string name;
        for (const auto& id : combo) name += id + " ";
        CAPTURE(name);

        std::set<std::string> accounted;
        for (const auto& s : plan.steps) {
            for (const auto& t : s.tags) {
                CAPTURE(s.title, t);
                CHECK_FALSE(avoided.contains(t));
            }
            // Every change is explained.
            if (s.variant_id) CHECK(s.reason);
            accounted.insert(s.segment_id);
        }
        // Every segment is done, swapped or visibly skipped: none silently vanishes.
        for (const auto& seg : middle_back().segments) {
            CAPTURE(seg.id);
            CHECK(accounted.contains(seg.id));
        }
        CHECK(plan.total_s > 5 * 60);
    }
}

TEST_CASE("A single media file plans as a one-step class", "[planner]") {
    auto p = single_clip_playlist("/tmp/some clip.mp4", 42.5);
    auto plan = make_plan(p, {});
    REQUIRE(plan);
    REQUIRE(plan->steps.size() == 1);
    CHECK(plan->steps[0].kind == StepKind::Clip);
    CHECK(plan->steps[0].duration_s == Approx(42.5));
    CHECK(plan->total_s == Approx(42.5));
}
