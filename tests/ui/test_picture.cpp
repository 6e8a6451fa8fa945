// The video picture: colour kept, letterboxed with its aspect, rotation honoured, IYUV and
// NV12 both shown. (Headless is SDL's software renderer: pictures go through FittedPicture,
// converted during the upload when copied, or as they are drawn, into the window, when kept.)
#include "ui_test_support.hpp"

using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

View clip_view() {
    View view;
    view.kind = ViewKind::Clip;
    view.title = "Cat-cow";
    view.step_number = 2;
    view.step_count = 7;
    view.class_progress = 0.2;
    view.class_left_s = 600;
    view.rep_label = "Round 3 of 6";
    return view;
}

// A box in the middle of the picture of `aspect` (the clip layout's, top right).
Region centre_box(const Screen& screen, double aspect = 4.0 / 3.0) {
    const Box shown = picture_box(screen, aspect);
    return {shown.x + shown.w / 2 - 100, shown.y + shown.h / 2 - 100, 200, 200};
}

}  // namespace

TEST_CASE("A headless screen defaults to 1920x1080", "[ui][screen]") {
    ScreenOptions options;
    options.headless = true;
    auto screen = Screen::create(options);
    REQUIRE(screen.has_value());
    CHECK((*screen)->width() == 1920);
    CHECK((*screen)->height() == 1080);
}

TEST_CASE("A 4:3 IYUV picture is letterboxed on 16:9 with its colour kept", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen();
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 640, 480, yuv_red);
    REQUIRE(screen->upload_picture(picture.view(0, handover)));
    const PngImage image = snapshot(*screen, clip_view(), "picture-4x3-iyuv.png");
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, false);

    SECTION("the picture's colour fills the centre") {
        CHECK(image.fraction_near(centre_box(*screen), red, 10) > 0.99);
    }
    SECTION("bars left and right are black, the picture 1008x756 between them") {
        // 640x480 fitted to the 1360x765 picture area at the top right (class_layout.hpp):
        // 1008 wide (whole 16-pixel blocks), from x = 736 to 1743.
        const Box shown = picture_box(*screen, 4.0 / 3.0);
        CHECK(shown == Box{736, 0, 1008, 756});
        const Region left_bar{580, 300, 140, 400}, right_bar{1760, 300, 140, 400};
        CHECK(image.fraction_near(left_bar, {0, 0, 0}, 4) > 0.99);
        CHECK(image.fraction_near(right_bar, {0, 0, 0}, 4) > 0.99);
        CHECK(near(image.at(shown.x + 3, 400), red, 12));
        CHECK(near(image.at(shown.right() - 4, 400), red, 12));
    }
    SECTION("nothing of the overlay's is on the picture") {
        // Title, step, counters and the progress line are all beside or below it.
        const Box shown = picture_box(*screen, 4.0 / 3.0);
        CHECK(image.fraction_near({shown.x + 2, shown.y, shown.w - 4, shown.h - 2}, red, 12) > 0.999);
    }
}

TEST_CASE("An NV12 picture is drawn like an IYUV one", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen();
    const auto picture = TestPicture::solid(PictureFormat::NV12, 640, 480, yuv_green);
    REQUIRE(screen->upload_picture(picture.view(0, handover)));
    const PngImage image = snapshot(*screen, clip_view(), "picture-4x3-nv12.png");
    const Rgb green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, false);
    CHECK(image.fraction_near(centre_box(*screen), green, 10) > 0.99);
    CHECK(image.fraction_near({580, 300, 140, 400}, {0, 0, 0}, 4) > 0.99);
}

