#pragma once
// Small state files that survive a power cut: written to a temp file, fsynced, renamed over
// the old one, and the folder fsynced, so a reader finds either the old text or the new,
// never half of each.
#include <filesystem>
#include <string>

namespace classplayer::app {

// Creates `dir` if needed. False, with the reason in *error, when it cannot be written.
bool write_file_atomically(const std::filesystem::path& dir, const std::string& name, const std::string& text,
                           std::string* error);

}  // namespace classplayer::app
