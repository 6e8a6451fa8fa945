#pragma once
// Test helpers: read a PNG back (libavcodec's PNG decoder, the same library that wrote it)
// and ask questions about regions of its pixels.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace classplayer::ui::test {

struct Rgb {
    int r = 0, g = 0, b = 0;
};

struct Region {
    int x, y, width, height;  // pixels
};

class PngImage {
public:
    // Empty image (width 0) when the file cannot be decoded; `error` says why.
    static PngImage read(const std::filesystem::path& path, std::string* error);

    int width() const { return width_; }
    int height() const { return height_; }
    Rgb at(int x, int y) const;
    double luma(int x, int y) const;  // 0..255, BT.601 weights

    // Fraction of the region's pixels within `tolerance` (per channel) of `colour`.
    double fraction_near(const Region& region, Rgb colour, int tolerance) const;
    // Fraction of the region's pixels whose luma is at least `min_luma`.
    double fraction_brighter(const Region& region, double min_luma) const;
    // Fraction of the region's pixels whose luma is at most `max_luma`.
    double fraction_darker(const Region& region, double max_luma) const;
    // Pixels of the region within `tolerance` of `colour`.
    long count_near(const Region& region, Rgb colour, int tolerance) const;
    // Pixels of the region more than `tolerance` from the same pixel of `other`.
    long count_unlike(const PngImage& other, const Region& region, int tolerance) const;
    Rgb mean(const Region& region) const;

private:
    int width_ = 0, height_ = 0;
    std::vector<uint8_t> rgb_;  // packed RGB24, width_ * 3 bytes a row
};

// The RGB a limited-range YUV triple shows as (bt709: BT.709 matrix, else BT.601).
Rgb yuv_to_rgb(int y, int u, int v, bool bt709);

bool near(Rgb a, Rgb b, int tolerance);

}  // namespace classplayer::ui::test
