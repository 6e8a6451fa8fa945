// The conductor when the remote changes the running step: EASIER swaps it at once, STOP puts
// a breathing rest in its place that can be skipped or tried again; and the pause screen's list.
#include <catch2/catch.hpp>

#include "../class/shipped.hpp"
#include "playback/conductor.hpp"
#include "playback/pause_menu.hpp"

using namespace classplayer;
using namespace classplayer::playback;
using classplayer::test::plan_for;
using Kind = ConductorEvent::Kind;

namespace {

// Runs the class up to the middle of `segment`'s exercise step.
void run_into(Conductor& c, const std::string& segment) {
    double t = 0;
    for (const auto& s : c.plan().steps) {
        if (s.segment_id == segment && s.kind == StepKind::Clip) {
            c.advance_to(t + s.duration_s / 2);
            REQUIRE(c.step().segment_id == segment);
            return;
        }
        t += s.duration_s;
    }
    FAIL("no exercise step for " << segment);
}

}  // namespace

SCENARIO("EASIER during cobra", "[conductor][easier]") {
    GIVEN("the standard class, halfway through cobra") {
        Conductor c(plan_for({}));
        run_into(c, "cobra");
        const int index = c.step_index();
        const double now = c.now_s();
        const double total_before = c.plan().total_s;
        const double old_length = c.step().duration_s;
        WHEN("EASIER is pressed") {
            auto events = c.easier();
            THEN("cobra ends now and small-range cobra starts from its beginning, in the same place") {
                REQUIRE(events.size() == 2);
                CHECK(events[0].kind == Kind::StepEnd);
                CHECK(events[1].kind == Kind::StepStart);
                CHECK(events[1].change == StepChange::Easier);
                CHECK(events[1].step_index == index);
                CHECK(events[1].t_s == now);
                CHECK(c.step().variant_id == "small-range-cobra");
                CHECK(c.progress().in_step_s == 0);
                CHECK(c.progress().rep == 1);
            }
            THEN("the rest of the class follows the new step's length") {
                const double new_length = c.step().duration_s;
                CHECK(c.plan().total_s == Approx(total_before - old_length + new_length));
                auto later = c.advance_to(now + new_length + 0.01);
                bool next_started = false;
                for (const auto& e : later) next_started |= e.kind == Kind::StepStart && e.step_index == index + 1;
                CHECK(next_started);
            }
        }
        WHEN("EASIER is pressed twice") {
            c.easier();
            c.easier();
            THEN("nothing gentler is left: a breathing rest, skipped with the advice") {
                CHECK(c.step().kind == StepKind::Breathing);
                CHECK(c.step().reason == "Skipped: Small-range cobra - ask your clinician for an alternative");
            }
        }
    }
    GIVEN("the safety card") {
        Conductor c(plan_for({}));
        c.advance_to(1);
        THEN("EASIER does nothing there") { CHECK(c.easier().empty()); }
    }
}

