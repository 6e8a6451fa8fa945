#pragma once
// Shared by the ui tests: a headless screen, generated pictures, and PNG snapshots written
// to the build directory (UI_TEST_ARTIFACTS_DIR) so a person can look at them afterwards.

#include "png_image.hpp"
#include "ui/class_layout.hpp"
#include "ui/screen.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace classplayer::ui::test {

// A layout box as a test region.
inline Region region_of(const Box& box) { return {box.x, box.y, box.w, box.h}; }
// Where a picture of `aspect` goes during a clip step on this screen (class_layout.hpp).
inline Box picture_box(const Screen& screen, double aspect) {
    return fit_picture(picture_area(screen.width(), screen.height()), aspect);
}
// A region inside `box`, in fractions of it.
inline Region part_of(const Box& box, double x, double y, double w, double h) {
    return {box.x + static_cast<int>(x * box.w), box.y + static_cast<int>(y * box.h), static_cast<int>(w * box.w),
            static_cast<int>(h * box.h)};
}

struct YuvColour {
    uint8_t y, u, v;
};
// Limited-range BT.601 triples (the matrix SDL uses for SD-sized pictures).
inline constexpr YuvColour yuv_red{81, 90, 240};
inline constexpr YuvColour yuv_green{145, 54, 34};
inline constexpr YuvColour yuv_blue{41, 240, 110};

// How a picture reaches the screen: copied during the upload (a view with no owner), or kept
// by the screen and converted as it is drawn (a view with an owner: what the player does).
enum class Handover { Copied, Kept };

// A generated picture that owns its planes: top half one colour, bottom half another.
class TestPicture {
public:
    static TestPicture make(PictureFormat format, int width, int height, YuvColour top,
                            YuvColour bottom) {
        TestPicture picture;
        picture.format_ = format;
        picture.width_ = width;
        picture.height_ = height;
        auto& planes = *picture.planes_;
        const int chroma_w = (width + 1) / 2, chroma_h = (height + 1) / 2;
        planes[0].resize(static_cast<std::size_t>(width) * height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                planes[0][static_cast<std::size_t>(y) * width + x] = (y < height / 2 ? top : bottom).y;
        if (format == PictureFormat::IYUV) {
            planes[1].resize(static_cast<std::size_t>(chroma_w) * chroma_h);
            planes[2].resize(static_cast<std::size_t>(chroma_w) * chroma_h);
            for (int y = 0; y < chroma_h; ++y)
                for (int x = 0; x < chroma_w; ++x) {
                    const YuvColour& c = y < chroma_h / 2 ? top : bottom;
                    planes[1][static_cast<std::size_t>(y) * chroma_w + x] = c.u;
                    planes[2][static_cast<std::size_t>(y) * chroma_w + x] = c.v;
                }
            picture.pitches_ = {width, chroma_w, chroma_w};
        } else {
            planes[1].resize(static_cast<std::size_t>(chroma_w) * 2 * chroma_h);
            for (int y = 0; y < chroma_h; ++y)
                for (int x = 0; x < chroma_w; ++x) {
                    const YuvColour& c = y < chroma_h / 2 ? top : bottom;
                    const std::size_t i = static_cast<std::size_t>(y) * chroma_w * 2 + x * 2;
                    planes[1][i] = c.u;
                    planes[1][i + 1] = c.v;
                }
            picture.pitches_ = {width, chroma_w * 2, 0};
        }
        // Decoded frames carry padding past their last row, and libswscale's SIMD readers
        // read a few bytes into it: so do these.
        for (auto& plane : planes)
            if (!plane.empty()) plane.resize(plane.size() + 64);
        return picture;
    }
    static TestPicture solid(PictureFormat format, int width, int height, YuvColour colour) {
        return make(format, width, height, colour, colour);
    }
    // Every row unlike its neighbours (luma steps by 37 a row), chroma ramping slowly down
    // the picture and no pixel black: a row or chroma row out of place shows.
    static TestPicture rows_apart(PictureFormat format, int width, int height) {
        TestPicture picture = solid(format, width, height, yuv_red);
        auto& planes = *picture.planes_;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                planes[0][static_cast<std::size_t>(y) * width + x] = static_cast<uint8_t>(60 + (y * 37 + x / 64 * 11) % 170);
        const int chroma_w = (width + 1) / 2, chroma_h = (height + 1) / 2;
        for (int y = 0; y < chroma_h; ++y)
            for (int x = 0; x < chroma_w; ++x) {
                const auto u = static_cast<uint8_t>(64 + y % 128), v = static_cast<uint8_t>(192 - y % 128);
                if (format == PictureFormat::IYUV) {
                    planes[1][static_cast<std::size_t>(y) * chroma_w + x] = u;
                    planes[2][static_cast<std::size_t>(y) * chroma_w + x] = v;
                } else {
                    planes[1][static_cast<std::size_t>(y) * chroma_w * 2 + x * 2] = u;
                    planes[1][static_cast<std::size_t>(y) * chroma_w * 2 + x * 2 + 1] = v;
                }
            }
        return picture;
    }

    PictureView view(int rotation_deg = 0, Handover handover = Handover::Copied) const {
        const auto& planes = *planes_;
        PictureView v{};
        v.width = width_;
        v.height = height_;
        v.format = format_;
        for (std::size_t i = 0; i < 3; ++i) {
            v.planes[i] = planes[i].empty() ? nullptr : planes[i].data();
            v.pitches[i] = pitches_[i];
        }
        v.rotation_deg = rotation_deg;
        if (handover == Handover::Kept) v.owner = planes_;
        return v;
    }

private:
    PictureFormat format_ = PictureFormat::IYUV;
    int width_ = 0, height_ = 0;
    std::shared_ptr<std::array<std::vector<uint8_t>, 3>> planes_ =
        std::make_shared<std::array<std::vector<uint8_t>, 3>>();
    std::array<int, 3> pitches_{};
};

}  // namespace classplayer::ui::test

template <>
struct Catch::StringMaker<classplayer::ui::test::Handover> {
    static std::string convert(classplayer::ui::test::Handover h) {
        return h == classplayer::ui::test::Handover::Kept ? "kept by the screen" : "copied during the upload";
    }
};

namespace classplayer::ui::test {

inline std::unique_ptr<Screen> headless_screen(int width = 1920, int height = 1080) {
    ScreenOptions options;
    options.headless = true;
    options.width = width;
    options.height = height;
    auto screen = Screen::create(options);
    INFO((screen ? std::string() : screen.error()));
    REQUIRE(screen.has_value());
    return std::move(*screen);
}

inline std::filesystem::path artifact_path(const std::string& name) {
    const std::filesystem::path dir = UI_TEST_ARTIFACTS_DIR;
    std::filesystem::create_directories(dir);
    return dir / name;
}

// Draws `view`, saves what is on screen as artifacts/NAME, and reads it back.
inline PngImage snapshot(Screen& screen, const View& view, const std::string& name,
                         double now_s = 0) {
    screen.draw(view, now_s);
    const auto path = artifact_path(name);
    std::string error;
    const bool saved = screen.save_png(path, &error);
    INFO(error);
    REQUIRE(saved);
    screen.present();
    PngImage image = PngImage::read(path, &error);
    INFO(error);
    REQUIRE(image.width() == screen.width());
    REQUIRE(image.height() == screen.height());
    return image;
}

}  // namespace classplayer::ui::test
