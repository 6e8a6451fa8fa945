#pragma once
// Helpers shared by the media tests: where the generated corpus lives, and a consumer that
// drains a ClipReader the way the player's virtual clock would (both streams, in step).
#include "media/clip_reader.hpp"

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace media_test {

// A file of the corpus made by make-corpus.sh (CLASSPLAYER_MEDIA_CORPUS overrides the dir).
std::filesystem::path corpus(const std::string& name);

struct Playback {
  std::vector<double> picture_pts_s;
  std::vector<int> picture_widths;
  std::vector<int> picture_heights;
  std::vector<classplayer::media::PictureFormat> picture_formats;
  std::size_t audio_bytes = 0;
  double audio_first_pts_s = -1.0;  // pts reported for the first audio byte read
  double audio_end_pts_s = 0.0;     // clip time just after the last audio byte read
  bool ended = false;
  bool timed_out = false;
  std::optional<classplayer::media::MediaError> error;
  double wall_s = 0.0;

  double largest_picture_gap_s() const;
  bool pts_strictly_increasing() const;
};

// Pulls pictures and audio until the clip ends, fails, `until_s` of clip time has been
// consumed, or `timeout` passes. Audio is read no further ahead of video than a real
// mixer would (`audio_lead_s`).
Playback play(classplayer::media::ClipReader& reader, std::chrono::milliseconds timeout,
              double until_s = std::numeric_limits<double>::infinity(), double audio_lead_s = 0.5);

}  // namespace media_test
