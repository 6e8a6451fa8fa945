#pragma once
// What `classplayer check` needs to know about a media file, proven by decoding: a file
// passes only if its first video frame (and first audio frame) actually decode.
#include "media/media_error.hpp"

#include <cstdint>
#include <filesystem>
#include <string>

namespace classplayer::media {

struct MediaInfo {
  std::string container;         // libav demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"
  double duration_s = 0.0;       // 0 when the container does not say
  std::uintmax_t file_size_bytes = 0;

  bool has_video = false;
  std::string video_codec;       // e.g. "h264", "hevc", "vp9"
  int width = 0;                 // coded size, before rotation
  int height = 0;
  double fps = 0.0;              // average for variable frame rate
  int rotation_deg = 0;          // clockwise quarter turns to apply for display: 0, 90, 180, 270
  std::string pixel_format;      // of the first decoded frame, e.g. "yuv420p", "yuv420p10le"

  bool has_audio = false;
  std::string audio_codec;       // e.g. "aac", "opus"
  int sample_rate = 0;           // Hz
  int channels = 0;
};

// Opens `path`, picks its streams and decodes the first video and audio frame.
// Errors: NotFound (missing), Invalid (empty, not media, no streams), Corrupted (a stream
// that does not decode), Unsupported (no decoder), IO. Bounded in time (about 10 s at most
// on pathological files) and never crashes on hostile input. Thread-safe: no shared state.
MediaResult<MediaInfo> probe_media(const std::filesystem::path& path);

// How long `path` plays, from its container and stream headers only, decoding nothing
// beyond what opening needs: for `play FILE`, whose first picture waits on it (the player
// shows a card if the streams then fail to decode). Errors as probe_media's, for the file
// as a whole (missing, empty, not media, no playable stream).
MediaResult<double> probe_duration_s(const std::filesystem::path& path);

}  // namespace classplayer::media
