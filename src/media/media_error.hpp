#pragma once
// Errors from the media layer carry a category the caller can act on (skip the clip, show
// "file missing", retry on IO) and a message that names the file.
#include <expected>
#include <string>
#include <string_view>

namespace classplayer::media {

enum class MediaErrorCategory {
  NotFound,     // the file does not exist
  IO,           // the file exists but reading it failed (permissions, disk, out of memory)
  Corrupted,    // the bytes are a known format but damaged beyond what we can skip
  Invalid,      // not a media file at all (empty, text, unknown container, no streams)
  Unsupported,  // a real media file whose codec or feature we cannot decode
  EndOfStream,  // no more data (normal end; rarely surfaced as an error)
};

struct MediaError {
  MediaErrorCategory category;
  std::string message;  // "PATH: what failed: libav's reason"
};

template <class T>
using MediaResult = std::expected<T, MediaError>;

// Lower-case name of a category, for logs and the --events "media_error" line.
std::string_view to_string(MediaErrorCategory category);

// The one place AVERROR codes become categories. `what` says what was being done
// ("opening", "decoding video"), `path` names the file.
MediaError media_error_from_averror(int err, std::string_view what, const std::string& path);

// An error that did not come from libav (e.g. "file is empty").
MediaError make_media_error(MediaErrorCategory category, std::string_view what, const std::string& path);

}  // namespace classplayer::media