TEST_CASE("Rotation metadata turns the picture upright", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen();
    // Red on the top half, blue on the bottom half; 1280x720 so SDL uses BT.709.
    const auto picture = TestPicture::make(PictureFormat::IYUV, 1280, 720, yuv_red, yuv_blue);
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, true);
    const Rgb blue = yuv_to_rgb(yuv_blue.y, yuv_blue.u, yuv_blue.v, true);
    const Rgb black{0, 0, 0};

    SECTION("90: portrait, bars left and right, the top turns to the right") {
        screen->upload_picture(picture.view(90, handover));
        const PngImage image = snapshot(*screen, clip_view(), "picture-rotated-90.png");
        // 720x1280 upright, fitted to the 765-line picture area: 416 px wide, centred in it.
        const Box shown = picture_box(*screen, 720.0 / 1280.0);
        CHECK(image.fraction_near({600, 300, shown.x - 620, 300}, black, 4) > 0.99);
        CHECK(image.fraction_near({shown.right() + 20, 300, 1900 - shown.right() - 20, 300}, black, 4) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.55, 0.3, 0.35, 0.3), red, 12) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.1, 0.3, 0.35, 0.3), blue, 12) > 0.99);
        CHECK(near(image.at(shown.x + 6, 370), blue, 16));
        CHECK(near(image.at(shown.right() - 7, 370), red, 16));
    }
    SECTION("270: the top turns to the left") {
        screen->upload_picture(picture.view(270, handover));
        const PngImage image = snapshot(*screen, clip_view(), "picture-rotated-270.png");
        const Box shown = picture_box(*screen, 720.0 / 1280.0);
        CHECK(image.fraction_near({600, 300, shown.x - 620, 300}, black, 4) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.1, 0.3, 0.35, 0.3), red, 12) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.55, 0.3, 0.35, 0.3), blue, 12) > 0.99);
    }
    SECTION("180: landscape, upside down") {
        screen->upload_picture(picture.view(180, handover));
        const PngImage image = snapshot(*screen, clip_view(), "picture-rotated-180.png");
        const Box shown = picture_box(*screen, 16.0 / 9.0);
        CHECK(image.fraction_near(part_of(shown, 0.3, 0.1, 0.4, 0.3), blue, 12) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.3, 0.6, 0.4, 0.3), red, 12) > 0.99);
    }
    SECTION("0: as coded, filling a 16:9 screen") {
        screen->upload_picture(picture.view(0, handover));
        const PngImage image = snapshot(*screen, clip_view(), "picture-rotated-0.png");
        const Box shown = picture_box(*screen, 16.0 / 9.0);
        CHECK(image.fraction_near(part_of(shown, 0.3, 0.1, 0.4, 0.3), red, 12) > 0.99);
        CHECK(image.fraction_near(part_of(shown, 0.3, 0.6, 0.4, 0.3), blue, 12) > 0.99);
        CHECK(near(image.at(shown.x + 2, 300), red, 16));  // no bars: the whole picture area
    }
}

TEST_CASE("A picture of a new size replaces the old one", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen(960, 540);
    const auto small = TestPicture::solid(PictureFormat::IYUV, 320, 240, yuv_red);
    const auto wide = TestPicture::solid(PictureFormat::NV12, 640, 360, yuv_green);
    screen->upload_picture(small.view(0, handover));
    screen->draw(clip_view(), 0);
    screen->upload_picture(wide.view(0, handover));
    const PngImage image = snapshot(*screen, clip_view(), "picture-resized.png");
    const Rgb green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, false);
    const Box shown = picture_box(*screen, 16.0 / 9.0);
    CHECK(image.fraction_near(part_of(shown, 0.3, 0.3, 0.4, 0.4), green, 10) > 0.99);
    CHECK(near(image.at(shown.x + 2, 200), green, 16));  // 16:9 in a 16:9 area: no bars
}

TEST_CASE("A picture's colour matrix holds through every change of size", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    // BT.709 and BT.601 turn this Y'CbCr into greens some 40 levels apart. Each size change
    // makes a new converter on the software renderer; every one must use the picture's matrix.
    auto screen = headless_screen(960, 540);
    const auto big = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_green);
    const auto small = TestPicture::solid(PictureFormat::NV12, 320, 180, yuv_green);
    const Rgb bt709_green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, true);
    const Rgb bt601_green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, false);
    REQUIRE_FALSE(near(bt709_green, bt601_green, 20));
    for (int change = 0; change < 6; ++change) {
        PictureView view = (change % 2 == 0 ? big : small).view(0, handover);
        view.matrix = change < 4 ? YuvMatrix::BT709 : YuvMatrix::BT601;
        CAPTURE(change);
        REQUIRE(screen->upload_picture(view));
        const PngImage image = snapshot(*screen, clip_view(), "picture-matrix.png");
        const Rgb expected = view.matrix == YuvMatrix::BT709 ? bt709_green : bt601_green;
        CHECK(image.fraction_near({380, 200, 200, 100}, expected, 10) > 0.99);
    }
}

TEST_CASE("The next step's picture, uploaded ahead, shows only when its step starts", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen(960, 540);
    const auto playing = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_red);
    const auto next = TestPicture::solid(PictureFormat::IYUV, 1280, 720, yuv_green);
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, false);
    const Rgb green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, true);
    const Region middle{380, 200, 200, 100};
    REQUIRE(screen->upload_picture(playing.view(0, handover)));
    screen->draw(clip_view(), 0);
    screen->present();
    REQUIRE(screen->preload_picture(next.view(0, handover)));

    SECTION("until then the playing clip's picture stays on screen") {
        const PngImage image = snapshot(*screen, clip_view(), "picture-preloaded-waiting.png");
        CHECK(image.fraction_near(middle, red, 10) > 0.99);
    }
    SECTION("at the step change it is the picture, in one swap") {
        REQUIRE(screen->show_preloaded());
        const PngImage image = snapshot(*screen, clip_view(), "picture-preloaded-shown.png");
        CHECK(image.fraction_near(middle, green, 10) > 0.99);
        AND_THEN("nothing is left to swap in twice") { CHECK_FALSE(screen->show_preloaded()); }
    }
    SECTION("a card in between shows no trace of it") {
        View card = clip_view();
        card.kind = ViewKind::Card;
        const PngImage image = snapshot(*screen, card, "picture-preloaded-card.png");
        CHECK(image.count_near({0, 0, 960, 540}, green, 40) == 0);
    }
}

