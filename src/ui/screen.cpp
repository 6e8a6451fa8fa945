#include "ui/screen.hpp"

#include "ui/class_layout.hpp"
#include "ui/fitted_picture.hpp"
#include "ui/overlay.hpp"
#include "media/png_image.hpp"
#include "ui/sdl_handles.hpp"
#include "ui/yuv_mode.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

namespace classplayer::ui {
namespace {

// SDL's video subsystem and SDL_ttf are reference-counted; each Screen holds one reference of
// each for its lifetime and gives it back when destroyed (after its handles are gone).
class VideoSubsystem {
public:
    VideoSubsystem() = default;
    VideoSubsystem(const VideoSubsystem&) = delete;
    VideoSubsystem& operator=(const VideoSubsystem&) = delete;
    ~VideoSubsystem() { quit(); }
    bool init() { return active_ = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0; }
    void quit() {
        if (active_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
        active_ = false;
    }

private:
    bool active_ = false;
};

constexpr int kDisplayAttempts = 8;
constexpr Uint32 kDisplayRetry_ms = 250;

// SDL's drivers that show nothing.
bool offscreen_driver() {
    const char* current = SDL_GetCurrentVideoDriver();
    const std::string_view driver = current != nullptr ? current : "";
    return driver == "offscreen" || driver == "dummy";
}
// True unless SDL started a driver that shows nothing that the environment did not name on
// its own: SDL_VIDEODRIVER=offscreen is a choice, "x11,offscreen" or no SDL_VIDEODRIVER at
// all landing there is a missing display.
bool shows_on_a_display() {
    const char* current = SDL_GetCurrentVideoDriver();
    if (current == nullptr) return false;
    if (!offscreen_driver()) return true;
    const char* asked = std::getenv("SDL_VIDEODRIVER");
    return asked != nullptr && std::string_view(current) == asked;
}

class TtfLibrary {
public:
    TtfLibrary() = default;
    TtfLibrary(const TtfLibrary&) = delete;
    TtfLibrary& operator=(const TtfLibrary&) = delete;
    ~TtfLibrary() {
        if (active_) TTF_Quit();
    }
    bool init() { return active_ = TTF_Init() == 0; }

private:
    bool active_ = false;
};

Uint32 sdl_format(PictureFormat format) {
    return format == PictureFormat::NV12 ? SDL_PIXELFORMAT_NV12 : SDL_PIXELFORMAT_IYUV;
}

// Nearest quarter turn, 0..270: rotation metadata is quarter turns in practice, and SDL
// rotates about the rectangle's centre, which only keeps a fitted picture fitted then.
int quarter_turn_deg(int rotation_deg) {
    const int turns = static_cast<int>(std::lround(rotation_deg / 90.0));
    return ((turns % 4) + 4) % 4 * 90;
}

// SDL converts YUV with one global matrix, and each renderer reads it at its own moment
// (SDL 2.26, seen on Mesa under Xvfb): the software renderer when a texture is updated,
// OpenGL ES 2 when it draws, and desktop OpenGL's NV12 textures once, when the texture is
// made. So the matrix is set before a texture is made (and a texture made under another is
// made again), before its update, and again as it is drawn, with the draw flushed at once.
SDL_YUV_CONVERSION_MODE matrix_of(const PictureView& view) {
    return yuv_mode(view.full_range, view.matrix == YuvMatrix::BT709);
}

// Where a picture goes on a screen of screen_w x screen_h: the largest box of its display
// aspect in the clip layout's picture area (class_layout.hpp: top right, beside and above the
// words), as the rectangle to draw the unturned picture into (SDL turns a rectangle about its
// centre, so for a quarter turn it is the box with sides swapped).
SDL_Rect placement(int screen_w, int screen_h, int width, int height, double sample_aspect, int turn_deg) {
    const bool sideways = turn_deg == 90 || turn_deg == 270;
    double aspect = width * sample_aspect / height;  // display aspect of the upright picture
    if (sideways) aspect = 1.0 / aspect;
    const Box box = fit_picture(picture_area(screen_w, screen_h), aspect);
    const int w = sideways ? box.h : box.w;
    const int h = sideways ? box.w : box.h;
    return SDL_Rect{box.x + (box.w - w) / 2, box.y + (box.h - h) / 2, w, h};
}

// SDL's software renderer draws into the window's own surface (SDL_GetWindowSurface), so a
// picture converted into that surface needs no copy of its own. Checked rather than assumed:
// a pixel drawn through the renderer must be the one found in the surface, which must be in
// the screen's format (what pictures are prepared in) and one libswscale writes.
bool renderer_draws_into_window(SDL_Window* window, SDL_Renderer* renderer, int width_px, int height_px,
                                Uint32 screen_format) {
    SDL_Surface* surface = SDL_GetWindowSurface(window);
    if (!surface || surface->w != width_px || surface->h != height_px) return false;
    const SDL_PixelFormat* format = surface->format;
    if (format->format != screen_format || !FittedPicture::writes(screen_format) || format->BytesPerPixel > 4)
        return false;
    const SDL_Rect corner{0, 0, 1, 1};
    SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(renderer, 0x12, 0x34, 0x56, 255);
    SDL_RenderFillRect(renderer, &corner);
    if (SDL_RenderFlush(renderer) != 0) return false;
    if (SDL_MUSTLOCK(surface) && SDL_LockSurface(surface) != 0) return false;
    Uint32 seen = 0;
    std::memcpy(&seen, surface->pixels, format->BytesPerPixel);
    if (SDL_MUSTLOCK(surface)) SDL_UnlockSurface(surface);
    Uint32 drawn = SDL_MapRGB(format, 0x12, 0x34, 0x56);
    if (format->BytesPerPixel < 4) {  // compare only the pixel's own bytes
        const Uint32 mask = (Uint32{1} << (8 * format->BytesPerPixel)) - 1;
        seen &= mask;
        drawn &= mask;
    }
    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
    SDL_RenderFillRect(renderer, &corner);
    SDL_RenderFlush(renderer);
    return seen == drawn;
}

}  // namespace

// Member order is teardown order reversed: the overlay's and the picture's textures go before
// the renderer, the renderer before the window, the window before SDL video is shut down.
struct Screen::Parts {
    VideoSubsystem video;
    TtfLibrary ttf;
    SdlWindowPtr window;
    SdlRendererPtr renderer;
    std::unique_ptr<Overlay> overlay;
    int width_px = 0, height_px = 0;

