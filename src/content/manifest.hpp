#pragma once
// A content release's manifest: which files a release holds, each with its size and SHA-256.
// The format is docs/content-release.md. A manifest comes from the clinic's server, so it is
// read as hostile input: every path stays inside the release folder, every number is bounded,
// and each problem names the file (or URL) and the JSON path it sits at.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "class/json_path.hpp"

namespace classplayer::content {

inline constexpr std::string_view kManifestFormat = "classplayer-release/1";

// Bounds on what a manifest may ask a screen to do. A release is a set of classes (playlists,
// clips, cues): thousands of files, a few GB at most.
inline constexpr std::size_t kMostFiles = 10'000;
inline constexpr std::size_t kMostManifestBytes = std::size_t{1} << 20;   // 1 MiB
inline constexpr std::uint64_t kMostFileBytes = std::uint64_t{4} << 30;   // 4 GiB
inline constexpr std::size_t kMostIdCharacters = 64;
inline constexpr std::size_t kMostPathBytes = 1024;  // well under PATH_MAX once under the store's root

struct ManifestFile {
    std::string path;    // relative to the release folder, '/'-separated, confined (below)
    std::uint64_t size = 0;
    std::string sha256;  // 64 lowercase hex digits
};

struct Manifest {
    std::string id;       // a safe folder name (release_id_problem)
    std::string created;  // when it was published, ISO 8601 UTC (informative only)
    std::vector<ManifestFile> files;

    std::uint64_t total_bytes() const;
};

// Why `id` cannot name a release, or nothing when it can. An id becomes a folder name on the
// screen and part of a URL: 1-64 of A-Z a-z 0-9 . _ -, not starting with '.' (the store's own
// folders do) and not "." or "..".
std::optional<std::string> release_id_problem(std::string_view id);

// Why `path` cannot be a file of a release, or nothing when it can: relative, '/'-separated,
// no "." or ".." components, no empty components (so no leading, trailing or doubled '/'),
// no backslash, NUL or other control characters, at most kMostPathBytes.
std::optional<std::string> release_path_problem(std::string_view path);

bool is_sha256_hex(std::string_view text);  // 64 lowercase hex digits

// Parses and checks a manifest's text. `source` names it in problems (a file or the URL it
// came from). Duplicate paths, a path that is both a file and a folder, more than kMostFiles
// files, a size over kMostFileBytes and text over kMostManifestBytes are refused.
std::expected<Manifest, Problems> parse_manifest(const std::string& text, const std::string& source);

// The manifest as JSON text (pretty, one file a line is not promised; stable key order).
std::string manifest_text(const Manifest& manifest);

}  // namespace classplayer::content
