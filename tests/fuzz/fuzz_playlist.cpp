// libFuzzer target: bytes as a playlist beside the shipped one, loaded, validated and planned.
#include <cstddef>
#include <cstdint>

#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // Beside the shipped class, so "conditions.json" and "../media" lead to the real files.
    static const std::filesystem::path file = std::filesystem::path(CLASSPLAYER_PLAYLISTS_DIR) / "fuzzed.json";
    classplayer::fuzz::playlist_bytes(data, size, file);
    return 0;
}
