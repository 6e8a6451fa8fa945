// The figure as drawn: its pixels are where its pose says, so what a person sees with the sound
// off is the movement the class describes (and, for a variant, the version it is).
#include <algorithm>
#include <filesystem>
#include <memory>

#include <catch2/catch.hpp>
#include <cairo.h>

#include "class/playlist.hpp"
#include "figure_drawing.hpp"

using namespace classplayer;
using namespace classplayer::demonstrator;
namespace fs = std::filesystem;

namespace {

const fs::path kMedia = CLASSPLAYER_MEDIA_DIR;
constexpr Rgb kWall{40 / 255.0, 60 / 255.0, 80 / 255.0};

struct Frame {
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface{nullptr, cairo_surface_destroy};
    int stride = 0;
    const unsigned char* data = nullptr;
    // cairo's RGB24 is 0x00RRGGBB in a native-endian word.
    std::array<int, 3> at(int x, int y) const {
        const auto* p = data + static_cast<std::ptrdiff_t>(y) * stride + x * 4;
        return {p[2], p[1], p[0]};
    }
    bool skin(int x, int y) const {  // the figure's near or far fill
        const auto c = at(x, y);
        auto near = [&](int r, int g, int b) { return std::abs(c[0] - r) < 14 && std::abs(c[1] - g) < 14 && std::abs(c[2] - b) < 14; };
        return near(226, 186, 150) || near(196, 154, 124);
    }
    bool wood(int x, int y) const {
        const auto c = at(x, y);
        return std::abs(c[0] - 150) < 10 && std::abs(c[1] - 104) < 10 && std::abs(c[2] - 68) < 10;
    }
};

Frame draw(const pose::Demonstration& demo, double t) {
    Frame f;
    f.surface.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight));
    cairo_t* cr = cairo_create(f.surface.get());
    draw_moment(cr, demo, fit_camera(demo), t, kWall);
    cairo_destroy(cr);
    cairo_surface_flush(f.surface.get());
    f.stride = cairo_image_surface_get_stride(f.surface.get());
    f.data = cairo_image_surface_get_data(f.surface.get());
    return f;
}

pose::Demonstration demo(const std::string& name) {
    auto d = pose::load_demonstration(kMedia / "demonstrations" / (name + ".json"));
    if (!d) FAIL(to_string(d.error()));
    return *d;
}

// How high (m above the floor) the figure's top edge is in picture column x.
double top_of_figure_m(const Frame& f, const Camera& cam, int x) {
    for (int y = 0; y < kHeight; ++y)
        if (f.skin(x, y)) return (cam.floor_y - y) / cam.scale;
    return -1;
}

}  // namespace

TEST_CASE("At the top of cat the mid-back is drawn higher than at the bottom of cow", "[figure]") {
    const auto d = demo("cat-cow-round");
    const Camera cam = fit_camera(d);
    const int column = static_cast<int>(cam.x(pose::landmark(d.skeleton_at(0), "mid-back").x));
    const double cat = top_of_figure_m(draw(d, 2.5), cam, column);
    const double neutral = top_of_figure_m(draw(d, 0), cam, column);
    const double cow = top_of_figure_m(draw(d, 6.5), cam, column);
    CAPTURE(column, cat, neutral, cow);
    CHECK(cat > neutral + 0.03);
    CHECK(cow < neutral - 0.02);
}

