#include "media/clip_reader.hpp"

#include "media/audio_fifo.hpp"
#include "media/audio_resampler.hpp"
#include "media/av_handles.hpp"
#include "media/demux.hpp"
#include "media/picture_converter.hpp"
#include "media/video_decoder.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <span>
#include <system_error>
#include <thread>
#include <vector>

namespace classplayer::media {

namespace {

// ffplay's rule for "this queue has enough": at least this many packets and this much time.
// The reader waits only when every open queue has enough (or all together hit the byte
// cap), so a badly interleaved file cannot starve one decoder while the other's queue is full.
constexpr std::size_t kEnoughPackets = 25;
constexpr double kEnoughQueued_s = 1.0;

// Damage tolerance. A demuxer that keeps failing without reaching the end has lost its
// place for good; a decoder that rejects this many packets in a row with no frame between
// has an unusable stream.
constexpr int kMaxConsecutiveReadErrors = 64;
constexpr int kMaxConsecutiveBadPackets = 100;

// Audio is kept on its timestamps: drift beyond the tolerance is corrected with silence or
// by dropping overlap. Jumps bigger than the maximum are broken timestamps, not gaps, and
// are ignored (the audio just plays on continuously).
constexpr double kAudioSyncTolerance_s = 0.020;
constexpr double kMaxAudioCorrection_s = 5.0;

// Adaptive decoder threads (ClipReaderOptions::decoder_threads 0): one thread's decoding time
// is averaged over this many packets before it is judged.
constexpr int kThreadJudgingPackets = 30;

// What this process has learnt: the lowest pixel rate (pixels a second) of each codec that
// one decoder thread could not keep up with. Clips of that codec at that rate or more start
// with all threads, rather than find out again at the cost of late frames.
class ThreadNeeds {
 public:
  bool needs_threads(AVCodecID codec, double pixel_rate) {
    std::lock_guard lock(mutex_);
    const auto found = lowest_.find(codec);
    return found != lowest_.end() && pixel_rate >= found->second;
  }
  void learn(AVCodecID codec, double pixel_rate) {
    std::lock_guard lock(mutex_);
    auto [at, added] = lowest_.try_emplace(codec, pixel_rate);
    if (!added) at->second = std::min(at->second, pixel_rate);
  }

 private:
  std::mutex mutex_;
  std::map<AVCodecID, double> lowest_;
};
ThreadNeeds& thread_needs() {
  static ThreadNeeds needs;
  return needs;
}

double thread_cpu_s() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

struct QueuedPacket {
  enum class Kind {
    Data,      // a compressed packet
    LoopSeam,  // the reader went back to the start: drain, flush, then offset timestamps
    End,       // no more packets: drain and finish
  };
  Kind kind = Kind::Data;
  PacketPtr packet;          // Data only
  double duration_s = 0.0;   // Data only: for the "enough" rule
  double loop_offset_s = 0;  // LoopSeam only: clip time added to every later timestamp
};

struct PacketQueue {
  std::deque<QueuedPacket> items;
  std::size_t bytes = 0;
  double duration_s = 0.0;
  bool open = false;  // a decoder consumes it; pushes to a closed queue are dropped

  bool enough() const {
    return items.size() >= kEnoughPackets && (duration_s <= 0.0 || duration_s >= kEnoughQueued_s);
  }
  void clear() {
    items.clear();
    bytes = 0;
    duration_s = 0.0;
  }
};

enum class StreamKind { Video, Audio };

}  // namespace

struct ClipReader::Impl {
  // ---- Fixed by open() before any thread starts; read by every thread without the lock ----
  std::filesystem::path path;
  std::string name;  // path as text, for messages
  ClipReaderOptions options;
  int video_index = -1;
  int audio_index = -1;
  AVRational video_time_base{0, 1};
  AVRational audio_time_base{0, 1};
  CodecParametersPtr audio_parameters;  // to reopen the audio decoder at each loop seam
  const AVCodec* audio_decoder_type = nullptr;
  double origin_s = 0.0;  // subtracted from every timestamp (earliest stream start)
  double duration_s = 0.0;
  double frame_interval_s = 0.0;
  int rotation_deg = 0;
  int width = 0;
  int height = 0;
  std::string video_decoder;           // what decodes the video, for logs
  std::string video_decoder_fallback;  // why hardware asked for is not used
  CodecParametersPtr video_parameters;  // to reopen the video decoder with more threads
  bool video_threads_adapt = false;     // one software thread now; more if it cannot keep up
  int video_threads_max = 1;
  double video_pixel_rate = 0.0;        // pixels a second: width x height x frame rate
  std::size_t audio_frame_bytes = 0;  // one sample for every channel, S16
  std::size_t audio_bytes_per_second = 0;

  // ---- Each owned by one thread once they start ----
  Interrupt interrupt;         // set by stop() (any thread), read by libav inside the reader; before `format`
  FormatContextPtr format;     // reader thread (replaced on each loop pass)
  CodecContextPtr video_codec; // video decoder thread
  CodecContextPtr audio_codec; // audio decoder thread (replaced at each loop seam)
  std::thread reader_thread;   // started by open(), joined by stop(): the owning (main) thread
  std::thread video_thread;
  std::thread audio_thread;

