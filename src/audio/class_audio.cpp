#include "audio/class_audio.hpp"
#include "audio/ducking.hpp"

#include <SDL.h>
#include <SDL_mixer.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <vector>

namespace classplayer::audio {

namespace {

using SteadyClock = std::chrono::steady_clock;

constexpr int kMixerBufferFrames = 1024;    // ~21 ms at 48 kHz: short enough for tight A/V sync
constexpr int kCueChannels = 4;

struct ChunkFree {
    void operator()(Mix_Chunk* c) const { Mix_FreeChunk(c); }
};
using ChunkPtr = std::unique_ptr<Mix_Chunk, ChunkFree>;

double seconds_since(SteadyClock::time_point t) {
    return std::chrono::duration<double>(SteadyClock::now() - t).count();
}

}  // namespace

struct ClassAudio::Shared {
    std::mutex mutex;  // guards pull, end_pts_s, callback_at, paused
    ClipAudioPull pull;
    double end_pts_s = -1;  // clip time just after the last sample handed to the device
    SteadyClock::time_point callback_at{};
    bool paused = false;

    explicit Shared(int rate) : ducking(rate) {}

    // Audio thread only (scratch: whichever thread pulls, never both).
    Ducking ducking;
    std::vector<std::uint8_t> scratch;

    // Set by the main thread, read by the audio thread.
    std::atomic<double> volume{0.8};
    std::atomic<SteadyClock::rep> duck_until{0};  // steady-clock ticks

    std::map<std::filesystem::path, ChunkPtr> cues;  // main thread only
};

ClassAudio::ClassAudio(const ClassAudioOptions& options)
    : options_(options), shared_(std::make_unique<Shared>(options.rate)), volume_(options.volume) {
    shared_->volume = options.volume;
}

std::expected<std::unique_ptr<ClassAudio>, std::string> ClassAudio::open(const ClassAudioOptions& options) {
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) return std::unexpected(std::string("audio: ") + SDL_GetError());
    Mix_Init(MIX_INIT_OGG);
    // No allowed changes: SDL converts to the device for us, so the hook always gets exactly
    // the format the clip reader resamples to.
    if (Mix_OpenAudioDevice(options.rate, AUDIO_S16SYS, options.channels, kMixerBufferFrames, nullptr, 0) != 0) {
        std::string error = std::string("audio: cannot open the sound device: ") + Mix_GetError();
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return std::unexpected(error);
    }
    Mix_AllocateChannels(kCueChannels);
    std::unique_ptr<ClassAudio> audio(new ClassAudio(options));
    audio->set_volume(options.volume);
    if (!options.virtual_time) Mix_HookMusic(&ClassAudio::music_hook, audio.get());
    return audio;
}