    // The renderer takes no YUV textures (SDL's software renderer): pictures are converted
    // and scaled on the CPU to the screen's format and their shown size (FittedPicture).
    bool fits_on_cpu = false;
    std::string renderer_name;  // SDL's, as the renderer says it
    // ... and it draws into the window's surface, where kept pictures are converted in place.
    bool draws_in_place = false;
    Uint32 screen_format = SDL_PIXELFORMAT_UNKNOWN;

    // One video picture: a streaming texture (reused while size and format match), or on the
    // software renderer the picture itself, kept and converted as it is drawn.
    struct PictureSlot {
        SdlTexturePtr texture;  // YUV, the picture's own size (renderers that take YUV)
        SDL_YUV_CONVERSION_MODE matrix = SDL_YUV_CONVERSION_BT601;  // the texture's: made, updated and drawn under it
        FittedPicture fitted;   // or converted to the screen's format at its shown size
        PictureView kept{};     // with an owner: the picture itself, converted as it is drawn
        int width = 0, height = 0;
        PictureFormat format = PictureFormat::IYUV;
        int rotation_deg = 0;
        double sample_aspect = 1.0;
        bool loaded = false;  // holds a picture that may be shown
        SDL_Texture* shown_texture() const { return texture ? texture.get() : fitted.texture(); }
        const SDL_Rect* shown_area() const { return texture ? nullptr : fitted.area(); }  // null: all of it
    };
    bool upload(PictureSlot& slot, const PictureView& picture);
    PictureSlot picture;  // what Clip views show
    // The next step's first picture, uploaded ahead of its step (see preload_picture).
    PictureSlot spare;