  // ---- Shared between threads: everything below is guarded by `mutex` ----
  mutable std::mutex mutex;
  std::condition_variable reader_wake;          // packet queue space, or stop
  std::condition_variable video_packets_ready;  // video queue not empty, or stop
  std::condition_variable audio_packets_ready;  // audio queue not empty, or stop
  std::condition_variable picture_space;        // ring below max_video_frames, or stop
  std::condition_variable picture_ready;        // a picture, the video end, or stop
  std::condition_variable audio_space;          // room in the FIFO, or stop
  std::condition_variable audio_data_ready;     // audio bytes, the audio end, or stop
  bool stopping = false;
  PacketQueue video_packets;   // reader -> video decoder
  PacketQueue audio_packets;   // reader -> audio decoder
  std::deque<Picture> pictures;  // video decoder -> main thread; references stay valid on push_back
  bool video_done = true;      // the video decoder will push no more pictures (true when no video)
  AudioFifo audio_fifo;        // audio decoder -> audio consumer
  std::uint64_t audio_bytes_read = 0;  // consumed so far: the FIFO front is at this clip time
  bool audio_done = true;      // the audio decoder will write no more bytes (true when no audio)
  std::optional<MediaError> error;
  ClipReaderStats stats;

  ~Impl() { stop_and_join(); }

  void stop_and_join();
  void run_reader();
  void run_video_decoder();
  void run_audio_decoder();

