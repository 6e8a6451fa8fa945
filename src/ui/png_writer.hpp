#pragma once
// PNG output through libavcodec's PNG encoder, so the project needs no other image library.
// libav headers stay inside png_writer.cpp.

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>

namespace classplayer::ui {

// Encodes packed RGB24 pixels (pitch_bytes per row) and writes them to `path`.
std::expected<void, std::string> write_png_rgb24(const std::filesystem::path& path,
                                                 const uint8_t* pixels, int width, int height,
                                                 int pitch_bytes);

}  // namespace classplayer::ui