SCENARIO("STOP during the lat stretch ('it hurts')", "[conductor][stop]") {
    GIVEN("the standard class, halfway through the lat stretch") {
        Conductor c(plan_for({}));
        run_into(c, "lat-stretch");
        const int index = c.step_index();
        const double now = c.now_s();
        WHEN("STOP is pressed") {
            auto events = c.stop_step();
            THEN("the stretch stops at once and a breathing rest takes its place, offering to try again") {
                REQUIRE(events.size() == 2);
                CHECK(events[1].change == StepChange::Stopped);
                CHECK(events[1].t_s == now);
                CHECK(c.step_index() == index);
                CHECK(c.step().kind == StepKind::Breathing);
                CHECK(c.offering_try_again());
            }
            AND_WHEN("BACK: try it again") {
                auto again = c.try_again();
                THEN("the stretch starts again from its beginning") {
                    REQUIRE(again.size() == 2);
                    CHECK(again[1].change == StepChange::TriedAgain);
                    CHECK(c.step().segment_id == "lat-stretch");
                    CHECK(c.step().kind == StepKind::Clip);
                    CHECK_FALSE(c.offering_try_again());
                }
            }
            AND_WHEN("OK: skip this exercise") {
                c.next_step();
                THEN("the class goes on with the next step, and there is nothing to try again") {
                    CHECK(c.step_index() == index + 1);
                    CHECK_FALSE(c.offering_try_again());
                    CHECK(c.try_again().empty());
                }
            }
            AND_WHEN("nobody presses anything") {
                c.advance_to(now + c.step().duration_s + 0.01);
                THEN("the rest ends and the class moves on without the exercise") {
                    CHECK(c.step_index() == index + 1);
                    CHECK_FALSE(c.offering_try_again());
                }
            }
        }
    }
    GIVEN("a breathing rest") {
        Conductor c(plan_for({}));
        for (const auto& s : c.plan().steps) {
            if (s.kind == StepKind::Breathing) break;
            c.advance_to(c.now_s() + s.duration_s);
        }
        c.advance_to(c.now_s() + 1);
        REQUIRE(c.step().kind == StepKind::Breathing);
        THEN("STOP has nothing to stop") { CHECK(c.stop_step().empty()); }
    }
}

SCENARIO("EASIER during STOP's rest takes the easier version it offered", "[conductor][stop][easier]") {
    GIVEN("the standard class, stopped halfway through the lat stretch") {
        Conductor c(plan_for({}));
        run_into(c, "lat-stretch");
        c.stop_step();
        REQUIRE(c.stopped());
        THEN("the rest offers the seated lat stretch by name, and says when to get help") {
            CHECK(stop_offer(c.plan(), *c.stopped()).back() == "RED: try the easier version, Seated lat stretch");
            REQUIRE(c.step().lines.size() == 1);
            CHECK_THAT(c.step().lines[0], Catch::Contains("doctor or physical therapist"));
        }
        WHEN("EASIER is pressed") {
            auto events = c.easier();
            THEN("the seated stretch starts in the rest's place, and there is nothing to try again") {
                REQUIRE(events.size() == 2);
                CHECK(events[1].change == StepChange::Easier);
                CHECK(c.step().variant_id == "seated-lat-stretch");
                CHECK_FALSE(c.offering_try_again());
            }
        }
    }
    GIVEN("the balance class, stopped in the supported backbend (nothing gentler)") {
        Conductor c(plan_for({"balance"}));
        run_into(c, "passive-backbend");
        c.stop_step();
        THEN("EASIER leaves the rest as it is, still offering to try again") {
            CHECK(c.easier().empty());
            CHECK(c.offering_try_again());
        }
    }
}

TEST_CASE("The pause screen lists its choices and moves between them", "[pause-menu]") {
    SECTION("with a gentler variant: six choices, Resume first and highlighted") {
        PauseMenu menu(true, true);
        REQUIRE(menu.choices().size() == 6);
        CHECK(menu.chosen() == Choice::Resume);
        CHECK(menu.label(Choice::Easier) == "Easier version");
        CHECK(menu.label(Choice::Captions) == "Turn captions off");
    }
    SECTION("without one, 'Easier version' is not offered") {
        PauseMenu menu(false, false);
        CHECK(menu.choices().size() == 5);
        CHECK(std::find(menu.choices().begin(), menu.choices().end(), Choice::Easier) == menu.choices().end());
        CHECK(menu.label(Choice::Captions) == "Turn captions on");
    }
    SECTION("UP and DOWN stop at the ends rather than wrapping round") {
        PauseMenu menu(true, true);
        menu.up();
        CHECK(menu.chosen() == Choice::Resume);
        for (int i = 0; i < 10; ++i) menu.down();
        CHECK(menu.chosen() == Choice::EndClass);
        menu.up();
        CHECK(menu.chosen() == Choice::Captions);
    }
}
