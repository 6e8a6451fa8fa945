#pragma once
// Where a class comes from on the command line: a playlist JSON file, or a single media file
// that plays as a one-step class. Both end up as a validated Playlist and a Plan.
#include <expected>
#include <filesystem>
#include <string>

#include "class/planner.hpp"

namespace classplayer::app {

struct LoadedClass {
    Playlist playlist;
    Plan plan;
};

// On failure: the message to print (naming the file and JSON path) and the exit code.
struct LoadFailure {
    std::string message;
    int exit_code;
};

std::expected<LoadedClass, LoadFailure> load_class(const std::filesystem::path& source, const std::string& profile);

}  // namespace classplayer::app
