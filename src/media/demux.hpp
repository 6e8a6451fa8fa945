#pragma once
// Opening a container and choosing its streams: shared by probe_media and ClipReader.
// Private to src/media (includes libav headers through av_handles.hpp).
#include "media/av_handles.hpp"
#include "media/media_error.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace classplayer::media {

// Lets a blocking libav call (open, probe, read) give up, on stop() or when a deadline
// passes, so a hostile or stalled file cannot hang us. Checked by libav from whichever
// thread is inside the call; set from any thread. Must outlive the AVFormatContext it is
// attached to (declare it before the FormatContextPtr).
class Interrupt {
 public:
  void request_stop() { stop_.store(true); }
  void set_deadline_from_now(std::chrono::steady_clock::duration timeout);
  void clear_deadline() { deadline_ns_.store(INT64_MAX); }
  bool should_interrupt() const;
  static int callback(void* opaque);  // AVIOInterruptCB signature

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::int64_t> deadline_ns_{INT64_MAX};  // steady_clock, since its epoch
};

// How much open_container reads. Decode: the stream info, which decodes a first frame of each
// stream to fill in what the header left out (a 1080p H.264 MP4: 37 ms, against 3 ms for its
// header, on a 2-core VM). HeaderWhenComplete: only the header, when it is complete: the
// demuxer says it lists every stream, and each audio and video stream has its start time,
// length, size or rate, and channels there (MP4 and MOV do; Matroska leaves start times to
// the packets); otherwise as Decode, which can also estimate a length the header lacks.
// Decoders need nothing more (they learn pixel and sample formats from the first frame), and
// the clip's timing reads the same either way.
enum class StreamInfo { Decode, HeaderWhenComplete };

// Opens `path` and reads its stream info. A missing file is NotFound and an empty file or
// unrecognised bytes are Invalid before libav gets to guess.
MediaResult<FormatContextPtr> open_container(const std::filesystem::path& path, Interrupt& interrupt,
                                             StreamInfo info = StreamInfo::Decode);

struct ChosenStreams {
  int video_index = -1;  // -1: none (cover art does not count as video)
  const AVCodec* video_decoder = nullptr;
  int audio_index = -1;
  const AVCodec* audio_decoder = nullptr;
};

// Picks the best video and audio stream. Invalid when the file has neither; Unsupported when
// it has them but no decoder for any.
MediaResult<ChosenStreams> choose_streams(AVFormatContext* format, const std::string& path,
                                          bool want_video, bool want_audio);

// Opens a decoder for a stream's parameters and time base. thread_count 1 disables frame
// threading (lowest latency). `tune` (may be empty) sets further fields (lowres, a hardware
// device) just before the decoder opens.
MediaResult<CodecContextPtr> open_decoder(const AVCodecParameters* parameters, AVRational time_base,
                                          const AVCodec* codec, int thread_count, const std::string& path,
                                          const std::function<void(AVCodecContext*)>& tune = {});

// Clockwise quarter turns (0, 90, 180, 270) to apply for display, from the stream's display
// matrix; 0 when there is none. Mirroring is ignored.
int rotation_deg_of(const AVStream* stream);
int rotation_deg_from_display_matrix(const std::int32_t matrix[9]);

// Seconds between frames from the stream's frame rate (average for variable frame rate).
double frame_interval_s_of(AVFormatContext* format, AVStream* stream);

// Container duration in seconds, or the longest chosen stream's; 0 when unknown.
double duration_s_of(const AVFormatContext* format, const ChosenStreams& streams);

// The clip's time origin: the earliest start time among the chosen streams. Subtracting one
// common origin (not each stream's own start) keeps audio and video in their muxed sync.
double origin_s_of(const AVFormatContext* format, const ChosenStreams& streams);

inline double to_seconds(std::int64_t timestamp, AVRational time_base) {
  return static_cast<double>(timestamp) * av_q2d(time_base);
}

}  // namespace classplayer::media
