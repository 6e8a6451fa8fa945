// The overlay as a person sees it: cards, the clip overlay, the breathing circle, paused.
// Each test leaves its screenshot in the build directory (tests/ui/artifacts/).
#include "ui_test_support.hpp"

using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

View safety_card() {
    View view;
    view.kind = ViewKind::Card;
    view.title = "Before we start";
    view.lines = {"Talk to your healthcare provider about which stretches are safe for you.",
                  "This is not medical advice.", "Stop if anything hurts."};
    view.step_number = 1;
    view.step_count = 8;
    view.class_left_s = 14 * 60;
    return view;
}

View skipped_card() {
    View view;
    view.kind = ViewKind::Card;
    view.title = "Skipped: Cobra";
    view.lines = {"Ask your clinician for an alternative."};
    view.reason = "Pain shooting down a leg: cobra can make it worse. A breathing rest instead.";
    view.step_number = 4;
    view.step_count = 8;
    view.class_progress = 0.45;
    view.class_left_s = 8 * 60;
    view.next_up = "Next: Breathing rest";
    return view;
}

View clip_with_everything() {
    View view;
    view.kind = ViewKind::Clip;
    view.title = "Neutral-to-cow";
    view.lines = {"Start on your hands and knees."};
    view.step_number = 2;
    view.step_count = 8;
    view.class_progress = 0.18;
    view.class_left_s = 12 * 60 + 5;
    view.reason = "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine";
    view.rep_label = "Round 3 of 6";
    view.hold_left_s = 11.4;
    view.caption = "Inhale, drop into cow";
    view.next_up = "Next: Child's pose";
    return view;
}

View breathing(bool breathing_in, double progress) {
    View view;
    view.kind = ViewKind::Breathing;
    view.title = "Breathing rest";
    view.step_number = 4;
    view.step_count = 8;
    view.class_progress = 0.5;
    view.class_left_s = 7 * 60;
    view.breathing_in = breathing_in;
    view.breathing_phase_progress = progress;
    view.breath_number = 2;
    view.breath_count = 6;
    view.reason = "Instead of cobra: pain down a leg";
    view.next_up = "Next: Passive backbend";
    return view;
}

// The breathing circle's colour where it is opaque over the breathing background.
Rgb circle_colour() { return {95, 193, 197}; }

}  // namespace

TEST_CASE("A card is bright text centred on a dark background", "[ui][card]") {
    auto screen = headless_screen();
    SECTION("safety card") {
        const PngImage image = snapshot(*screen, safety_card(), "card-safety.png");
        const Region centre_third{640, 360, 640, 360};
        CHECK(image.fraction_brighter(centre_third, 200) > 0.03);  // text is there
        CHECK(image.fraction_darker({0, 200, 200, 680}, 60) > 0.99);  // left edge is dark
        CHECK(image.fraction_darker({1720, 200, 200, 680}, 60) > 0.99);
        // Centred: the text's bright pixels balance left and right of the middle.
        const double left = image.fraction_brighter({192, 250, 768, 600}, 200);
        const double right = image.fraction_brighter({960, 250, 768, 600}, 200);
        CHECK(left == Approx(right).epsilon(0.35));
    }
    SECTION("skipped card shows the reason in amber") {
        const PngImage image = snapshot(*screen, skipped_card(), "card-skipped.png");
        CHECK(image.fraction_brighter({640, 300, 640, 400}, 200) > 0.02);
        CHECK(image.count_near({0, 0, 1920, 1080}, {255, 196, 77}, 30) > 2000);
    }
    SECTION("clip error card") {
        View view;
        view.kind = ViewKind::ClipError;
        view.title = "Cobra";
        view.step_number = 4;
        view.step_count = 8;
        view.class_left_s = 500;
        const PngImage image = snapshot(*screen, view, "card-clip-error.png");
        CHECK(image.fraction_brighter({640, 300, 640, 400}, 200) > 0.02);
    }
    SECTION("class complete") {
        View view;
        view.kind = ViewKind::Ended;
        view.lines = {"Well done. Keep your spine upright in daily tasks."};
        const PngImage image = snapshot(*screen, view, "card-ended.png");
        CHECK(image.fraction_brighter({640, 300, 640, 400}, 200) > 0.02);
    }
}

