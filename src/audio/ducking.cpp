#include "audio/ducking.hpp"

#include <algorithm>
#include <cmath>

namespace classplayer::audio {

void Ducking::apply(std::int16_t* samples, std::size_t frames, int channels, bool ducked, double volume) {
    const double target = ducked ? kDuckedGain : 1.0;
    const auto width = static_cast<std::size_t>(channels);
    for (std::size_t f = 0; f < frames; ++f) {
        if (gain_ < target) gain_ = std::min(target, gain_ + step_);
        else if (gain_ > target) gain_ = std::max(target, gain_ - step_);
        const double g = gain_ * volume;
        for (std::size_t c = 0; c < width; ++c) {
            auto& v = samples[f * width + c];
            v = static_cast<std::int16_t>(std::lround(v * g));
        }
    }
}

}  // namespace classplayer::audio
