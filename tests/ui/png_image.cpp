#include "png_image.hpp"

#include "media/png_image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>

namespace classplayer::ui::test {
namespace {

template <typename Test>
long count_if_in(const Region& region, int width, int height, Test test) {
    long count = 0;
    const int x_end = std::min(width, region.x + region.width);
    const int y_end = std::min(height, region.y + region.height);
    for (int y = std::max(0, region.y); y < y_end; ++y)
        for (int x = std::max(0, region.x); x < x_end; ++x)
            if (test(x, y)) ++count;
    return count;
}

long area(const Region& region) { return static_cast<long>(region.width) * region.height; }

}  // namespace

PngImage PngImage::read(const std::filesystem::path& path, std::string* error) {
    auto decoded = media::read_png_rgb24(path);
    if (!decoded) {
        if (error) *error = decoded.error();
        return PngImage{};
    }
    PngImage image;
    image.width_ = decoded->width;
    image.height_ = decoded->height;
    image.rgb_ = std::move(decoded->rgb);
    return image;
}

Rgb PngImage::at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width_ + x) * 3;
    return {rgb_[i], rgb_[i + 1], rgb_[i + 2]};
}

double PngImage::luma(int x, int y) const {
    const Rgb c = at(x, y);
    return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b;
}

long PngImage::count_near(const Region& region, Rgb colour, int tolerance) const {
    return count_if_in(region, width_, height_,
                       [&](int x, int y) { return near(at(x, y), colour, tolerance); });
}

long PngImage::count_unlike(const PngImage& other, const Region& region, int tolerance) const {
    return count_if_in(region, width_, height_,
                       [&](int x, int y) { return !near(at(x, y), other.at(x, y), tolerance); });
}

double PngImage::fraction_near(const Region& region, Rgb colour, int tolerance) const {
    return static_cast<double>(count_near(region, colour, tolerance)) /
           static_cast<double>(area(region));
}

double PngImage::fraction_brighter(const Region& region, double min_luma) const {
    return static_cast<double>(count_if_in(region, width_, height_, [&](int x, int y) {
               return luma(x, y) >= min_luma;
           })) /
           static_cast<double>(area(region));
}

double PngImage::fraction_darker(const Region& region, double max_luma) const {
    return static_cast<double>(count_if_in(region, width_, height_, [&](int x, int y) {
               return luma(x, y) <= max_luma;
           })) /
           static_cast<double>(area(region));
}

Rgb PngImage::mean(const Region& region) const {
    long r = 0, g = 0, b = 0;
    const long n = count_if_in(region, width_, height_, [&](int x, int y) {
        const Rgb c = at(x, y);
        r += c.r;
        g += c.g;
        b += c.b;
        return true;
    });
    if (n == 0) return {};
    return {static_cast<int>(r / n), static_cast<int>(g / n), static_cast<int>(b / n)};
}

Rgb yuv_to_rgb(int y, int u, int v, bool bt709) {
    const double luma = 1.164 * (y - 16);
    const double cb = u - 128, cr = v - 128;
    double r, g, b;
    if (bt709) {
        r = luma + 1.793 * cr;
        g = luma - 0.213 * cb - 0.533 * cr;
        b = luma + 2.112 * cb;
    } else {
        r = luma + 1.596 * cr;
        g = luma - 0.392 * cb - 0.813 * cr;
        b = luma + 2.017 * cb;
    }
    const auto clamp = [](double value) {
        return static_cast<int>(std::lround(std::clamp(value, 0.0, 255.0)));
    };
    return {clamp(r), clamp(g), clamp(b)};
}

bool near(Rgb a, Rgb b, int tolerance) {
    return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance &&
           std::abs(a.b - b.b) <= tolerance;
}

}  // namespace classplayer::ui::test
