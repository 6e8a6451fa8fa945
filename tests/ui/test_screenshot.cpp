// The clinic's screenshot: what the screen shows, small enough to send (about 480x270), and
// still recognisably that picture: the demonstration where it was, the title's words legible
// as a band of light pixels.
#include "ui_test_support.hpp"

#include "media/jpeg_image.hpp"

#include <fstream>

using namespace classplayer;
using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

// Mean of one channel over a region of a packed RGB24 image.
double mean(const media::RgbImage& image, int channel, int x0, int y0, int w, int h) {
    double sum = 0;
    for (int y = y0; y < y0 + h; ++y)
        for (int x = x0; x < x0 + w; ++x)
            sum += image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3 + channel];
    return sum / (w * h);
}

}  // namespace

TEST_CASE("A screenshot for the clinic is the picture on screen, 480x270, sent as a JPEG", "[ui][screenshot]") {
    auto screen = headless_screen();
    const auto picture = TestPicture::make(PictureFormat::IYUV, 1280, 720, yuv_red, yuv_blue);
    screen->upload_picture(picture.view());
    View view;
    view.kind = ViewKind::Clip;
    view.title = "Cat-cow";
    view.step_number = 2;
    view.step_count = 9;
    screen->draw(view, 0);
    auto drawn = screen->read_drawn();
    REQUIRE(drawn);
    REQUIRE(drawn->width == 1920);
    REQUIRE(drawn->height == 1080);
    screen->present();

    auto jpeg = media::encode_jpeg(*drawn, 480, 270);
    REQUIRE(jpeg);
    CHECK(jpeg->bytes.size() < 60 * 1024);  // small enough to send over the clinic's broker at once
    CHECK(jpeg->width == 480);
    CHECK(jpeg->height == 270);
    auto back = media::decode_jpeg(jpeg->bytes);
    REQUIRE(back);
    CHECK(back->width == 480);
    CHECK(back->height == 270);
    {  // for a person to look at
        std::filesystem::create_directories(UI_TEST_ARTIFACTS_DIR);
        std::ofstream(std::filesystem::path(UI_TEST_ARTIFACTS_DIR) / "screenshot-480x270.jpg", std::ios::binary)
            .write(reinterpret_cast<const char*>(jpeg->bytes.data()), static_cast<std::streamsize>(jpeg->bytes.size()));
    }

    // The demonstration's two halves, where the screen shows them (a quarter of the size).
    const Box box = picture_box(*screen, 1280.0 / 720.0);
    const int bx = box.x / 4, by = box.y / 4, bw = box.w / 4, bh = box.h / 4;
    const int x = bx + bw / 8, w = bw / 4;
    const double top_red = mean(*back, 0, x, by + bh / 8, w, bh / 4), top_blue = mean(*back, 2, x, by + bh / 8, w, bh / 4);
    const double bottom_red = mean(*back, 0, x, by + bh * 5 / 8, w, bh / 4),
                 bottom_blue = mean(*back, 2, x, by + bh * 5 / 8, w, bh / 4);
    INFO("top " << top_red << "/" << top_blue << ", bottom " << bottom_red << "/" << bottom_blue);
    CHECK(top_red > 150);
    CHECK(top_blue < 100);
    CHECK(bottom_blue > 150);
    CHECK(bottom_red < 100);
    // The title's words are still there at this size: light strokes in the column left of the
    // picture where the layout puts them, on black.
    int light = 0;
    for (int y = 0; y < 40; ++y)
        for (int px = 0; px < bx; ++px)
            if (back->rgb[(static_cast<std::size_t>(y) * back->width + px) * 3 + 1] > 180) ++light;
    CHECK(light > 60);
}

TEST_CASE("No picture, no screenshot: a clear error rather than an empty file", "[ui][screenshot]") {
    media::RgbImage nothing;
    auto jpeg = media::encode_jpeg(nothing, 480, 270);
    REQUIRE_FALSE(jpeg);
    CHECK_THAT(jpeg.error(), Catch::Contains("no picture"));
}
