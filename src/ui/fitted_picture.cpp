#include "ui/fitted_picture.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/mem.h>
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <numeric>

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

// Bilinear, as the GPU renderers scale (SDL_ScaleModeLinear); libswscale's fast variant:
// the YUV upscale from 720p to 1080p takes 0.57 ms a frame against 0.90 for its exact one,
// with no difference to see at that ratio.
constexpr int kScaling = SWS_FAST_BILINEAR;

// The converter works on whole pixel pairs: libswscale's plain C converter (arm64 has no SIMD
// one for these formats) leaves the last column of an odd width unwritten. An odd width is
// converted one column wider, into the spare room past the row's end.
int converted_width(int out_w) { return out_w + (out_w & 1); }

}  // namespace

void FittedPicture::SwsFree::operator()(SwsContext* context) const noexcept { sws_freeContext(context); }
void FittedPicture::AvFree::operator()(Uint8* memory) const noexcept { av_free(memory); }

bool FittedPicture::have_texture(SDL_Renderer* renderer, Uint32 format, int w, int h) {
    if (texture_ && texture_format_ == format && area_.w == w && area_.h == h) return true;
    texture_.reset(SDL_CreateTexture(renderer, format, SDL_TEXTUREACCESS_STREAMING, w + kSpareWidth, h));
    if (!texture_) return false;
    // A picture is opaque: copied, never blended (ARGB formats would otherwise blend by default).
    SDL_SetTextureBlendMode(texture_.get(), SDL_BLENDMODE_NONE);
    texture_format_ = format;
    area_ = SDL_Rect{0, 0, w, h};
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
    if (converter_ && setup_ == wanted) return true;
    // Made afresh when anything changes (sws_getCachedContext cannot be used to tell: a new
    // context may be given the freed one's address, and would keep its default BT.601).
    setup_ = {};
    converter_.reset();
    scaler_.reset();
    scaled_.reset();
    AVPixelFormat convert_from = in;
    if (view.width != out_w || view.height != out_h) {
        // Scaled as YUV, keeping its range (the converter below reads it).
        scaler_.reset(sws_getContext(view.width, view.height, in, out_w, out_h, AV_PIX_FMT_YUV420P, kScaling, nullptr,
                                     nullptr, nullptr));
        scaled_rows_ = {0, out_h};
        Uint8* planes[4] = {};
        const int size =
            scaler_ ? av_image_alloc(planes, scaled_pitches_, converted_width(out_w), out_h, AV_PIX_FMT_YUV420P, 64)
                    : -1;
        if (size < 0) return false;
        scaled_.reset(planes[0]);  // one block: the other planes point into it
        std::memset(planes[0], 0, static_cast<std::size_t>(size));  // the column past an odd width reads as defined
        std::copy(std::begin(planes), std::end(planes), scaled_planes_);
        convert_from = AV_PIX_FMT_YUV420P;
    }
    setup_ = wanted;
    converter_input_ = convert_from;
    if (!make_converter({0, out_h})) {
        setup_ = {};
        return false;
    }
    return true;
}

