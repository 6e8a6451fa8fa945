#pragma once
// Decoded audio in whatever the codec gives (planar float, mono, 22.05 kHz, 5.1, ...) to
// the one format the mixer takes: signed 16-bit interleaved at a fixed rate and channel
// count. Owned and used by the audio decoder thread only. Private to src/media.
#include "media/av_handles.hpp"
#include "media/media_error.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace classplayer::media {

class AudioResampler {
 public:
  AudioResampler(int out_rate, int out_channels, std::string path);

  // Converts one frame. `correction_s` keeps the output on the timestamps: > 0 puts that
  // much silence before the frame (a gap in the stream), < 0 drops that much output from
  // here on (an overlap). Reconfigures itself when the input format changes mid-stream.
  // The returned bytes stay valid until the next call.
  MediaResult<std::span<const std::uint8_t>> convert(const AVFrame* frame, double correction_s);

  // The samples still held inside the resampler (its filter delay), at end of stream.
  MediaResult<std::span<const std::uint8_t>> flush();

  int out_rate() const { return out_rate_; }
  std::size_t bytes_per_sample_frame() const { return static_cast<std::size_t>(out_channels_) * 2; }

 private:
  MediaResult<void> configure_for(const AVFrame* frame);
  MediaResult<void> run(const std::uint8_t* const* input, int input_samples);  // appends to out_

  int out_rate_;
  int out_channels_;
  std::string path_;
  ChannelLayout out_layout_;
  SwrContextPtr swr_;
  // What swr_ was built for; a frame that differs rebuilds it.
  ChannelLayout in_layout_;
  int in_rate_ = 0;
  int in_format_ = -1;
  std::vector<std::uint8_t> out_;
};

}  // namespace classplayer::media