  // Helpers; the suffix _locked means the caller holds `mutex`.
  bool queues_full_locked() const;
  void push_packet(StreamKind kind, QueuedPacket item);
  std::optional<QueuedPacket> pop_packet(StreamKind kind);
  void end_all_queues();
  bool rewind();
  void fail_stream(StreamKind kind, MediaError failure);
  void record_error(MediaError failure);
  void note_bad_packet(const char* what, bool& logged, int err);  // what: "video", "audio", "container"
  // A decoder thread's bad packet: counted and stepped over, unless memory ran out or too many
  // came in a row, when the stream fails. False when the thread must end.
  bool tolerate_bad_packet(StreamKind kind, int err, bool& logged, int& consecutive_bad);
  bool push_picture(Picture picture, bool was_converted);
  bool push_audio(std::span<const std::uint8_t> bytes);
};

// ------------------------------------------------------------------------------------------
// Reader thread

bool ClipReader::Impl::queues_full_locked() const {
  if (video_packets.bytes + audio_packets.bytes >= options.max_packet_bytes) return true;
  for (const PacketQueue* queue : {&video_packets, &audio_packets}) {
    if (queue->open && !queue->enough()) return false;
  }
  return true;
}

void ClipReader::Impl::push_packet(StreamKind kind, QueuedPacket item) {
  PacketQueue& queue = kind == StreamKind::Video ? video_packets : audio_packets;
  {
    std::lock_guard lock(mutex);
    if (!queue.open) return;
    if (item.packet) queue.bytes += static_cast<std::size_t>(std::max(0, item.packet->size));
    queue.duration_s += item.duration_s;
    queue.items.push_back(std::move(item));
  }
  (kind == StreamKind::Video ? video_packets_ready : audio_packets_ready).notify_one();
}

void ClipReader::Impl::end_all_queues() {
  if (video_index >= 0) push_packet(StreamKind::Video, QueuedPacket{QueuedPacket::Kind::End, nullptr, 0, 0});
  if (audio_index >= 0) push_packet(StreamKind::Audio, QueuedPacket{QueuedPacket::Kind::End, nullptr, 0, 0});
}

bool ClipReader::Impl::rewind() {
  // Reopening gives exactly the first pass's packets again. Seeking does not always: after
  // a seek Matroska skips every packet before the video keyframe, dropping the first audio
  // frame (a click at every rep). A reopen costs a few milliseconds, far inside the queues.
  interrupt.set_deadline_from_now(options.open_timeout);
  auto reopened = open_container(path, interrupt, StreamInfo::HeaderWhenComplete);  // the decoders are open
  interrupt.clear_deadline();
  if (reopened) {
    AVFormatContext* fresh = reopened->get();
    auto same_stream = [&](int index) {
      if (index < 0) return true;
      const AVStream* old_stream = format->streams[index];
      const AVStream* new_stream = fresh->streams[index];
      return old_stream->codecpar->codec_id == new_stream->codecpar->codec_id &&
             av_cmp_q(old_stream->time_base, new_stream->time_base) == 0;
    };
    if (fresh->nb_streams == format->nb_streams && same_stream(video_index) && same_stream(audio_index)) {
      for (unsigned i = 0; i < fresh->nb_streams; ++i) fresh->streams[i]->discard = format->streams[i]->discard;
      format = std::move(*reopened);
      return true;
    }
  }
  // The file changed under us or cannot be reopened: seek the open one instead.
  const std::int64_t start = format->start_time != AV_NOPTS_VALUE ? format->start_time : 0;
  return avformat_seek_file(format.get(), -1, std::numeric_limits<std::int64_t>::min(), start, start, 0) >= 0;
}

void ClipReader::Impl::run_reader() {
  PacketPtr packet = av_packet_alloc_unique();
  if (!packet) {
    record_error(media_error_from_averror(AVERROR(ENOMEM), "reading", name));
    end_all_queues();
    return;
  }
  int pass = 0;                   // times through the file so far (loop mode)
  bool packets_this_pass = false; // a pass that yields nothing must not loop forever
  double loop_period_s = 0.0;     // clip time one pass takes, measured on the first pass
  // First pass: the earliest presentation start and latest end seen per stream, clip time.
  double video_start_s = std::numeric_limits<double>::infinity();
  double video_end_s = -std::numeric_limits<double>::infinity();
  double audio_start_s = std::numeric_limits<double>::infinity();
  double audio_end_s = -std::numeric_limits<double>::infinity();
  int consecutive_errors = 0;
  bool logged_read_error = false;

  for (;;) {
    {
      std::unique_lock lock(mutex);
      reader_wake.wait(lock, [&] { return stopping || !queues_full_locked(); });
      if (stopping) return;
      if (!video_packets.open && !audio_packets.open) return;  // both decoders gave up
    }

    const int err = av_read_frame(format.get(), packet.get());
    if (interrupt.should_interrupt()) return;  // stop() while inside libav
    if (err < 0) {
      bool at_end = err == AVERROR_EOF || (format->pb && avio_feof(format->pb));
      if (!at_end) {
        if (format->pb && format->pb->error < 0) {
          record_error(media_error_from_averror(format->pb->error, "reading", name));
          end_all_queues();
          return;
        }
        note_bad_packet("container", logged_read_error, err);
        if (++consecutive_errors < kMaxConsecutiveReadErrors) continue;
        // The demuxer cannot get past the damage: play what we have, as if the file ended.
        at_end = true;
      }
      if (options.loop && packets_this_pass) {
        if (pass == 0) {
          // A pass is the video's own span, first frame on to last frame off (audio-only:
          // first to last sample). The next pass's first frame then follows the last one
          // by exactly its duration, even when video starts a little after the audio.
          loop_period_s = video_index >= 0 ? video_end_s - video_start_s : audio_end_s - audio_start_s;
          if (!std::isfinite(loop_period_s) || loop_period_s <= 0.0) loop_period_s = duration_s;
        }
        if (loop_period_s > 0.0 && rewind()) {
          ++pass;
          packets_this_pass = false;
          consecutive_errors = 0;
          const double offset_s = pass * loop_period_s;
          if (video_index >= 0) {
            push_packet(StreamKind::Video, QueuedPacket{QueuedPacket::Kind::LoopSeam, nullptr, 0, offset_s});
          }
          if (audio_index >= 0) {
            push_packet(StreamKind::Audio, QueuedPacket{QueuedPacket::Kind::LoopSeam, nullptr, 0, offset_s});
          }
          std::lock_guard lock(mutex);
          ++stats.loops_completed;
          continue;
        }
        record_error(make_media_error(MediaErrorCategory::IO, "cannot go back to the start to loop", name));
      }
      end_all_queues();
      return;
    }
    consecutive_errors = 0;

    const int index = packet->stream_index;
    const bool is_video = index == video_index;
    if (!is_video && index != audio_index) {
      av_packet_unref(packet.get());
      continue;
    }
    packets_this_pass = true;
    const AVRational time_base = is_video ? video_time_base : audio_time_base;
    const double packet_duration_s = packet->duration > 0 ? to_seconds(packet->duration, time_base) : 0.0;
    if (pass == 0) {
      const std::int64_t timestamp = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
      if (timestamp != AV_NOPTS_VALUE) {
        const double start_s = to_seconds(timestamp, time_base) - origin_s;
        if (is_video) {
          video_start_s = std::min(video_start_s, start_s);
          video_end_s = std::max(video_end_s, start_s + (packet_duration_s > 0 ? packet_duration_s : frame_interval_s));
        } else {
          audio_start_s = std::min(audio_start_s, start_s);
          audio_end_s = std::max(audio_end_s, start_s + packet_duration_s);
        }
      }
    }

    PacketPtr queued = av_packet_alloc_unique();
    if (!queued) {
      record_error(media_error_from_averror(AVERROR(ENOMEM), "reading", name));
      end_all_queues();
      return;
    }
    av_packet_move_ref(queued.get(), packet.get());
    {
      std::lock_guard lock(mutex);
      ++stats.packets_read;
    }
    push_packet(is_video ? StreamKind::Video : StreamKind::Audio,
                QueuedPacket{QueuedPacket::Kind::Data, std::move(queued), packet_duration_s, 0});
  }
}

// ------------------------------------------------------------------------------------------
// Shared decoder plumbing

std::optional<QueuedPacket> ClipReader::Impl::pop_packet(StreamKind kind) {
  PacketQueue& queue = kind == StreamKind::Video ? video_packets : audio_packets;
  std::condition_variable& ready = kind == StreamKind::Video ? video_packets_ready : audio_packets_ready;
  std::optional<QueuedPacket> item;
  {
    std::unique_lock lock(mutex);
    ready.wait(lock, [&] { return stopping || !queue.items.empty(); });
    if (stopping) return std::nullopt;
    item = std::move(queue.items.front());
    queue.items.pop_front();
    if (item->packet) queue.bytes -= static_cast<std::size_t>(std::max(0, item->packet->size));
    queue.duration_s = queue.items.empty() ? 0.0 : queue.duration_s - item->duration_s;
  }
  reader_wake.notify_one();
  return item;
}

void ClipReader::Impl::record_error(MediaError failure) {
  av_log(nullptr, AV_LOG_ERROR, "%s\n", failure.message.c_str());
  std::lock_guard lock(mutex);
  if (!error) error = std::move(failure);
}

void ClipReader::Impl::fail_stream(StreamKind kind, MediaError failure) {
  record_error(std::move(failure));
  {
    std::lock_guard lock(mutex);
    PacketQueue& queue = kind == StreamKind::Video ? video_packets : audio_packets;
    queue.open = false;
    queue.clear();
    (kind == StreamKind::Video ? video_done : audio_done) = true;
  }
  reader_wake.notify_one();
  picture_ready.notify_all();
  audio_data_ready.notify_all();
}

void ClipReader::Impl::note_bad_packet(const char* what, bool& logged, int err) {
  {
    std::lock_guard lock(mutex);
    ++stats.bad_packets_skipped;
  }
  if (!logged) {  // one line per stream; the rest are only counted
    logged = true;
    char reason[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(err, reason, sizeof reason);
    av_log(nullptr, AV_LOG_WARNING, "%s: skipping damaged %s data (%s); further damage is only counted\n",
           name.c_str(), what, reason);
  }
}


bool ClipReader::Impl::tolerate_bad_packet(StreamKind kind, int err, bool& logged, int& consecutive_bad) {
  const bool video = kind == StreamKind::Video;
  note_bad_packet(video ? "video" : "audio", logged, err);
  if (err == AVERROR(ENOMEM) || ++consecutive_bad >= kMaxConsecutiveBadPackets) {
    fail_stream(kind, media_error_from_averror(
                          err, video ? "the video stream cannot be decoded" : "the audio stream cannot be decoded", name));
    return false;
  }
  return true;
}
// ------------------------------------------------------------------------------------------
// Video decoder thread

bool ClipReader::Impl::push_picture(Picture picture, bool was_converted) {
  {
    std::unique_lock lock(mutex);
    picture_space.wait(lock, [&] { return stopping || pictures.size() < options.max_video_frames; });
    if (stopping) return false;
    pictures.push_back(std::move(picture));
    ++stats.pictures_decoded;
    if (was_converted) ++stats.pictures_converted;
  }
  picture_ready.notify_all();
  return true;
}

void ClipReader::Impl::run_video_decoder() {
  AVCodecContext* codec = video_codec.get();
  PictureConverter converter(name);
  FramePtr frame = av_frame_alloc_unique();
  FramePtr downloaded = av_frame_alloc_unique();  // scratch for pictures copied off a hardware surface
  if (!frame || !downloaded) {
    fail_stream(StreamKind::Video, media_error_from_averror(AVERROR(ENOMEM), "decoding video", name));
    return;
  }
  double offset_s = 0.0;  // clip time added after each loop seam
  int pass = 0;
  double last_pts_s = -std::numeric_limits<double>::infinity();
  int consecutive_bad = 0;
  bool logged = false;
  bool any_picture = false;  // a whole pass without one means the stream is unusable

  // Returns false when the thread must end (stop, or the stream is unusable).
  auto handle_error = [&](int err) { return tolerate_bad_packet(StreamKind::Video, err, logged, consecutive_bad); };
  auto receive_pictures = [&]() -> bool {
    for (;;) {
      const int err = avcodec_receive_frame(codec, frame.get());
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return true;
      if (err < 0) return handle_error(err);
      consecutive_bad = 0;

      // Variable frame rate and missing timestamps: libav's best guess, then strictly
      // increasing so the player can always order and time frames.
      std::int64_t timestamp = frame->best_effort_timestamp;
      if (timestamp == AV_NOPTS_VALUE) timestamp = frame->pts;
      double pts_s = timestamp != AV_NOPTS_VALUE ? to_seconds(timestamp, video_time_base) - origin_s + offset_s
                                                 : last_pts_s + frame_interval_s;
      if (!(pts_s > last_pts_s)) pts_s = std::isfinite(last_pts_s) ? last_pts_s + frame_interval_s : 0.0;
      last_pts_s = pts_s;
      // Concealed damage (libav still outputs the frame, patched up): counted, and shown.
      if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT)) {
        std::lock_guard lock(mutex);
        ++stats.damaged_pictures;
      }
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)  // FFmpeg 6 renamed it
      const std::int64_t frame_duration = frame->duration;
#else
      const std::int64_t frame_duration = frame->pkt_duration;
#endif
      const double shown_s = frame_duration > 0 ? to_seconds(frame_duration, video_time_base) : frame_interval_s;

      const std::uint64_t converted_before = converter.converted_count();
      if (!download_if_hardware(frame.get(), downloaded.get())) {
        av_frame_unref(frame.get());
        if (!handle_error(AVERROR(EIO))) return false;
        continue;
      }
      auto picture = converter.convert(frame.get(), pts_s, shown_s);
      av_frame_unref(frame.get());
      if (!picture) {
        if (picture.error().category == MediaErrorCategory::Unsupported) {
          fail_stream(StreamKind::Video, std::move(picture.error()));
          return false;
        }
        if (!handle_error(AVERROR_INVALIDDATA)) return false;
        continue;
      }
      any_picture = true;
      picture->pass = pass;
      if (!push_picture(std::move(*picture), converter.converted_count() != converted_before)) return false;
    }
  };
  auto drain = [&]() -> bool {
    const int err = avcodec_send_packet(codec, nullptr);
    if (err < 0 && err != AVERROR_EOF) return handle_error(err);
    return receive_pictures();
  };

  // Adaptive threads: one thread's CPU time a packet, judged over kThreadJudgingPackets; when
  // it is over budget the decoder takes more threads at the next keyframe, where a fresh
  // decoder can start without the pictures before it.
  bool wants_threads = false;
  int judged_packets = 0;
  double judged_cpu_s = 0.0;
  auto judge_one_thread = [&](double cpu_s) {
    judged_cpu_s += cpu_s;
    if (++judged_packets < kThreadJudgingPackets) return;
    const double per_frame_s = judged_cpu_s / judged_packets;
    judged_packets = 0;
    judged_cpu_s = 0.0;
    if (per_frame_s <= options.one_thread_budget * frame_interval_s) return;
    wants_threads = true;
    av_log(nullptr, AV_LOG_INFO, "%s: one decoder thread takes %.1f ms of each %.1f ms frame; %d threads from the next keyframe\n",
           name.c_str(), per_frame_s * 1e3, frame_interval_s * 1e3, video_threads_max);
  };
  auto take_more_threads = [&]() -> bool {
    wants_threads = false;
    video_threads_adapt = false;
    if (!drain()) return false;  // the old decoder's pictures first, in order
    auto more = reopen_video_decoder(codec, video_parameters.get(), video_time_base, video_threads_max, name);
    if (!more) {  // carry on as before, with one thread
      av_log(nullptr, AV_LOG_WARNING, "%s\n", more.error().message.c_str());
      avcodec_flush_buffers(codec);
      return true;
    }
    video_codec = std::move(*more);
    codec = video_codec.get();
    thread_needs().learn(video_parameters->codec_id, video_pixel_rate);
    std::lock_guard lock(mutex);
    stats.video_decoder_threads = video_threads_max;
    stats.picture_at_more_threads = stats.pictures_decoded;
    return true;
  };

  for (;;) {
    std::optional<QueuedPacket> item = pop_packet(StreamKind::Video);
    if (!item) return;  // stopping
    switch (item->kind) {
      case QueuedPacket::Kind::Data: {
        if (wants_threads && (item->packet->flags & AV_PKT_FLAG_KEY) && !take_more_threads()) return;
        const bool judging = video_threads_adapt && !wants_threads;
        const double cpu_before_s = judging ? thread_cpu_s() : 0.0;  // waits for queue space cost none
        int err = avcodec_send_packet(codec, item->packet.get());
        if (err == AVERROR(EAGAIN)) {  // output pending first (not expected: we drain each time)
          if (!receive_pictures()) return;
          err = avcodec_send_packet(codec, item->packet.get());
        }
        if (err < 0 && !handle_error(err)) return;
        if (!receive_pictures()) return;
        if (judging) judge_one_thread(thread_cpu_s() - cpu_before_s);
        break;
      }
      case QueuedPacket::Kind::LoopSeam:
        if (!drain()) return;
        if (!any_picture) {  // looping would only wait forever for a picture
          fail_stream(StreamKind::Video, make_media_error(MediaErrorCategory::Corrupted,
                                                          "no video picture could be decoded", name));
          return;
        }
        avcodec_flush_buffers(codec);
        offset_s = item->loop_offset_s;
        ++pass;
        break;
      case QueuedPacket::Kind::End:
        drain();
        if (!any_picture) {
          fail_stream(StreamKind::Video, make_media_error(MediaErrorCategory::Corrupted,
                                                          "no video picture could be decoded", name));
          return;
        }
        {
          std::lock_guard lock(mutex);
          video_done = true;
        }
        picture_ready.notify_all();
        return;
    }
  }
}