    // What the last draw() showed, to let an unchanged screen go undrawn (see already_shows).
    uint64_t drawn_appearance = 0;
    uint64_t drawn_still_appearance = 0;  // the same without the moving parts (see draw)
    uint64_t moving_parts_draws = 0;
    bool panels_kept = false;  // the window still shows the last frame's panels (see draw)
    bool drawn = false;
    bool picture_changed = false;  // an upload or clear since the last draw

    void refresh_size();
    SDL_Rect placement_of(const PictureSlot&) const;  // where it goes on the screen now
    // Letterboxed, turned upright; rows under the overlay's opaque panels may be left out.
    // Returns the window rows it drew, [first, first + count).
    FittedPicture::Rows draw_picture(PictureSlot&, const SDL_Rect& where, Overlay::CoveredRows covered);
    bool write_in_place(PictureSlot&, const SDL_Rect& where, Overlay::CoveredRows covered, FittedPicture::Rows* written);
};

void Screen::Parts::refresh_size() {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer.get(), &w, &h) != 0 || w <= 0 || h <= 0) return;
    if (w == width_px && h == height_px) return;
    width_px = w;
    height_px = h;
    if (overlay) (void)overlay->resize(w, h);  // on failure the old fonts stay: still legible
}

SDL_Rect Screen::Parts::placement_of(const PictureSlot& slot) const {
    return placement(width_px, height_px, slot.width, slot.height, slot.sample_aspect, slot.rotation_deg);
}

FittedPicture::Rows Screen::Parts::draw_picture(PictureSlot& slot, const SDL_Rect& where,
                                                Overlay::CoveredRows covered) {
    const FittedPicture::Rows box{where.y, where.h};
    if (slot.kept.owner) {
        FittedPicture::Rows written;
        if (slot.rotation_deg == 0 && draws_in_place && write_in_place(slot, where, covered, &written))
            return written;
        // Turned, or the window's surface is not ready (a resize not yet seen): through the
        // slot's own texture, at the size it is shown.
        if (!slot.fitted.fit(renderer.get(), screen_format, slot.kept, where.w, where.h)) {
            SDL_RenderFillRect(renderer.get(), &where);  // black (draw's colour), not the last frame
            return box;
        }
    }
    SDL_Texture* shown = slot.shown_texture();
    // A YUV texture is drawn under its own matrix, whatever the next picture's upload set.
    if (slot.texture) use_yuv_mode(slot.matrix);
    // A fitted picture is already the box's size: this is a plain copy (after a window
    // resize, until the next upload, SDL scales it).
    if (slot.rotation_deg == 0) SDL_RenderCopy(renderer.get(), shown, slot.shown_area(), &where);
    else SDL_RenderCopyEx(renderer.get(), shown, slot.shown_area(), &where, slot.rotation_deg, nullptr, SDL_FLIP_NONE);
    if (slot.texture) SDL_RenderFlush(renderer.get());  // drawn now, under that matrix
    return box;
}