TEST_CASE("Nothing preloaded: there is nothing to swap in", "[ui][picture]") {
    auto screen = headless_screen(320, 180);
    CHECK_FALSE(screen->show_preloaded());
    PictureView empty{};
    CHECK_FALSE(screen->preload_picture(empty));
    CHECK_FALSE(screen->show_preloaded());
}

TEST_CASE("clear_picture leaves a clip black under its overlay", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen(960, 540);
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_red);
    screen->upload_picture(picture.view(0, handover));
    screen->clear_picture();
    const PngImage image = snapshot(*screen, clip_view(), "picture-cleared.png");
    CHECK(image.fraction_near({380, 200, 200, 100}, {0, 0, 0}, 4) > 0.99);
}

TEST_CASE("Card-like views draw their own background, not the picture", "[ui][picture]") {
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen(960, 540);
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_red);
    screen->upload_picture(picture.view(0, handover));
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, false);
    const auto kind = GENERATE(ViewKind::Card, ViewKind::Breathing, ViewKind::ClipError,
                               ViewKind::Ended);
    View view = clip_view();
    view.kind = kind;
    const PngImage image = snapshot(*screen, view, "picture-under-card.png");
    CHECK(image.count_near({0, 0, 960, 540}, red, 40) == 0);
}

TEST_CASE("An empty picture is refused", "[ui][picture]") {
    auto screen = headless_screen(320, 180);
    PictureView empty{};
    CHECK_FALSE(screen->upload_picture(empty));
}

TEST_CASE("save_png reports a path it cannot write", "[ui][screen]") {
    auto screen = headless_screen(320, 180);
    screen->draw(clip_view(), 0);
    std::string error;
    CHECK_FALSE(screen->save_png("/nonexistent-dir/x.png", &error));
    CHECK_FALSE(error.empty());
}

TEST_CASE("A headless screen draws kept pictures straight into its window", "[ui][picture]") {
    // The software renderer's picture path with no copy of its own (docs/performance.md):
    // if SDL stopped drawing into the window's surface, pictures would still show, through a
    // texture, and only the benchmark would tell.
    auto screen = headless_screen(640, 360);
    CHECK(screen->draws_pictures_in_place());
}

TEST_CASE("A paused picture is whole again when the menu over it closes", "[ui][picture]") {
    auto screen = headless_screen(960, 540);
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    const auto picture = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_red);
    const Region middle{380, 200, 200, 100};
    REQUIRE(screen->upload_picture(picture.view(0, handover)));
    View paused = clip_view();
    paused.paused = true;
    const PngImage before = snapshot(*screen, paused, "picture-paused.png");
    const Rgb paused_red = before.mean(middle);  // the paused screen dims the picture
    REQUIRE(paused_red.r > 100);
    paused.menu = MenuView{{"Resume", "Restart this step", "Skip this step", "End the class"}, 0};
    const PngImage with_menu = snapshot(*screen, paused, "picture-under-menu.png");
    REQUIRE(with_menu.fraction_near(middle, paused_red, 10) < 0.5);  // the menu covers the middle
    paused.menu.reset();
    const PngImage after = snapshot(*screen, paused, "picture-menu-closed.png");
    CHECK(after.fraction_near(middle, paused_red, 4) > 0.99);
}

TEST_CASE("A kept picture stays the screen's until it is replaced or cleared", "[ui][picture]") {
    auto screen = headless_screen(960, 540);
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, false);
    std::weak_ptr<const void> first_pixels;
    {
        const auto first = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_red);
        const PictureView view = first.view(0, Handover::Kept);
        first_pixels = view.owner;
        REQUIRE(screen->upload_picture(view));
    }  // the decoder's side has let go
    SECTION("drawn after its maker let go, it still shows") {
        REQUIRE_FALSE(first_pixels.expired());
        const PngImage image = snapshot(*screen, clip_view(), "picture-kept.png");
        CHECK(image.fraction_near({380, 200, 200, 100}, red, 10) > 0.99);
    }
    SECTION("a new picture hands the old one's pixels back") {
        const auto second = TestPicture::solid(PictureFormat::IYUV, 640, 360, yuv_green);
        REQUIRE(screen->upload_picture(second.view(0, Handover::Kept)));
        CHECK(first_pixels.expired());
    }
    SECTION("clearing hands them back") {
        screen->clear_picture();
        CHECK(first_pixels.expired());
    }
}