TEST_CASE("A card with more words than its type has room for is set smaller, every word seen",
          "[ui][card]") {
    // A clinic's own safety card of six paragraphs on a small kiosk panel: in the card's own
    // type its last line ran under the progress bar and "Next" was off the screen.
    auto screen = headless_screen(800, 480);
    View crowded = safety_card();
    crowded.lines = {"Talk to your healthcare provider about which stretches are safe for you.",
                     "This is not medical advice.", "Stop if anything hurts.",
                     "Move slowly and keep breathing throughout every exercise.",
                     "Have a sturdy chair and a table within reach before you begin.",
                     "If you feel dizzy, sit down and rest until it passes."};
    crowded.next_up = "Next: Cat-cow";
    const PngImage image = snapshot(*screen, crowded, "card-crowded-small-screen.png");
    CHECK(image.fraction_brighter({0, 440, 800, 32}, 200) < 0.001);  // words end above the bar
    CHECK(image.count_near({0, 0, 800, 440}, {150, 206, 255}, 30) > 200);  // "Next" is there
}

TEST_CASE("The clip overlay puts its words beside and below the picture, never on it", "[ui][clip]") {
    auto screen = headless_screen();
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 1920, 1080, yuv_green);
    screen->upload_picture(picture.view());
    const PngImage image = snapshot(*screen, clip_with_everything(), "clip-overlay.png");
    const Rgb green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, true);

    // The whole picture, untouched, top right (class_layout.hpp): 1360x765 at 1080p.
    const Box shown = picture_box(*screen, 16.0 / 9.0);
    CHECK(image.fraction_near(region_of(shown), green, 10) > 0.999);
    // No picture outside it: the words' column and band are opaque.
    CHECK(image.fraction_near({0, 0, 560, 1080}, green, 30) < 0.001);
    CHECK(image.fraction_near({560, 766, 1360, 314}, green, 30) < 0.001);
    CHECK(image.fraction_brighter({56, 20, 480, 90}, 200) > 0.01);              // title, in the column
    CHECK(image.count_near({0, 140, 560, 500}, {255, 196, 77}, 30) > 1000);   // amber reason
    CHECK(image.fraction_brighter({1500, 780, 420, 260}, 200) > 0.05);        // hold digits, band's right
    CHECK(image.fraction_brighter({600, 775, 800, 70}, 200) > 0.02);          // "Round 3 of 6"
    // The progress bar: accent on its left part, track on its right.
    const int bar_y = 1080 - 6;
    CHECK(near(image.at(100, bar_y), {86, 200, 170}, 12));
    CHECK_FALSE(near(image.at(1800, bar_y), {86, 200, 170}, 40));
}