// The picture converted straight into the window's surface, where the renderer draws too:
// anything queued before it is drawn first, what is queued after (the letterbox bars, then
// the overlay) lands on top. Saves the texture's copy to the screen (0.6 ms a 1080p frame
// here) and the texture's memory. False when the surface is not the screen's size or
// format, or the picture's width is not whole converter blocks (its rows would spill).
// Rows the overlay's opaque panels will cover are not converted: what the window holds
// there is drawn over before it is shown.
bool Screen::Parts::write_in_place(PictureSlot& slot, const SDL_Rect& where, Overlay::CoveredRows covered,
                                   FittedPicture::Rows* written) {
    SDL_Surface* surface = SDL_GetWindowSurface(window.get());
    if (!surface || surface->w != width_px || surface->h != height_px || surface->format->format != screen_format)
        return false;
    if (where.x < 0 || where.y < 0 || where.x + where.w > surface->w || where.y + where.h > surface->h) return false;
    if (where.w % FittedPicture::kWholeBlock != 0) return false;
    if (!slot.fitted.prepare(screen_format, slot.kept, where.w, where.h)) return false;
    // The picture's rows left between the panels, widened to whole chroma row pairs.
    const int seen_from = std::clamp(covered.top_px - where.y, 0, where.h) & ~1;
    const int seen_to = std::clamp(height_px - covered.bottom_px - where.y, 0, where.h);
    const FittedPicture::Rows rows{seen_from, std::min(where.h, (seen_to + 1) & ~1) - seen_from};
    *written = {where.y + rows.first, std::max(0, rows.count)};
    if (rows.count <= 0) return true;  // all of it under panels
    if (SDL_RenderFlush(renderer.get()) != 0) return false;
    if (SDL_MUSTLOCK(surface) && SDL_LockSurface(surface) != 0) return false;
    Uint8* const at = static_cast<Uint8*>(surface->pixels) + static_cast<std::ptrdiff_t>(where.y) * surface->pitch +
                      static_cast<std::ptrdiff_t>(where.x) * surface->format->BytesPerPixel;
    const bool converted = slot.fitted.convert(slot.kept, at, surface->pitch, rows);
    if (SDL_MUSTLOCK(surface)) SDL_UnlockSurface(surface);
    return converted;
}