// ------------------------------------------------------------------------------------------
// Audio decoder thread

bool ClipReader::Impl::push_audio(std::span<const std::uint8_t> bytes) {
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    {
      std::unique_lock lock(mutex);
      // Wait for a useful amount of room, not one sample frame, so the decoder does not
      // wake for every small read the consumer makes.
      const std::size_t wanted = std::min(bytes.size() - offset, audio_fifo.capacity() / 4);
      audio_space.wait(lock, [&] { return stopping || audio_fifo.space() >= std::max<std::size_t>(wanted, 1); });
      if (stopping) return false;
      offset += audio_fifo.write(bytes.data() + offset, bytes.size() - offset);
    }
    audio_data_ready.notify_all();
  }
  return true;
}

void ClipReader::Impl::run_audio_decoder() {
  AVCodecContext* codec = audio_codec.get();  // re-pointed when the decoder is reopened
  AudioResampler resampler(options.audio_rate, options.audio_channels, name);
  FramePtr frame = av_frame_alloc_unique();
  if (!frame) {
    fail_stream(StreamKind::Audio, media_error_from_averror(AVERROR(ENOMEM), "decoding audio", name));
    return;
  }
  double offset_s = 0.0;
  // Clip time at which the next decoded sample lands in the output stream. The stream
  // starts at clip time 0: audio that starts later is preceded by silence, so the byte
  // count alone is a clock.
  double next_s = 0.0;
  double first_pts_s = std::numeric_limits<double>::quiet_NaN();  // of the first frame, first pass
  bool pass_start = true;  // the next frame starts a pass: place it exactly on its timestamp
  bool any_audio = false;   // a whole pass without a frame means the stream is unusable
  int consecutive_bad = 0;
  bool logged = false;

  // When looping, the newest audio is held back from the FIFO for a moment: at a seam the
  // file's end padding (AAC pads its last frame) is cut from this tail, so every rep's
  // audio starts exactly with its video instead of drifting a few ms per rep.
  const std::size_t hold_bytes =
      options.loop ? static_cast<std::size_t>(kAudioSyncTolerance_s * 5 * options.audio_rate) * audio_frame_bytes : 0;
  std::vector<std::uint8_t> held;
  auto emit = [&](std::span<const std::uint8_t> bytes) -> bool {
    if (hold_bytes == 0) return push_audio(bytes);
    held.insert(held.end(), bytes.begin(), bytes.end());
    if (held.size() <= hold_bytes) return true;
    const std::size_t ready = held.size() - hold_bytes;
    if (!push_audio(std::span<const std::uint8_t>(held.data(), ready))) return false;
    held.erase(held.begin(), held.begin() + static_cast<std::ptrdiff_t>(ready));
    return true;
  };

  auto handle_error = [&](int err) { return tolerate_bad_packet(StreamKind::Audio, err, logged, consecutive_bad); };
  auto receive_audio = [&]() -> bool {
    for (;;) {
      const int err = avcodec_receive_frame(codec, frame.get());
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return true;
      if (err < 0) return handle_error(err);
      if (frame->sample_rate <= 0 || frame->nb_samples <= 0) {
        av_frame_unref(frame.get());
        continue;
      }
      consecutive_bad = 0;

      double correction_s = 0.0;
      double placed_s = next_s;
      std::int64_t timestamp = frame->best_effort_timestamp;
      if (timestamp == AV_NOPTS_VALUE) timestamp = frame->pts;
      if (timestamp != AV_NOPTS_VALUE) {
        const double pts_s = to_seconds(timestamp, audio_time_base) - origin_s + offset_s;
        if (std::isnan(first_pts_s)) first_pts_s = pts_s;
        const double drift_s = pts_s - next_s;
        // Within a pass, small timestamp jitter is left alone; the first frame of a pass
        // is placed to the sample (the stream starts at 0, so a late start gets silence).
        const double tolerance_s = pass_start ? 0.5 / options.audio_rate : kAudioSyncTolerance_s;
        if (std::abs(drift_s) > tolerance_s && std::abs(drift_s) <= kMaxAudioCorrection_s) {
          correction_s = drift_s;
          placed_s = pts_s;
        }
      }
      pass_start = false;
      next_s = placed_s + static_cast<double>(frame->nb_samples) / frame->sample_rate;
      if (correction_s != 0.0) {
        av_log(nullptr, AV_LOG_VERBOSE, "%s: audio %s %.1f ms at %.3f s to stay on its timestamps\n", name.c_str(),
               correction_s > 0 ? "silence of" : "overlap of", std::abs(correction_s) * 1000, placed_s);
        std::lock_guard lock(mutex);
        ++stats.audio_corrections;
      }

      auto bytes = resampler.convert(frame.get(), correction_s);
      av_frame_unref(frame.get());
      if (!bytes) {
        fail_stream(StreamKind::Audio, std::move(bytes.error()));
        return false;
      }
      {
        std::lock_guard lock(mutex);
        ++stats.audio_frames_decoded;
      }
      any_audio = true;
      if (!emit(*bytes)) return false;
    }
  };
  auto drain = [&]() -> bool {
    const int err = avcodec_send_packet(codec, nullptr);
    if (err < 0 && err != AVERROR_EOF) return handle_error(err);
    return receive_audio();
  };
  // At a seam: cut whatever of the pass's tail runs past where the next pass begins.
  auto trim_tail_to = [&](double next_pass_start_s) {
    const double excess_s = next_s - next_pass_start_s;
    if (!(excess_s > 0.0)) return;
    const auto excess_bytes = static_cast<std::size_t>(std::lround(excess_s * options.audio_rate)) * audio_frame_bytes;
    const std::size_t cut = std::min(excess_bytes, held.size());
    held.erase(held.end() - static_cast<std::ptrdiff_t>(cut), held.end());
    next_s -= static_cast<double>(cut) / static_cast<double>(audio_bytes_per_second);
  };

  for (;;) {
    std::optional<QueuedPacket> item = pop_packet(StreamKind::Audio);
    if (!item) return;  // stopping
    switch (item->kind) {
      case QueuedPacket::Kind::Data: {
        int err = avcodec_send_packet(codec, item->packet.get());
        if (err == AVERROR(EAGAIN)) {
          if (!receive_audio()) return;
          err = avcodec_send_packet(codec, item->packet.get());
        }
        if (err < 0 && !handle_error(err)) return;
        if (!receive_audio()) return;
        break;
      }
      case QueuedPacket::Kind::LoopSeam: {
        // The resampler is not flushed: its delayed tail flows straight into the next pass.
        if (!drain()) return;
        if (!any_audio) {
          fail_stream(StreamKind::Audio, make_media_error(MediaErrorCategory::Corrupted,
                                                          "no audio could be decoded", name));
          return;
        }
        // A fresh decoder rather than a flushed one: flushing does not re-arm the codec's
        // start-up skip (Opus pre-skip), so each rep would begin with a few ms of junk.
        auto fresh = open_decoder(audio_parameters.get(), audio_time_base, audio_decoder_type, 1, name);
        if (!fresh) {
          fail_stream(StreamKind::Audio, std::move(fresh.error()));
          return;
        }
        audio_codec = std::move(*fresh);
        codec = audio_codec.get();
        if (video_index < 0 && !std::isnan(first_pts_s)) {
          // Audio only: the decoded audio itself is the rep; the next pass starts right
          // where this one's last sample ended (packet durations can disagree by a frame).
          offset_s = next_s - first_pts_s;
        } else {
          // With video, the reader's offset (the video's span) rules; audio follows it.
          if (!std::isnan(first_pts_s)) trim_tail_to(first_pts_s + item->loop_offset_s);
          offset_s = item->loop_offset_s;
        }
        pass_start = true;
        break;
      }
      case QueuedPacket::Kind::End: {
        const bool drained = drain();
        if (drained && !any_audio) {
          fail_stream(StreamKind::Audio, make_media_error(MediaErrorCategory::Corrupted,
                                                          "no audio could be decoded", name));
          return;
        }
        if (drained) {
          auto tail = resampler.flush();
          if (tail && !emit(*tail)) return;
          if (!held.empty() && !push_audio(held)) return;
        }
        {
          std::lock_guard lock(mutex);
          audio_done = true;
        }
        audio_data_ready.notify_all();
        return;
      }
    }
  }
}