TEST_CASE("A picture of any width stays inside its box", "[ui][picture]") {
    // libswscale writes rows in whole 16-pixel blocks; a box of another width must not spill
    // into its bars, nor past the end of the screen's memory when it fills the last row.
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    auto screen = headless_screen(1366, 768);  // a common TV panel; 1366 is not whole blocks
    const Rgb black{0, 0, 0};
    SECTION("pillarboxed, 1026 px wide") {
        const auto picture = TestPicture::solid(PictureFormat::IYUV, 641, 480, yuv_blue);
        const Rgb blue = yuv_to_rgb(yuv_blue.y, yuv_blue.u, yuv_blue.v, false);
        REQUIRE(screen->upload_picture(picture.view(0, handover)));
        const PngImage image = snapshot(*screen, clip_view(), "picture-odd-width.png");
        // 641x480 fitted to the 976x549 picture area: 720 wide (whole blocks), centred in it.
        const Box area = picture_area(1366, 768), shown = picture_box(*screen, 641.0 / 480.0);
        CHECK(image.fraction_near({area.x, 100, shown.x - area.x, 400}, black, 4) > 0.999);
        CHECK(image.fraction_near({shown.right(), 100, area.right() - shown.right(), 400}, black, 4) > 0.999);
        CHECK(near(image.at(shown.right() - 1, 300), blue, 16));
        CHECK(near(image.at(shown.x, 300), blue, 16));
    }
    SECTION("filling the screen to its last row") {
        const auto picture = TestPicture::solid(PictureFormat::IYUV, 1280, 720, yuv_red);
        const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, true);
        for (int frame = 0; frame < 3; ++frame) REQUIRE(screen->upload_picture(picture.view(0, handover)));
        const PngImage image = snapshot(*screen, clip_view(), "picture-full-odd-width.png");
        // 16:9 in the picture area, to its last row (549): the area's whole width.
        const Box shown = picture_box(*screen, 16.0 / 9.0);
        CHECK(near(image.at(shown.x, 300), red, 16));
        CHECK(near(image.at(shown.right() - 1, 300), red, 16));
        CHECK(near(image.at(shown.x + 100, shown.bottom() - 1), red, 16));
    }
}

TEST_CASE("With every word of a clip step on screen the picture is drawn as it would be without them",
          "[ui][picture]") {
    // Nothing of the overlay's is over the picture (class_layout.hpp): every row of it is the
    // picture's own, in place, for each format, shown at its own size or scaled, whatever the
    // step shows beside and below it.
    const Handover handover = GENERATE(Handover::Copied, Handover::Kept);
    const PictureFormat format = GENERATE(PictureFormat::IYUV, PictureFormat::NV12);
    const int width = GENERATE(1920, 1280);
    auto screen = headless_screen(1920, 1080);
    const auto picture = TestPicture::rows_apart(format, width, width * 9 / 16);
    REQUIRE(screen->upload_picture(picture.view(0, handover)));
    View bare;  // nothing but the thin progress line at the bottom
    bare.kind = ViewKind::Clip;
    const PngImage whole = snapshot(*screen, bare, "picture-rows-bare.png");
    // Another picture in between, so nothing of the first is left where the second is drawn.
    const auto green = TestPicture::solid(format, width, width * 9 / 16, yuv_green);
    REQUIRE(screen->upload_picture(green.view(0, handover)));
    snapshot(*screen, bare, "picture-rows-green.png");
    REQUIRE(screen->upload_picture(picture.view(0, handover)));
    View framed = clip_view();
    framed.lines = {"Start on your hands and knees.", "Round your back", "Then let it sag"};
    framed.reason = "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine";
    framed.caption = "Breathe in as you lift";
    framed.hold_left_s = 12;
    framed.notice = "Volume 60%";
    framed.next_up = "Next: Child's pose";
    const PngImage between = snapshot(*screen, framed, "picture-rows-framed.png");

    const Box shown = picture_box(*screen, 16.0 / 9.0);
    int compared = 0, unlike = 0;
    for (int y = shown.y; y < shown.bottom(); ++y) {
        ++compared;
        // A scaled picture's rows may be converted in bands of their own, whose fixed-point row
        // positions differ by about 1/500 of a row: a YUV value now and then rounds the other
        // way, a few levels of RGB. A row out of place, or a word on it, differs by 20 or more.
        for (int x = shown.x; x < shown.right(); ++x)
            if (!near(between.at(x, y), whole.at(x, y), 6)) {
                ++unlike;
                break;
            }
    }
    CHECK(compared > 700);
    CHECK(unlike == 0);
}
