#pragma once
// An opaque panel over video (the top bar, the bottom panel, a caption's box), kept as a
// texture of its own. What is on it changes a few times a minute; the picture under it changes
// every frame. Each frame the overlay describes the panel again (its fills and texts, nothing
// drawn); while the description matches what the texture holds, drawing the panel is one
// opaque copy. On SDL's software renderer that replaces blending every glyph's pixels onto the
// picture, frame after frame: 8 % of the player's CPU on the bench's 720p clip
// (docs/performance.md).
// Internal to src/ui; used only from the thread that owns the renderer.

#include "ui/sdl_handles.hpp"
#include "ui/text_cache.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

namespace classplayer::ui {

// The rows of the window whose pixels something other than the panels drew since the last
// frame (the picture, the letterbox bars, the progress bar), or all of them (the default).
// Where the window keeps its pixels from one frame to the next (the software renderer draws
// into the window's own surface), a panel whose texture is unchanged is copied again only on
// these rows: the rest of its area still shows it.
class ChangedRows {
public:
    ChangedRows() = default;  // all rows
    static ChangedRows all() { return ChangedRows(true); }
    static ChangedRows none() { return ChangedRows(false); }
    void add(int from_px, int to_px);  // rows [from, to); past the room kept, all rows
    bool everything() const { return all_; }
    // Calls f(from, to) for each changed span within [from, to), clipped to it.
    template <class F>
    void each_within(int from_px, int to_px, F f) const {
        for (std::size_t i = 0; i < count_; ++i) {
            const int a = std::max(from_px, spans_[i].from), b = std::min(to_px, spans_[i].to);
            if (a < b) f(a, b);
        }
    }

private:
    explicit ChangedRows(bool all) : all_(all) {}
    struct Span {
        int from = 0, to = 0;
    };
    std::array<Span, 6> spans_{};  // picture, four bars, progress bar
    std::size_t count_ = 0;
    bool all_ = true;
};

class Panel {
public:
    explicit Panel(SDL_Renderer* renderer);

    // Starts this frame's description of the panel covering `area` (screen coordinates),
    // painted `background` (opaque) first.
    void begin(const SDL_Rect& area, SDL_Color background);
    // What goes on it, in screen coordinates, in drawing order; clipped to the area.
    void fill(const SDL_Rect& rect, SDL_Color color);
    void text(const TextTexture& text, int x_px, int y_px, SDL_Color color);
    // Draws the panel: its texture, made again first when the description changed. Where no
    // texture can be made (a renderer without render targets), draws the description straight
    // onto the screen, as it looks either way. `frame` counts the overlay's drawn frames: a
    // panel copied whole in the frame before, to the same place, unchanged, is copied again
    // only on the `changed` rows.
    void end(const ChangedRows& changed, uint64_t frame);

    // Let the texture go (the output changed size; fonts and layout change with it).
    void forget();

    // How many times the texture was drawn: once per change of what is on the panel.
    uint64_t redraw_count() const { return redraws_; }
    // How many rows were copied to the screen, all frames together (tests: the rows left
    // alone are the copies saved).
    uint64_t rows_copied() const { return rows_copied_; }

private:
    // One fill or text, relative to the panel's area. A text is known by its serial, not its
    // texture's address, which a later text may be given after this one is evicted.
    struct Mark {
        SDL_Rect rect{};
        uint32_t rgba = 0;
        SDL_Texture* texture = nullptr;  // null: a fill
        uint64_t serial = 0;
        bool operator==(const Mark& other) const;
    };
    bool holds(const SDL_Rect& area) const;  // the texture holds exactly what was asked
    bool make_texture(int width_px, int height_px);
    void draw_marks(const std::vector<Mark>& marks, int x_px, int y_px) const;

    SDL_Renderer* renderer_;
    SDL_Rect area_{};
    std::vector<Mark> asked_;  // this frame's description
    std::vector<Mark> held_;   // what the texture shows
    SdlTexturePtr texture_;
    int texture_w_ = 0, texture_h_ = 0;
    bool open_ = false;
    uint64_t redraws_ = 0;
    uint64_t rows_copied_ = 0;
    // Where and in which frame the texture was last on the screen whole (0: not since made).
    SDL_Rect on_screen_{};
    uint64_t on_screen_frame_ = 0;
};

// The two ways the overlay draws, straight onto the renderer's target: a fill (a plain one
// when opaque, a blend otherwise) and a text tinted `color`.
void paint_fill(SDL_Renderer* renderer, const SDL_Rect& rect, SDL_Color color);
void paint_text(SDL_Renderer* renderer, SDL_Texture* text, const SDL_Rect& where, SDL_Color color);

}  // namespace classplayer::ui
