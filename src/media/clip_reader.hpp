#pragma once
// ClipReader: the playback source for one clip. It demuxes and decodes on its own threads
// into small bounded queues; the player pulls pictures and audio bytes out at its own pace.
//
// Threads (all owned by the reader, all joined by stop() / the destructor):
//   reader thread        av_read_frame -> one bounded packet queue per stream; on end of
//                        file it goes back to the start (reopens the file) when looping.
//   video decoder thread packets -> decoded frames -> Picture ring (max_video_frames).
//   audio decoder thread packets -> decoded frames -> S16 resampling -> audio byte FIFO
//                        (max_audio_ms).
// Callers:
//   main thread          everything below except read_audio(); in particular the video
//                        calls, which return pointers into the ring that only the main
//                        thread may invalidate (by pop_picture()).
//   audio consumer       read_audio(): ONE thread, e.g. SDL_mixer's music hook (real time)
//                        or the main loop itself (virtual clock). It never blocks longer
//                        than a short mutex hold.
// Every shared field lives in the .cpp behind one private mutex; the decode threads block
// on condition variables (never sleep-poll), so a paused player costs no CPU. Nothing grows
// without bound: packet queues are capped by ffplay's rule (each queue holds ~1 s, or all
// together max_packet_bytes), pictures by max_video_frames, audio by max_audio_ms.
//
// Consume both streams (or disable the one you do not want with enable_video/enable_audio):
// a stream left unread fills its queues, and the reader then stops for both.
#include "media/media_error.hpp"
#include "media/picture.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace classplayer::media {

struct ClipReaderOptions {
  // Audio output: interleaved signed 16-bit at this rate and channel count (what the
  // SDL_mixer device was opened with). Mono, 22.05 kHz, 5.1... all come out like this.
  int audio_rate = 48000;
  int audio_channels = 2;
  // Video decoder threads. 0: as few as keep up. Software decoding starts with one thread
  // (frame threads cost CPU and memory: each holds pictures of its own); when one thread
  // spends over one_thread_budget of each frame's interval, on average over a second, the
  // decoder is reopened at the next keyframe with max_decoder_threads, and later clips of
  // that codec and pixel rate start with them. > 0: exactly that many, always.
  int decoder_threads = 0;
  double one_thread_budget = 0.6;
  int max_decoder_threads = 0;  // 0: std::thread::hardware_concurrency()
  // Loop forever: at the end of the file go back to the start and carry on with timestamps
  // still increasing, audio and video both, without a seam. This is how a one-rep clip plays
  // N reps. A rep lasts the video's span (first frame shown to last frame's end); each
  // rep's audio is placed on its video to the sample (the encoder's end padding is cut).
  // Audio-only clips repeat gaplessly. Picture::pass says which rep a picture belongs to.
  bool loop = false;
  bool enable_video = true;  // false: ignore the video stream (has_video() is then false)
  bool enable_audio = true;  // false: ignore the audio stream (has_audio() is then false)
  // Decoded pictures waiting to be shown. Each is a picture the decoder's pool holds (3 MB at
  // 1080p); three are 100 ms at 30 fps, and about a second of packets is queued behind them.
  std::size_t max_video_frames = 3;
  std::size_t max_audio_ms = 500;                   // resampled audio waiting to be played
  std::size_t max_packet_bytes = 16 * 1024 * 1024;  // all compressed packets queued together
  std::chrono::milliseconds open_timeout{10000};    // open() gives up on a stalled file
  // Video decoding on the board. hwdec: "none" (software), "auto" (v4l2m2m, then drm, then
  // vaapi, where this FFmpeg and machine have them), a device type ("vaapi", "drm") or a
  // decoder name ("h264_v4l2m2m"). Hardware is used only once it has decoded the clip's first
  // picture; otherwise software, and video_decoder_fallback() says why.
  std::string hwdec = "none";
  // Pictures taller than this (0: no limit) are decoded smaller where the codec can
  // (libavcodec lowres: 1/2, 1/4, 1/8), so a 4K clip fits a board that drives a 1080p screen;
  // codecs without lowres skip the loop filter on non-reference frames instead.
  int max_height = 0;
};

