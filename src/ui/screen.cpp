#include "ui/screen.hpp"

#include "ui/overlay.hpp"
#include "media/png_image.hpp"
#include "ui/sdl_handles.hpp"

#include <cmath>
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
    ~VideoSubsystem() {
        if (active_) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    }
    bool init() { return active_ = SDL_InitSubSystem(SDL_INIT_VIDEO) == 0; }

private:
    bool active_ = false;
};

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

    // One video picture as a streaming texture, reused while size and format match.
    struct PictureSlot {
        SdlTexturePtr texture;
        int width = 0, height = 0;
        PictureFormat format = PictureFormat::IYUV;
        int rotation_deg = 0;
        double sample_aspect = 1.0;
        bool loaded = false;  // holds a picture that may be shown
        bool upload(SDL_Renderer* renderer, const PictureView& picture);
    };
    PictureSlot picture;  // what Clip views show
    // The next step's first picture, uploaded ahead of its step (see preload_picture).
    PictureSlot spare;
    bool picture_ever_drawn = false;  // see preload_picture: the first composite costs more

    // What the last draw() showed, to let an unchanged screen go undrawn (see already_shows).
    uint64_t drawn_appearance = 0;
    bool drawn = false;
    bool picture_changed = false;  // an upload or clear since the last draw

    void refresh_size();
    void draw_picture(const PictureSlot&);  // letterboxed, turned upright
};

void Screen::Parts::refresh_size() {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer.get(), &w, &h) != 0 || w <= 0 || h <= 0) return;
    if (w == width_px && h == height_px) return;
    width_px = w;
    height_px = h;
    if (overlay) (void)overlay->resize(w, h);  // on failure the old fonts stay: still legible
}

