#include "app/class_source.hpp"

#include "app/commands.hpp"
#include "media/probe.hpp"

namespace classplayer::app {

namespace {
bool is_playlist_file(const std::filesystem::path& source) { return source.extension() == ".json"; }
}  // namespace

std::expected<LoadedClass, LoadFailure> load_class(const std::filesystem::path& source, const std::string& profile) {
    LoadedClass loaded;
    if (is_playlist_file(source)) {
        auto playlist = load_playlist(source);
        if (!playlist)
            return std::unexpected(LoadFailure{"invalid playlist, nothing was played:\n" + to_string(playlist.error()), kInvalid});
        loaded.playlist = std::move(*playlist);
    } else if (looks_like_url(source.string())) {
        // libavformat would take "http://..." or "concat:..." as a protocol; the player reads local files only.
        return std::unexpected(LoadFailure{source.string() + ": is a URL; classplayer plays only local files", kInvalid});
    } else {
        // A plain media file: its headers say how long it is (the first picture waits on this,
        // so nothing is decoded twice; a stream that then fails to decode gets the error card).
        auto duration_s = media::probe_duration_s(source);
        if (!duration_s) return std::unexpected(LoadFailure{duration_s.error().message, kInvalid});  // it names the file
        loaded.playlist = single_clip_playlist(source, *duration_s);
    }
    auto plan = make_plan(loaded.playlist, split_profile(profile));
    if (!plan) return std::unexpected(LoadFailure{"--profile: " + plan.error(), kUsage});
    loaded.plan = std::move(*plan);
    return loaded;
}

}  // namespace classplayer::app
