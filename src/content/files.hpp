#pragma once
// The store's and the publisher's file steps (internal to src/content/): writing a file so that
// a power cut leaves the old one or the new one, never half of either.
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace classplayer::content {

// "FILE: why" with the errno text, the shape of every file error the room reports.
std::string file_error(const std::filesystem::path& file, int error_number);

// Writes `text` to FILE.tmp, fsyncs it and renames it over FILE, with `mode` permissions.
std::expected<void, std::string> write_file_atomically(const std::filesystem::path& file, std::string_view text,
                                                       unsigned mode = 0644);

// Makes `link_name` a symlink to `target` in one step (a new symlink renamed over it).
std::expected<void, std::string> replace_symlink(const std::filesystem::path& link_name,
                                                 const std::filesystem::path& target);

// fsync of a folder, so a rename or link in it survives a power cut.
void sync_folder(const std::filesystem::path& folder);

}  // namespace classplayer::content
