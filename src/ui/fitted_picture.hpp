#pragma once
// A video picture for a renderer that takes no YUV textures (SDL's software renderer: the
// headless screen, or a board with no GPU driver). libswscale converts YUV to the screen's
// own pixel format at the size the picture is shown at (scaling it as YUV first when that
// differs): straight into the window's surface where the Screen can write there (nothing
// else to copy), else into a streaming texture whose copy to the screen is a row copy.
// Left to SDL, the same frame is copied into SDL's YUV buffer, converted to ARGB, converted
// again to the screen's format and, when scaled, stretched through a screen-sized scratch
// surface: measured 1.3 ms a 1080p frame against 0.7 here, and 4.1 ms against 2.4-2.8 for
// 720p shown at 1080p, on a 2-core x86-64 VM (docs/performance.md).
// Private to src/ui; one thread (the Screen's) uses it.

#include "ui/screen.hpp"
#include "ui/sdl_handles.hpp"

#include <memory>

struct SwsContext;

namespace classplayer::ui {

class FittedPicture {
public:
    // True when libswscale writes `screen_format` itself, so pictures can be converted into
    // a surface of that format with no further conversion.
    static bool writes(Uint32 screen_format);
    // libswscale's SIMD converters write whole blocks of pixels: a row whose width is not a
    // multiple of this gets up to 14 pixels written past its end (measured, FFmpeg 5.1 x86).
    // Rows of such widths go to a texture with room to spare, never straight to the window.
    static constexpr int kWholeBlock = 16;

    // Readies the converter for `view` shown at out_w x out_h (before any rotation) in
    // `screen_format`, made again only when something it converts changes. False when
    // libswscale refused. Cheap when nothing changed: the Screen calls it at upload, so that
    // a new clip's converter is made before its first frame is due.
    bool prepare(Uint32 screen_format, const PictureView& view, int out_w, int out_h);
    // Converts `view` into out_w x out_h pixels at `pixels` (rows `pitch` bytes apart), in
    // the format last prepared; prepare(view, out_w, out_h) first. An odd out_w gets one
    // column more written (see prepare), so rows need room past their end: a texture's.
    bool convert(const PictureView& view, Uint8* pixels, int pitch);
    // The same for the shown rows [rows.first, rows.first + rows.count) only (both even, or
    // the count reaching the last row), written at their own place below `pixels`: rows under
    // the overlay's opaque panels are never seen, and on a class's clips with instructions and
    // a hold countdown those panels cover a third of the screen or more.
    struct Rows {
        int first = 0, count = 0;
        bool operator==(const Rows&) const = default;
    };
    bool convert(const PictureView& view, Uint8* pixels, int pitch, Rows rows);

    // Converts `view` into the texture (made again only when a size or format changes).
    // False when SDL or libswscale refused.
    bool fit(SDL_Renderer* renderer, Uint32 screen_format, const PictureView& view, int out_w, int out_h);
    SDL_Texture* texture() const { return texture_.get(); }
    // The part of the texture the picture fills (the texture is wider, by up to kSpareWidth).
    const SDL_Rect* area() const { return &area_; }

private:
    bool have_texture(SDL_Renderer* renderer, Uint32 format, int w, int h);  // made again if it differs

    // Room past each row's end for a converter's whole last block (see kWholeBlock), with
    // margin for other CPUs' converters.
    static constexpr int kSpareWidth = 64;
    SdlTexturePtr texture_;
    Uint32 texture_format_ = 0;
    SDL_Rect area_{};

    struct SwsFree {
        void operator()(SwsContext*) const noexcept;
    };
    struct AvFree {
        void operator()(Uint8*) const noexcept;
    };
    // What is converted: all of it made again when any of it changes.
    struct Setup {
        int in_w = 0, in_h = 0, in_format = -1;
        int out_w = 0, out_h = 0, out_format = -1;
        bool bt709 = false, full_range = false;
        bool operator==(const Setup&) const = default;
    };
    Setup setup_;
    // A picture shown at another size is first scaled as YUV 4:2:0 (libswscale's SIMD planar
    // scalers) into `scaled_`, then converted at its shown size: 720p to 1080p 1.2 ms a frame
    // against 2.1-2.4 in one pass, whose scaled RGB output is 64-bit MMX code (measured on a
    // 2-core x86-64 VM; 4K to 1080p 4.8 against 6.0).
    // The scaler too works on a band: shown rows [rows.first, +count) from source rows
    // [source_first, +source_count), at the same scale as the whole picture (its fixed-point
    // row positions differ by about 1/500 of a row: now and then a value rounds the other
    // way). Measured on the middle-back class, 720p clips shown at 1080p: 5 % less CPU.
    struct ScaledBand {
        Rows rows;
        int source_first = 0, source_count = 0;
    };
    ScaledBand scaled_band(Rows rows) const;
    bool make_scaler(const ScaledBand& band);
    Rows scaled_rows_;  // what scaler_ was made for
    std::unique_ptr<SwsContext, SwsFree> scaler_;  // null when shown at its own size
    std::unique_ptr<Uint8, AvFree> scaled_;
    Uint8* scaled_planes_[4] = {};
    int scaled_pitches_[4] = {};
    // YUV to the screen's format, for converted_rows_ of the shown picture: a context of
    // their own height, as libswscale takes slices only in order from the top.
    std::unique_ptr<SwsContext, SwsFree> converter_;
    int converter_input_ = -1;  // the picture's format, or YUV 4:2:0 after the scaler
    Rows converted_rows_;
    bool make_converter(Rows rows);
};

}  // namespace classplayer::ui
