#pragma once
// SDL's Y'CbCr conversion mode for a picture (internal to src/ui): full range is JPEG's; a
// picture tagged BT.709 is BT.709; anything else (BT.601, or untagged) is BT.601, as the
// software path converts it (fitted_picture.cpp). SDL reads the mode at a moment of each
// renderer's own (screen.cpp says which), so callers set it around making, updating and drawing.
#include <SDL.h>

namespace classplayer::ui {

inline SDL_YUV_CONVERSION_MODE yuv_mode(bool full_range, bool bt709) {
    if (full_range) return SDL_YUV_CONVERSION_JPEG;
    return bt709 ? SDL_YUV_CONVERSION_BT709 : SDL_YUV_CONVERSION_BT601;
}

inline void use_yuv_mode(SDL_YUV_CONVERSION_MODE mode) {
    if (SDL_GetYUVConversionMode() != mode) SDL_SetYUVConversionMode(mode);
}

}  // namespace classplayer::ui
