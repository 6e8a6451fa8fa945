// The clip step's layout, without a screen: the picture keeps its aspect and at least half of
// a 16:9 screen, and no words' place lands on it, on another, or off the screen, at the sizes
// the player is shown at (a TV, a 720p set, an 800x480 kiosk panel).
#include "ui/class_layout.hpp"
#include "ui/overlay_words.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

using namespace classplayer::ui;

namespace {

std::string describe(const Box& b) {
    return std::to_string(b.x) + "," + std::to_string(b.y) + " " + std::to_string(b.w) + "x" + std::to_string(b.h);
}

// The words' places of a layout, named for the failure message.
std::vector<std::pair<const char*, Box>> words_boxes(const ClipLayout& l) {
    return {{"counters", l.counters}, {"caption", l.caption}, {"next up", l.next_up},
            {"notice", l.notice},     {"hold", l.hold},       {"column words", l.column_words}};
}

}  // namespace

TEST_CASE("A clip step's layout keeps the picture clear of every word", "[layout]") {
    const auto [screen_w, screen_h] = GENERATE(table<int, int>({
        {1920, 1080},  // a TV
        {1280, 720},   // a 720p set or a window
        {800, 480},    // a kiosk's panel
        {3840, 2160},  // a 4K TV
    }));
    ClipWords words;
    words.hold = GENERATE(false, true);
    words.caption = GENERATE(false, true);
    words.notice = GENERATE(false, true);
    const double aspect = GENERATE(16.0 / 9.0, 4.0 / 3.0);
    CAPTURE(screen_w, screen_h, words.hold, words.caption, words.notice, aspect);
    const ClipLayout l = lay_out_clip(screen_w, screen_h, aspect, words);
    const Box screen{0, 0, screen_w, screen_h};

    SECTION("the picture is inside the screen and inside its own area") {
        CAPTURE(describe(l.picture), describe(l.picture_area));
        CHECK(screen.contains(l.picture_area));
        CHECK(l.picture_area.contains(l.picture));
    }
    SECTION("a 16:9 picture takes at least half of a 16:9 screen") {
        if (aspect > 1.7) {
            const double wide_w = std::min<double>(screen_w, screen_h * 16.0 / 9.0);
            CHECK(l.picture.w >= 0.7071 * wide_w);
            CHECK(double(l.picture.w) * l.picture.h >= 0.5 * wide_w * (wide_w * 9.0 / 16.0) - 1.0);
        }
    }
    SECTION("the picture keeps its aspect, to a pixel") {
        CHECK(std::abs(l.picture.w / aspect - l.picture.h) <= 1.0);
    }
    SECTION("the picture is whole converter blocks wide, so it is written straight into the window") {
        CHECK(l.picture.w % kPictureBlock_px == 0);
    }
    SECTION("no words' place is on the picture's area, on another, or off the screen") {
        const auto boxes = words_boxes(l);
        for (std::size_t i = 0; i < boxes.size(); ++i) {
            const auto& [name, box] = boxes[i];
            if (box.empty()) continue;
            CAPTURE(name, describe(box));
            CHECK(screen.contains(box));
            CHECK_FALSE(box.overlaps(l.picture_area));
            CHECK_FALSE(box.overlaps(l.progress));
            for (std::size_t j = i + 1; j < boxes.size(); ++j) {
                CAPTURE(boxes[j].first, describe(boxes[j].second));
                CHECK_FALSE(box.overlaps(boxes[j].second));
            }
        }
    }
    SECTION("the column, the band, the picture's area and the progress line tile the screen") {
        // The Screen draws only the picture's area and the overlay the rest: a gap would keep
        // whatever the window held before (a card's words).
        const long long area = 1LL * l.column.w * l.column.h + 1LL * l.band.w * l.band.h +
                               1LL * l.picture_area.w * l.picture_area.h + 1LL * l.progress.w * l.progress.h;
        CHECK(area == 1LL * screen_w * screen_h);
        CHECK_FALSE(l.column.overlaps(l.band));
        CHECK_FALSE(l.column.overlaps(l.picture_area));
        CHECK_FALSE(l.band.overlaps(l.picture_area));
        CHECK(l.column.contains(l.column_words));
    }
    SECTION("what the step shows has a place") {
        CHECK(l.hold.empty() != words.hold);
        if (words.notice) CHECK_FALSE(l.notice.empty());
        else CHECK(l.caption.empty() != words.caption);
        CHECK(l.band.contains(l.counters));
    }
}

TEST_CASE("The picture stays put while words come and go", "[layout]") {
    const ClipLayout bare = lay_out_clip(1920, 1080, 16.0 / 9.0, {});
    const ClipLayout busy = lay_out_clip(1920, 1080, 16.0 / 9.0, {.hold = true, .caption = true, .notice = true});
    CHECK(bare.picture == busy.picture);
    // At 1080p the picture is 1360x765: 50.2% of the screen.
    CHECK(bare.picture == Box{560, 0, 1360, 765});
}

TEST_CASE("Minutes left are whole minutes to the nearest, never 0", "[layout][time]") {
    // A class of 6 min 25 s says "6 min left" at its start (it said 7).
    CHECK(whole_minutes_left(6 * 60 + 25) == 6);
    CHECK(whole_minutes_left(6 * 60 + 35) == 7);
    // The last half minute still says 1, and an ended class nothing.
    CHECK(whole_minutes_left(20) == 1);
    CHECK(whole_minutes_left(0) == 0);
    // The hold countdown rounds up: "1" during the last second.
    CHECK(whole_seconds_left(0.4) == 1);
}