ClassAudio::~ClassAudio() {
    Mix_HookMusic(nullptr, nullptr);
    Mix_HaltChannel(-1);
    shared_->cues.clear();  // chunks must go before the device closes
    Mix_CloseAudio();
    Mix_Quit();
    SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void ClassAudio::set_clip(ClipAudioPull pull) {
    std::lock_guard lock(shared_->mutex);  // the hook holds this while pulling
    shared_->pull = std::move(pull);
    shared_->end_pts_s = -1;
}

void ClassAudio::music_hook(void* self, std::uint8_t* stream, int len) {
    static_cast<ClassAudio*>(self)->fill(stream, len);
}

// Audio thread. Fills one device buffer from the clip, applies ducking and volume.
void ClassAudio::fill(std::uint8_t* stream, int len) {
    Shared& s = *shared_;
    std::fill(stream, stream + len, std::uint8_t{0});
    std::size_t got = 0;
    {
        std::lock_guard lock(s.mutex);
        if (s.paused || !s.pull) return;
        double first_pts_s = -1;
        got = s.pull(stream, static_cast<std::size_t>(len), &first_pts_s);
        if (got > 0) {
            const double bytes_per_s = options_.rate * options_.channels * 2.0;
            s.end_pts_s = first_pts_s + static_cast<double>(got) / bytes_per_s;
        }
        s.callback_at = SteadyClock::now();
    }
    const bool ducked = SteadyClock::now().time_since_epoch().count() < s.duck_until.load();
    s.ducking.apply(reinterpret_cast<std::int16_t*>(stream), got / (2 * static_cast<std::size_t>(options_.channels)),
                    options_.channels, ducked, s.volume.load());
}

double ClassAudio::clip_clock_s() const {
    std::lock_guard lock(shared_->mutex);
    if (shared_->end_pts_s < 0) return -1;
    if (options_.virtual_time) return shared_->end_pts_s;
    // What is heard now was handed over about two device buffers ago (ffplay's estimate);
    // between callbacks the clock runs on, but never past what was handed over.
    const double buffer_s = static_cast<double>(kMixerBufferFrames) / options_.rate;
    const double since = shared_->paused ? 0 : std::min(seconds_since(shared_->callback_at), buffer_s);
    return std::max(0.0, shared_->end_pts_s - 2 * buffer_s + since);
}

double ClassAudio::pump_virtual(double seconds) {
    Shared& s = *shared_;
    std::lock_guard lock(s.mutex);
    if (!s.pull || seconds <= 0) return 0;
    const std::size_t frame_bytes = 2 * static_cast<std::size_t>(options_.channels);
    const std::size_t want = static_cast<std::size_t>(std::llround(seconds * options_.rate)) * frame_bytes;
    // Pulled a second at a time into one reused buffer: a jump of hours (a timestamp gap in a
    // file) must not size a buffer to itself (10 hours would be 6.9 GB).
    const std::size_t chunk = std::min(want, static_cast<std::size_t>(options_.rate) * frame_bytes);
    s.scratch.resize(std::max(s.scratch.size(), chunk));
    std::size_t got_total = 0;
    while (got_total < want) {
        double first_pts_s = -1;
        const std::size_t got = s.pull(s.scratch.data(), std::min(chunk, want - got_total), &first_pts_s);
        if (got == 0) break;
        got_total += got;
        s.end_pts_s = first_pts_s + static_cast<double>(got) / (options_.rate * static_cast<double>(frame_bytes));
    }
    return static_cast<double>(got_total) / (options_.rate * static_cast<double>(frame_bytes));
}

std::expected<double, std::string> ClassAudio::play_cue(const std::filesystem::path& file) {
    auto it = shared_->cues.find(file);
    if (it == shared_->cues.end()) {
        ChunkPtr chunk(Mix_LoadWAV(file.c_str()));
        if (!chunk) return std::unexpected(file.string() + ": cannot be played: " + Mix_GetError());
        it = shared_->cues.emplace(file, std::move(chunk)).first;
    }
    Mix_Chunk* chunk = it->second.get();
    const double length_s = chunk->alen / (options_.rate * options_.channels * 2.0);
    if (!options_.virtual_time) {
        // A cue that finds every channel busy takes the oldest one: the newest instruction matters most.
        if (Mix_PlayChannel(-1, chunk, 0) < 0) {
            Mix_HaltChannel(Mix_GroupOldest(-1));
            Mix_PlayChannel(-1, chunk, 0);
        }
        const auto until = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                    std::chrono::duration<double>(length_s));
        shared_->duck_until = std::max(shared_->duck_until.load(), until.time_since_epoch().count());
    }
    return length_s;
}

void ClassAudio::silence_cues() {
    if (options_.virtual_time) return;  // nothing sounds in virtual time
    Mix_HaltChannel(-1);
    shared_->duck_until = 0;
}

void ClassAudio::set_volume(double volume) {
    volume_ = std::clamp(volume, 0.0, 1.0);
    shared_->volume = volume_;
    Mix_Volume(-1, static_cast<int>(std::lround(volume_ * MIX_MAX_VOLUME)));
}

void ClassAudio::pause(bool paused) {
    {
        std::lock_guard lock(shared_->mutex);
        shared_->paused = paused;
    }
    if (paused) Mix_Pause(-1);
    else Mix_Resume(-1);
}

}  // namespace classplayer::audio