Screen::Screen(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Screen::~Screen() = default;

std::expected<std::unique_ptr<Screen>, std::string> Screen::create(const ScreenOptions& options) {
    auto parts = std::make_unique<Parts>();
    const auto sdl_failure = [](const char* what) {
        return std::unexpected(std::string(what) + ": " + SDL_GetError());
    };

    // The hint must be set before the video subsystem starts; it names the driver to use
    // (offscreen needs no display, X server or GPU).
    if (options.headless) {
        // Override priority: an SDL_VIDEODRIVER left in the environment must not put a
        // headless run on a real display.
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, "offscreen", SDL_HINT_OVERRIDE);
        // Keep the window's framebuffer a plain surface: otherwise SDL presents it through a
        // GL texture, which on a headless box loads Mesa's llvmpipe just to copy pixels.
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_OVERRIDE);
    } else {
        // Back to the environment's choice: the hints outlive a headless screen made earlier
        // in this process, which would otherwise make this one headless too.
        SDL_ResetHint(SDL_HINT_VIDEODRIVER);
        SDL_ResetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION);
    }
    if (!parts->video.init()) return sdl_failure("cannot start SDL video");
    if (!options.headless) {
        // SDL falls back to its offscreen driver when no display answers, and a class would
        // then play to nobody. An X server that has just lost its last client resets itself
        // and refuses connections for a moment (a bare X on a kiosk, Xvfb): ask again a few
        // times before saying there is no display.
        for (int attempt = 1; !shows_on_a_display(); ++attempt) {
            parts->video.quit();
            if (attempt == kDisplayAttempts)
                return std::unexpected(std::string("no display to show the class on (SDL found only its ") +
                                       "offscreen driver; DISPLAY, WAYLAND_DISPLAY or a /dev/dri card " +
                                       "with a screen connected is needed, or --headless)");
            SDL_Delay(kDisplayRetry_ms);
            if (!parts->video.init()) return sdl_failure("cannot start SDL video");
        }
    }
    // Offscreen by choice (SDL_VIDEODRIVER) draws as headless does: a plain surface and the
    // software renderer, not Mesa loaded to draw for nobody.
    const bool offscreen = options.headless || offscreen_driver();
    if (offscreen && !options.headless)
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_OVERRIDE);
    if (!parts->ttf.init())
        return std::unexpected(std::string("cannot start SDL_ttf: ") + TTF_GetError());

    const bool fullscreen = !offscreen && (options.width <= 0 || options.height <= 0);
    int window_w = options.width, window_h = options.height;
    if (offscreen && (window_w <= 0 || window_h <= 0)) {
        window_w = 1920;
        window_h = 1080;
    }
    Uint32 window_flags = 0;
    if (fullscreen) {
        window_flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        // Create the window at the desktop's size, not 1x1: the renderer takes its first
        // viewport from the size the window was created with.
        SDL_DisplayMode desktop{};
        if (SDL_GetDesktopDisplayMode(0, &desktop) == 0 && desktop.w > 0 && desktop.h > 0) {
            window_w = desktop.w;
            window_h = desktop.h;
        } else {
            window_w = 1920;
            window_h = 1080;
        }
    }
    parts->window.reset(SDL_CreateWindow("classplayer", SDL_WINDOWPOS_CENTERED,
                                         SDL_WINDOWPOS_CENTERED, window_w, window_h,
                                         window_flags));
    if (!parts->window) return sdl_failure("cannot open the window");

    if (offscreen) {
        parts->renderer.reset(
            SDL_CreateRenderer(parts->window.get(), -1, SDL_RENDERER_SOFTWARE));
    } else {
        const Uint32 vsync = options.vsync ? SDL_RENDERER_PRESENTVSYNC : 0;
        parts->renderer.reset(
            SDL_CreateRenderer(parts->window.get(), -1, SDL_RENDERER_ACCELERATED | vsync));
        if (!parts->renderer)  // no GPU driver: the software renderer still shows everything
            parts->renderer.reset(SDL_CreateRenderer(parts->window.get(), -1, vsync));
    }
    if (!parts->renderer) return sdl_failure("cannot create a renderer");
    SDL_RendererInfo info{};
    if (SDL_GetRendererInfo(parts->renderer.get(), &info) != 0) return sdl_failure("cannot read the renderer");
    parts->fits_on_cpu = (info.flags & SDL_RENDERER_SOFTWARE) != 0;
    parts->renderer_name = info.name ? info.name : "";
    parts->screen_format = SDL_GetWindowPixelFormat(parts->window.get());
    // Let the window manager's resize/fullscreen events reach the renderer's own event watch
    // now, so the first frame already has the right viewport. Pumping only queues events; the
    // input code still receives every one of them.
    SDL_PumpEvents();
    // A TV remote has no pointer; a cursor left in the middle of a class is just clutter.
    if (fullscreen) SDL_ShowCursor(SDL_DISABLE);

    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(parts->renderer.get(), &w, &h) != 0 || w <= 0 || h <= 0)
        return sdl_failure("cannot read the output size");
    parts->width_px = w;
    parts->height_px = h;
    if (parts->fits_on_cpu)
        parts->draws_in_place =
            renderer_draws_into_window(parts->window.get(), parts->renderer.get(), w, h, parts->screen_format);

    auto overlay = Overlay::create(parts->renderer.get(), options.font_dir, w, h);
    if (!overlay) return std::unexpected(overlay.error());
    parts->overlay = std::move(*overlay);
    return std::unique_ptr<Screen>(new Screen(std::move(parts)));
}

int Screen::width() const { return parts_->width_px; }
int Screen::height() const { return parts_->height_px; }

