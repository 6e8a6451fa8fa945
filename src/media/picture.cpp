#include "media/picture.hpp"

extern "C" {
#include <libavutil/frame.h>
}

namespace classplayer::media {

std::shared_ptr<const void> Picture::share_pixels() const {
  if (!storage_) return nullptr;
  // A new reference to the same buffers: the pool gets them back when both owners let go.
  FramePtr copy(av_frame_clone(storage_.get()));
  if (!copy) return nullptr;
  return std::shared_ptr<const AVFrame>(std::move(copy));
}

}  // namespace classplayer::media
