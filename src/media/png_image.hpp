#pragma once
// PNG in and out through libavcodec, so the project needs no other image library: the
// screen writes screenshots with it, and tests read them back with the same code.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace classplayer::media {

struct RgbImage {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgb;  // packed RGB24, width * 3 bytes a row
};

// Encodes packed RGB24 pixels (pitch_bytes per row) and writes them to `path`.
std::expected<void, std::string> write_png_rgb24(const std::filesystem::path& path, const std::uint8_t* pixels,
                                                 int width, int height, int pitch_bytes);

// Reads a PNG as packed RGB24 (an alpha channel is dropped).
std::expected<RgbImage, std::string> read_png_rgb24(const std::filesystem::path& path);

}  // namespace classplayer::media
