#pragma once
// The clip's music bed steps back by about 12 dB while a voice cue speaks, so the words are
// heard, and comes back after. The gain glides over 80 ms either way: a jump would click.
// Audio thread only.
#include <cstddef>
#include <cstdint>

namespace classplayer::audio {

class Ducking {
public:
    static constexpr double kDuckedGain = 0.25;  // -12 dB
    static constexpr double kRamp_s = 0.08;

    explicit Ducking(int rate) : step_(1.0 / (kRamp_s * rate)) {}

    // Scales interleaved samples in place by the ducking gain (gliding toward `ducked`'s
    // target) and the master volume (0..1).
    void apply(std::int16_t* samples, std::size_t frames, int channels, bool ducked, double volume);
    double gain() const { return gain_; }

private:
    double step_;
    double gain_ = 1.0;
};

}  // namespace classplayer::audio
