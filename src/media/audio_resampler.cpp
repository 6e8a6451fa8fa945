#include "media/audio_resampler.hpp"

#include <cmath>

namespace classplayer::media {

AudioResampler::AudioResampler(int out_rate, int out_channels, std::string path)
    : out_rate_(out_rate), out_channels_(out_channels), path_(std::move(path)) {
  av_channel_layout_default(out_layout_.get(), out_channels_);
}

MediaResult<void> AudioResampler::configure_for(const AVFrame* frame) {
  // Containers without a channel map (some WAV, raw AAC) leave the order unspecified: take
  // the usual layout for that many channels so downmixing has speaker positions to use.
  ChannelLayout layout;
  if (frame->ch_layout.nb_channels <= 0) {
    return std::unexpected(make_media_error(MediaErrorCategory::Corrupted, "audio frame without channels", path_));
  }
  if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
    av_channel_layout_default(layout.get(), frame->ch_layout.nb_channels);
  } else if (const int err = av_channel_layout_copy(layout.get(), &frame->ch_layout); err < 0) {
    return std::unexpected(media_error_from_averror(err, "reading the channel layout", path_));
  }

  if (swr_ && frame->sample_rate == in_rate_ && frame->format == in_format_ &&
      av_channel_layout_compare(layout.get(), in_layout_.get()) == 0) {
    return {};
  }

  SwrContext* raw = nullptr;
  const int err = swr_alloc_set_opts2(&raw, out_layout_.get(), AV_SAMPLE_FMT_S16, out_rate_, layout.get(),
                                      static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0, nullptr);
  SwrContextPtr swr(raw);
  if (err < 0) return std::unexpected(media_error_from_averror(err, "setting up the audio resampler", path_));
  if (const int init_err = swr_init(swr.get()); init_err < 0) {
    return std::unexpected(media_error_from_averror(init_err, "setting up the audio resampler", path_));
  }

  // A format change mid-stream: keep what the old resampler still held, then switch.
  if (swr_) {
    if (auto drained = run(nullptr, 0); !drained) return std::unexpected(drained.error());
  }
  swr_ = std::move(swr);
  av_channel_layout_uninit(in_layout_.get());
  if (const int copy_err = av_channel_layout_copy(in_layout_.get(), layout.get()); copy_err < 0) {
    return std::unexpected(media_error_from_averror(copy_err, "reading the channel layout", path_));
  }
  in_rate_ = frame->sample_rate;
  in_format_ = frame->format;
  return {};
}

MediaResult<void> AudioResampler::run(const std::uint8_t* const* input, int input_samples) {
  const std::size_t frame_bytes = bytes_per_sample_frame();
  for (;;) {
    const int bound = swr_get_out_samples(swr_.get(), input_samples);
    if (bound < 0) return std::unexpected(media_error_from_averror(bound, "resampling audio", path_));
    const int capacity = bound + 64;  // slack: the bound is documented as approximate
    const std::size_t used = out_.size();
    out_.resize(used + static_cast<std::size_t>(capacity) * frame_bytes);
    std::uint8_t* destination = out_.data() + used;
    const int produced = swr_convert(swr_.get(), &destination, capacity,
                                     const_cast<const std::uint8_t**>(input), input_samples);
    if (produced < 0) {
      out_.resize(used);
      return std::unexpected(media_error_from_averror(produced, "resampling audio", path_));
    }
    out_.resize(used + static_cast<std::size_t>(produced) * frame_bytes);
    if (produced < capacity) return {};
    input = nullptr;  // the buffer was filled: pull the rest of what swr holds
    input_samples = 0;
  }
}

MediaResult<std::span<const std::uint8_t>> AudioResampler::convert(const AVFrame* frame, double correction_s) {
  out_.clear();
  if (auto configured = configure_for(frame); !configured) return std::unexpected(configured.error());
  if (correction_s > 0) {
    const auto silence_samples = static_cast<int>(std::lround(correction_s * in_rate_));
    if (const int err = swr_inject_silence(swr_.get(), silence_samples); err < 0) {
      return std::unexpected(media_error_from_averror(err, "inserting silence", path_));
    }
  } else if (correction_s < 0) {
    const auto dropped_samples = static_cast<int>(std::lround(-correction_s * out_rate_));
    if (const int err = swr_drop_output(swr_.get(), dropped_samples); err < 0) {
      return std::unexpected(media_error_from_averror(err, "dropping overlapping audio", path_));
    }
  }
  if (auto ran = run(frame->extended_data, frame->nb_samples); !ran) return std::unexpected(ran.error());
  return std::span<const std::uint8_t>(out_);
}

MediaResult<std::span<const std::uint8_t>> AudioResampler::flush() {
  out_.clear();
  if (swr_) {
    if (auto ran = run(nullptr, 0); !ran) return std::unexpected(ran.error());
  }
  return std::span<const std::uint8_t>(out_);
}

}  // namespace classplayer::media
