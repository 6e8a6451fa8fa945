#include "media/libav_log.hpp"

#include <cstdlib>
#include <cstring>

extern "C" {
#include <libavutil/log.h>
}

namespace classplayer::media {

void configure_libav_log() {
    int level = AV_LOG_FATAL;
    if (const char* wanted = std::getenv("CLASSPLAYER_LIBAV_LOG")) {
        if (!std::strcmp(wanted, "error")) level = AV_LOG_ERROR;
        else if (!std::strcmp(wanted, "warning")) level = AV_LOG_WARNING;
        else if (!std::strcmp(wanted, "info")) level = AV_LOG_INFO;
        else if (!std::strcmp(wanted, "verbose")) level = AV_LOG_VERBOSE;
        else if (!std::strcmp(wanted, "debug")) level = AV_LOG_DEBUG;
    }
    av_log_set_level(level);
}

}  // namespace classplayer::media
