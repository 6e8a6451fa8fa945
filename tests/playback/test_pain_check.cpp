// The pain check's keys, as a person with a TV remote presses them: nothing is suggested, the
// first arrow lands mid-scale, number keys choose at once, the scale stops at its ends, OK
// answers only a chosen number, and BACK skips.
#include <catch2/catch.hpp>

#include "playback/pain_check.hpp"

using classplayer::input::Key;
using classplayer::playback::PainCheck;

TEST_CASE("The pain check answers 0-10 with the remote", "[pain-check]") {
    PainCheck check(PainCheck::Moment::AfterClass, 11);
    REQUIRE_FALSE(check.chosen());
    SECTION("OK before any number is chosen answers nothing: the question stays") {
        CHECK(std::string(check.press(Key::Ok)) == "none");
        CHECK(check.state() == PainCheck::State::Asking);
    }
    SECTION("the first RIGHT (or LEFT) lands on 5; then one step a press, stopping at 0 and 10") {
        check.press(Key::Right);
        CHECK(check.chosen() == 5);
        for (int i = 0; i < 9; ++i) check.press(Key::Right);
        CHECK(check.chosen() == 10);
        for (int i = 0; i < 12; ++i) check.press(Key::Left);
        CHECK(check.chosen() == 0);
    }
    SECTION("a number key chooses that number; OK answers it") {
        CHECK(std::string(check.press(Key::Digit7)) == "pain_number");
        CHECK(check.chosen() == 7);
        CHECK(std::string(check.press(Key::Ok)) == "pain_answer");
        CHECK(check.state() == PainCheck::State::Answered);
        CHECK(check.answer() == 7);
        CHECK(std::string(check.press(Key::Digit2)) == "none");  // answered: nothing changes it
        CHECK(check.answer() == 7);
    }
    SECTION("BACK skips, with no answer even if a number was highlighted") {
        check.press(Key::Digit3);
        CHECK(std::string(check.press(Key::Back)) == "pain_skip");
        CHECK(check.state() == PainCheck::State::Skipped);
        CHECK_FALSE(check.answer());
    }
}