bool Screen::Parts::upload(PictureSlot& slot, const PictureView& view) {
    if (view.width <= 0 || view.height <= 0) return false;
    slot.loaded = false;
    slot.width = view.width;
    slot.height = view.height;
    slot.format = view.format;
    slot.rotation_deg = quarter_turn_deg(view.rotation_deg);
    slot.sample_aspect = view.sample_aspect > 0 ? view.sample_aspect : 1.0;
    slot.kept = {};
    if (fits_on_cpu) {
        refresh_size();
        const SDL_Rect box = placement_of(slot);
        if (view.owner) {
            // Converted when drawn (draw_picture); its converter is made now, not on the
            // frame that first shows it.
            slot.kept = view;
            slot.loaded = slot.fitted.prepare(screen_format, view, box.w, box.h);
        } else {
            slot.loaded = slot.fitted.fit(renderer.get(), screen_format, view, box.w, box.h);
        }
        return slot.loaded;
    }

    int texture_w = 0, texture_h = 0;
    Uint32 texture_format = 0;
    if (slot.texture) SDL_QueryTexture(slot.texture.get(), &texture_format, nullptr, &texture_w, &texture_h);
    const SDL_YUV_CONVERSION_MODE matrix = matrix_of(view);
    use_yuv_mode(matrix);
    if (!slot.texture || texture_w != view.width || texture_h != view.height ||
        texture_format != sdl_format(view.format) || slot.matrix != matrix) {
        slot.matrix = matrix;
        slot.texture.reset(SDL_CreateTexture(renderer.get(), sdl_format(view.format), SDL_TEXTUREACCESS_STREAMING,
                                             view.width, view.height));
        if (!slot.texture) return false;
        SDL_SetTextureScaleMode(slot.texture.get(), SDL_ScaleModeLinear);
    }
    // The GPU converts YUV as it draws: nothing is converted on the CPU here.
    const int status =
        view.format == PictureFormat::NV12
            ? SDL_UpdateNVTexture(slot.texture.get(), nullptr, view.planes[0], view.pitches[0], view.planes[1],
                                  view.pitches[1])
            : SDL_UpdateYUVTexture(slot.texture.get(), nullptr, view.planes[0], view.pitches[0], view.planes[1],
                                   view.pitches[1], view.planes[2], view.pitches[2]);
    slot.loaded = status == 0;
    return slot.loaded;
}

bool Screen::upload_picture(const PictureView& picture) {
    Parts& p = *parts_;
    p.picture_changed = true;
    return p.upload(p.picture, picture);
}

void Screen::clear_picture() {
    if (parts_->picture.loaded) parts_->picture_changed = true;
    parts_->picture.loaded = false;
    parts_->picture.kept = {};  // the picture's pixels go back to their owner now
}

bool Screen::preload_picture(const PictureView& picture) {
    Parts& p = *parts_;
    if (!p.upload(p.spare, picture)) return false;
    return true;
}

bool Screen::show_preloaded() {
    Parts& p = *parts_;
    if (!p.spare.loaded) return false;
    std::swap(p.picture, p.spare);
    p.spare.loaded = false;
    p.spare.kept = {};  // the step before's last picture
    p.picture_changed = true;
    return true;
}

void Screen::release_spare() { parts_->spare = {}; }

void Screen::prepare(const View& view, double now_s) { parts_->overlay->prepare(view, now_s); }

bool Screen::already_shows(const View& view) const {
    const Parts& p = *parts_;
    int w = 0, h = 0;
    SDL_GetRendererOutputSize(p.renderer.get(), &w, &h);
    if (!p.drawn || w != p.width_px || h != p.height_px) return false;
    if (view.kind == ViewKind::Clip && p.picture_changed) return false;
    return p.overlay->appearance(view).whole == p.drawn_appearance;
}

