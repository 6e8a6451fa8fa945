#pragma once
// Forward declarations of the libav types our public headers mention, so that code using
// the media layer never includes libav headers (and never depends on their macros).
#include <memory>

extern "C" {
struct AVCodec;
struct AVCodecContext;
struct AVFormatContext;
struct AVFrame;
struct AVPacket;
struct AVStream;
struct SwrContext;
struct SwsContext;
}

namespace classplayer::media {

// Frees an AVFrame (av_frame_free). Declared here, defined in av_handles.cpp, so a public
// type such as Picture can own a frame without seeing libav's headers.
struct AVFrameDeleter {
  void operator()(AVFrame* frame) const noexcept;
};
using FramePtr = std::unique_ptr<AVFrame, AVFrameDeleter>;

}  // namespace classplayer::media
