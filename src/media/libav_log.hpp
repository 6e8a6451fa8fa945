#pragma once
// libav's own logging. Its decoders print several lines for every damaged packet; the player
// already reports each clip that cannot be played in one clear line and a media_error event,
// so libav is quiet unless CLASSPLAYER_LIBAV_LOG asks for its detail (error, warning, info,
// verbose or debug) when diagnosing a file.
namespace classplayer::media {

void configure_libav_log();

}  // namespace classplayer::media