// Counters for logs and the --events summary. Snapshot; safe from any thread.
struct ClipReaderStats {
  std::uint64_t packets_read = 0;
  std::uint64_t bad_packets_skipped = 0;  // demux or decode errors stepped over
  std::uint64_t pictures_decoded = 0;
  std::uint64_t pictures_converted = 0;   // went through libswscale (not IYUV/NV12 already)
  std::uint64_t damaged_pictures = 0;     // decoded with concealed errors (shown anyway)
  std::uint64_t audio_frames_decoded = 0;
  std::uint64_t audio_corrections = 0;    // gaps filled with silence or overlaps dropped
  std::uint64_t loops_completed = 0;      // returns to the start in loop mode
  int video_decoder_threads = 0;          // the video decoder's threads now (0: no video)
  std::uint64_t picture_at_more_threads = 0;  // pictures decoded before the decoder took more threads (0: never)
};

class ClipReader {
 public:
  // Opens the file, picks its streams, opens the decoders and starts the threads. Fails
  // fast with NotFound / Invalid / Unsupported / Corrupted before any thread starts; later
  // failures come through error(). Opening does not wait for the first frame: use
  // wait_picture() / audio_ready() for that (prefetch).
  static MediaResult<std::unique_ptr<ClipReader>> open(const std::filesystem::path& path,
                                                      const ClipReaderOptions& options = {});
  ~ClipReader();  // stop()s
  ClipReader(const ClipReader&) = delete;
  ClipReader& operator=(const ClipReader&) = delete;

  // Fixed at open(); any thread.
  const std::filesystem::path& path() const;
  bool has_video() const;
  bool has_audio() const;
  double duration_s() const;        // of one pass through the file; 0 if unknown
  int rotation_deg() const;         // clockwise quarter turns to apply for display
  double frame_interval_s() const;  // nominal (average for variable frame rate); 0 without video
  int width() const;                // decoded size (coded size, smaller with lowres), before rotation; 0 without video
  int height() const;
  const std::string& video_decoder() const;           // "h264 (software)", "h264_v4l2m2m", "hevc + vaapi"; empty without video
  const std::string& video_decoder_fallback() const;  // why hardware asked for is not used; empty otherwise
  int audio_rate() const;           // output format (the options'), whether or not there is audio
  int audio_channels() const;
  std::size_t audio_bytes_per_second() const;

  // Video; main thread only. A returned pointer stays valid until pop_picture() or stop().
  const Picture* peek_picture();                                   // next picture, or nullptr (non-blocking)
  const Picture* wait_picture(std::chrono::milliseconds timeout);  // waits up to timeout; nullptr if none came
  Picture pop_picture();  // removes the next picture; an empty Picture (false) if there is none

  // Audio; one consumer thread. Copies up to `bytes` (rounded down to whole sample frames)
  // and returns how many were copied: fewer means an underrun (or the end), never blocks.
  // `pts_s_of_first_sample` (may be null) receives the clip time of out[0]; the bytes are a
  // continuous stream, so later samples are at pts + n / audio_bytes_per_second().
  std::size_t read_audio(std::uint8_t* out, std::size_t bytes, double* pts_s_of_first_sample);
  // Waits up to timeout until audio is queued; false on timeout or when audio has ended.
  bool audio_ready(std::chrono::milliseconds timeout);

  // Status; any thread.
  bool video_ended() const;  // no video (or it failed), or every picture has been popped after the end
  bool audio_ended() const;  // no audio (or it failed), or every byte has been read after the end
  bool ended() const;        // both: the clip is fully consumed (never true while looping unless it failed)
  // The first failure after open(): a stream that cannot be decoded any more, an I/O error,
  // failing to go back to the start for a loop. The failed stream then ends; the player shows
  // a card and moves on.
  std::optional<MediaError> error() const;
  ClipReaderStats stats() const;

  // Stops and joins the threads; idempotent. Returns promptly even when decoders are blocked
  // on full queues or the reader is blocked in I/O. Afterwards no new data arrives.
  void stop();

 private:
  struct Impl;
  explicit ClipReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace classplayer::media
