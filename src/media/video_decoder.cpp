#include "media/video_decoder.hpp"

#include "media/frame_memory.hpp"

extern "C" {
#include <libavutil/hwcontext.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <optional>
#include <vector>

namespace classplayer::media {

namespace {

// A hardware decoder that has not produced a picture after this many of the stream's packets
// is not going to (a first frame needs one keyframe; B-frame reordering holds a few more).
constexpr int kProbePackets = 120;

struct av_buffer_unref_deleter {
  void operator()(AVBufferRef* buffer) const noexcept { av_buffer_unref(&buffer); }
};
using BufferRefPtr = std::unique_ptr<AVBufferRef, av_buffer_unref_deleter>;

struct Candidate {
  std::string label;                             // for the description and the fallback reason
  const AVCodec* codec = nullptr;                // the decoder to open
  AVHWDeviceType device = AV_HWDEVICE_TYPE_NONE; // a device to attach (hwaccel), or none (a hardware decoder by name)
};

bool has_device_config(const AVCodec* codec, AVHWDeviceType type) {
  for (int i = 0;; ++i) {
    const AVCodecHWConfig* config = avcodec_get_hw_config(codec, i);
    if (!config) return false;
    if (config->device_type == type && (config->methods & AV_CODEC_HW_CONFIG_METHOD_HW_DEVICE_CTX)) return true;
  }
}

// libavcodec offers its formats best first; take the hardware one that belongs to the attached
// device. If none is offered the decoder would quietly decode in software: the probe sees a
// frame without hw_frames_ctx and rejects the candidate, so software is then chosen openly.
AVPixelFormat pick_hardware_format(AVCodecContext* context, const AVPixelFormat* offered) {
  const auto* device = context->hw_device_ctx ? reinterpret_cast<const AVHWDeviceContext*>(context->hw_device_ctx->data)
                                              : nullptr;
  for (const AVPixelFormat* format = offered; *format != AV_PIX_FMT_NONE; ++format) {
    for (int i = 0; device; ++i) {
      const AVCodecHWConfig* config = avcodec_get_hw_config(context->codec, i);
      if (!config) break;
      if (config->device_type == device->type && config->pix_fmt == *format) return *format;
    }
  }
  return offered[0];
}

std::vector<Candidate> candidates_for(const std::string& hwdec, const AVCodec* software, std::vector<std::string>& reasons) {
  std::vector<Candidate> list;
  auto add_v4l2m2m = [&](bool asked) {
    const std::string decoder = std::string(software->name) + "_v4l2m2m";
    if (const AVCodec* codec = avcodec_find_decoder_by_name(decoder.c_str())) {
      list.push_back({decoder, codec, AV_HWDEVICE_TYPE_NONE});
    } else if (asked) {
      reasons.push_back("this FFmpeg has no " + decoder + " decoder");
    }
  };
  auto add_device = [&](AVHWDeviceType type, bool asked) {
    if (has_device_config(software, type)) {
      list.push_back({std::string(software->name) + " + " + av_hwdevice_get_type_name(type), software, type});
    } else if (asked) {
      reasons.push_back(std::string(software->name) + " has no " + av_hwdevice_get_type_name(type) + " path");
    }
  };

  if (hwdec == "auto") {
    // What ARM boards have first (the Pi's and Rockchip's stateful V4L2 decoders, then the
    // DRM request API), then the PC's VA-API.
    add_v4l2m2m(false);
    add_device(AV_HWDEVICE_TYPE_DRM, false);
    add_device(AV_HWDEVICE_TYPE_VAAPI, false);
    if (list.empty()) reasons.push_back(std::string("no hardware decoder for ") + software->name);
  } else if (hwdec == "v4l2m2m") {
    add_v4l2m2m(true);
  } else if (const AVHWDeviceType type = av_hwdevice_find_type_by_name(hwdec.c_str()); type != AV_HWDEVICE_TYPE_NONE) {
    add_device(type, true);
  } else if (const AVCodec* codec = avcodec_find_decoder_by_name(hwdec.c_str())) {
    if (codec->id == software->id) {
      list.push_back({hwdec, codec, AV_HWDEVICE_TYPE_NONE});
    } else {
      reasons.push_back(hwdec + " does not decode " + software->name);
    }
  } else {
    reasons.push_back("no hardware decoder or device called '" + hwdec + "'");
  }
  return list;
}

// Decodes the first picture of the stream with `context` on a private open of the file.
// nullopt when it worked; otherwise why not.
std::optional<std::string> probe_first_picture(const std::filesystem::path& path, int stream_index,
                                               AVCodecContext* context, std::chrono::milliseconds timeout) {
  Interrupt interrupt;  // before `format`: libav calls it while closing
  interrupt.set_deadline_from_now(timeout);
  auto format = open_container(path, interrupt);
  if (!format) return format.error().message;
  AVFormatContext* ic = format->get();
  for (unsigned i = 0; i < ic->nb_streams; ++i) {
    if (static_cast<int>(i) != stream_index) ic->streams[i]->discard = AVDISCARD_ALL;
  }
  PacketPtr packet = av_packet_alloc_unique();
  FramePtr frame = av_frame_alloc_unique();
  FramePtr copy = av_frame_alloc_unique();
  if (!packet || !frame || !copy) return "out of memory";

  auto picture_came = [&]() -> std::optional<std::optional<std::string>> {
    const int err = avcodec_receive_frame(context, frame.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return std::nullopt;
    if (err < 0) return std::optional<std::string>(media_error_from_averror(err, "decoding", path.string()).message);
    if (!frame->hw_frames_ctx && context->hw_device_ctx) {
      return std::optional<std::string>("the decoder fell back to software by itself");
    }
    if (!download_if_hardware(frame.get(), copy.get())) {
      return std::optional<std::string>("a decoded picture cannot be copied from the device");
    }
    return std::optional<std::string>(std::nullopt);
  };

  int sent = 0;
  while (sent < kProbePackets) {
    const int err = av_read_frame(ic, packet.get());
    if (err < 0) break;
    if (packet->stream_index != stream_index) {
      av_packet_unref(packet.get());
      continue;
    }
    const int send_err = avcodec_send_packet(context, packet.get());
    av_packet_unref(packet.get());
    ++sent;
    if (send_err < 0 && send_err != AVERROR(EAGAIN)) {
      return media_error_from_averror(send_err, "decoding", path.string()).message;
    }
    if (auto outcome = picture_came()) return *outcome;
  }
  avcodec_send_packet(context, nullptr);  // drain: a decoder that holds frames back gives them now
  if (auto outcome = picture_came()) return *outcome;
  return "no picture after " + std::to_string(sent) + " packets";
}

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text;
}

}  // namespace

int lowres_for(int height, int max_height, int decoder_max_lowres) {
  if (max_height <= 0 || height <= max_height) return 0;
  int lowres = 0;
  while (lowres < decoder_max_lowres && ((height + (1 << lowres) - 1) >> lowres) > max_height) ++lowres;
  return lowres;
}

bool download_if_hardware(AVFrame* frame, AVFrame* scratch) {
  if (!frame->hw_frames_ctx) return true;
  av_frame_unref(scratch);
  if (av_hwframe_transfer_data(scratch, frame, 0) < 0) return false;
  if (av_frame_copy_props(scratch, frame) < 0) return false;
  av_frame_unref(frame);
  av_frame_move_ref(frame, scratch);
  return true;
}

MediaResult<OpenedVideoDecoder> open_video_decoder(const std::filesystem::path& path, const AVStream* stream,
                                                   const AVCodec* software, const VideoDecoderRequest& request,
                                                   const std::string& name) {
  std::vector<std::string> reasons;
  if (request.hwdec != "none" && !request.hwdec.empty()) {
    for (const Candidate& candidate : candidates_for(request.hwdec, software, reasons)) {
      BufferRefPtr device;
      if (candidate.device != AV_HWDEVICE_TYPE_NONE) {
        AVBufferRef* created = nullptr;
        if (const int err = av_hwdevice_ctx_create(&created, candidate.device, nullptr, nullptr, 0); err < 0) {
          reasons.push_back(candidate.label + ": no device (" + media_error_from_averror(err, "opening", name).message + ")");
          continue;
        }
        device.reset(created);
      }
      // Hardware decoders take one packet at a time; frame threads only add latency there.
      auto context = open_decoder(stream->codecpar, stream->time_base, candidate.codec, 1, name, [&](AVCodecContext* c) {
        if (!device) return;
        c->hw_device_ctx = av_buffer_ref(device.get());  // the context keeps its own reference
        c->get_format = pick_hardware_format;
      });
      if (!context) {
        reasons.push_back(candidate.label + ": " + context.error().message);
        continue;
      }
      if (auto failed = probe_first_picture(path, stream->index, context->get(), request.probe_timeout)) {
        reasons.push_back(candidate.label + ": " + *failed);
        continue;
      }
      // Proven. The probe consumed packets, so the player gets a fresh decoder, set up the same.
      auto fresh = open_decoder(stream->codecpar, stream->time_base, candidate.codec, 1, name, [&](AVCodecContext* c) {
        if (!device) return;
        c->hw_device_ctx = av_buffer_ref(device.get());
        c->get_format = pick_hardware_format;
      });
      if (!fresh) {
        reasons.push_back(candidate.label + ": " + fresh.error().message);
        continue;
      }
      return OpenedVideoDecoder{std::move(*fresh), candidate.label, {}, 0};
    }
  }

  // Software. Larger than the screen: decode at 1/2, 1/4 or 1/8 size where the codec can
  // (MPEG-2/4, MJPEG); where it cannot (H.264, HEVC, VP9) skip the deblocking filter on
  // frames nothing predicts from, which saves time without errors creeping into later frames.
  const int height = stream->codecpar->height;
  const int lowres = lowres_for(height, request.max_height, software->max_lowres);
  const bool oversize = request.max_height > 0 && height > request.max_height;
  auto context = open_decoder(stream->codecpar, stream->time_base, software, request.software_threads, name,
                              [&](AVCodecContext* c) {
                                c->get_buffer2 = get_picture_memory;
                                c->lowres = lowres;
                                if (oversize && lowres == 0) c->skip_loop_filter = AVDISCARD_NONREF;
                              });
  if (!context) return std::unexpected(context.error());
  return OpenedVideoDecoder{std::move(*context), std::string(software->name) + " (software)", join(reasons), lowres,
                            true};
}

MediaResult<CodecContextPtr> reopen_video_decoder(const AVCodecContext* running, const AVCodecParameters* parameters,
                                                  AVRational time_base, int threads, const std::string& name) {
  return open_decoder(parameters, time_base, running->codec, threads, name, [&](AVCodecContext* c) {
    c->get_buffer2 = running->get_buffer2;
    c->lowres = running->lowres;
    c->skip_loop_filter = running->skip_loop_filter;
  });
}

}  // namespace classplayer::media