void Screen::draw(const View& view, double now_s) {
    Parts& p = *parts_;
    p.refresh_size();
    // A breathing rest changes only its circle from one frame to the next, and a card only
    // its progress bar, a pixel every half second. Where the window's surface still holds the
    // last frame (the software renderer draws into it), only those are drawn again: the
    // circle's square, a twentieth of the screen's pixels, and the bar's strip, instead of a
    // full-screen fill and every word blended again (30 times a second for a whole rest).
    const Overlay::Appearance appearance = p.overlay->appearance(view);
    // Nothing over the screen's own parts: the notice, the menu and the paused layer cover them.
    const bool uncovered = view.notice.empty() && !view.menu && !view.paused;
    if (p.draws_in_place && p.drawn && appearance.still == p.drawn_still_appearance &&
        view.kind != ViewKind::Clip && uncovered && p.overlay->draw_moving_parts(view)) {
        p.drawn_appearance = appearance.whole;
        ++p.moving_parts_draws;
        p.panels_kept = false;
        return;
    }
    SDL_SetRenderDrawBlendMode(p.renderer.get(), SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p.renderer.get(), 0, 0, 0, 255);
    const bool shows_picture = view.kind == ViewKind::Clip && p.picture.loaded;
    const SDL_Rect where = shows_picture ? p.placement_of(p.picture) : SDL_Rect{};
    // Black only where an upright picture does not go (letterbox bars, often none): clearing
    // the whole screen costs a full-screen fill a frame on the software renderer. The bars
    // come after the picture: one written into the window goes there at once, and the bars
    // then cover anything a converter left past its rows.
    const bool fills_bars = shows_picture && p.picture.rotation_deg % 180 == 0;
    if (!fills_bars) SDL_RenderClear(p.renderer.get());
    // The overlay draws the clip layout's column, band and progress line; the screen draws its
    // picture area: the picture and black beside it where its aspect leaves room (often none).
    // Neither draws on the other's pixels, so where the window still holds the last frame's
    // panels (it keeps its pixels, and nothing but a clip's own layers was drawn since), the
    // overlay need not copy them again: no rows changed under them.
    ChangedRows changed = p.panels_kept && fills_bars ? ChangedRows::none() : ChangedRows::all();
    if (shows_picture) {
        // Nothing of the overlay's covers the picture: every row of it is converted.
        (void)p.draw_picture(p.picture, where, Overlay::CoveredRows{});
    }
    if (fills_bars) {
        const Box area = picture_area(p.width_px, p.height_px);
        const SDL_Rect bars[4] = {{area.x, area.y, area.w, where.y - area.y},
                                  {area.x, where.y + where.h, area.w, area.bottom() - where.y - where.h},
                                  {area.x, where.y, where.x - area.x, where.h},
                                  {where.x + where.w, where.y, area.right() - where.x - where.w, where.h}};
        for (const SDL_Rect& bar : bars) {
            if (bar.w <= 0 || bar.h <= 0) continue;
            SDL_RenderFillRect(p.renderer.get(), &bar);
        }
    }
    p.overlay->draw(view, now_s, changed);
    p.drawn_appearance = appearance.whole;
    p.drawn_still_appearance = appearance.still;
    p.drawn = true;
    p.picture_changed = false;
    // With anything over the panels, the next frame copies them whole.
    p.panels_kept = p.draws_in_place && view.kind == ViewKind::Clip && uncovered;
}

void Screen::present() { SDL_RenderPresent(parts_->renderer.get()); }

bool Screen::save_png(const std::filesystem::path& path, std::string* error) {
    auto drawn = read_drawn();
    if (!drawn) {
        if (error) *error = drawn.error();
        return false;
    }
    auto written = media::write_png_rgb24(path, drawn->rgb.data(), drawn->width, drawn->height, drawn->width * 3);
    if (!written) {
        if (error) *error = written.error();
        return false;
    }
    return true;
}

std::expected<media::RgbImage, std::string> Screen::read_drawn() {
    Parts& p = *parts_;
    media::RgbImage image;
    image.width = p.width_px;
    image.height = p.height_px;
    image.rgb.resize(static_cast<std::size_t>(image.width) * 3 * static_cast<std::size_t>(image.height));
    if (SDL_RenderReadPixels(p.renderer.get(), nullptr, SDL_PIXELFORMAT_RGB24, image.rgb.data(), image.width * 3) != 0)
        return std::unexpected(std::string("cannot read the screen: ") + SDL_GetError());
    return image;
}

SDL_Renderer* Screen::renderer() const { return parts_->renderer.get(); }
void Screen::forget_drawn() {
    parts_->drawn = false;
    parts_->panels_kept = false;
}

bool Screen::draws_pictures_in_place() const { return parts_->draws_in_place; }
const std::string& Screen::renderer_name() const { return parts_->renderer_name; }

std::size_t Screen::cached_text_count() const { return parts_->overlay->cached_text_count(); }

uint64_t Screen::panel_redraws() const { return parts_->overlay->panel_redraws(); }
uint64_t Screen::panel_rows_copied() const { return parts_->overlay->panel_rows_copied(); }
uint64_t Screen::moving_parts_draws() const { return parts_->moving_parts_draws; }

}  // namespace classplayer::ui
