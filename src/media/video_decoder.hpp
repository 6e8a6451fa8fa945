#pragma once
// Opening the video decoder: hardware first when asked (--hwdec), proven by decoding a first
// frame, else software; and decoding at a lower resolution when a clip is larger than the
// screen (--max-height). Private to src/media (includes libav headers through demux.hpp).
#include "media/demux.hpp"

#include <chrono>
#include <filesystem>
#include <string>

namespace classplayer::media {

struct VideoDecoderRequest {
  std::string hwdec = "none";  // "none", "auto", a device type (drm, vaapi...) or a decoder name (h264_v4l2m2m)
  int max_height = 0;          // 0: decode at full size
  int software_threads = 1;
  std::chrono::milliseconds probe_timeout{10000};
};

struct OpenedVideoDecoder {
  CodecContextPtr context;
  std::string description;      // what decodes: "h264 (software)", "h264_v4l2m2m", "h264 + vaapi"
  std::string fallback_reason;  // why the hardware asked for is not used; empty when it is (or none was asked)
  int lowres = 0;               // the picture is 1/2^lowres of the coded size each way
  bool software = false;        // decoded on the CPU (can take more threads)
};

// Opens a decoder for `stream_index` of the file at `path` (whose parameters `stream` holds).
// A hardware candidate counts only when it turns the clip's first packets into a picture that
// can be copied to memory (probed on a second, private open of the file); any failure moves on
// to the next candidate and finally to `software`. Fails only when software cannot open either.
MediaResult<OpenedVideoDecoder> open_video_decoder(const std::filesystem::path& path, const AVStream* stream,
                                                   const AVCodec* software, const VideoDecoderRequest& request,
                                                   const std::string& name);

// A software decoder opened again like `running` (same codec, lowres, loop-filter skipping),
// with `threads` threads: for a clip whose one thread cannot keep up. Feed it from a keyframe.
MediaResult<CodecContextPtr> reopen_video_decoder(const AVCodecContext* running, const AVCodecParameters* parameters,
                                                  AVRational time_base, int threads, const std::string& name);

// The lowres factor that brings `height` to at most `max_height` (0 when it already fits or
// max_height is 0), capped at what the decoder supports.
int lowres_for(int height, int max_height, int decoder_max_lowres);

// Decoded frames from a hardware surface are copied to memory; a software frame is left as is.
// False when the copy fails.
bool download_if_hardware(AVFrame* frame, AVFrame* scratch);

}  // namespace classplayer::media