TEST_CASE("Neutral-to-cow differs from cat-cow where the spine is, and its back never rises above neutral", "[figure]") {
    const auto cat_cow = demo("cat-cow-round"), no_cat = demo("neutral-to-cow-round");
    const Camera a = fit_camera(cat_cow), b = fit_camera(no_cat);
    const double mid_a = pose::landmark(cat_cow.skeleton_at(0), "mid-back").x;
    const double mid_b = pose::landmark(no_cat.skeleton_at(0), "mid-back").x;
    const int col_a = static_cast<int>(a.x(mid_a)), col_b = static_cast<int>(b.x(mid_b));
    const double neutral = top_of_figure_m(draw(no_cat, 0), b, col_b);
    double highest = -1, lowest = 10;
    for (int f = 0; f < static_cast<int>(no_cat.length_s * 30); f += 3) {
        const double top = top_of_figure_m(draw(no_cat, f / 30.0), b, col_b);
        highest = std::max(highest, top);
        lowest = std::min(lowest, top);
    }
    CAPTURE(neutral, highest, lowest);
    // It arches (the belly drops) but never humps up above the flat back...
    CHECK(highest <= neutral + 0.01);
    CHECK(lowest < neutral - 0.02);
    // ...while the same moment of cat-cow, the top of cat, is well above it.
    CHECK(top_of_figure_m(draw(cat_cow, 2.5), a, col_a) > top_of_figure_m(draw(no_cat, 2.5), b, col_b) + 0.03);
}

TEST_CASE("Demonstrations with a chair show the chair, under or in front of the figure", "[figure]") {
    int with_chair = 0;
    for (const auto& entry : fs::directory_iterator(kMedia / "demonstrations")) {
        auto d = pose::load_demonstration(entry.path());
        REQUIRE(d);
        if (std::none_of(d->props.begin(), d->props.end(), [](const pose::Prop& p) { return p.type == "chair"; })) continue;
        ++with_chair;
        CAPTURE(entry.path().filename().string());
        for (double t : {0.0, d->length_s / 2}) {
            const Frame f = draw(*d, t);
            int wood = 0;
            for (int y = 0; y < kHeight; y += 2)
                for (int x = 0; x < kWidth; x += 2) wood += f.wood(x, y) ? 1 : 0;
            CHECK(wood > 400);  // the seat and the back's rail, not a stray pixel
        }
    }
    CHECK(with_chair >= 4);  // seated cat-cow, seated extension, seated lat stretch, seated closing, kneeling lat
}

TEST_CASE("In a no-floor version nothing but the feet is drawn near the floor", "[figure]") {
    auto playlist = load_playlist(fs::path(CLASSPLAYER_MEDIA_DIR) / "../playlists/middle-back.json", {.require_media = false});
    REQUIRE(playlist);
    auto no_floor = [](const std::vector<std::string>& tags) {
        return std::none_of(tags.begin(), tags.end(), [](const std::string& t) { return t == "floor" || t == "kneeling" || t == "prone"; });
    };
    std::vector<fs::path> clips;
    for (const auto& s : playlist->segments) {
        if (s.media && no_floor(s.tags)) clips.push_back(s.media->clip);
        for (const auto& v : s.variants)
            if (no_floor(v.tags)) clips.push_back(v.media.clip);
    }
    REQUIRE(clips.size() >= 6);
    for (const auto& clip : clips) {
        const auto d = demo(clip.stem().string());
        const Camera cam = fit_camera(d);
        CAPTURE(clip.filename().string());
        for (int f = 0; f < static_cast<int>(d.length_s * 30); f += 15) {
            const double t = f / 30.0;
            const Frame frame = draw(d, t);
            const auto s = d.skeleton_at(t);
            // The feet's span, with their thickness and a line of antialiasing.
            double lo = 1e9, hi = -1e9;
            for (const auto* leg : {&s.leg_near, &s.leg_far})
                for (const auto& p : {leg->heel, leg->toe, leg->ankle}) {
                    lo = std::min(lo, p.x);
                    hi = std::max(hi, p.x);
                }
            const int x0 = static_cast<int>(cam.x(lo) - pose::body_size().foot_radius * cam.scale) - 3;
            const int x1 = static_cast<int>(cam.x(hi) + pose::body_size().foot_radius * cam.scale) + 3;
            int stray = 0;
            const int band_top = static_cast<int>(cam.y(0.10));
            for (int y = band_top; y < static_cast<int>(cam.floor_y); ++y)
                for (int x = 0; x < kWidth; ++x)
                    if ((x < x0 || x > x1) && frame.skin(x, y)) ++stray;
            CAPTURE(t, stray);
            CHECK(stray == 0);
        }
    }
}
