#pragma once
// A video picture for a renderer that takes no YUV textures (SDL's software renderer: the
// headless screen, or a board with no GPU driver). libswscale converts YUV to the screen's
// own pixel format and scales to the size the picture is shown at, in one pass: straight
// into the window's surface where the Screen can write there (nothing else to copy), else
// into a streaming texture whose copy to the screen is a plain row copy.
// Left to SDL, the same frame is copied into SDL's YUV buffer, converted to ARGB, converted
// again to the screen's format and, when scaled, stretched through a screen-sized scratch
// surface: measured 1.3 ms a 1080p frame against 0.7 here, and 4.1 ms against 2.4-2.8 for
// 720p shown at 1080p, on a 2-core x86-64 VM (docs/performance.md).
// Private to src/ui; one thread (the Screen's) uses it.

#include "ui/screen.hpp"
#include "ui/sdl_handles.hpp"

struct SwsContext;

namespace classplayer::ui {

class FittedPicture {
public:
    FittedPicture() = default;
    ~FittedPicture();
    FittedPicture(FittedPicture&&) noexcept;
    FittedPicture& operator=(FittedPicture&&) noexcept;
    FittedPicture(const FittedPicture&) = delete;
    FittedPicture& operator=(const FittedPicture&) = delete;

    // True when libswscale writes `screen_format` itself, so pictures can be converted into
    // a surface of that format with no further conversion.
    static bool writes(Uint32 screen_format);

    // Readies the converter for `view` shown at out_w x out_h (before any rotation) in
    // `screen_format`, made again only when something it converts changes. False when
    // libswscale refused. Cheap when nothing changed: the Screen calls it at upload, so that
    // a new clip's converter is made before its first frame is due.
    bool prepare(Uint32 screen_format, const PictureView& view, int out_w, int out_h);
    // Converts `view` into out_w x out_h pixels at `pixels` (rows `pitch` bytes apart), in
    // the format last prepared; prepare(view, out_w, out_h) first.
    bool convert(const PictureView& view, Uint8* pixels, int pitch);

    // Converts `view` into the texture (made again only when a size or format changes).
    // False when SDL or libswscale refused.
    bool fit(SDL_Renderer* renderer, Uint32 screen_format, const PictureView& view, int out_w, int out_h);
    SDL_Texture* texture() const { return texture_.get(); }

private:
    bool have_texture(SDL_Renderer* renderer, Uint32 format, int w, int h);  // made again if it differs

    SdlTexturePtr texture_;
    Uint32 texture_format_ = 0;
    int texture_w_ = 0, texture_h_ = 0;
    // What the scaler converts: made again when any of it changes.
    struct Setup {
        int in_w = 0, in_h = 0, in_format = -1;
        int out_w = 0, out_h = 0, out_format = -1;
        bool bt709 = false, full_range = false;
        bool operator==(const Setup&) const = default;
    };
    SwsContext* scaler_ = nullptr;  // owned
    Setup setup_;
};

}  // namespace classplayer::ui
