#pragma once
// Decoded AVFrame -> Picture. Passes yuv420p / yuvj420p / nv12 through untouched (only the
// buffer reference moves); converts anything else (10-bit, 4:2:2, 4:4:4, RGB, full-range
// BT.709, bottom-up rows) once with libswscale to 8-bit IYUV, keeping the source's
// matrix so colours stay right. Used by the video decoder thread only. Private to src/media.
#include "media/av_handles.hpp"
#include "media/media_error.hpp"
#include "media/picture.hpp"

#include <cstdint>
#include <string>

namespace classplayer::media {

class PictureConverter {
 public:
  explicit PictureConverter(std::string path) : path_(std::move(path)) {}

  // Takes `decoded`'s buffers (it is left blank for the next decode).
  MediaResult<Picture> convert(AVFrame* decoded, double pts_s, double duration_s);

  std::uint64_t converted_count() const { return converted_count_; }

 private:
  std::string path_;
  SwsContextPtr sws_;  // cached across frames of the same size and format
  std::uint64_t converted_count_ = 0;
};

// Exposed for tests: the matrix a frame's pixels use (HD convention when unspecified).
YuvMatrix yuv_matrix_of(const AVFrame* frame);

}  // namespace classplayer::media