TEST_CASE("The panels beside a clip change with their words, and a new picture leaves them alone",
          "[ui][clip]") {
    auto screen = headless_screen();
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    const auto green = TestPicture::solid(PictureFormat::IYUV, 1920, 1080, yuv_green);
    const auto red = TestPicture::solid(PictureFormat::IYUV, 1920, 1080, yuv_red);
    View view = clip_with_everything();
    view.hold_left_s = 11.4;  // shows 12
    const Region top_bar{0, 0, 560, 1060};  // the column, beside the picture
    const Region hold_digits{1500, 780, 420, 260};
    const Region bottom_edge{0, 1040, 1920, 20};

    screen->upload_picture(green.view(0, handover));
    const PngImage twelve = snapshot(*screen, view, "clip-panels-12.png", 0);
    const uint64_t drawn = screen->panel_redraws();
    CHECK(drawn == 2);  // the column and the band

    // A second of frames: the picture changes under the panels, their words do not.
    for (int frame = 1; frame <= 30; ++frame) {
        screen->upload_picture((frame % 2 == 1 ? red : green).view(0, handover));
        screen->draw(view, frame / 30.0);
        screen->present();
    }
    CHECK(screen->panel_redraws() == drawn);
    screen->upload_picture(red.view(0, handover));
    const PngImage over_red = snapshot(*screen, view, "clip-panels-12-over-red.png", 1.0);
    CHECK(twelve.count_unlike(over_red, top_bar, 0) == 0);
    CHECK(twelve.count_unlike(over_red, hold_digits, 0) == 0);
    CHECK(twelve.count_unlike(over_red, bottom_edge, 0) == 0);
    const Rgb red_rgb = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, true);
    CHECK(over_red.fraction_near(region_of(picture_box(*screen, 16.0 / 9.0)), red_rgb, 10) > 0.999);  // all of it

    // The countdown ticks: the bottom panel alone is drawn again, with the new number.
    view.hold_left_s = 10.4;  // shows 11
    const PngImage eleven = snapshot(*screen, view, "clip-panels-11.png", 1.1);
    CHECK(screen->panel_redraws() == drawn + 1);
    CHECK(twelve.count_unlike(eleven, hold_digits, 0) > 200);
    CHECK(twelve.count_unlike(eleven, top_bar, 0) == 0);

    // And back: the same words, the same pixels.
    view.hold_left_s = 11.4;
    const PngImage twelve_again = snapshot(*screen, view, "clip-panels-12-again.png", 1.2);
    CHECK(twelve.count_unlike(twelve_again, hold_digits, 0) == 0);
}

TEST_CASE("Unchanged panels are copied again only where something else drew, and look whole",
          "[ui][clip]") {
    // Each frame is compared with a screen that draws the same frame from nothing, where every
    // panel is copied whole: the same pixels, whatever came before.
    const auto whole = [](const TestPicture& picture, const View& view, const std::string& name) {
        auto fresh = headless_screen();
        fresh->upload_picture(picture.view(0, Handover::Kept));
        return snapshot(*fresh, view, name);
    };
    const Region all{0, 0, 1920, 1080};
    auto screen = headless_screen();
    REQUIRE(screen->draws_pictures_in_place());
    // The class's clips: 720p, scaled to the screen, kept and converted as drawn.
    const auto first = TestPicture::rows_apart(PictureFormat::NV12, 1280, 720);
    const auto second = TestPicture::make(PictureFormat::NV12, 1280, 720, yuv_red, yuv_green);
    View view = clip_with_everything();
    screen->upload_picture(first.view(0, Handover::Kept));
    snapshot(*screen, view, "panels-kept-1.png");
    const uint64_t first_rows = screen->panel_rows_copied();

    // A new picture beside unchanged panels: none of them is copied again (the picture is
    // drawn only in its own area, the progress line on rows no panel covers).
    screen->upload_picture(second.view(0, Handover::Kept));
    uint64_t before = screen->panel_rows_copied();
    const PngImage kept = snapshot(*screen, view, "panels-kept-2.png");
    const uint64_t rows = screen->panel_rows_copied() - before;
    INFO("panel rows copied: " << first_rows << " for the first picture, " << rows << " for the second");
    CHECK(first_rows > 1000);
    CHECK(rows == 0);
    CHECK(kept.count_unlike(whole(second, view, "panels-kept-2-whole.png"), all, 0) == 0);

    // A notice, then the paused layer over the panels, then neither: every frame as if whole.
    View with_notice = view;
    with_notice.notice = "Volume 40%";
    CHECK(snapshot(*screen, with_notice, "panels-kept-notice.png")
              .count_unlike(whole(second, with_notice, "panels-kept-notice-whole.png"), all, 0) == 0);
    View paused = view;
    paused.paused = true;
    CHECK(snapshot(*screen, paused, "panels-kept-paused.png")
              .count_unlike(whole(second, paused, "panels-kept-paused-whole.png"), all, 0) == 0);
    screen->upload_picture(first.view(0, Handover::Kept));
    before = screen->panel_rows_copied();
    CHECK(snapshot(*screen, view, "panels-kept-after-paused.png")
              .count_unlike(whole(first, view, "panels-kept-after-paused-whole.png"), all, 0) == 0);
    CHECK(screen->panel_rows_copied() - before > 300);  // whole again after the paused layer

    // The instructions go (the top bar shrinks) and the caption ends: the rows they left are
    // the picture's again.
    View later = view;
    later.lines.clear();
    later.reason.reset();
    later.caption.reset();
    CHECK(snapshot(*screen, later, "panels-kept-later.png")
              .count_unlike(whole(first, later, "panels-kept-later-whole.png"), all, 0) == 0);

    // A 4:3 picture between black bars: the bars are drawn down the panels' rows each frame.
    const auto narrow = TestPicture::make(PictureFormat::IYUV, 640, 480, yuv_green, yuv_red);
    screen->upload_picture(narrow.view(0, Handover::Kept));
    snapshot(*screen, later, "panels-kept-narrow-1.png");
    screen->upload_picture(narrow.view(0, Handover::Kept));
    CHECK(snapshot(*screen, later, "panels-kept-narrow-2.png")
              .count_unlike(whole(narrow, later, "panels-kept-narrow-whole.png"), all, 0) == 0);
}

