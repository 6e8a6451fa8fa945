#include "media_test_support.hpp"

extern "C" {
#include <libavutil/log.h>
}

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace media_test {

namespace {
// Corrupt clips make libav's decoders complain loudly; the tests assert on behaviour and
// stats instead. CLASSPLAYER_AV_LOG=1 brings the messages back when debugging.
const bool quiet_libav = [] {
  av_log_set_level(std::getenv("CLASSPLAYER_AV_LOG") ? AV_LOG_WARNING : AV_LOG_QUIET);
  return true;
}();
}  // namespace

std::filesystem::path corpus(const std::string& name) {
  const char* dir = std::getenv("CLASSPLAYER_MEDIA_CORPUS");
  return std::filesystem::path(dir ? dir : CLASSPLAYER_MEDIA_CORPUS) / name;
}

double Playback::largest_picture_gap_s() const {
  double largest = 0.0;
  for (std::size_t i = 1; i < picture_pts_s.size(); ++i) {
    largest = std::max(largest, picture_pts_s[i] - picture_pts_s[i - 1]);
  }
  return largest;
}

bool Playback::pts_strictly_increasing() const {
  return std::adjacent_find(picture_pts_s.begin(), picture_pts_s.end(),
                            [](double a, double b) { return !(b > a); }) == picture_pts_s.end();
}

Playback play(classplayer::media::ClipReader& reader, std::chrono::milliseconds timeout, double until_s,
              double audio_lead_s) {
  using clock = std::chrono::steady_clock;
  (void)quiet_libav;
  Playback result;
  const auto start = clock::now();
  const auto deadline = start + timeout;
  std::vector<std::uint8_t> buffer(8192);
  double video_time_s = 0.0;

  auto last_progress = start;
  while (!reader.ended()) {
    if (clock::now() > deadline) {
      result.timed_out = true;
      break;
    }
    if (auto error = reader.error()) result.error = error;
    bool progress = false;
    // Video first, then audio up to a little ahead of it, as the player's loop would.
    while (video_time_s < until_s) {
      const auto* picture = reader.peek_picture();
      if (!picture) break;
      result.picture_pts_s.push_back(picture->pts_s);
      result.picture_widths.push_back(picture->width);
      result.picture_heights.push_back(picture->height);
      result.picture_formats.push_back(picture->format);
      video_time_s = picture->pts_s;
      reader.pop_picture();
      progress = true;
    }
    const double audio_limit_s = reader.has_video() && !reader.video_ended() ? video_time_s + audio_lead_s
                                                                           : std::numeric_limits<double>::infinity();
    while (result.audio_end_pts_s < audio_limit_s && result.audio_end_pts_s < until_s) {
      double pts_s = 0.0;
      const std::size_t n = reader.read_audio(buffer.data(), buffer.size(), &pts_s);
      if (n == 0) break;
      if (result.audio_first_pts_s < 0) result.audio_first_pts_s = pts_s;
      result.audio_bytes += n;
      result.audio_end_pts_s = pts_s + static_cast<double>(n) / static_cast<double>(reader.audio_bytes_per_second());
      progress = true;
    }
    const bool video_done = !reader.has_video() || reader.video_ended() || video_time_s >= until_s;
    const bool audio_done = !reader.has_audio() || result.audio_end_pts_s >= until_s;
    if (until_s < std::numeric_limits<double>::infinity() && video_done && audio_done) break;
    if (progress) last_progress = clock::now();
    if (!progress) {
      // Nothing ready: block on whichever stream is still running (no spinning). A reader with
      // an error and no audio for a while is done; 20 ms alone was too short a while for a
      // slow (sanitizer) build, which gave up on audio that was still coming.
      if (reader.has_video() && !reader.video_ended() && video_time_s < until_s) {
        reader.wait_picture(std::chrono::milliseconds(20));
      } else if (!reader.audio_ready(std::chrono::milliseconds(20)) && reader.error() &&
                 clock::now() - last_progress > std::chrono::seconds(1)) {
        break;
      }
    }
  }
  result.ended = reader.ended();
  if (auto error = reader.error()) result.error = error;
  result.wall_s = std::chrono::duration<double>(clock::now() - start).count();
  return result;
}

}  // namespace media_test
