#pragma once
// Every libav handle the media layer holds, as a std::unique_ptr with a named, empty
// deleter. Private to src/media/*.cpp: it includes libav headers.
//
// Rule: no libav object is ever freed by hand. Error paths just return; the owning
// pointer frees. Functions that libav documents as freeing their argument on failure
// (avformat_open_input) are wrapped so the ownership hand-off is in one place.
#include "media/ffmpeg_forward.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace classplayer::media {

struct avformat_close_input_deleter {
  void operator()(AVFormatContext* context) const noexcept { avformat_close_input(&context); }
};
using FormatContextPtr = std::unique_ptr<AVFormatContext, avformat_close_input_deleter>;

struct avcodec_free_context_deleter {
  void operator()(AVCodecContext* context) const noexcept { avcodec_free_context(&context); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, avcodec_free_context_deleter>;

struct av_packet_free_deleter {
  void operator()(AVPacket* packet) const noexcept { av_packet_free(&packet); }
};
using PacketPtr = std::unique_ptr<AVPacket, av_packet_free_deleter>;

struct avcodec_parameters_free_deleter {
  void operator()(AVCodecParameters* parameters) const noexcept { avcodec_parameters_free(&parameters); }
};
using CodecParametersPtr = std::unique_ptr<AVCodecParameters, avcodec_parameters_free_deleter>;

struct sws_free_context_deleter {
  void operator()(SwsContext* context) const noexcept { sws_freeContext(context); }
};
using SwsContextPtr = std::unique_ptr<SwsContext, sws_free_context_deleter>;

struct swr_free_deleter {
  void operator()(SwrContext* context) const noexcept { swr_free(&context); }
};
using SwrContextPtr = std::unique_ptr<SwrContext, swr_free_deleter>;

// Allocation helpers; each returns nullptr only when libav is out of memory.
inline FormatContextPtr avformat_alloc_context_unique() {
  return FormatContextPtr(avformat_alloc_context());
}
inline CodecContextPtr avcodec_alloc_context3_unique(const AVCodec* codec) {
  return CodecContextPtr(avcodec_alloc_context3(codec));
}
inline CodecParametersPtr avcodec_parameters_alloc_unique() {
  return CodecParametersPtr(avcodec_parameters_alloc());
}
inline FramePtr av_frame_alloc_unique() { return FramePtr(av_frame_alloc()); }
inline PacketPtr av_packet_alloc_unique() { return PacketPtr(av_packet_alloc()); }

// AVChannelLayout is a value type that may own a custom channel map: uninit it on scope exit.
class ChannelLayout {
 public:
  ChannelLayout() = default;
  ~ChannelLayout() { av_channel_layout_uninit(&layout_); }
  ChannelLayout(const ChannelLayout&) = delete;
  ChannelLayout& operator=(const ChannelLayout&) = delete;
  AVChannelLayout* get() { return &layout_; }
  const AVChannelLayout* get() const { return &layout_; }

 private:
  AVChannelLayout layout_{};
};

}  // namespace classplayer::media