TEST_CASE("The breathing circle grows on the in-breath and shrinks on the out-breath",
          "[ui][breathing]") {
    auto screen = headless_screen();
    const Region all{0, 0, 1920, 1080};
    const long in_start = snapshot(*screen, breathing(true, 0.0), "breathing-in-0.png")
                              .count_near(all, circle_colour(), 16);
    const long in_middle = snapshot(*screen, breathing(true, 0.5), "breathing-in-50.png")
                               .count_near(all, circle_colour(), 16);
    const long in_end = snapshot(*screen, breathing(true, 1.0), "breathing-in-100.png")
                            .count_near(all, circle_colour(), 16);
    const long out_middle = snapshot(*screen, breathing(false, 0.5), "breathing-out-50.png")
                                .count_near(all, circle_colour(), 16);
    const long out_end = snapshot(*screen, breathing(false, 1.0), "breathing-out-100.png")
                             .count_near(all, circle_colour(), 16);
    INFO("circle pixels: " << in_start << " " << in_middle << " " << in_end << " " << out_middle
                           << " " << out_end);
    CHECK(in_start > 5000);
    CHECK(in_start < in_middle);
    CHECK(in_middle < in_end);
    CHECK(in_end > 4 * in_start);
    CHECK(out_middle < in_end);
    CHECK(out_end < out_middle);
    CHECK(out_end == Approx(in_start).epsilon(0.05));
}

TEST_CASE("A breathing rest's circle moves without the screen around it drawn again, as if it were",
          "[ui][breathing]") {
    auto screen = headless_screen();
    REQUIRE(screen->draws_pictures_in_place());  // the software path, where the last frame stays
    const Region all{0, 0, 1920, 1080};
    snapshot(*screen, breathing(true, 0.8), "breathing-moving-first.png");
    REQUIRE(screen->moving_parts_draws() == 0);
    // Shrinking (the old, bigger circle must not show round it) and growing again.
    for (const double progress : {0.1, 0.6}) {
        const View view = breathing(true, progress);
        const PngImage moved = snapshot(*screen, view, "breathing-moving.png");
        auto fresh = headless_screen();
        const PngImage whole = snapshot(*fresh, view, "breathing-moving-whole.png");
        INFO("in-breath at " << progress);
        CHECK(moved.count_unlike(whole, all, 0) == 0);
    }
    CHECK(screen->moving_parts_draws() == 2);

    // Anything over the circle, or new words, and the whole screen is drawn.
    View with_notice = breathing(true, 0.7);
    with_notice.notice = "Volume 60%";
    snapshot(*screen, with_notice, "breathing-moving-notice.png");
    View paused = breathing(true, 0.7);
    paused.paused = true;
    snapshot(*screen, paused, "breathing-moving-paused.png");
    snapshot(*screen, breathing(false, 0.2), "breathing-moving-out.png");  // "Breathe out"
    CHECK(screen->moving_parts_draws() == 2);
    // And after those, the circle alone again, still as a whole draw would show it.
    const PngImage moved = snapshot(*screen, breathing(false, 0.5), "breathing-moving-out-50.png");
    auto fresh = headless_screen();
    CHECK(moved.count_unlike(snapshot(*fresh, breathing(false, 0.5), "breathing-moving-out-50-whole.png"), all, 0) == 0);
    CHECK(screen->moving_parts_draws() == 3);
}