// ------------------------------------------------------------------------------------------
// Lifetime

void ClipReader::Impl::stop_and_join() {
  {
    std::lock_guard lock(mutex);
    stopping = true;
  }
  interrupt.request_stop();  // a reader inside av_read_frame returns at libav's next check
  for (std::condition_variable* cv : {&reader_wake, &video_packets_ready, &audio_packets_ready, &picture_space,
                                      &picture_ready, &audio_space, &audio_data_ready}) {
    cv->notify_all();
  }
  for (std::thread* thread : {&reader_thread, &video_thread, &audio_thread}) {
    if (thread->joinable()) thread->join();
  }
}

MediaResult<std::unique_ptr<ClipReader>> ClipReader::open(const std::filesystem::path& path,
                                                         const ClipReaderOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->name = path.string();
  impl->options = options;
  const std::string& name = impl->name;
  if (options.audio_rate < 8000 || options.audio_rate > 384000 || options.audio_channels < 1 ||
      options.audio_channels > 8 || options.max_video_frames < 1 || options.max_audio_ms < 10) {
    return std::unexpected(make_media_error(MediaErrorCategory::Invalid, "bad ClipReaderOptions", name));
  }

  impl->interrupt.set_deadline_from_now(options.open_timeout);
  auto format = open_container(path, impl->interrupt, StreamInfo::HeaderWhenComplete);
  if (!format) return std::unexpected(format.error());
  impl->format = std::move(*format);
  AVFormatContext* ic = impl->format.get();

  auto streams = choose_streams(ic, name, options.enable_video, options.enable_audio);
  if (!streams) return std::unexpected(streams.error());
  for (unsigned i = 0; i < ic->nb_streams; ++i) {  // do not even demux what we will not play
    const int index = static_cast<int>(i);
    if (index != streams->video_index && index != streams->audio_index) ic->streams[i]->discard = AVDISCARD_ALL;
  }

  const unsigned cores = std::thread::hardware_concurrency();
  impl->video_threads_max = options.max_decoder_threads > 0 ? options.max_decoder_threads
                                                            : static_cast<int>(std::max(1u, cores));
  if (streams->video_index >= 0) {
    AVStream* stream = ic->streams[streams->video_index];
    impl->frame_interval_s = frame_interval_s_of(ic, stream);
    impl->video_pixel_rate = static_cast<double>(stream->codecpar->width) * stream->codecpar->height /
                             std::max(1e-3, impl->frame_interval_s);
    int video_threads = options.decoder_threads;
    if (video_threads <= 0) {
      const bool learnt = thread_needs().needs_threads(stream->codecpar->codec_id, impl->video_pixel_rate);
      video_threads = learnt ? impl->video_threads_max : 1;
      impl->video_threads_adapt = !learnt && impl->video_threads_max > 1;
    }
    VideoDecoderRequest request{options.hwdec, options.max_height, video_threads, options.open_timeout};
    auto decoder = open_video_decoder(path, stream, streams->video_decoder, request, name);
    if (!decoder) return std::unexpected(decoder.error());
    impl->video_codec = std::move(decoder->context);
    impl->video_decoder = std::move(decoder->description);
    impl->video_decoder_fallback = std::move(decoder->fallback_reason);
    impl->video_threads_adapt = impl->video_threads_adapt && decoder->software;
    impl->stats.video_decoder_threads = decoder->software ? video_threads : 1;
    impl->video_parameters = avcodec_parameters_alloc_unique();
    if (!impl->video_parameters || avcodec_parameters_copy(impl->video_parameters.get(), stream->codecpar) < 0) {
      return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "opening", name));
    }
    impl->video_index = streams->video_index;
    impl->video_time_base = stream->time_base;
    impl->rotation_deg = rotation_deg_of(stream);
    impl->width = AV_CEIL_RSHIFT(stream->codecpar->width, decoder->lowres);
    impl->height = AV_CEIL_RSHIFT(stream->codecpar->height, decoder->lowres);
  }
  if (streams->audio_index >= 0) {
    AVStream* stream = ic->streams[streams->audio_index];
    auto codec = open_decoder(stream->codecpar, stream->time_base, streams->audio_decoder, 1, name);  // audio is cheap
    if (!codec) return std::unexpected(codec.error());
    impl->audio_parameters = avcodec_parameters_alloc_unique();
    if (!impl->audio_parameters || avcodec_parameters_copy(impl->audio_parameters.get(), stream->codecpar) < 0) {
      return std::unexpected(media_error_from_averror(AVERROR(ENOMEM), "opening", name));
    }
    impl->audio_decoder_type = streams->audio_decoder;
    impl->audio_codec = std::move(*codec);
    impl->audio_index = streams->audio_index;
    impl->audio_time_base = stream->time_base;
  }
  impl->origin_s = origin_s_of(ic, *streams);
  impl->duration_s = duration_s_of(ic, *streams);
  impl->audio_frame_bytes = static_cast<std::size_t>(options.audio_channels) * 2;
  impl->audio_bytes_per_second = impl->audio_frame_bytes * static_cast<std::size_t>(options.audio_rate);
  const std::size_t fifo_frames =
      std::max<std::size_t>(1024, options.max_audio_ms * static_cast<std::size_t>(options.audio_rate) / 1000);
  impl->audio_fifo = AudioFifo(fifo_frames * impl->audio_frame_bytes);
  impl->video_packets.open = impl->video_index >= 0;
  impl->audio_packets.open = impl->audio_index >= 0;
  impl->video_done = impl->video_index < 0;
  impl->audio_done = impl->audio_index < 0;
  impl->interrupt.clear_deadline();

  try {
    Impl* state = impl.get();
    impl->reader_thread = std::thread([state] { state->run_reader(); });
    if (impl->video_index >= 0) impl->video_thread = std::thread([state] { state->run_video_decoder(); });
    if (impl->audio_index >= 0) impl->audio_thread = std::thread([state] { state->run_audio_decoder(); });
  } catch (const std::system_error&) {
    return std::unexpected(make_media_error(MediaErrorCategory::IO, "cannot start decoding threads", name));
  }  // (~Impl joins whatever did start)
  return std::unique_ptr<ClipReader>(new ClipReader(std::move(impl)));
}

