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

#include <cstdint>
#include <vector>

namespace classplayer::ui {

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
    // onto the screen, as it looks either way.
    void end();

    // Let the texture go (the output changed size; fonts and layout change with it).
    void forget();

    // How many times the texture was drawn: once per change of what is on the panel.
    uint64_t redraw_count() const { return redraws_; }

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
};

// The two ways the overlay draws, straight onto the renderer's target: a fill (a plain one
// when opaque, a blend otherwise) and a text tinted `color`.
void paint_fill(SDL_Renderer* renderer, const SDL_Rect& rect, SDL_Color color);
void paint_text(SDL_Renderer* renderer, SDL_Texture* text, const SDL_Rect& where, SDL_Color color);

}  // namespace classplayer::ui
