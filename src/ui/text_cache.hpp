#pragma once
// Rendered text, kept as textures so an unchanged overlay does not re-rasterise its text every
// frame. Keyed by (text, font, wrap width, alignment); looked up with a string_view so a hit
// allocates nothing. Entries unused for a while are destroyed, so a screen that runs all day
// (a countdown makes a new string every second) keeps a flat memory footprint.
// Internal to src/ui. Used only from the thread that owns the renderer.

#include "ui/sdl_handles.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace classplayer::ui {

enum class TextAlign : uint8_t { Left, Center };

struct TextTexture {
    SDL_Texture* texture = nullptr;  // white glyphs; tint with SDL_SetTextureColorMod
    int width_px = 0, height_px = 0;
    // Unique to this rendering: tells it apart from a later text given the same texture
    // address after this one was evicted (see Panel).
    uint64_t serial = 0;
};

class TextCache {
public:
    explicit TextCache(SDL_Renderer* renderer) : renderer_(renderer) {}

    // The texture for `text` set in `font`; wrapped at wrap_px when > 0 (alignment applies
    // to wrapped lines). Renders on a miss. Returns nullptr for empty text or on failure.
    // font_id names the font for the key (the caller's style index).
    const TextTexture* get(std::string_view text, TTF_Font* font, int font_id, int wrap_px,
                           TextAlign align);

    // Bracket each drawn frame. end_frame() forgets entries unused for longer than keep_s of
    // frame time and the last couple of frames, and holds the count under a hard cap.
    void begin_frame(double now_s);
    void end_frame();

    void clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

private:
    struct KeyView {
        std::string_view text;
        int font_id;
        int wrap_px;
        TextAlign align;
    };
    struct Key {
        std::string text;
        int font_id;
        int wrap_px;
        TextAlign align;
        operator KeyView() const { return {text, font_id, wrap_px, align}; }
    };
    // Transparent hash and equality: find() takes a KeyView, so a hit copies no string.
    struct KeyHash {
        using is_transparent = void;
        std::size_t operator()(const KeyView& key) const noexcept;
        std::size_t operator()(const Key& key) const noexcept { return (*this)(KeyView(key)); }
    };
    struct KeyEqual {
        using is_transparent = void;
        static bool same(const KeyView& a, const KeyView& b) noexcept {
            return a.font_id == b.font_id && a.wrap_px == b.wrap_px && a.align == b.align &&
                   a.text == b.text;
        }
        bool operator()(const Key& a, const Key& b) const noexcept { return same(a, b); }
        bool operator()(const KeyView& a, const Key& b) const noexcept { return same(a, b); }
        bool operator()(const Key& a, const KeyView& b) const noexcept { return same(a, b); }
    };
    struct Entry {
        SdlTexturePtr owner;
        TextTexture text;
        double last_used_s = 0;
        uint64_t last_used_frame = 0;
    };

    static constexpr double keep_s = 5.0;           // a cue or label comes back within this
    static constexpr uint64_t keep_frames = 2;      // never evict what the last frames used
    static constexpr std::size_t max_entries = 160; // hard cap whatever the frame rate

    SDL_Renderer* renderer_;
    std::unordered_map<Key, Entry, KeyHash, KeyEqual> entries_;
    uint64_t frame_ = 0;
    double now_s_ = 0;
    uint64_t rendered_ = 0;  // texts rendered so far: the next one's serial
};

}  // namespace classplayer::ui
