// The kiosk's key filter: a passer-by pressing buttons changes nothing but the volume; BACK
// held 5 s (its repeats) then UP UP DOWN DOWN leaves.
#include <catch2/catch.hpp>

#include "app/kiosk_keys.hpp"

using classplayer::app::KioskKeyFilter;
using classplayer::app::KioskUnlock;
using classplayer::input::Key;
using Verdict = KioskKeyFilter::Verdict;

namespace {

// BACK held from `from_s` for `for_s`: a press every 0.5 s, as a CEC remote repeats it.
Verdict hold_back(KioskKeyFilter& filter, double from_s, double for_s) {
    Verdict last = Verdict::Ignore;
    for (double t = from_s; t <= from_s + for_s + 1e-9; t += 0.5) last = filter.press(Key::Back, t);
    return last;
}

Verdict enter(KioskKeyFilter& filter, std::initializer_list<Key> keys, double from_s, double step_s = 1.0) {
    Verdict last = Verdict::Ignore;
    double t = from_s;
    for (Key key : keys) {
        last = filter.press(key, t);
        t += step_s;
    }
    return last;
}

}  // namespace

TEST_CASE("Kiosk keys: what a passer-by can do", "[kiosk][keys]") {
    KioskKeyFilter filter;
    SECTION("quit, stop, back, pause and skipping are ignored") {
        for (Key key : {Key::Quit, Key::Stop, Key::Back, Key::PlayPause, Key::Next, Key::Prev, Key::Ok, Key::Menu,
                        Key::Up, Key::Restart})
            CHECK(filter.press(key, 1.0) == Verdict::Ignore);
    }
    SECTION("the volume still works") {
        CHECK(filter.press(Key::VolUp, 1.0) == Verdict::Pass);
        CHECK(filter.press(Key::VolDown, 2.0) == Verdict::Pass);
    }
    SECTION("the code alone does not leave") {
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 1.0) == Verdict::Ignore);
    }
}

TEST_CASE("Kiosk keys: BACK held 5 s then the code leaves", "[kiosk][keys]") {
    KioskKeyFilter filter;
    SECTION("held long enough, then the code") {
        CHECK(hold_back(filter, 10.0, 5.0) == Verdict::Ignore);
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down}, 16.0) == Verdict::Ignore);
        CHECK(filter.press(Key::Down, 19.0) == Verdict::Unlock);
        SECTION("and it starts over afterwards") { CHECK(filter.press(Key::Up, 20.0) == Verdict::Ignore); }
    }
    SECTION("held a little too short") {
        hold_back(filter, 10.0, 4.5);
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 15.5) == Verdict::Ignore);
    }
    SECTION("let go in the middle (a gap in the repeats) starts the hold again") {
        hold_back(filter, 10.0, 3.0);
        hold_back(filter, 14.5, 3.0);  // 1.5 s gap: two short holds, not one long one
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 18.0) == Verdict::Ignore);
    }
    SECTION("a wrong key in the code") {
        hold_back(filter, 10.0, 5.0);
        CHECK(enter(filter, {Key::Up, Key::Left, Key::Down, Key::Down}, 16.0) == Verdict::Ignore);
        SECTION("then the whole combination again works") {
            hold_back(filter, 30.0, 5.0);
            CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 36.0) == Verdict::Unlock);
        }
    }
    SECTION("too slow between code keys") {
        hold_back(filter, 10.0, 5.0);
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 16.0, 11.0) == Verdict::Ignore);
    }
    SECTION("another key during the hold breaks it") {
        hold_back(filter, 10.0, 2.0);
        filter.press(Key::Ok, 12.2);
        hold_back(filter, 12.4, 3.0);
        CHECK(enter(filter, {Key::Up, Key::Up, Key::Down, Key::Down}, 16.0) == Verdict::Ignore);
    }
}

TEST_CASE("Kiosk keys: a configured combination", "[kiosk][keys]") {
    KioskKeyFilter filter(KioskUnlock{2.0, {Key::Left, Key::Right, Key::Ok}, 3.0});
    hold_back(filter, 0.0, 2.0);
    CHECK(enter(filter, {Key::Left, Key::Right, Key::Ok}, 3.0) == Verdict::Unlock);
}
