#include <cstdio>
#include <iostream>
#include <set>

#include "app/class_source.hpp"
#include "app/commands.hpp"
#include "media/probe.hpp"
#include "pose/class_demonstrations.hpp"

namespace classplayer::app {

namespace {

std::string describe(const media::MediaInfo& info) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f s", info.duration_s);
    std::string out = seconds;
    if (info.has_video)
        out += ", " + info.video_codec + " " + std::to_string(info.width) + "x" + std::to_string(info.height) + " " +
               std::to_string(static_cast<int>(info.fps + 0.5)) + " fps";
    if (info.rotation_deg != 0) out += " rotated " + std::to_string(info.rotation_deg);
    if (info.has_audio)
        out += ", " + info.audio_codec + " " + std::to_string(info.sample_rate) + " Hz " +
               std::to_string(info.channels) + " ch";
    out += ", " + std::to_string((info.file_size_bytes + 512) / 1024) + " KiB";
    return out;
}

// Probes every media file the playlist names (each once); returns how many cannot be played.
int check_media(const Playlist& playlist) {
    int bad = 0;
    std::set<std::filesystem::path> seen;
    for (const auto& ref : playlist.media) {
        if (!seen.insert(ref.file).second) continue;
        auto info = media::probe_media(ref.file);
        if (info) {
            std::cout << "  ok   " << ref.file.lexically_relative(playlist.media_root).string() << ": " << describe(*info)
                      << "\n";
        } else {
            ++bad;
            std::cout << "  FAIL " << playlist.file.string() << ": " << ref.json_path << ": " << ref.file.string()
                      << " cannot be played: " << info.error().message << "\n";
        }
    }
    return bad;
}

}  // namespace

int check_command(const std::vector<std::filesystem::path>& sources) {
    int failed = 0;
    for (const auto& source : sources) {
        std::cout << source.string() << "\n";
        auto loaded = load_class(source, "");
        if (!loaded) {
            std::cout << "  FAIL " << loaded.error().message << (loaded.error().message.ends_with('\n') ? "" : "\n");
            ++failed;
            continue;
        }
        const int bad = check_media(loaded->playlist);
        // The demonstrations the clips are drawn from: nothing shown that a user's tags rule out.
        const auto demos = pose::check_class_demonstrations(loaded->playlist);
        for (const auto& p : demos.problems) std::cout << "  FAIL " << p.to_string() << "\n";
        if (bad || !demos.problems.empty()) ++failed;
        std::cout << "  " << (bad ? "FAIL" : "ok") << ": " << loaded->playlist.media.size() << " media references, "
                  << bad << " cannot be played; " << loaded->plan.steps.size() << " steps in the standard plan\n";
        std::cout << "  " << (demos.problems.empty() ? "ok" : "FAIL") << ": " << demos.checked
                  << " clips drawn from demonstrations, their motion checked against their tags ("
                  << demos.problems.size() << " problems); " << demos.filmed << " without one (filmed)\n";
    }
    if (failed) std::cout << failed << " of " << sources.size() << " failed\n";
    return failed ? kInvalid : kDone;
}

}  // namespace classplayer::app
