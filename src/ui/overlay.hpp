#pragma once
// Everything drawn from a View: card backgrounds and text, the bars over video, the breathing
// circle, the paused layer. Owns the fonts, the text cache and the circle textures.
// Internal to src/ui; used only from the thread that owns the renderer.

#include "ui/class_layout.hpp"
#include "ui/panel.hpp"
#include "ui/sdl_handles.hpp"
#include "ui/text_cache.hpp"
#include "ui/theme.hpp"
#include "ui/view.hpp"

#include <array>
#include <expected>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace classplayer::ui {

class Overlay {
public:
    static std::expected<std::unique_ptr<Overlay>, std::string> create(
        SDL_Renderer* renderer, const std::filesystem::path& font_dir, int width_px,
        int height_px);

    // Draws `view` over what is already on the renderer. Card-like views paint their own
    // background; a Clip view expects the picture to be drawn first. `changed`: the rows drawn
    // since this overlay's last frame, when the renderer's target still holds that frame
    // (see ChangedRows); the panels are copied only there.
    void draw(const View& view, double now_s, const ChangedRows& changed = ChangedRows::all());

    // Goes through draw(view) touching only the text cache: every text the view needs is
    // rasterised now, nothing is drawn (see Screen::prepare).
    void prepare(const View& view, double now_s);

    // The rows that opaque panels across the whole width cover when `view` is drawn:
    // [0, top_px) and [height - bottom_px, height). A picture under them is never seen.
    // Found by going through the view's layout without drawing; allocates nothing once the
    // view's text is cached.
    struct CoveredRows {
        int top_px = 0, bottom_px = 0;
    };
    CoveredRows covered_rows(const View& view);

    // Fingerprints of what draw(view) puts on screen, from the values as displayed (whole
    // minutes left, whole hold seconds, progress bar pixels, circle size), so two views that
    // look the same have the same fingerprint. `still` leaves out the moving parts (the
    // breathing circle's size, the progress bar's length): the same for two moments of a card
    // or a breathing rest that differ only in those. Allocates nothing.
    struct Appearance {
        uint64_t whole = 0, still = 0;
    };
    Appearance appearance(const View& view) const;

    // Draws only the moving parts of `view` over the last card or breathing rest drawn: the
    // circle's square (background, ring, circle) and the progress bar's strip, nothing else.
    // Only for a target that still holds the last frame (the software renderer's window
    // surface) and a view whose appearance without moving parts is the last drawn one's, with
    // nothing drawn over them (notice, menu, paused layer). False, drawing nothing, when the
    // last full draw was not of that kind at this size, or its words reached the bar's rows.
    bool draw_moving_parts(const View& view);

    // The output changed size: reopen fonts at the new scale, rebuild the circle.
    std::expected<void, std::string> resize(int width_px, int height_px);

    std::size_t cached_text_count() const { return text_cache_.size(); }
    // How many times the panels over video were drawn afresh (see Panel): once per change of
    // what is on one, not once per frame.
    uint64_t panel_redraws() const;
    // Rows of the panels copied to the screen, all frames together (see ChangedRows).
    uint64_t panel_rows_copied() const;

private:
    Overlay(SDL_Renderer* renderer, std::filesystem::path font_dir);

    // Drawing primitives. Colours are passed by value: SDL_Color is four bytes.
    const TextTexture* text(theme::Type type, std::string_view text, int wrap_px = 0,
                            TextAlign align = TextAlign::Left);
    void blit(const TextTexture* text, int x_px, int y_px, SDL_Color color);
    void fill(const SDL_Rect& rect, SDL_Color color);
    // An opaque panel over video: fills and texts between these two go on it (see Panel).
    enum class PanelId : std::size_t { Column, Band, Count };
    void begin_panel(PanelId id, const SDL_Rect& area);
    void end_panel();
    int px(double size_at_1080) const;  // scales a 1080-line measure to this output
    TTF_Font* font(theme::Type type) const;
    int line_height(theme::Type type) const;

    int margin_x() const;  // title-safe margins, pixels
    int margin_y() const;
    int progress_bar_height() const;

    void draw_layers(const View& view);  // what draw() draws, between the text cache's frame marks
    void draw_card(const View& view, std::string_view headline, std::string_view subtitle,
                   std::string_view fallback_line);
    void draw_clip(const View& view);  // clip_overlay.cpp
    void draw_breathing(const View& view);
    // Where the breathing circle goes (its layout depends only on the rest's words and the
    // output size).
    struct BreathCircle {
        int centre_x = 0, centre_y = 0, min_radius_px = 0, max_radius_px = 0;
    };
    void draw_circle(const BreathCircle& at, const View& view);  // the ring, then the circle
    void draw_paused();
    void draw_menu(const MenuView& menu, std::string_view notice);  // the pause screen, its choices, a notice
    void draw_pain_check(const PainCheckView& check);  // pain_check_screen.cpp
    void draw_notice(std::string_view notice);  // a banner answering a press
    // The top of a card or breathing rest: exercise name on the left (optional), "Step n of
    // N  ·  6 min left" on the right. Returns the y just below it.
    int draw_top(const View& view, bool show_title);
    // A clip step (clip_overlay.cpp): the column beside the picture and the band below it,
    // where class_layout.hpp puts them; nothing over the picture.
    void draw_column(const View& view, const ClipLayout& layout);
    void draw_band(const View& view, const ClipLayout& layout);
    // "Step n of N · 6 min left" for the column, on two lines where one is too narrow.
    const TextTexture* where_text(const View& view, theme::Type type, int width_px);
    // Lays out a clip's column in `small` type or not; false when its words overflow.
    bool column_fits(const View& view, const ClipLayout& layout, bool small);
    void draw_progress(const View& view);  // the thin bar on the bottom edge

    SDL_Renderer* renderer_;
    std::filesystem::path font_dir_;
    int width_px_ = 0, height_px_ = 0;
    std::array<TtfFontPtr, static_cast<int>(theme::Type::Count)> fonts_;
    TextCache text_cache_;
    std::array<Panel, static_cast<std::size_t>(PanelId::Count)> panels_;
    Panel* open_panel_ = nullptr;  // between begin_panel and end_panel
    CoveredRows covered_;          // what the panels rehearsed (covered_rows) cover
    ChangedRows changed_;          // this frame's, for the panels (see draw)
    uint64_t frame_ = 0;           // frames drawn, rehearsals not counted
    SdlTexturePtr circle_;  // filled disc in its colour, anti-aliased; scaled per frame
    SdlTexturePtr ring_;    // the outline marking the full in-breath, on its opaque square
    // The last full draw of a card or breathing rest, when its moving parts can be drawn alone
    // (see draw_moving_parts): its kind, the background under the progress bar, and for a
    // rest where its circle went.
    struct MovingParts {
        ViewKind kind = ViewKind::Card;
        SDL_Color background{};
        BreathCircle circle;
        bool placed = false;
    };
    MovingParts moving_parts_;
    // Where the digits sit inside a Numerals texture: the font's line box has room for
    // accents and descenders that digits never use, and the panel should hug the digits.
    int digits_top_px_ = 0, digits_height_px_ = 0;
    int top_bottom_px_ = 0;  // this frame: the y just below the top bar (draw_top)
    bool rehearsing_ = false;  // inside prepare(): look text up, draw nothing
};

}  // namespace classplayer::ui
