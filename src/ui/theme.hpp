#pragma once
// The look, in one place: type sizes and colours, tuned for an older person three metres from
// a TV. Sizes are pixels at 1080 lines and scale with the output height. Internal to src/ui.

#include <SDL.h>

#include <array>
#include <cstdint>

namespace classplayer::ui::theme {

// A text style: which face and how big. The index doubles as the text cache's font id.
enum class Type : int {
    CardTitle,  // card headline
    CardBody,   // card paragraphs, breathing count, "Press OK to continue"
    BarTitle,   // exercise name in the top bar
    Body,       // instructions, reason and next-up over video, caption
    Label,      // "Round 3 of 6  ·  Right side"
    Meta,       // "Step 3 of 7", "12 min left"
    Numerals,   // hold countdown
    Breathe,    // "Breathe in" / "Breathe out"
    Paused,     // "Paused"
    // A clip step's words, beside and below the picture (class_layout.hpp): at least 44 px
    // at 1080 lines, set so the class's longest step (a swap reason and three how-to lines)
    // fits its column.
    SideTitle,  // the exercise's name, top of the column
    SideMeta,   // "Step 3 of 7 · 6 min left" in the column
    SideBody,   // reason, how-to lines, caption, next up, notice
    BandLabel,  // "Round 3 of 6  ·  Right side" in the band
    // The same three a size smaller, where the column cannot hold a step's words at the sizes
    // above (a narrow 5:3 or 4:3 panel): every word stays on screen.
    SideTitleSmall,
    SideMetaSmall,
    SideBodySmall,
    BandLabelSmall,
    Count
};

struct TypeSpec {
    bool bold;
    int size_px_at_1080;  // body text stays >= ~48 px at 1080p for reading at 3 m
};

inline constexpr std::array<TypeSpec, static_cast<int>(Type::Count)> type_specs{{
    {true, 100},   // CardTitle
    {false, 62},   // CardBody
    {true, 62},    // BarTitle
    {false, 54},   // Body
    {true, 58},    // Label
    {false, 50},   // Meta
    {true, 150},   // Numerals (class_layout.hpp's kHoldType_px)
    {true, 104},   // Breathe
    {true, 132},   // Paused
    {true, 52},    // SideTitle
    {false, 40},   // SideMeta: one line in the column at 1080p
    {false, 44},   // SideBody (class_layout.hpp's kBandBodyType_px)
    {true, 48},    // BandLabel (class_layout.hpp's kCountersType_px)
    {true, 42},    // SideTitleSmall
    {false, 34},   // SideMetaSmall
    {false, 36},   // SideBodySmall
    {true, 40},    // BandLabelSmall
}};

// Colours: white on dark everywhere; one accent each for "why this changed" and "what next".
inline constexpr SDL_Color text = {255, 255, 255, 255};
inline constexpr SDL_Color text_soft = {214, 222, 232, 255};   // secondary text, still ~12:1
inline constexpr SDL_Color reason = {255, 196, 77, 255};       // amber: the plan changed here
inline constexpr SDL_Color next_up = {150, 206, 255, 255};     // light blue: what comes next
inline constexpr SDL_Color card_background = {18, 30, 44, 255};
inline constexpr SDL_Color breathing_background = {12, 34, 44, 255};
// Behind text drawn over video: opaque, so words in the picture never show through words on
// it, and (on the software renderer) a plain fill, not a blend of every pixel under it.
inline constexpr SDL_Color panel = {0, 0, 0, 255};
inline constexpr SDL_Color paused_dim = {0, 0, 0, 96};       // light: the screen stays readable
inline constexpr SDL_Color paused_banner = {18, 30, 44, 255};  // card colour, opaque
inline constexpr SDL_Color accent = {86, 200, 170, 255};       // progress fill, title rule, chosen item
inline constexpr SDL_Color on_accent = {8, 22, 30, 255};       // words on the accent, ~10:1
inline constexpr SDL_Color menu_dim = {10, 18, 28, 246};       // behind the pause screen's choices
inline constexpr SDL_Color notice_background = {0, 0, 0, 214}; // behind a banner answering a press
inline constexpr SDL_Color progress_track = {255, 255, 255, 56};
inline constexpr SDL_Color breath_circle = {96, 196, 200, 235};
inline constexpr SDL_Color breath_ring = {96, 196, 200, 90};

// Layout, fractions of the output height (h) or width (w).
inline constexpr double safe_x_w = 0.05;        // title-safe margin left/right (TV overscan)
inline constexpr double safe_y_h = 0.035;       // action-safe margin top/bottom
inline constexpr double progress_bar_h = 0.013; // the thin class progress bar on the bottom edge
inline constexpr double card_wrap_w = 0.8;      // card text wraps at 80% of the width
inline constexpr double breath_min_radius_h = 0.10;
inline constexpr double breath_max_radius_h = 0.26;

}  // namespace classplayer::ui::theme
