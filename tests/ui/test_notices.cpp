// Words that come and go (a notice answering a press, "Next: ...") land in their own places:
// never over the breathing circle or its count, never under the pause screen, never moving
// what was already there. Each case here failed on the overlay before class_layout (issue 17).
#include "ui_test_support.hpp"

using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

View rest_at_full_breath() {
    View view;
    view.kind = ViewKind::Breathing;
    view.title = "Breathing rest";
    view.step_number = 3;
    view.step_count = 11;
    view.class_progress = 0.2;
    view.class_left_s = 5 * 60;
    view.breathing_in = true;
    view.breathing_phase_progress = 1.0;  // the circle at its largest
    view.breath_number = 2;
    view.breath_count = 2;
    return view;
}

View clip_holding() {
    View view;
    view.kind = ViewKind::Clip;
    view.title = "Child's pose";
    view.step_number = 4;
    view.step_count = 11;
    view.class_left_s = 5 * 60;
    view.rep_label = "Hold 1 of 1";
    view.hold_left_s = 27.5;
    view.paused = true;
    view.menu = MenuView{{"Resume", "Restart this step", "Skip to next", "Turn captions off", "End class"}, 0};
    return view;
}

}  // namespace

TEST_CASE("A breathing rest's circle and count stay as they are when words come and go", "[ui][breathing][notice]") {
    const int height = GENERATE(1080, 720, 480);
    const int width = height == 480 ? 800 : height * 16 / 9;
    CAPTURE(width, height);
    auto screen = headless_screen(width, height);
    const View plain = rest_at_full_breath();
    const std::string size = std::to_string(height);
    const PngImage before = snapshot(*screen, plain, "rest-plain-" + size + ".png");
    // The circle, "Breathe in" and "Breath 2 of 2": the middle of the screen, between the top
    // line and the words at the foot.
    const Region circle_and_count{0, height * 12 / 100, width, height * 58 / 100};

    SECTION("\"Next: ...\" coming in the last seconds does not shrink the circle") {
        View with_next = plain;
        with_next.next_up = "Next: Seated reach at a table";
        const PngImage after = snapshot(*screen, with_next, "rest-next-" + size + ".png");
        CHECK(after.count_unlike(before, circle_and_count, 0) == 0);
    }
    SECTION("a notice is drawn below the circle and its count, not over them") {
        View with_notice = plain;
        with_notice.notice = "Easier: cobra is done within a smaller range: elbows stay bent";
        const PngImage after = snapshot(*screen, with_notice, "rest-notice-" + size + ".png");
        CHECK(after.count_unlike(before, circle_and_count, 0) == 0);
        // ... and it is seen: white words at the foot.
        CHECK(after.count_unlike(before, {0, height * 70 / 100, width, height * 27 / 100}, 60) > 200);
    }
}

TEST_CASE("The pause screen shows a notice answering a press, and its words stand on plain ground",
          "[ui][menu][notice]") {
    auto screen = headless_screen();
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 1280, 720, yuv_green);
    screen->upload_picture(picture.view());
    const View menu = clip_holding();

    SECTION("\"Captions off\" is seen, not drawn under the screen's dim") {
        View with_notice = menu;
        with_notice.notice = "Captions off";
        const PngImage before = snapshot(*screen, menu, "menu-plain.png");
        const PngImage after = snapshot(*screen, with_notice, "menu-captions-off.png");
        CHECK(after.count_unlike(before, {0, 0, 1920, 1080}, 60) > 500);
    }
    SECTION("the hint's row shows no faint hold number from the clip behind") {
        View no_hold = menu;
        no_hold.hold_left_s.reset();
        const PngImage with_hold = snapshot(*screen, menu, "menu-over-hold.png");
        const PngImage without = snapshot(*screen, no_hold, "menu-over-no-hold.png");
        // The hint sits in the bottom fifth of the screen, where the clip's band has the digits.
        CHECK(with_hold.count_unlike(without, {0, 880, 1920, 180}, 0) == 0);
    }
}
