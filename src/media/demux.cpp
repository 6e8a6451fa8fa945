#include "media/demux.hpp"

extern "C" {
#include <libavutil/dict.h>
#include <libavutil/display.h>
}

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <system_error>
#include <vector>

namespace classplayer::media {

namespace {

struct DictionaryFree {
  void operator()(AVDictionary* d) const { av_dict_free(&d); }
};
using DictionaryPtr = std::unique_ptr<AVDictionary, DictionaryFree>;

std::int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// libavformat demuxer names (av_match_list matches each of a demuxer's comma-separated names).
constexpr const char* kClipContainers =
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mpeg,flv,asf,ogg,wav,w64,flac,mp3,aac,ac3,eac3,aiff,caf,wv";
constexpr const char* kNotAClipContainer =
    "is not a video or audio container classplayer plays (MP4/MOV, Matroska/WebM, AVI, MPEG-TS/PS, FLV, "
    "ASF, Ogg, WAV, FLAC, MP3, AAC, AC-3, AIFF, CAF, WavPack); a playlist naming other files (HLS, DASH, "
    "concat) or an image is refused";

bool header_is_complete(const AVFormatContext* format) {
  if ((format->ctx_flags & AVFMTCTX_NOHEADER) || format->nb_streams == 0) return false;
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVStream* stream = format->streams[i];
    const AVCodecParameters* p = stream->codecpar;
    if (p->codec_type != AVMEDIA_TYPE_VIDEO && p->codec_type != AVMEDIA_TYPE_AUDIO) continue;
    if (stream->start_time == AV_NOPTS_VALUE) return false;
    if (p->codec_type == AVMEDIA_TYPE_VIDEO &&
        (p->width <= 0 || p->height <= 0 || (stream->avg_frame_rate.num <= 0 && stream->r_frame_rate.num <= 0)))
      return false;
    if (p->codec_type == AVMEDIA_TYPE_AUDIO && (p->sample_rate <= 0 || p->ch_layout.nb_channels <= 0)) return false;
    if (format->duration <= 0 && (stream->duration == AV_NOPTS_VALUE || stream->duration <= 0)) return false;
  }
  return true;
}

}  // namespace

void Interrupt::set_deadline_from_now(std::chrono::steady_clock::duration timeout) {
  deadline_ns_.store(steady_now_ns() +
                     std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count());
}

bool Interrupt::should_interrupt() const {
  return stop_.load() || steady_now_ns() > deadline_ns_.load();
}

int Interrupt::callback(void* opaque) {
  return static_cast<const Interrupt*>(opaque)->should_interrupt() ? 1 : 0;
}

