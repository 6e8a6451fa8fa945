#include "ui/fitted_picture.hpp"

extern "C" {
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include <utility>

namespace classplayer::ui {
namespace {

// The screen's format as libswscale names it (SDL's packed formats are named by the bits of
// a native-endian word, libswscale's by bytes in memory), and the SDL format to make the
// texture in: the screen's own when libswscale writes it, so the copy to the screen needs no
// conversion; else XRGB8888, which SDL converts on the copy.
struct OutputFormat {
    Uint32 sdl;
    AVPixelFormat av;
};
OutputFormat output_format_for(Uint32 screen_format) {
    const bool little = SDL_BYTEORDER == SDL_LIL_ENDIAN;
    switch (screen_format) {
    case SDL_PIXELFORMAT_XRGB8888: return {screen_format, little ? AV_PIX_FMT_BGR0 : AV_PIX_FMT_0RGB};
    case SDL_PIXELFORMAT_ARGB8888: return {screen_format, little ? AV_PIX_FMT_BGRA : AV_PIX_FMT_ARGB};
    case SDL_PIXELFORMAT_XBGR8888: return {screen_format, little ? AV_PIX_FMT_RGB0 : AV_PIX_FMT_0BGR};
    case SDL_PIXELFORMAT_ABGR8888: return {screen_format, little ? AV_PIX_FMT_RGBA : AV_PIX_FMT_ABGR};
    case SDL_PIXELFORMAT_RGB565: return {screen_format, AV_PIX_FMT_RGB565};
    default: return {SDL_PIXELFORMAT_XRGB8888, little ? AV_PIX_FMT_BGR0 : AV_PIX_FMT_0RGB};
    }
}

// The matrix SDL would pick for an untagged picture: BT.601 up to 576 lines, BT.709 above.
bool uses_bt709(const PictureView& view) {
    if (view.matrix == YuvMatrix::Automatic) return view.height > 576;
    return view.matrix == YuvMatrix::BT709;
}

}  // namespace

FittedPicture::~FittedPicture() { sws_freeContext(scaler_); }

FittedPicture::FittedPicture(FittedPicture&& other) noexcept { *this = std::move(other); }

FittedPicture& FittedPicture::operator=(FittedPicture&& other) noexcept {
    if (this == &other) return *this;
    sws_freeContext(scaler_);
    texture_ = std::move(other.texture_);
    texture_format_ = std::exchange(other.texture_format_, 0);
    texture_w_ = std::exchange(other.texture_w_, 0);
    texture_h_ = std::exchange(other.texture_h_, 0);
    scaler_ = std::exchange(other.scaler_, nullptr);
    setup_ = std::exchange(other.setup_, {});
    return *this;
}

bool FittedPicture::have_texture(SDL_Renderer* renderer, Uint32 format, int w, int h) {
    if (texture_ && texture_format_ == format && texture_w_ == w && texture_h_ == h) return true;
    texture_.reset(SDL_CreateTexture(renderer, format, SDL_TEXTUREACCESS_STREAMING, w, h));
    if (!texture_) return false;
    // A picture is opaque: copied, never blended (ARGB formats would otherwise blend by default).
    SDL_SetTextureBlendMode(texture_.get(), SDL_BLENDMODE_NONE);
    texture_format_ = format;
    texture_w_ = w;
    texture_h_ = h;
    return true;
}

bool FittedPicture::writes(Uint32 screen_format) {
    return output_format_for(screen_format).sdl == screen_format;
}

bool FittedPicture::prepare(Uint32 screen_format, const PictureView& view, int out_w, int out_h) {
    if (view.width <= 0 || view.height <= 0 || out_w <= 0 || out_h <= 0) return false;
    const OutputFormat out = output_format_for(screen_format);
    const AVPixelFormat in = view.format == PictureFormat::NV12 ? AV_PIX_FMT_NV12 : AV_PIX_FMT_YUV420P;
    const bool bt709 = uses_bt709(view);
    const Setup wanted{view.width, view.height, in, out_w, out_h, out.av, bt709, view.full_range};
    if (scaler_ && setup_ == wanted) return true;
    // Made afresh when anything changes (sws_getCachedContext cannot be used to tell: a new
    // context may be given the freed one's address, and would keep its default BT.601).
    sws_freeContext(scaler_);
    // Bilinear, as the GPU renderers scale (SDL_ScaleModeLinear); libswscale's fast variant:
    // 720p to 1080p 2.4 ms a frame against 3.0 for its exact one, and no visible difference.
    scaler_ = sws_getContext(view.width, view.height, in, out_w, out_h, out.av, SWS_FAST_BILINEAR, nullptr, nullptr,
                             nullptr);
    if (!scaler_) return false;
    // The picture's matrix and range in; full-range RGB out.
    sws_setColorspaceDetails(scaler_, sws_getCoefficients(bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601),
                             view.full_range ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    setup_ = wanted;
    return true;
}

bool FittedPicture::convert(const PictureView& view, Uint8* pixels, int pitch) {
    if (!scaler_ || view.width != setup_.in_w || view.height != setup_.in_h) return false;
    uint8_t* const out_planes[4] = {pixels, nullptr, nullptr, nullptr};
    const int out_pitches[4] = {pitch, 0, 0, 0};
    // libswscale reads four plane pointers and strides; the view has three.
    const uint8_t* const in_planes[4] = {view.planes[0], view.planes[1], view.planes[2], nullptr};
    const int in_pitches[4] = {view.pitches[0], view.pitches[1], view.pitches[2], 0};
    return sws_scale(scaler_, in_planes, in_pitches, 0, view.height, out_planes, out_pitches) == setup_.out_h;
}

bool FittedPicture::fit(SDL_Renderer* renderer, Uint32 screen_format, const PictureView& view, int out_w,
                        int out_h) {
    if (!prepare(screen_format, view, out_w, out_h)) return false;
    if (!have_texture(renderer, output_format_for(screen_format).sdl, out_w, out_h)) return false;
    void* pixels = nullptr;
    int pitch = 0;
    if (SDL_LockTexture(texture_.get(), nullptr, &pixels, &pitch) != 0) return false;
    const bool converted = convert(view, static_cast<Uint8*>(pixels), pitch);
    SDL_UnlockTexture(texture_.get());
    return converted;
}

}  // namespace classplayer::ui
