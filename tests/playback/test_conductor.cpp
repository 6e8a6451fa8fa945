#include <numeric>

#include <catch2/catch.hpp>

#include "../class/shipped.hpp"
#include "playback/conductor.hpp"

using namespace classplayer;
using namespace classplayer::playback;
using classplayer::test::plan_for;
using Kind = ConductorEvent::Kind;

namespace {

std::vector<ConductorEvent> run_whole(Conductor& c, double tick_s) {
    std::vector<ConductorEvent> all;
    for (double t = 0; !c.ended(); t += tick_s) {
        auto evs = c.advance_to(t);
        all.insert(all.end(), evs.begin(), evs.end());
        if (t > 24 * 3600) FAIL("the class never ended");
    }
    return all;
}

std::vector<double> cue_times(const std::vector<ConductorEvent>& events, const std::string& cue_id) {
    std::vector<double> out;
    for (const auto& e : events)
        if (e.kind == Kind::Cue && e.cue->id == cue_id) out.push_back(e.t_s);
    return out;
}

double start_of(const Plan& plan, const std::string& segment) {
    double t = 0;
    for (const auto& s : plan.steps) {
        if (s.segment_id == segment) return t;
        t += s.duration_s;
    }
    FAIL("no step for " << segment);
    return -1;
}

}  // namespace

TEST_CASE("A class runs its steps in plan order and ends at the planned length", "[conductor]") {
    auto profile = GENERATE(as<std::string>{}, "standard", "low-bone-density", "radiating-leg-pain", "no-floor", "balance",
                            "low-bone-density,no-floor,balance");
    CAPTURE(profile);
    auto plan = plan_for(split_profile(profile));
    Conductor c(plan);
    auto events = run_whole(c, 0.25);

    REQUIRE(events.front().kind == Kind::ClassStart);
    REQUIRE(events.back().kind == Kind::ClassEnd);
    CHECK(events.back().t_s == Approx(plan.total_s));

    std::vector<int> started;
    double expected_start_s = 0;
    for (const auto& e : events) {
        if (e.kind != Kind::StepStart) continue;
        started.push_back(e.step_index);
        CHECK(e.t_s == Approx(expected_start_s));
        expected_start_s += plan.steps[static_cast<std::size_t>(e.step_index)].duration_s;
    }
    std::vector<int> all(plan.steps.size());
    std::iota(all.begin(), all.end(), 0);
    CHECK(started == all);
}

TEST_CASE("Advancing in one jump or in small ticks gives the same timeline", "[conductor]") {
    auto plan = plan_for({"balance"});
    Conductor fine(plan), coarse(plan);
    auto a = run_whole(fine, 0.1);
    auto b = coarse.advance_to(1e9);
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].kind == b[i].kind);
        CHECK(a[i].t_s == Approx(b[i].t_s));
    }
}

TEST_CASE("Voice cues fire at their time, each rep and each side", "[conductor][cues]") {
    auto plan = plan_for({});
    Conductor c(plan);
    auto events = c.advance_to(1e9);

    SECTION("cat-cow: 'Exhale, round into cat' once a round, half a second in") {
        const double t0 = start_of(plan, "cat-cow");
        auto times = cue_times(events, "exhale-cat");
        REQUIRE(times.size() == 6);
        for (int r = 0; r < 6; ++r) CHECK(times[static_cast<std::size_t>(r)] == Approx(t0 + r * 8 + 0.5));
        CHECK(cue_times(events, "inhale-cow").front() == Approx(t0 + 4.5));
    }
    SECTION("lat stretch: 'Switch sides' at every side change but not before the first side") {
        const double t0 = start_of(plan, "lat-stretch");
        auto times = cue_times(events, "switch-sides");
        REQUIRE(times.size() == 3);  // right, [left], [right], [left]
        CHECK(times[0] == Approx(t0 + 20));
        CHECK(times[1] == Approx(t0 + 40));
        CHECK(times[2] == Approx(t0 + 60));
    }
    SECTION("breathing rests: breathe in, then out after the in-breath") {
        const double t0 = start_of(plan, "breathing-rest");
        auto in = cue_times(events, "breathe-in");
        auto out = cue_times(events, "breathe-out");
        REQUIRE_FALSE(in.empty());
        CHECK(in[0] == Approx(t0));
        CHECK(out[0] == Approx(t0 + plan.breathing.in_s));
        CHECK(in[1] == Approx(t0 + plan.breathing.cycle_s()));
    }
    SECTION("a start cue comes once, at its offset") {
        auto times = cue_times(events, "knees-wide");
        REQUIRE(times.size() == 1);
        CHECK(times[0] == Approx(start_of(plan, "childs-pose") + 14));
    }
}