bool FittedPicture::make_converter(Rows rows) {
    converter_.reset();
    const int convert_w = converted_width(setup_.out_w);
    converter_.reset(sws_getContext(convert_w, rows.count, static_cast<AVPixelFormat>(converter_input_), convert_w,
                                    rows.count, static_cast<AVPixelFormat>(setup_.out_format), kScaling, nullptr,
                                    nullptr, nullptr));
    if (!converter_) return false;
    // The picture's matrix and range in; full-range RGB out.
    sws_setColorspaceDetails(converter_.get(), sws_getCoefficients(setup_.bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601),
                             setup_.full_range ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    converted_rows_ = rows;
    return true;
}

FittedPicture::ScaledBand FittedPicture::scaled_band(Rows rows) const {
    const int in_h = setup_.in_h, out_h = setup_.out_h;
    // Shown rows in steps of `step` begin on whole, even source rows (chroma comes in pairs),
    // and on the same row of libswscale's 8-row dither patterns as in the whole picture (its
    // chroma rows are half as many): 48 rows for 720 lines shown at 1080, 32 for 720 at 768.
    const int step = std::lcm(2 * out_h / std::gcd(in_h, out_h), 16);
    if (step > out_h / 4) return {{0, out_h}, 0, in_h};  // no useful band: all of it
    // One step more each side: a band's edge rows, interpolated without the rows beyond it,
    // stay under the panels.
    const int first = std::max(0, (rows.first / step - 1) * step);
    const int end = std::min(out_h, ((rows.first + rows.count + step - 1) / step + 1) * step);
    const auto source_row = [&](int row) {
        return static_cast<int>(static_cast<int64_t>(row) * in_h / out_h);
    };
    return {{first, end - first}, source_row(first), (end == out_h ? in_h : source_row(end)) - source_row(first)};
}

bool FittedPicture::make_scaler(const ScaledBand& band) {
    scaler_.reset(sws_getContext(setup_.in_w, band.source_count, static_cast<AVPixelFormat>(setup_.in_format),
                                 setup_.out_w, band.rows.count, AV_PIX_FMT_YUV420P, kScaling, nullptr, nullptr,
                                 nullptr));
    scaled_rows_ = band.rows;
    return scaler_ != nullptr;
}

bool FittedPicture::convert(const PictureView& view, Uint8* pixels, int pitch) {
    return convert(view, pixels, pitch, {0, setup_.out_h});
}

bool FittedPicture::convert(const PictureView& view, Uint8* pixels, int pitch, Rows rows) {
    if (!converter_ || view.width != setup_.in_w || view.height != setup_.in_h) return false;
    if (rows.first < 0 || rows.count <= 0 || rows.first + rows.count > setup_.out_h) return false;
    // Chroma rows are shared by pairs of rows: a band starts on a pair.
    if (rows.first % 2 != 0 || (rows.count % 2 != 0 && rows.first + rows.count != setup_.out_h)) return false;
    // libswscale reads four plane pointers and strides; the view has three.
    const Uint8* planes[4] = {view.planes[0], view.planes[1], view.planes[2], nullptr};
    int pitches[4] = {view.pitches[0], view.pitches[1], view.pitches[2], 0};
    if (scaler_) {
        // The band scaled, widened to rows that start on whole source rows (see scaled_band),
        // is written at its own place in the scaled picture.
        const ScaledBand band = scaled_band(rows);
        if (band.rows != scaled_rows_ && !make_scaler(band)) return false;
        const Uint8* from[4] = {planes[0] + static_cast<std::ptrdiff_t>(band.source_first) * pitches[0],
                                planes[1] + static_cast<std::ptrdiff_t>(band.source_first / 2) * pitches[1],
                                planes[2] ? planes[2] + static_cast<std::ptrdiff_t>(band.source_first / 2) * pitches[2]
                                          : nullptr,
                                nullptr};
        Uint8* const to[4] = {scaled_planes_[0] + static_cast<std::ptrdiff_t>(band.rows.first) * scaled_pitches_[0],
                              scaled_planes_[1] + static_cast<std::ptrdiff_t>(band.rows.first / 2) * scaled_pitches_[1],
                              scaled_planes_[2] + static_cast<std::ptrdiff_t>(band.rows.first / 2) * scaled_pitches_[2],
                              nullptr};
        if (sws_scale(scaler_.get(), from, pitches, 0, band.source_count, to, scaled_pitches_) != band.rows.count)
            return false;
        std::copy(std::begin(scaled_planes_), std::end(scaled_planes_), planes);
        std::copy(std::begin(scaled_pitches_), std::end(scaled_pitches_), pitches);
    }
    if (rows != converted_rows_ && !make_converter(rows)) return false;
    // The band's first row in each plane: luma whole, chroma (4:2:0 and NV12) every other row.
    const auto at_row = [](const Uint8* plane, int pitch_bytes, int row) {
        return plane ? plane + static_cast<std::ptrdiff_t>(row) * pitch_bytes : nullptr;
    };
    planes[0] = at_row(planes[0], pitches[0], rows.first);
    planes[1] = at_row(planes[1], pitches[1], rows.first / 2);
    planes[2] = at_row(planes[2], pitches[2], rows.first / 2);
    Uint8* const out_planes[4] = {pixels + static_cast<std::ptrdiff_t>(rows.first) * pitch, nullptr, nullptr, nullptr};
    const int out_pitches[4] = {pitch, 0, 0, 0};
    return sws_scale(converter_.get(), planes, pitches, 0, rows.count, out_planes, out_pitches) == rows.count;
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
