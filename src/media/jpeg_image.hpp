#pragma once
// A small JPEG of the screen, for the clinic to see what a screen shows (the fleet's screenshot
// command): scaled and encoded by libswscale and libavcodec's MJPEG, so the project needs no
// other image library. Slow enough (a few ms) that the player hands it to another thread.
#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <vector>

#include "media/png_image.hpp"

namespace classplayer::media {

struct Jpeg {
    std::vector<std::uint8_t> bytes;
    int width = 0, height = 0;  // as encoded
};

// Scales `image` to fit within max_width x max_height (its shape kept, never enlarged) and
// encodes it as a baseline JPEG. quality: 2 (best) to 31, libavcodec's qscale.
std::expected<Jpeg, std::string> encode_jpeg(const RgbImage& image, int max_width, int max_height, int quality = 5);

// Decodes a JPEG to packed RGB24 (tests and tools read back what was sent).
std::expected<RgbImage, std::string> decode_jpeg(std::span<const std::uint8_t> bytes);

}  // namespace classplayer::media
