#pragma once
// Reading a small file that a person or the player wrote (a playlist, the conditions, a --keys
// script, key bindings, the resume state), safely whatever the name turns out to be: only a
// regular file is read (a FIFO would block open() for ever, /dev/zero would fill memory), and
// only up to a cap, so a file on a USB stick cannot take the board's memory.
#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>

namespace classplayer {

// A hand-written JSON or text file larger than this is a mistake (the shipped class is 20 KB).
inline constexpr std::size_t kMostTextFileBytes = std::size_t{1} << 20;  // 1 MiB

// The whole file, or why not, as words that follow its name ("is not a regular file ...").
std::expected<std::string, std::string> read_small_file(const std::filesystem::path& file,
                                                        std::size_t most_bytes = kMostTextFileBytes);

}  // namespace classplayer
