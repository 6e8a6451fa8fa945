#pragma once
// The store's and the publisher's file steps (internal to src/content/): writing a file or
// switching a link so that a power cut leaves the old one or the new one, never half of either.
// (Folders are fsynced with class/text_file.hpp's sync_folder.)
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace classplayer::content {

// "FILE: why" with the errno text, the shape of every file error the room reports.
std::string file_error(const std::filesystem::path& file, int error_number);

// Writes `text` over FILE in one step, readable by all (0644 whatever the umask: the publisher's
// manifest is read by the web server's user): class/text_file.hpp's write_file_atomically.
std::expected<void, std::string> write_shared_file(const std::filesystem::path& file, std::string_view text);

// Makes `link_name` a symlink to `target` in one step (a new symlink renamed over it).
std::expected<void, std::string> replace_symlink(const std::filesystem::path& link_name,
                                                 const std::filesystem::path& target);

}  // namespace classplayer::content
