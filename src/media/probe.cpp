#include "media/probe.hpp"

#include "media/demux.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <chrono>

namespace classplayer::media {

namespace {

// Probing decodes only the first frames. These caps bound the work on a hostile file whose
// packets never produce a frame (each packet costs at most one decode call).
constexpr int kMaxProbePackets = 2000;
constexpr auto kProbeTimeout = std::chrono::seconds(10);

// One decoder waiting for its first frame.
struct FirstFrame {
  CodecContextPtr decoder;
  FramePtr frame;  // non-null once a frame decoded
  int last_error = 0;

  bool wanted() const { return decoder && !frame; }

  void feed(const AVPacket* packet) {
    const int err = avcodec_send_packet(decoder.get(), packet);
    if (err < 0 && err != AVERROR(EAGAIN) && err != AVERROR_EOF) last_error = err;
    FramePtr candidate = av_frame_alloc_unique();
    if (!candidate) return;
    const int got = avcodec_receive_frame(decoder.get(), candidate.get());
    if (got >= 0) {
      frame = std::move(candidate);
    } else if (got != AVERROR(EAGAIN) && got != AVERROR_EOF) {
      last_error = got;
    }
  }
};

}  // namespace

MediaResult<double> probe_duration_s(const std::filesystem::path& path) {
  Interrupt interrupt;  // outlives `format` (declared first)
  interrupt.set_deadline_from_now(kProbeTimeout);
  // The header alone where it is complete, its length included (MP4, MOV): the class's first
  // picture waits on this. Anything else is read as the player will read it.
  auto format = open_container(path, interrupt, StreamInfo::HeaderWhenComplete);
  if (!format) return std::unexpected(format.error());
  auto streams = choose_streams(format->get(), path.string(), true, true);
  if (!streams) return std::unexpected(streams.error());
  return duration_s_of(format->get(), *streams);
}

MediaResult<MediaInfo> probe_media(const std::filesystem::path& path) {
  const std::string name = path.string();
  Interrupt interrupt;  // outlives `format` (declared first)
  interrupt.set_deadline_from_now(kProbeTimeout);

  auto format = open_container(path, interrupt);
  if (!format) return std::unexpected(format.error());
  AVFormatContext* ic = format->get();

  auto streams = choose_streams(ic, name, true, true);
  if (!streams) return std::unexpected(streams.error());

  MediaInfo info;
  info.container = ic->iformat && ic->iformat->name ? ic->iformat->name : "";
  info.duration_s = duration_s_of(ic, *streams);
  std::error_code ec;
  info.file_size_bytes = std::filesystem::file_size(path, ec);
  if (ec) info.file_size_bytes = 0;

  // One thread each: frame threading would only delay the first frame.
  FirstFrame video, audio;
  if (streams->video_index >= 0) {
    const AVStream* stream = ic->streams[streams->video_index];
    auto decoder = open_decoder(stream->codecpar, stream->time_base, streams->video_decoder, 1, name);
    if (!decoder) return std::unexpected(decoder.error());
    video.decoder = std::move(*decoder);
  }
  if (streams->audio_index >= 0) {
    const AVStream* stream = ic->streams[streams->audio_index];
    auto decoder = open_decoder(stream->codecpar, stream->time_base, streams->audio_decoder, 1, name);
    if (!decoder) return std::unexpected(decoder.error());
    audio.decoder = std::move(*decoder);
  }

  PacketPtr packet = av_packet_alloc_unique();
  if (!packet) return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "probing", name));
  int read_error = 0;
  for (int count = 0; count < kMaxProbePackets && (video.wanted() || audio.wanted()); ++count) {
    const int err = av_read_frame(ic, packet.get());
    if (err < 0) {
      read_error = err;
      break;
    }
    if (packet->stream_index == streams->video_index && video.wanted()) video.feed(packet.get());
    if (packet->stream_index == streams->audio_index && audio.wanted()) audio.feed(packet.get());
    av_packet_unref(packet.get());
  }
  // End of file (or a read error) with frames still held inside a decoder: drain them.
  if (read_error < 0 && !interrupt.should_interrupt()) {
    if (video.wanted()) video.feed(nullptr);
    if (audio.wanted()) audio.feed(nullptr);
  }
  if (interrupt.should_interrupt()) {
    return std::unexpected(make_media_error(MediaErrorCategory::Corrupted,
                                            "probing took too long (no frame within 10 s)", name));
  }

  auto first_frame_failed = [&](const FirstFrame& stream, const char* kind) {
    std::string what = std::string("no ") + kind + " frame could be decoded";
    if (stream.last_error < 0) return media_error_from_averror(stream.last_error, what, name);
    if (read_error < 0 && read_error != AVERROR_EOF) return media_error_from_averror(read_error, what, name);
    return make_media_error(MediaErrorCategory::Corrupted, what, name);
  };

  if (video.decoder) {
    if (!video.frame) return std::unexpected(first_frame_failed(video, "video"));
    const AVStream* stream = ic->streams[streams->video_index];
    info.has_video = true;
    info.video_codec = avcodec_get_name(stream->codecpar->codec_id);
    info.width = video.frame->width;
    info.height = video.frame->height;
    info.fps = 1.0 / frame_interval_s_of(ic, ic->streams[streams->video_index]);
    info.rotation_deg = rotation_deg_of(stream);
    const char* pixel_format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(video.frame->format));
    info.pixel_format = pixel_format ? pixel_format : "unknown";
  }
  if (audio.decoder) {
    if (!audio.frame) return std::unexpected(first_frame_failed(audio, "audio"));
    const AVStream* stream = ic->streams[streams->audio_index];
    info.has_audio = true;
    info.audio_codec = avcodec_get_name(stream->codecpar->codec_id);
    info.sample_rate = audio.frame->sample_rate;
    info.channels = audio.frame->ch_layout.nb_channels;
  }
  return info;
}

}  // namespace classplayer::media