TEST_CASE("The conductor knows the rep, side, set and hold countdown", "[conductor][dose]") {
    auto plan = plan_for({});
    Conductor c(plan);

    SECTION("cat-cow round 3 of 6") {
        c.advance_to(start_of(plan, "cat-cow") + 2 * 8 + 1);
        auto p = c.progress();
        CHECK(p.rep == 3);
        CHECK(p.rep_count == 6);
        CHECK(p.rep_name == "rounds");
        CHECK_FALSE(p.hold_left_s);
    }
    SECTION("cobra holds for 3 s from 2 s into each rep") {
        const double rep2 = start_of(plan, "cobra") + 7;
        c.advance_to(rep2 + 1);
        CHECK_FALSE(c.progress().hold_left_s);
        c.advance_to(rep2 + 2.5);
        REQUIRE(c.progress().hold_left_s);
        CHECK(*c.progress().hold_left_s == Approx(2.5));
        CHECK(c.progress().rep == 2);
    }
    SECTION("lat stretch: set 2, left side, hold counting down") {
        c.advance_to(start_of(plan, "lat-stretch") + 3 * 20 + 5);
        auto p = c.progress();
        CHECK(p.set == 2);
        CHECK(p.set_count == 2);
        CHECK(p.side_name == "left");
        REQUIRE(p.hold_left_s);
        CHECK(*p.hold_left_s == Approx(15));
    }
    SECTION("breathing: in for 4 s then out for 6 s") {
        const double t0 = start_of(plan, "breathing-rest");
        c.advance_to(t0 + 2);
        CHECK(c.progress().breathing_in);
        CHECK(c.progress().phase_progress == Approx(0.5));
        c.advance_to(t0 + 7);
        CHECK_FALSE(c.progress().breathing_in);
        CHECK(c.progress().phase_progress == Approx(0.5));
        c.advance_to(t0 + 12);
        CHECK(c.progress().breath == 2);
    }
}

TEST_CASE("Remote actions move between steps at the current time", "[conductor][actions]") {
    auto plan = plan_for({});
    Conductor c(plan);
    c.advance_to(5);
    REQUIRE(c.step_index() == 0);

    SECTION("next ends this step now and starts the next") {
        auto evs = c.next_step();
        REQUIRE(evs.size() == 2);
        CHECK(evs[0].kind == Kind::StepEnd);
        CHECK(evs[1].kind == Kind::StepStart);
        CHECK(evs[1].t_s == Approx(5));
        CHECK(c.step_index() == 1);
        // The new step lasts its full length from now.
        c.advance_to(5 + plan.steps[1].duration_s - 0.01);
        CHECK(c.step_index() == 1);
        c.advance_to(5 + plan.steps[1].duration_s);
        CHECK(c.step_index() == 2);
    }
    SECTION("previous restarts a step that is well under way, else goes back") {
        c.next_step();
        c.advance_to(6);
        c.previous_step();
        CHECK(c.step_index() == 0);
        c.advance_to(10);
        c.previous_step();
        CHECK(c.step_index() == 0);
        CHECK(c.step_started_at_s() == Approx(10));
    }
    SECTION("restart says the step's cues again") {
        c.next_step();  // cat-cow? no: a step after the safety card
        while (c.step().segment_id != "cat-cow") c.next_step();
        const double t = c.now_s();
        c.advance_to(t + 1);
        c.restart_step();
        auto evs = c.advance_to(t + 1.6);
        CHECK(cue_times(evs, "exhale-cat").size() == 1);
    }
    SECTION("stop ends the class") {
        auto evs = c.stop_class();
        CHECK(evs.back().kind == Kind::ClassEnd);
        CHECK(c.ended());
        CHECK_FALSE(c.next_due_s());
    }
    SECTION("next past the last step ends the class") {
        for (std::size_t i = 0; i < plan.steps.size(); ++i) c.next_step();
        CHECK(c.ended());
    }
}

TEST_CASE("The next due time lets the player sleep until something happens", "[conductor]") {
    auto plan = plan_for({});
    Conductor c(plan);
    c.advance_to(0);
    auto due = c.next_due_s();
    REQUIRE(due);
    CHECK(*due == Approx(plan.steps[0].duration_s));  // the safety card has no cues: its end
    c.advance_to(*due);
    CHECK(c.step_index() == 1);
}

SCENARIO("A class resumed after a power cut starts at the saved step", "[conductor][resume]") {
    auto plan = plan_for({});
    GIVEN("a conductor resuming at step 5") {
        Conductor c(plan, 5);
        double planned_start = 0;
        for (int i = 0; i < 5; ++i) planned_start += plan.steps[static_cast<std::size_t>(i)].duration_s;
        WHEN("class time starts where that step was planned") {
            auto evs = c.advance_to(planned_start);
            THEN("the class starts there, at step 5, and runs to the planned end") {
                REQUIRE(evs.size() >= 2);
                CHECK(evs[0].kind == Kind::ClassStart);
                CHECK(evs[1].kind == Kind::StepStart);
                CHECK(evs[1].step_index == 5);
                CHECK(evs[1].t_s == Approx(planned_start));
                auto rest = c.advance_to(1e9);
                CHECK(rest.back().kind == Kind::ClassEnd);
                CHECK(rest.back().t_s == Approx(plan.total_s));
            }
        }
    }
}
