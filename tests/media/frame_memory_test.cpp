// The decoders' picture memory (frame_memory.hpp): every codec, size and pixel format in
// the corpus must decode to exactly the pictures libavcodec's own allocator gives, and the
// memory must really come in 2 MiB-aligned blocks (what makes a clip's first pictures fast).
#include "media/frame_memory.hpp"
#include "media_test_support.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

using media_test::corpus;

namespace {

struct Decoded {
  std::vector<std::vector<std::uint8_t>> pictures;  // each picture's visible pixels, plane after plane
  bool all_blocks_aligned = true;                   // every picture's memory starts on 2 MiB
  std::string pixel_format;
};

// Decodes every video frame of `file` with one thread, through get_picture_memory or not.
Decoded decode(const std::string& file, bool ours) {
  Decoded out;
  AVFormatContext* format = nullptr;
  REQUIRE(avformat_open_input(&format, corpus(file).c_str(), nullptr, nullptr) == 0);
  REQUIRE(avformat_find_stream_info(format, nullptr) >= 0);
  const AVCodec* codec = nullptr;
  const int stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
  REQUIRE(stream >= 0);
  AVCodecContext* context = avcodec_alloc_context3(codec);
  REQUIRE(avcodec_parameters_to_context(context, format->streams[stream]->codecpar) >= 0);
  context->thread_count = 1;
  if (ours) context->get_buffer2 = classplayer::media::get_picture_memory;
  REQUIRE(avcodec_open2(context, codec, nullptr) == 0);
  AVPacket* packet = av_packet_alloc();
  AVFrame* frame = av_frame_alloc();
  auto take = [&] {
    while (avcodec_receive_frame(context, frame) == 0) {
      const auto* descriptor = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
      out.pixel_format = descriptor->name;
      std::vector<std::uint8_t> pixels;
      for (int plane = 0; plane < av_pix_fmt_count_planes(static_cast<AVPixelFormat>(frame->format)); ++plane) {
        const int shift_h = plane == 0 ? 0 : descriptor->log2_chroma_h;
        const int rows = -((-frame->height) >> shift_h);
        const int bytes = av_image_get_linesize(static_cast<AVPixelFormat>(frame->format), frame->width, plane);
        for (int y = 0; y < rows; ++y) {
          const std::uint8_t* row = frame->data[plane] + static_cast<std::ptrdiff_t>(y) * frame->linesize[plane];
          pixels.insert(pixels.end(), row, row + bytes);
        }
      }
      if (reinterpret_cast<std::uintptr_t>(frame->buf[0]->data) % (std::uintptr_t{2} << 20) != 0)
        out.all_blocks_aligned = false;
      out.pictures.push_back(std::move(pixels));
      av_frame_unref(frame);
    }
  };
  while (av_read_frame(format, packet) == 0) {
    if (packet->stream_index == stream && avcodec_send_packet(context, packet) == 0) take();
    av_packet_unref(packet);
  }
  avcodec_send_packet(context, nullptr);
  take();
  av_frame_free(&frame);
  av_packet_free(&packet);
  avcodec_free_context(&context);
  avformat_close_input(&format);
  return out;
}

}  // namespace

TEST_CASE("Pictures decoded into our memory are libavcodec's own, pixel for pixel", "[media][memory]") {
  const std::string file = GENERATE(as<std::string>{}, "h264_aac_320x240_30fps.mp4", "hevc_aac.mp4", "vp9_opus.webm",
                                    "odd_318x242_25fps.mp4", "h264_10bit.mp4", "h264_yuv422p.mp4",
                                    "anamorphic_16x9.mp4", "mpeg4_4k.mp4");
  CAPTURE(file);
  const Decoded theirs = decode(file, false);
  const Decoded ours = decode(file, true);
  CAPTURE(ours.pixel_format);
  REQUIRE(theirs.pictures.size() > 5);
  REQUIRE(ours.pictures.size() == theirs.pictures.size());
  for (std::size_t i = 0; i < ours.pictures.size(); ++i) {
    CAPTURE(i);
    REQUIRE(ours.pictures[i] == theirs.pictures[i]);
  }
  CHECK(ours.all_blocks_aligned);
}
