#pragma once
// A clinic's classes for the content tests: the shipped middle-back class with a small stand-in
// for every clip and cue it names, laid out as a clinic would publish it
// (playlists/ beside media/, the playlist's media_root "../media").
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "class/playlist.hpp"
#include "content/publish.hpp"
#include "content/sha256.hpp"
#include "content/store.hpp"
#include "nginx_server.hpp"

namespace content_test {

using namespace classplayer::content;

// Relative path -> bytes of every file in the folder.
using Folder = std::map<std::string, std::string>;

inline Folder clinic_classes() {
    Folder folder;
    for (const char* name : {"middle-back.json", "conditions.json", "motion-rules.json"})
        folder[std::string("playlists/") + name] = read_file(fs::path(CLASSPLAYER_PLAYLISTS_DIR) / name);
    auto shipped = classplayer::load_playlist(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json", {.require_media = false});
    if (!shipped) FAIL(classplayer::to_string(shipped.error()));
    for (const auto& m : shipped->media) {
        const std::string rel = "media/" + m.file.lexically_relative(shipped->media_root).generic_string();
        folder[rel] = "stand-in for " + rel + "\n";  // each different, so each its own object
    }
    return folder;
}

inline void write_folder(const fs::path& dir, const Folder& folder) {
    fs::remove_all(dir);
    for (const auto& [rel, bytes] : folder) write_file(dir / rel, bytes);
}

inline Manifest publish(const fs::path& source, const std::string& id, const fs::path& web_root) {
    auto m = make_release(source, id, web_root);
    if (!m) FAIL("publishing " << id << ": " << m.error());
    return *m;
}

// Limits short enough for a test, long enough for a loaded 2-core machine.
inline SyncOptions options_for(const std::string& base_url, const std::string& id) {
    SyncOptions o;
    o.base_url = base_url;
    o.release_id = id;
    o.connect_timeout = std::chrono::milliseconds(3000);
    o.low_speed_bytes_per_s = 1000;
    o.low_speed_time = std::chrono::seconds(3);
    return o;
}

inline std::string sha256_of(const std::string& bytes) {
    Sha256 h;
    h.update(bytes.data(), bytes.size());
    return h.hex();
}

// Random-looking bytes that do not compress or repeat (a stand-in for a clip).
inline std::string clip_bytes(std::size_t size, unsigned seed) {
    std::string out(size, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : out) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        c = static_cast<char>(x & 0xff);
    }
    return out;
}

inline std::size_t count_if_uri(const std::vector<Request>& requests, const std::string& prefix) {
    std::size_t n = 0;
    for (const auto& r : requests) n += r.uri.starts_with(prefix) ? 1 : 0;
    return n;
}

}  // namespace content_test
