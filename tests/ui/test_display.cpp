// The real window path (accelerated renderer, vsync), for a machine with a display or under
// Xvfb: `xvfb-run -s "-screen 0 1920x1080x24" ui_tests "[.display]"`, which ctest runs as
// desktop.real-window-draws-alike. Hidden from the headless ui tests, which run anywhere.
#include "ui_test_support.hpp"

#include <cstdlib>
#include <optional>
#include <string>

using namespace classplayer::ui;
using namespace classplayer::ui::test;

namespace {

// Sets (or, given nullopt, removes) an environment variable for one scope.
class EnvironmentFor {
public:
    EnvironmentFor(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) ::setenv(name, value->c_str(), 1);
        else ::unsetenv(name);
    }
    ~EnvironmentFor() {
        if (old_) ::setenv(name_, old_->c_str(), 1);
        else ::unsetenv(name_);
    }
    EnvironmentFor(const EnvironmentFor&) = delete;
    EnvironmentFor& operator=(const EnvironmentFor&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

}  // namespace

// Run anywhere (no display needed): SDL, finding no display, would start its offscreen driver
// and the class would play to nobody, the TV staying dark. SDL_VIDEODRIVER=x11,offscreen with
// no DISPLAY makes that fallback happen on any machine.
TEST_CASE("A screen meant to be seen refuses to open where nothing would show it", "[ui][screen]") {
    EnvironmentFor no_x("DISPLAY", std::nullopt);
    EnvironmentFor no_wayland("WAYLAND_DISPLAY", std::nullopt);
    EnvironmentFor fallback("SDL_VIDEODRIVER", "x11,offscreen");
    ScreenOptions options;
    options.width = 640;
    options.height = 360;
    const auto refused = Screen::create(options);
    REQUIRE_FALSE(refused.has_value());
    CHECK_THAT(refused.error(), Catch::Matchers::Contains("no display to show the class on"));
    CHECK_THAT(refused.error(), Catch::Matchers::Contains("--headless"));

    // Asked for by name, the offscreen driver is a choice, not a fallback; and a headless
    // screen is always offscreen.
    {
        EnvironmentFor chosen("SDL_VIDEODRIVER", "offscreen");
        const auto opened = Screen::create(options);
        INFO((opened ? std::string() : opened.error()));
        CHECK(opened.has_value());
    }
    options.headless = true;
    const auto headless = Screen::create(options);
    INFO((headless ? std::string() : headless.error()));
    CHECK(headless.has_value());
}

TEST_CASE("A real window draws what the headless screen draws", "[.display][ui]") {
    if (std::getenv("DISPLAY") == nullptr && std::getenv("WAYLAND_DISPLAY") == nullptr)
        FAIL("no display: run it under xvfb-run (ctest does: desktop.real-window-draws-alike)");
    const bool fullscreen = GENERATE(false, true);
    ScreenOptions options;
    if (!fullscreen) {
        options.width = 1280;
        options.height = 720;
    }
    auto created = Screen::create(options);
    INFO((created ? std::string() : created.error()));
    REQUIRE(created.has_value());
    Screen& screen = **created;
    // Run for each of the boards' GPU renderers (desktop.real-window-gles2, ...-opengl): the one
    // asked for is the one drawing, not a quiet fallback to another.
    if (const char* asked = std::getenv("SDL_RENDER_DRIVER")) CHECK(screen.renderer_name() == asked);
    if (!fullscreen) {
        CHECK(screen.width() == 1280);
        CHECK(screen.height() == 720);
    }

    const auto picture = TestPicture::solid(PictureFormat::NV12, 640, 480, yuv_red);
    screen.upload_picture(picture.view());
    View view;
    view.kind = ViewKind::Clip;
    view.title = "Cobra";
    view.rep_label = "Rep 2 of 6";
    view.hold_left_s = 3;
    const PngImage image =
        snapshot(screen, view, fullscreen ? "display-fullscreen.png" : "display-window.png");
    const Rgb red = yuv_to_rgb(yuv_red.y, yuv_red.u, yuv_red.v, false);
    const int w = screen.width(), h = screen.height();
    CHECK(image.fraction_near({w / 2 - 50, h / 2 - 50, 100, 100}, red, 12) > 0.99);
    CHECK(image.fraction_near({0, h / 2 - 50, w / 16, 100}, {0, 0, 0}, 4) > 0.99);

    // The panels (drawn into textures of their own, then copied: render targets, which GL
    // renderers keep upside down) match the headless screen's, words and all.
    auto headless = headless_screen(w, h);
    headless->upload_picture(picture.view());
    const PngImage reference =
        snapshot(*headless, view, fullscreen ? "display-fullscreen-headless.png" : "display-window-headless.png");
    const auto alike = [&](const Region& region) {
        return 1.0 - static_cast<double>(image.count_unlike(reference, region, 24)) /
                         (static_cast<double>(region.width) * region.height);
    };
    const Region top_bar{0, 0, w, h / 10};
    const Region bottom_panel{0, h - h / 6, w, h / 6 - h / 50};  // above the progress bar
    CHECK(image.fraction_brighter(top_bar, 200) > 0.005);       // "Cobra" is on it
    CHECK(alike(top_bar) > 0.99);
    CHECK(image.fraction_brighter(bottom_panel, 200) > 0.005);  // the countdown is on it
    CHECK(alike(bottom_panel) > 0.99);

    // A GPU renderer converts Y'CbCr in its shader, with the matrix set as it draws: a clip
    // tagged BT.709 (every shipped clip) must come out as BT.709, in both upload formats.
    const Rgb bt709_green = yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, true);
    REQUIRE_FALSE(near(bt709_green, yuv_to_rgb(yuv_green.y, yuv_green.u, yuv_green.v, false), 20));
    for (const PictureFormat format : {PictureFormat::NV12, PictureFormat::IYUV}) {
        const auto green = TestPicture::solid(format, 640, 360, yuv_green);
        PictureView tagged = green.view();
        tagged.matrix = YuvMatrix::BT709;
        REQUIRE(screen.upload_picture(tagged));
        const PngImage matrix_image = snapshot(screen, view, "display-bt709.png");
        CAPTURE(format == PictureFormat::NV12 ? "NV12" : "IYUV");
        CHECK(matrix_image.fraction_near({w / 2 - 50, h / 2 - 50, 100, 100}, bt709_green, 12) > 0.99);
    }
}
