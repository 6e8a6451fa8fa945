#pragma once
// The screen a person watches: one SDL window and renderer, the current video picture and the
// overlay drawn over it. One thread owns a Screen (the thread that created it; SDL's renderer
// is not thread-safe): the core loop uploads, draws and presents from that thread only.
//
// Screen initialises SDL's video subsystem and SDL_ttf itself and shuts both down when
// destroyed (both are reference-counted, so audio or input code may init SDL separately).

#include "ui/view.hpp"
#include "media/png_image.hpp"

#include <cstddef>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>

struct SDL_Renderer;

namespace classplayer::ui {

class HomeScreen;

struct ScreenOptions {
    bool headless = false;  // SDL "offscreen" video driver + software renderer: no display needed
    int width = 0, height = 0;  // 0,0 = fullscreen desktop (headless: 1920x1080)
    bool vsync = true;
    // Where DejaVuSans.ttf and DejaVuSans-Bold.ttf live (Debian: fonts-dejavu-core).
    std::filesystem::path font_dir = "/usr/share/fonts/truetype/dejavu";
};

enum class PictureFormat { IYUV, NV12 };
// How Y'CbCr maps to RGB. Automatic: BT.601 up to 576 lines, BT.709 above (SDL's rule for
// untagged pictures).
enum class YuvMatrix { Automatic, BT601, BT709 };

// A decoded video frame. Without an owner the planes need stay valid only during the upload
// call, which copies them. With one, a Screen that converts pictures on the CPU keeps the
// owner (and so the planes) until the picture is replaced or cleared, and converts the picture
// as it draws it, straight into the window: no copy of its own (see fitted_picture.hpp).
struct PictureView {
    int width, height;  // coded picture size, pixels
    PictureFormat format;
    const uint8_t* planes[3];  // IYUV: Y, U, V.  NV12: Y, interleaved UV, unused
    int pitches[3];            // bytes per row of each plane
    // Clockwise rotation that makes the picture upright, degrees (0, 90, 180, 270): what
    // ffplay's get_rotation() gives, i.e. minus av_display_rotation_get() of the display matrix.
    int rotation_deg;
    double sample_aspect = 1.0;  // pixel width / pixel height (the stream's SAR); 1 = square
    YuvMatrix matrix = YuvMatrix::Automatic;
    bool full_range = false;  // Y 0-255 (JPEG) rather than 16-235
    std::shared_ptr<const void> owner;  // optional: keeps the planes valid (see above)
};

class Screen {
public:
    static std::expected<std::unique_ptr<Screen>, std::string> create(const ScreenOptions&);
    ~Screen();
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    int width() const;   // output size, pixels
    int height() const;

    // Makes the frame the picture Clip views show. Where the renderer takes YUV, it is copied
    // into a streaming texture of its own format (the GPU converts it as it draws). Else it is
    // converted and scaled on the CPU to the size it is shown at (see fitted_picture.hpp):
    // when drawn if the view has an owner (kept until the next upload or clear), else now,
    // into a texture. Textures are recreated only when a size or format changes. False when
    // SDL or libswscale refused: Clip views then show black until an upload succeeds.
    bool upload_picture(const PictureView&);
    // Clip views show no video until the next upload (black, then the overlay).
    void clear_picture();

    // Getting the next step ready while this one plays, so that its first frame costs no
    // more than any other (the transition gap): its first picture is uploaded to a spare now
    // (creating its texture, or on the software renderer its converter, happens here), and
    // show_preloaded() later makes it the picture in one swap; false when nothing was
    // preloaded. release_spare() lets the spare's memory go once the swap is on screen.
    bool preload_picture(const PictureView&);
    bool show_preloaded();
    void release_spare();
    // Renders the text `view` will need into the text cache without drawing anything, so
    // that text is not rasterised on the frame that first shows it. Call within a few
    // seconds of that frame (text unused for longer is let go).
    void prepare(const View& view, double now_s);

    // Clears and draws the whole frame: the picture letterboxed (Clip views), then the
    // overlay for `view`. now_s is the caller's clock in seconds (class or wall time); it
    // ages cached text so that text not drawn for a few seconds is let go.
    void draw(const View& view, double now_s);
    void present();

    // True when the last draw() already shows what draw(view) would: same text, same whole
    // minutes and hold seconds, same progress-bar pixels, no new picture. The core loop can
    // then skip draw() and present() and keep waiting: an idle card or a paused class costs
    // next to no CPU. Allocates nothing.
    bool already_shows(const View& view) const;

    // Writes what draw() just drew, overlay included, as a PNG. Call after draw() and before
    // present() (after present the back buffer is undefined on accelerated renderers).
    bool save_png(const std::filesystem::path&, std::string* error);
    // The same picture as packed RGB24, for the clinic's screenshot command (the caller scales
    // and encodes it off the loop's thread). Same timing as save_png.
    std::expected<media::RgbImage, std::string> read_drawn();

    // True when pictures handed over with an owner are converted straight into the window as
    // they are drawn (the software renderer, drawing into the window's surface): diagnostics.
    bool draws_pictures_in_place() const;
    // SDL's name for the renderer in use ("opengles2", "opengl", "software"): diagnostics and tests.
    const std::string& renderer_name() const;

    // Rendered text textures currently cached (diagnostics and tests: must stay bounded).
    std::size_t cached_text_count() const;

    // How many times the opaque panels over video were drawn afresh: once per change of what
    // is on one, not once per frame (diagnostics and tests).
    uint64_t panel_redraws() const;
    // Rows of those panels copied to the screen, all frames together: where the window keeps
    // its pixels, only rows something else drew over are copied again (diagnostics and tests).
    uint64_t panel_rows_copied() const;
    // How many draws of a card or breathing rest drew only what moves, the circle's square and
    // the progress bar (the rest of the last frame still in the window's surface): diagnostics
    // and tests.
    uint64_t moving_parts_draws() const;

private:
    // The home menu draws its pages on this same renderer (no second window): it takes the
    // renderer, and tells the Screen that the last frame is no longer the overlay's.
    friend class HomeScreen;
    SDL_Renderer* renderer() const;
    void forget_drawn();

    struct Parts;
    explicit Screen(std::unique_ptr<Parts>);
    std::unique_ptr<Parts> parts_;
};

}  // namespace classplayer::ui