MediaResult<FormatContextPtr> open_container(const std::filesystem::path& path, Interrupt& interrupt,
                                             StreamInfo info) {
  const std::string name = path.string();
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    return std::unexpected(make_media_error(MediaErrorCategory::NotFound, "file not found", name));
  }
  if (std::filesystem::is_directory(status)) {
    return std::unexpected(make_media_error(MediaErrorCategory::Invalid, "is a directory, not a media file", name));
  }
  // A FIFO, device or socket: open() on a FIFO blocks until a writer comes, beyond the reach of
  // the interrupt callback, and a device can read forever. (stat, then libav opens by name: a
  // file swapped for a FIFO in between still blocks, but that takes write access to the media
  // folder at that moment, which a playlist on a USB stick does not have.)
  if (!std::filesystem::is_regular_file(status)) {
    return std::unexpected(make_media_error(MediaErrorCategory::Invalid,
                                            "is not a regular file (a FIFO, device or socket): classplayer plays "
                                            "only plain files", name));
  }
  if (std::filesystem::file_size(path, ec) == 0 && !ec) {
    return std::unexpected(make_media_error(MediaErrorCategory::Invalid, "file is empty", name));
  }

  FormatContextPtr format = avformat_alloc_context_unique();
  if (!format) return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "opening", name));
  format->interrupt_callback.callback = &Interrupt::callback;
  format->interrupt_callback.opaque = &interrupt;

  // Local files only, for this file and for anything it names (an HLS or concat list inside a
  // "clip" would otherwise fetch http:// segments): the player never opens a network connection.
  // An absolute "file:" URL, so a name like "concat:a|b" or "http:x" is never read as a protocol.
  AVDictionary* raw_options = nullptr;
  av_dict_set(&raw_options, "protocol_whitelist", "file", 0);
  // Containers that hold their own media only: a text HLS or DASH playlist, a concat list or an
  // IMF composition saved as "clips/x.mp4" would otherwise open every file it names, anywhere on
  // the disk, past the media-root check (which sees one name). Images are left out too: a still
  // picture is not an exercise, and a 16-bit 8000x8000 PNG takes gigabytes to convert.
  av_dict_set(&raw_options, "format_whitelist", kClipContainers, 0);
  DictionaryPtr options(raw_options);
  const std::string url = "file:" + std::filesystem::absolute(path, ec).string();

  // avformat_open_input frees the context itself when it fails, so hand it over and take it
  // back only on success.
  AVFormatContext* raw = format.release();
  raw_options = options.release();
  const int open_err = avformat_open_input(&raw, url.c_str(), nullptr, &raw_options);
  options.reset(raw_options);  // what the demuxer did not take
  if (open_err < 0) {
    // The only EINVAL avformat_open_input gives for a local file is a demuxer off the whitelist.
    if (open_err == AVERROR(EINVAL)) {
      return std::unexpected(make_media_error(MediaErrorCategory::Unsupported, kNotAClipContainer, name));
    }
    MediaError error = media_error_from_averror(open_err, "opening", name);
    // At this step "invalid data" means no demuxer recognised the bytes at all: the file is
    // not media (a text file named .mp4), rather than damaged media.
    if (open_err == AVERROR_INVALIDDATA) error.category = MediaErrorCategory::Invalid;
    return std::unexpected(std::move(error));
  }
  format.reset(raw);
  if (info == StreamInfo::HeaderWhenComplete && header_is_complete(format.get())) return format;

  // Stream info decodes a first frame of each stream to learn what the header left out. With
  // the default threads a frame-threaded decoder takes one packet per thread before it gives a
  // frame (and a zeroed buffer pool with them): one thread is enough to read one picture, and
  // every clip opening, the first picture of the class included, waits on this.
  std::vector<AVDictionary*> stream_options(format->nb_streams, nullptr);
  for (AVDictionary*& o : stream_options) av_dict_set(&o, "threads", "1", 0);
  const int info_err = avformat_find_stream_info(format.get(), stream_options.data());
  for (AVDictionary*& o : stream_options) av_dict_free(&o);
  if (info_err < 0) {
    return std::unexpected(media_error_from_averror(info_err, "reading stream info", name));
  }
  return format;
}

constexpr int kMostPictureSide = 8192;
constexpr long long kMostPicturePixels = 8192LL * 4320;  // DCI 8K

MediaResult<ChosenStreams> choose_streams(AVFormatContext* format, const std::string& path,
                                          bool want_video, bool want_audio) {
  ChosenStreams chosen;
  bool missing_decoder = false;
  bool has_any_stream = false;
  for (unsigned i = 0; i < format->nb_streams; ++i) {
    const AVMediaType type = format->streams[i]->codecpar->codec_type;
    if (type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) has_any_stream = true;
  }

  if (want_video) {
    const AVCodec* decoder = nullptr;
    const int index = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    // An MP3's or M4A's cover art is a one-picture "video" stream: that is audio-only media.
    if (index >= 0 && !(format->streams[index]->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
      // Every decoded picture is held several times over (the decoder's references, the queue,
      // the screen): a 16K picture is 400 MB each. Nothing a TV shows needs more than 8K.
      const AVCodecParameters* video = format->streams[index]->codecpar;
      if (video->width > kMostPictureSide || video->height > kMostPictureSide ||
          static_cast<long long>(video->width) * video->height > kMostPicturePixels) {
        return std::unexpected(make_media_error(
            MediaErrorCategory::Unsupported,
            "picture is " + std::to_string(video->width) + "x" + std::to_string(video->height) +
                "; the player shows clips up to 8K (7680x4320, or 8192 on a side)",
            path));
      }
      chosen.video_index = index;
      chosen.video_decoder = decoder;
    } else if (index == AVERROR_DECODER_NOT_FOUND) {
      missing_decoder = true;
    }
  }
  if (want_audio) {
    const AVCodec* decoder = nullptr;
    // Prefer the audio stream that belongs with the chosen video (related stream).
    const int index = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, chosen.video_index, &decoder, 0);
    if (index >= 0) {
      chosen.audio_index = index;
      chosen.audio_decoder = decoder;
    } else if (index == AVERROR_DECODER_NOT_FOUND) {
      missing_decoder = true;
    }
  }

  if (chosen.video_index < 0 && chosen.audio_index < 0) {
    if (missing_decoder) {
      return std::unexpected(make_media_error(MediaErrorCategory::Unsupported,
                                              "no decoder for its audio or video codec", path));
    }
    if (!has_any_stream) {
      return std::unexpected(make_media_error(MediaErrorCategory::Invalid, "has no audio or video stream", path));
    }
    return std::unexpected(make_media_error(MediaErrorCategory::Invalid, "has no wanted audio or video stream", path));
  }
  return chosen;
}