void Screen::Parts::draw_picture(const PictureSlot& slot) {
    if (!slot.loaded || !slot.texture) return;
    picture_ever_drawn = true;
    const int turn_deg = slot.rotation_deg;
    const bool sideways = turn_deg == 90 || turn_deg == 270;

    // Display aspect of the upright picture, then the largest box of that aspect that fits.
    double aspect = slot.width * slot.sample_aspect / slot.height;
    if (sideways) aspect = 1.0 / aspect;
    double fit_w = width_px, fit_h = width_px / aspect;
    if (fit_h > height_px) {
        fit_h = height_px;
        fit_w = height_px * aspect;
    }
    const int box_w = static_cast<int>(std::lround(fit_w));
    const int box_h = static_cast<int>(std::lround(fit_h));

    if (turn_deg == 0) {
        const SDL_Rect where{(width_px - box_w) / 2, (height_px - box_h) / 2, box_w, box_h};
        SDL_RenderCopy(renderer.get(), slot.texture.get(), nullptr, &where);
        return;
    }
    // SDL rotates the destination rectangle about its centre, so for a quarter turn the
    // rectangle is the fitted box with width and height swapped, centred on the screen.
    const int dst_w = sideways ? box_h : box_w;
    const int dst_h = sideways ? box_w : box_h;
    const SDL_Rect where{(width_px - dst_w) / 2, (height_px - dst_h) / 2, dst_w, dst_h};
    SDL_RenderCopyEx(renderer.get(), slot.texture.get(), nullptr, &where, turn_deg, nullptr,
                     SDL_FLIP_NONE);
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
    }
    if (!parts->video.init()) return sdl_failure("cannot start SDL video");
    if (!parts->ttf.init())
        return std::unexpected(std::string("cannot start SDL_ttf: ") + TTF_GetError());
    // Frames carry no colour matrix yet: take BT.601 for SD and BT.709 for HD, as FFmpeg
    // assumes for untagged video (SDL's default would show HD clips with BT.601 colours).
    SDL_SetYUVConversionMode(SDL_YUV_CONVERSION_AUTOMATIC);

    const bool fullscreen = !options.headless && (options.width <= 0 || options.height <= 0);
    int window_w = options.width, window_h = options.height;
    if (options.headless && (window_w <= 0 || window_h <= 0)) {
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

    if (options.headless) {
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

    auto overlay = Overlay::create(parts->renderer.get(), options.font_dir, w, h);
    if (!overlay) return std::unexpected(overlay.error());
    parts->overlay = std::move(*overlay);
    return std::unique_ptr<Screen>(new Screen(std::move(parts)));
}

int Screen::width() const { return parts_->width_px; }
int Screen::height() const { return parts_->height_px; }

bool Screen::Parts::PictureSlot::upload(SDL_Renderer* renderer, const PictureView& view) {
    if (view.width <= 0 || view.height <= 0) return false;
    if (!texture || view.width != width || view.height != height || view.format != format) {
        texture.reset(SDL_CreateTexture(renderer, sdl_format(view.format),
                                        SDL_TEXTUREACCESS_STREAMING, view.width, view.height));
        loaded = false;
        if (!texture) return false;
        SDL_SetTextureScaleMode(texture.get(), SDL_ScaleModeLinear);
        width = view.width;
        height = view.height;
        format = view.format;
    }
    // SDL converts nothing on the CPU here when the renderer takes YUV textures natively
    // (GL, GLES2); the software renderer converts once at upload, as it must.
    const int status =
        view.format == PictureFormat::NV12
            ? SDL_UpdateNVTexture(texture.get(), nullptr, view.planes[0], view.pitches[0],
                                  view.planes[1], view.pitches[1])
            : SDL_UpdateYUVTexture(texture.get(), nullptr, view.planes[0], view.pitches[0],
                                   view.planes[1], view.pitches[1], view.planes[2],
                                   view.pitches[2]);
    loaded = status == 0;
    rotation_deg = quarter_turn_deg(view.rotation_deg);
    sample_aspect = view.sample_aspect > 0 ? view.sample_aspect : 1.0;
    return loaded;
}

bool Screen::upload_picture(const PictureView& picture) {
    Parts& p = *parts_;
    p.picture_changed = true;
    return p.picture.upload(p.renderer.get(), picture);
}

void Screen::clear_picture() {
    if (parts_->picture.loaded) parts_->picture_changed = true;
    parts_->picture.loaded = false;
}

bool Screen::preload_picture(const PictureView& picture) {
    Parts& p = *parts_;
    if (!p.spare.upload(p.renderer.get(), picture)) return false;
    // The process's first two video composites each cost several frames' time: SDL's software
    // renderer scales through a screen-sized scratch buffer, which glibc maps fresh the first
    // time and takes from a newly grown heap the second (a page fault per 4 kB, some 2000 of
    // them at 1080p, measured at 25-30 ms each on a 2-core VM); from the third on it is reused.
    // Rehearse both now, while a card shows, into the back buffer, which every draw() clears
    // before anything is presented: the class's first clip then opens without a stutter.
    if (!p.picture_ever_drawn) {
        for (int rehearsal = 0; rehearsal < 2; ++rehearsal) {
            p.draw_picture(p.spare);
            SDL_RenderFlush(p.renderer.get());
        }
        p.drawn = false;
    }
    return true;
}

bool Screen::show_preloaded() {
    Parts& p = *parts_;
    if (!p.spare.loaded) return false;
    std::swap(p.picture, p.spare);
    p.spare.loaded = false;
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
    return p.overlay->appearance(view) == p.drawn_appearance;
}

void Screen::draw(const View& view, double now_s) {
    Parts& p = *parts_;
    p.refresh_size();
    SDL_SetRenderDrawBlendMode(p.renderer.get(), SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p.renderer.get(), 0, 0, 0, 255);
    SDL_RenderClear(p.renderer.get());
    if (view.kind == ViewKind::Clip) p.draw_picture(p.picture);
    p.overlay->draw(view, now_s);
    p.drawn_appearance = p.overlay->appearance(view);
    p.drawn = true;
    p.picture_changed = false;
}

void Screen::present() { SDL_RenderPresent(parts_->renderer.get()); }

bool Screen::save_png(const std::filesystem::path& path, std::string* error) {
    Parts& p = *parts_;
    const int pitch = p.width_px * 3;
    std::vector<uint8_t> pixels(static_cast<std::size_t>(pitch) * p.height_px);
    if (SDL_RenderReadPixels(p.renderer.get(), nullptr, SDL_PIXELFORMAT_RGB24, pixels.data(),
                             pitch) != 0) {
        if (error) *error = std::string("cannot read the screen: ") + SDL_GetError();
        return false;
    }
    auto written = media::write_png_rgb24(path, pixels.data(), p.width_px, p.height_px, pitch);
    if (!written) {
        if (error) *error = written.error();
        return false;
    }
    return true;
}

SDL_Renderer* Screen::renderer() const { return parts_->renderer.get(); }
void Screen::forget_drawn() { parts_->drawn = false; }

std::size_t Screen::cached_text_count() const { return parts_->overlay->cached_text_count(); }

}  // namespace classplayer::ui
