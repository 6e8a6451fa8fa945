#pragma once
// Reading a small file that a person or the player wrote (a playlist, the conditions, a --keys
// script, key bindings, the resume state), safely whatever the name turns out to be: only a
// regular file is read (a FIFO would block open() for ever, /dev/zero would fill memory), and
// only up to a cap, so a file on a USB stick cannot take the board's memory.
#include <cstddef>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>

namespace classplayer {

// A hand-written JSON or text file larger than this is a mistake (the shipped class is 20 KB).
inline constexpr std::size_t kMostTextFileBytes = std::size_t{1} << 20;  // 1 MiB

// The whole file, or why not, as words that follow its name ("is not a regular file ...").
std::expected<std::string, std::string> read_small_file(const std::filesystem::path& file,
                                                        std::size_t most_bytes = kMostTextFileBytes);

// Writing a file that must survive a power cut whole (the resume state, a release's manifest,
// a session record waiting in the fleet's outbox): `text` goes to FILE.tmp, is fsynced, renamed
// over FILE, and the folder fsynced, so a reader finds the old file or the new one, never half
// of either. `mode` is given to open(), so the umask applies, unless `exact_mode` (a file a web
// server of another user must read). The error names the file: "FILE.tmp: cannot write: why".
std::expected<void, std::string> write_file_atomically(const std::filesystem::path& file, std::string_view text,
                                                       unsigned mode = 0644, bool exact_mode = false);

// fsync of a folder, so a rename or link in it survives a power cut (best effort).
void sync_folder(const std::filesystem::path& folder);

}  // namespace classplayer
