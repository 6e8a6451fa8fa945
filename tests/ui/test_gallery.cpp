// The screens of the shipped class as a person would see them, with its real wording, saved
// to tests/ui/artifacts/gallery-*.png to be looked at. The checks guard the layout rules that
// matter at three metres: nothing runs off the screen or into the TV's overscan, and every
// screen keeps a dark, calm background behind its text.
#include "ui_test_support.hpp"

using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

// A bright, busy-ish frame: the worst case for text drawn over video (a light wall behind
// the instructor). Luma ramps left to right, chroma a warm beige.
TestPicture bright_scene() {
    return TestPicture::make(PictureFormat::IYUV, 1280, 720, {205, 118, 134}, {150, 110, 140});
}

View base(ViewKind kind, int step) {
    View view;
    view.kind = kind;
    view.step_number = step;
    view.step_count = 9;
    view.class_progress = (step - 1) / 9.0;
    view.class_left_s = (9 - step + 1) * 95.0;
    return view;
}

// The outer strips a TV may crop (overscan): only panels, the picture and the progress bar
// may reach them, never text. Text is white at its core; the scene below never is.
void check_text_inside_safe_area(const PngImage& image) {
    const int strip_w = image.width() / 40;  // 2.5%
    const int strip_h = image.height() / 50;  // 2%
    const Rgb white{255, 255, 255};
    CHECK(image.count_near({0, 0, strip_w, image.height()}, white, 30) == 0);
    CHECK(image.count_near({image.width() - strip_w, 0, strip_w, image.height()}, white, 30) == 0);
    CHECK(image.count_near({0, 0, image.width(), strip_h}, white, 30) == 0);
    CHECK(image.count_near({0, image.height() - strip_h, image.width(), strip_h}, white, 30) == 0);
}

}  // namespace

TEST_CASE("Gallery: the middle-back class, screen by screen", "[ui][gallery]") {
    auto screen = headless_screen();
    const auto scene = bright_scene();

    SECTION("safety card") {
        View view = base(ViewKind::Card, 1);
        view.title = "Before you start";
        view.lines = {"Talk to your healthcare provider about which stretches are safe for you.",
                      "This is not medical advice.", "Stop if anything hurts."};
        const PngImage image = snapshot(*screen, view, "gallery-1-safety-card.png");
        check_text_inside_safe_area(image);
        CHECK(image.fraction_darker({0, 0, 1920, 1080}, 60) > 0.85);
    }
    SECTION("clip start: instructions, why it changed, the first cue") {
        View view = base(ViewKind::Clip, 2);
        view.title = "Neutral-to-cow";
        view.lines = {"Start with a flat, neutral back",
                      "Cow: look forward and up, let your belly drop",
                      "Return to neutral - do not round up"};
        view.reason = "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine";
        view.rep_label = "Round 1 of 6";
        view.caption = "Start on your hands and knees";
        screen->upload_picture(scene.view());
        const PngImage image = snapshot(*screen, view, "gallery-2-clip-start.png");
        check_text_inside_safe_area(image);
    }
    SECTION("clip hold: side, set, countdown, next up") {
        View view = base(ViewKind::Clip, 7);
        view.title = "Lat stretch with chair support";
        view.reason = "Balance: hold the chair back with both hands";
        view.rep_label = "";
        view.side_label = "Right side";
        view.set_label = "Set 2 of 3";
        view.hold_left_s = 7.2;
        view.next_up = "Next: Left side";
        screen->upload_picture(scene.view());
        const PngImage image = snapshot(*screen, view, "gallery-3-clip-hold.png");
        check_text_inside_safe_area(image);
    }
    SECTION("skipped card") {
        View view = base(ViewKind::Card, 4);
        view.title = "Skipped: Cobra";
        view.lines = {"Ask your clinician for an alternative."};
        view.reason = "Radiating leg pain: cobra is left out, a breathing rest takes its place";
        view.next_up = "Next: Breathing rest";
        const PngImage image = snapshot(*screen, view, "gallery-4-skipped-card.png");
        check_text_inside_safe_area(image);
    }
    SECTION("breathing rest, breathing out") {
        View view = base(ViewKind::Breathing, 5);
        view.title = "Breathing rest";
        view.breathing_in = false;
        view.breathing_phase_progress = 0.3;
        view.breath_number = 3;
        view.breath_count = 6;
        view.reason = "In place of cobra (radiating leg pain)";
        const PngImage image = snapshot(*screen, view, "gallery-5-breathing.png");
        check_text_inside_safe_area(image);
        CHECK(image.fraction_darker({0, 0, 1920, 1080}, 60) > 0.75);
    }
    SECTION("paused during a card") {
        View view = base(ViewKind::Card, 1);
        view.title = "Before you start";
        view.lines = {"Talk to your healthcare provider about which stretches are safe for you.",
                      "This is not medical advice.", "Stop if anything hurts."};
        view.paused = true;
        const PngImage image = snapshot(*screen, view, "gallery-6-paused-card.png");
        check_text_inside_safe_area(image);
    }
    SECTION("class complete") {
        View view = base(ViewKind::Ended, 9);
        view.title = "Middle back stretch";
        view.lines = {"Practise an upright spine in daily tasks, like brushing your teeth."};
        const PngImage image = snapshot(*screen, view, "gallery-7-ended.png");
        check_text_inside_safe_area(image);
    }
}

TEST_CASE("Gallery: the layout scales with the output height", "[ui][gallery]") {
    const auto [width, height, name] = GENERATE(table<int, int, std::string>({
        {1280, 720, "gallery-720p-clip.png"},
        {3840, 2160, "gallery-2160p-clip.png"},
    }));
    auto screen = headless_screen(width, height);
    REQUIRE(screen->width() == width);
    View view = base(ViewKind::Clip, 7);
    view.title = "Latissimus dorsi stretch";
    view.side_label = "Left side";
    view.set_label = "Set 1 of 3";
    view.hold_left_s = 21.5;
    view.caption = "If you feel it in the back of your thighs, bend your knees slightly";
    const auto scene = bright_scene();
    screen->upload_picture(scene.view());
    const PngImage image = snapshot(*screen, view, name);
    check_text_inside_safe_area(image);
    // The hold digits are large at any size: at least a twelfth of the height in bright pixels
    // rows in the bottom-right corner.
    const Region corner{width * 3 / 4, height * 3 / 4, width / 4 - width / 20, height / 4};
    CHECK(image.fraction_brighter(corner, 200) > 0.04);
}