TEST_CASE("A card's progress bar moves without the card drawn again, as if it were", "[ui][card]") {
    View card;
    card.kind = ViewKind::Card;
    card.title = "Before you start";
    card.lines = {"Move slowly and breathe.", "Stop if anything hurts, and press STOP to say so.",
                  "Keep a chair within reach."};
    card.step_number = 1;
    card.step_count = 8;
    card.class_left_s = 15 * 60;
    card.next_up = "Next: Cat-cow";
    const auto whole = [](int width, int height, const View& view, const std::string& name) {
        auto fresh = headless_screen(width, height);
        return snapshot(*fresh, view, name);
    };

    auto screen = headless_screen();
    const Region all{0, 0, 1920, 1080};
    card.class_progress = 0.100;
    snapshot(*screen, card, "card-moving-first.png");
    for (const double progress : {0.101, 0.102, 0.05}) {  // the bar grows a pixel, and shrinks
        card.class_progress = progress;
        INFO("progress " << progress);
        CHECK(snapshot(*screen, card, "card-moving.png")
                  .count_unlike(whole(1920, 1080, card, "card-moving-whole.png"), all, 0) == 0);
    }
    CHECK(screen->moving_parts_draws() == 3);

    // A breathing rest whose bar and circle both move.
    View rest = breathing(true, 0.3);
    snapshot(*screen, rest, "breathing-bar-first.png");
    rest.class_progress = 0.52;
    rest.breathing_phase_progress = 0.4;
    CHECK(snapshot(*screen, rest, "breathing-bar-moved.png")
              .count_unlike(whole(1920, 1080, rest, "breathing-bar-whole.png"), all, 0) == 0);
    CHECK(screen->moving_parts_draws() == 4);

    // Words down to the bar's rows (a card too long for a small screen even in its smaller
    // type): the whole card each time.
    auto small = headless_screen(640, 360);
    View crowded = card;
    crowded.lines = std::vector<std::string>(
        8, "Move slowly, breathe, and stop if anything hurts, then rest a while before going on.");
    crowded.class_progress = 0.3;
    snapshot(*small, crowded, "card-crowded-first.png");
    crowded.class_progress = 0.32;
    CHECK(snapshot(*small, crowded, "card-crowded.png")
              .count_unlike(whole(640, 360, crowded, "card-crowded-whole.png"), {0, 0, 640, 360}, 0) == 0);
    CHECK(small->moving_parts_draws() == 0);
}