ClipReader::ClipReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ClipReader::~ClipReader() { stop(); }
void ClipReader::stop() { impl_->stop_and_join(); }

// ------------------------------------------------------------------------------------------
// Accessors

const std::filesystem::path& ClipReader::path() const { return impl_->path; }
bool ClipReader::has_video() const { return impl_->video_index >= 0; }
bool ClipReader::has_audio() const { return impl_->audio_index >= 0; }
double ClipReader::duration_s() const { return impl_->duration_s; }
int ClipReader::rotation_deg() const { return impl_->rotation_deg; }
double ClipReader::frame_interval_s() const { return impl_->frame_interval_s; }
int ClipReader::width() const { return impl_->width; }
int ClipReader::height() const { return impl_->height; }
const std::string& ClipReader::video_decoder() const { return impl_->video_decoder; }
const std::string& ClipReader::video_decoder_fallback() const { return impl_->video_decoder_fallback; }
int ClipReader::audio_rate() const { return impl_->options.audio_rate; }
int ClipReader::audio_channels() const { return impl_->options.audio_channels; }
std::size_t ClipReader::audio_bytes_per_second() const { return impl_->audio_bytes_per_second; }

const Picture* ClipReader::peek_picture() {
  std::lock_guard lock(impl_->mutex);
  return impl_->pictures.empty() ? nullptr : &impl_->pictures.front();
}