MediaResult<CodecContextPtr> open_decoder(const AVCodecParameters* parameters, AVRational time_base,
                                          const AVCodec* codec, int thread_count, const std::string& path,
                                          const std::function<void(AVCodecContext*)>& tune) {
  CodecContextPtr context = avcodec_alloc_context3_unique(codec);
  if (!context) return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "allocating a decoder", path));
  if (const int err = avcodec_parameters_to_context(context.get(), parameters); err < 0) {
    return std::unexpected(media_error_from_averror(err, "configuring the decoder", path));
  }
  context->pkt_timebase = time_base;
  context->thread_count = std::max(1, thread_count);
  // Frame threads scale best for H.264/HEVC; slice threads help codecs that only slice.
  context->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (tune) tune(context.get());
  if (const int err = avcodec_open2(context.get(), codec, nullptr); err < 0) {
    MediaError error = media_error_from_averror(err, "opening the decoder", path);
    // Parameters the decoder refuses (a profile it lacks) are "cannot play", not damage.
    if (error.category == MediaErrorCategory::Invalid || error.category == MediaErrorCategory::IO) {
      error.category = MediaErrorCategory::Unsupported;
    }
    return std::unexpected(std::move(error));
  }
  return context;
}

int rotation_deg_from_display_matrix(const std::int32_t matrix[9]) {
  // av_display_rotation_get gives the counter-clockwise angle that undoes the matrix, in
  // [-180, 180]; a phone's portrait clip says -90 ("turn it 90 degrees clockwise").
  const double counter_clockwise_deg = av_display_rotation_get(matrix);
  if (!std::isfinite(counter_clockwise_deg)) return 0;
  const long quarter_turns = std::lround(-counter_clockwise_deg / 90.0);
  return static_cast<int>(((quarter_turns % 4) + 4) % 4) * 90;
}

int rotation_deg_of(const AVStream* stream) {
#if LIBAVFORMAT_VERSION_INT >= AV_VERSION_INT(60, 15, 100)  // FFmpeg 6.1 moved it to codecpar
  const AVPacketSideData* side_data = av_packet_side_data_get(
      stream->codecpar->coded_side_data, stream->codecpar->nb_coded_side_data, AV_PKT_DATA_DISPLAYMATRIX);
  const std::uint8_t* data = side_data ? side_data->data : nullptr;
  const std::size_t size = side_data ? side_data->size : 0;
#else
  std::size_t size = 0;
  const std::uint8_t* data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
#endif
  if (!data || size < 9 * sizeof(std::int32_t)) return 0;
  std::int32_t matrix[9];
  std::copy_n(reinterpret_cast<const std::int32_t*>(data), 9, matrix);
  return rotation_deg_from_display_matrix(matrix);
}

double frame_interval_s_of(AVFormatContext* format, AVStream* stream) {
  // Plausible rates only: a millisecond-timestamped container can report 1000 fps.
  auto plausible = [](AVRational rate) {
    const double fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
    return fps >= 1.0 && fps <= 240.0 ? fps : 0.0;
  };
  double fps = plausible(av_guess_frame_rate(format, stream, nullptr));
  if (fps == 0.0) fps = plausible(stream->avg_frame_rate);
  if (fps == 0.0) fps = 30.0;
  return 1.0 / fps;
}

double duration_s_of(const AVFormatContext* format, const ChosenStreams& streams) {
  if (format->duration != AV_NOPTS_VALUE && format->duration > 0) {
    return static_cast<double>(format->duration) / AV_TIME_BASE;
  }
  double longest_s = 0.0;
  for (const int index : {streams.video_index, streams.audio_index}) {
    if (index < 0) continue;
    const AVStream* stream = format->streams[index];
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
      longest_s = std::max(longest_s, to_seconds(stream->duration, stream->time_base));
    }
  }
  return longest_s;
}

double origin_s_of(const AVFormatContext* format, const ChosenStreams& streams) {
  double origin_s = std::numeric_limits<double>::infinity();
  for (const int index : {streams.video_index, streams.audio_index}) {
    if (index < 0) continue;
    const AVStream* stream = format->streams[index];
    if (stream->start_time != AV_NOPTS_VALUE) {
      origin_s = std::min(origin_s, to_seconds(stream->start_time, stream->time_base));
    }
  }
  if (std::isfinite(origin_s)) return origin_s;
  if (format->start_time != AV_NOPTS_VALUE) return static_cast<double>(format->start_time) / AV_TIME_BASE;
  return 0.0;
}

}  // namespace classplayer::media
