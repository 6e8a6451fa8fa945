#include "media/media_error.hpp"

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>

namespace classplayer::media {

std::string_view to_string(MediaErrorCategory category) {
  switch (category) {
    case MediaErrorCategory::NotFound: return "not-found";
    case MediaErrorCategory::IO: return "io";
    case MediaErrorCategory::Corrupted: return "corrupted";
    case MediaErrorCategory::Invalid: return "invalid";
    case MediaErrorCategory::Unsupported: return "unsupported";
    case MediaErrorCategory::EndOfStream: return "end-of-stream";
  }
  return "unknown";
}

namespace {

MediaErrorCategory category_of_averror(int err) {
  switch (err) {
    case AVERROR(ENOENT): return MediaErrorCategory::NotFound;
    case AVERROR_EOF: return MediaErrorCategory::EndOfStream;
    // Damaged data inside a format we recognised.
    case AVERROR_INVALIDDATA:
    case AVERROR_BUG:  // libav's "internal bug": in practice reached through hostile input
      return MediaErrorCategory::Corrupted;
    // Real media, but a codec, container or feature this build cannot handle.
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_DEMUXER_NOT_FOUND:
    case AVERROR_PROTOCOL_NOT_FOUND:
    case AVERROR_PATCHWELCOME:
    case AVERROR(ENOSYS):
      return MediaErrorCategory::Unsupported;
    case AVERROR_STREAM_NOT_FOUND:
    case AVERROR(EINVAL):
      return MediaErrorCategory::Invalid;
    default:
      return MediaErrorCategory::IO;  // EIO, EACCES, ENOMEM, EXIT (interrupted), ...
  }
}

}  // namespace

MediaError media_error_from_averror(int err, std::string_view what, const std::string& path) {
  char reason[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, reason, sizeof reason);
  std::string message = path;
  message += ": ";
  message += what;
  message += ": ";
  message += reason;
  return MediaError{category_of_averror(err), std::move(message)};
}

MediaError make_media_error(MediaErrorCategory category, std::string_view what, const std::string& path) {
  std::string message = path;
  message += ": ";
  message += what;
  return MediaError{category, std::move(message)};
}

}  // namespace classplayer::media