const Picture* ClipReader::wait_picture(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->picture_ready.wait_for(lock, timeout, [&] {
    return impl_->stopping || !impl_->pictures.empty() || impl_->video_done;
  });
  return impl_->pictures.empty() ? nullptr : &impl_->pictures.front();
}

Picture ClipReader::pop_picture() {
  Picture picture;
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->pictures.empty()) return picture;
    picture = std::move(impl_->pictures.front());
    impl_->pictures.pop_front();
  }
  impl_->picture_space.notify_one();
  return picture;
}

std::size_t ClipReader::read_audio(std::uint8_t* out, std::size_t bytes, double* pts_s_of_first_sample) {
  Impl& s = *impl_;
  std::size_t copied = 0;
  {
    std::lock_guard lock(s.mutex);
    if (pts_s_of_first_sample) {
      *pts_s_of_first_sample = static_cast<double>(s.audio_bytes_read) / static_cast<double>(s.audio_bytes_per_second);
    }
    copied = s.audio_fifo.read(out, bytes - bytes % s.audio_frame_bytes);
    s.audio_bytes_read += copied;
  }
  if (copied) s.audio_space.notify_one();
  return copied;
}

bool ClipReader::audio_ready(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->audio_data_ready.wait_for(lock, timeout, [&] {
    return impl_->stopping || !impl_->audio_fifo.empty() || impl_->audio_done;
  });
  return !impl_->audio_fifo.empty();
}

bool ClipReader::video_ended() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->video_done && impl_->pictures.empty();
}

bool ClipReader::audio_ended() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->audio_done && impl_->audio_fifo.empty();
}

bool ClipReader::ended() const { return video_ended() && audio_ended(); }

std::optional<MediaError> ClipReader::error() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->error;
}

ClipReaderStats ClipReader::stats() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

}  // namespace classplayer::media
