#pragma once
// What the class sounds like: the running clip's own audio (its music bed) fed through
// SDL_mixer's music hook, voice cues as mixer chunks on their own channels, the clip ducked
// by about 12 dB while a cue speaks, and one master volume.
//
// Threads: every public method is called from the main thread. The music hook runs on SDL's
// audio thread; the fields it shares with the main thread are guarded by a mutex private to
// class_audio.cpp, and the hook never blocks on decoding (an empty queue plays silence).
#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace classplayer::audio {

// Pulls interleaved S16 clip audio at the mixer's rate and channels; returns bytes written and
// the clip time of the first sample. Called on the audio thread (real time) or the main thread
// (virtual time), never both.
using ClipAudioPull = std::function<std::size_t(std::uint8_t* out, std::size_t bytes, double* first_pts_s)>;

struct ClassAudioOptions {
    // Virtual time: the device is not used for timing; the player pulls clip audio itself as
    // class time advances, and cues are timed from their length instead of the device.
    bool virtual_time = false;
    int rate = 48000;
    int channels = 2;
    double volume = 0.8;  // 0..1
};

class ClassAudio {
public:
    static std::expected<std::unique_ptr<ClassAudio>, std::string> open(const ClassAudioOptions& options);
    ~ClassAudio();
    ClassAudio(const ClassAudio&) = delete;
    ClassAudio& operator=(const ClassAudio&) = delete;

    int rate() const { return options_.rate; }
    int channels() const { return options_.channels; }

    // The clip whose audio plays now; an empty pull plays nothing. When this returns, the audio
    // thread no longer uses the previous pull, so its reader may be destroyed.
    void set_clip(ClipAudioPull pull);

    // Clip time of the sound being heard now (audio master clock), or a negative number while
    // no clip audio has played yet.
    double clip_clock_s() const;

    // Virtual time: pulls and discards `seconds` of clip audio, advancing clip_clock_s(), a
    // second at a time (memory does not grow with `seconds`). Returns the seconds of audio the
    // clip actually had ready.
    double pump_virtual(double seconds);

    // Loads (once, then cached) and speaks a cue, ducking the clip while it speaks (real time);
    // returns its length in seconds, or an error naming the file when it cannot be decoded.
    std::expected<double, std::string> play_cue(const std::filesystem::path& file);
    // Cuts off whatever cue is being said (STOP: "it hurts"), and the clip comes back up.
    void silence_cues();

    void set_volume(double volume);  // 0..1, clamped
    double volume() const { return volume_; }

    // Stops everything (pause): the clip's pull stays set, cues are halted.
    void pause(bool paused);

private:
    explicit ClassAudio(const ClassAudioOptions& options);
    static void music_hook(void* self, std::uint8_t* stream, int len);
    void fill(std::uint8_t* stream, int len);

    struct Shared;  // the state the audio thread shares with the main thread
    ClassAudioOptions options_;
    std::unique_ptr<Shared> shared_;
    double volume_ = 0.8;
};

}  // namespace classplayer::audio
