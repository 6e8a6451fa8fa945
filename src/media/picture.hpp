#pragma once
// One decoded video frame, ready to upload to an SDL texture without a CPU colour
// conversion. Owns its pixels (a reference to libav's frame buffers).
#include "media/ffmpeg_forward.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <utility>

namespace classplayer::media {

// Layouts SDL uploads directly: IYUV = planar Y, U, V with 2x2 subsampled chroma (yuv420p);
// NV12 = planar Y then interleaved UV. Everything else is converted once to IYUV.
enum class PictureFormat { IYUV, NV12 };

// How Y'CbCr maps to RGB. Together with full_range this picks SDL's conversion mode:
// BT601 + full_range -> SDL_YUV_CONVERSION_JPEG, BT601 -> _BT601, BT709 -> _BT709.
// Full-range BT.709 (which SDL2 cannot show) is converted to limited range on the way in.
enum class YuvMatrix { BT601, BT709 };

struct Picture {
  double pts_s = 0.0;       // clip time in seconds, strictly increasing (also across loops)
  double duration_s = 0.0;  // how long it is meant to stay on screen (frame interval if unknown)
  int pass = 0;             // loop mode: which time through the file (0-based), i.e. the rep
  int width = 0;            // pixel size of plane 0, after any conversion
  int height = 0;
  PictureFormat format = PictureFormat::IYUV;
  double sample_aspect = 1.0;  // pixel width / pixel height (anamorphic video is not square)
  YuvMatrix matrix = YuvMatrix::BT601;
  bool full_range = false;
  // IYUV: Y, U, V. NV12: Y, UV, nullptr. Chroma planes are (width+1)/2 x (height+1)/2.
  std::array<const std::uint8_t*, 3> planes{};
  std::array<int, 3> pitches{};  // bytes per row, always positive

  Picture() = default;
  Picture(Picture&& other) noexcept { *this = std::move(other); }
  Picture& operator=(Picture&& other) noexcept {
    pts_s = other.pts_s;
    duration_s = other.duration_s;
    pass = other.pass;
    width = other.width;
    height = other.height;
    format = other.format;
    sample_aspect = other.sample_aspect;
    matrix = other.matrix;
    full_range = other.full_range;
    planes = std::exchange(other.planes, {});
    pitches = std::exchange(other.pitches, {});
    storage_ = std::move(other.storage_);
    return *this;
  }
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;
  ~Picture() = default;

  // False for a default-constructed or moved-from Picture, or once its pixels are let go.
  explicit operator bool() const { return storage_ != nullptr; }
  // A second owner of the same pixels (no copy), for a screen that keeps the picture until
  // it is replaced; null when the pixels are gone.
  std::shared_ptr<const void> share_pixels() const;
  // Lets the pixels go (back to the decoder's pool, which then needs one picture fewer) and
  // keeps the timing: for a picture the screen has copied, or holds through share_pixels().
  void release_pixels() {
    planes = {};
    pitches = {};
    storage_.reset();
  }

 private:
  friend class PictureConverter;  // the only maker of Pictures
  FramePtr storage_;              // the frame that planes point into
};

}  // namespace classplayer::media
