#include "media/av_handles.hpp"

namespace classplayer::media {

void AVFrameDeleter::operator()(AVFrame* frame) const noexcept { av_frame_free(&frame); }

}  // namespace classplayer::media
