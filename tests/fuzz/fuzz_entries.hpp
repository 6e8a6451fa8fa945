#pragma once
// What each fuzz target feeds its bytes through: the same calls a USB stick's playlist or a
// --keys file reaches in the player. Shared by the libFuzzer targets (clang) and the Catch2
// replay of the seeds and of every input that once crashed (the normal g++ build).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace classplayer::fuzz {

// Loads and validates the bytes as a playlist placed at `file` (its folder decides where
// "conditions" and "media_root" lead), then plans it for every profile its first four conditions make.
// Returns the problems as the player would print them, or "" when the playlist was valid.
std::string playlist_bytes(const std::uint8_t* data, std::size_t size, const std::filesystem::path& file);

// Parses the bytes as a --keys script; returns the refusal message, or "" when accepted.
std::string key_script_bytes(const std::uint8_t* data, std::size_t size);

}  // namespace classplayer::fuzz
