#pragma once
// The classes a home menu offers: every playlist in one folder, each with what its tile shows.
// A playlist that fails validation is still listed, as "Cannot be played: FILE.json: $.path: why",
// so the clinician who copied it there sees what is wrong; it cannot be started. A class whose
// media is missing is listed and can be started (each missing clip becomes a card), with a
// line that says what is missing.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "class/playlist.hpp"

namespace classplayer::home {

struct ClassEntry {
    std::filesystem::path file;            // absolute
    std::string title;                     // the playlist's title; the file name if it cannot be played
    std::string description;
    std::optional<Playlist> playlist;      // absent: the playlist is invalid, `problem` says why
    double length_s = 0;                   // the class as written, seconds
    int step_count = 0;                    // the class as written
    std::filesystem::path first_clip;      // the thumbnail's source; empty when the class has no clip
    std::string problem;                   // one line for the tile, empty when all is well

    bool playable() const { return playlist.has_value(); }
};

// Every *.json in `dir` that is a playlist, in title order (condition books such as
// conditions.json are not classes and are left out). Fails only when `dir` cannot be read.
std::expected<std::vector<ClassEntry>, std::string> load_catalog(const std::filesystem::path& dir);

// True for a file beside the playlists that is the classes' data, not a class: a condition
// book (a "conditions" array) or motion rules (a "rules" array), neither with "segments".
bool is_class_data(const std::filesystem::path& file);

// "6 min 39 s", "45 s", "1 h 2 min": how the menu says a length.
std::string spoken_length(double seconds);

}  // namespace classplayer::home