TEST_CASE("Paused dims the screen and says how to go on", "[ui][paused]") {
    auto screen = headless_screen();
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 1920, 1080, yuv_green);
    screen->upload_picture(picture.view());
    View view = clip_with_everything();
    view.paused = true;
    const PngImage image = snapshot(*screen, view, "paused-clip.png");
    const Rgb green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, true);

    // The frozen picture stays visible, a little dimmed.
    const Rgb dimmed = image.mean({700, 300, 400, 150});
    CHECK(dimmed.g < green.g * 0.75);
    CHECK(dimmed.g > green.g * 0.45);
    // The banner along the bottom: dark, with "Paused" and the hint bright on it.
    const Region banner{0, 850, 1920, 200};
    CHECK(image.fraction_darker(banner, 60) > 0.7);
    CHECK(image.fraction_brighter(banner, 200) > 0.05);
    // The banner lies on the band, below the picture: all of the picture shows, dimmed.
    CHECK(image.fraction_near({560, 0, 1360, 765}, dimmed, 6) > 0.99);
}

TEST_CASE("Old text textures are let go over a long run", "[ui][cache]") {
    auto screen = headless_screen(640, 360);
    View view = clip_with_everything();
    const double frame_s = 1.0 / 30.0;
    std::size_t most = 0;
    // Five minutes at 30 frames a second: the countdown changes every second, the caption
    // every ten. Without eviction that is 300 + 30 textures.
    for (int frame = 0; frame < 30 * 300; ++frame) {
        const double now_s = frame * frame_s;
        view.hold_left_s = 30.0 - std::fmod(now_s, 30.0);
        view.caption = "Cue number " + std::to_string(static_cast<int>(now_s / 10));
        screen->draw(view, now_s);
        most = std::max(most, screen->cached_text_count());
    }
    INFO("most cached: " << most << ", at the end: " << screen->cached_text_count());
    CHECK(most < 30);
    CHECK(screen->cached_text_count() < 30);
}

TEST_CASE("An unchanged view renders no new text", "[ui][cache]") {
    auto screen = headless_screen(640, 360);
    const View view = clip_with_everything();
    screen->draw(view, 0);
    const std::size_t first = screen->cached_text_count();
    CHECK(first > 3);
    for (int frame = 1; frame <= 60; ++frame) screen->draw(view, frame);  // a minute, 1 fps
    CHECK(screen->cached_text_count() == first);
}

TEST_CASE("An unchanged screen need not be drawn again", "[ui][idle]") {
    auto screen = headless_screen(640, 360);

    SECTION("nothing drawn yet") { CHECK_FALSE(screen->already_shows(safety_card())); }

    SECTION("a card: seconds ticking inside the same minute change nothing") {
        View view = safety_card();
        view.class_left_s = 14 * 60 - 1;  // shows "14 min left"
        screen->draw(view, 0);
        CHECK(screen->already_shows(view));
        view.class_left_s = 13 * 60 + 31;  // still "14 min left" (to the nearest minute)
        CHECK(screen->already_shows(view));
        view.class_left_s = 13 * 60 + 29;  // "13 min left"
        CHECK_FALSE(screen->already_shows(view));
    }
    SECTION("a clip: the hold countdown, the caption, a new picture") {
        View view = clip_with_everything();
        view.hold_left_s = 10.5;  // shows 11
        const auto picture = TestPicture::solid(PictureFormat::IYUV, 64, 36, yuv_red);
        screen->upload_picture(picture.view());
        screen->draw(view, 0);
        CHECK(screen->already_shows(view));
        view.hold_left_s = 10.01;  // still 11
        CHECK(screen->already_shows(view));
        view.hold_left_s = 9.99;  // 10
        CHECK_FALSE(screen->already_shows(view));
        view.hold_left_s = 10.5;
        view.caption = "Switch sides";
        CHECK_FALSE(screen->already_shows(view));
        view.caption = clip_with_everything().caption;
        CHECK(screen->already_shows(view));
        screen->upload_picture(picture.view());
        CHECK_FALSE(screen->already_shows(view));
    }
    SECTION("paused changes the screen; breathing moves it") {
        View view = breathing(true, 0.5);
        screen->draw(view, 0);
        view.paused = true;
        CHECK_FALSE(screen->already_shows(view));
        view.paused = false;
        view.breathing_phase_progress = 0.6;
        CHECK_FALSE(screen->already_shows(view));
    }
}
