#pragma once
// Where things go on the screen during a clip step, as a pure computation: the screen's size,
// the picture's aspect and what the step shows in; rectangles out. No SDL here, so the layout
// is tested without a renderer (tests/ui/test_class_layout.cpp) and the Screen (the picture)
// and the Overlay (the words) place things from the same numbers.
//
// The shape is the broadcast "L": the demonstration top right, as large as the words allow
// and never less than half of a 16:9 screen's area; a column on the left for what a person
// reads once per step (title, step and time left, why it changed, how to do it); a band below
// for what changes while moving (counters, caption, next up, notices, the hold countdown);
// a thin progress line along the bottom edge. Nothing is drawn over the picture: an older
// person copying the figure needs its head, hands, feet and the floor in view.
// Cards and the breathing rest keep their own full-screen layouts (overlay.cpp).

namespace classplayer::ui {

// A rectangle in screen pixels: x, y its top-left corner.
struct Box {
    int x = 0, y = 0, w = 0, h = 0;
    int right() const { return x + w; }
    int bottom() const { return y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
    bool overlaps(const Box& other) const {
        return !empty() && !other.empty() && x < other.right() && other.x < right() &&
               y < other.bottom() && other.y < bottom();
    }
    bool contains(const Box& other) const {
        return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }
    bool operator==(const Box&) const = default;
};

// What a clip step shows besides its picture (the overlay fills this from a View).
struct ClipWords {
    bool hold = false;      // the hold countdown's numerals
    bool caption = false;   // the words of the cue being spoken
    bool notice = false;    // a banner answering a press ("Easier: ...", "Captions off")
};

// The smallest share of a 16:9 screen's width the picture takes: its area is then at least
// half of the screen's (0.7071^2 = 0.5).
inline constexpr double kLeastPictureWidth = 0.7072;
// libswscale's SIMD converters write whole blocks of 16 pixels (FittedPicture::kWholeBlock):
// a picture this many pixels wide is written straight into the window on the software
// renderer. Pictures are sized to a whole number of blocks.
inline constexpr int kPictureBlock_px = 16;

struct ClipLayout {
    Box picture_area;  // nothing but the picture (and black beside it) is drawn here
    Box picture;       // the picture itself: its aspect kept, at the top of picture_area
    Box column;        // left of the picture, down to the progress line
    Box band;          // below the picture, right of the column, down to the progress line
    Box progress;      // the thin class progress line along the bottom edge
    // Inside the band; empty when the step does not show them. The notice takes the place of
    // the caption and next-up rows while it shows (a few seconds), so a long notice has three
    // rows and never lands on anything else.
    Box counters;  // "Round 3 of 6 · Right side": one line
    Box caption;   // two lines
    Box next_up;   // one line under the caption
    Box notice;    // caption's and next-up's rows together
    Box hold;      // "Hold 12" at the band's right
    // Inside the column: where its words go (margins taken off).
    Box column_words;
};

// Scales a measure given at 1080 lines to a screen `height_px` tall (as theme sizes do).
int scaled_px(double size_at_1080, int height_px);

// Where the picture may go on a screen of this size: the top-right corner, the width at least
// kLeastPictureWidth of a 16:9 screen as tall, in whole blocks, the height 9/16 of that.
// Depends on the screen only, so the picture stays put while words come and go.
Box picture_area(int screen_w, int screen_h);
// The largest box of `aspect` (width / height) inside `area`, at its top, centred across it, its width in
// whole blocks where that keeps it within a pixel of its aspect.
Box fit_picture(const Box& area, double aspect);

ClipLayout lay_out_clip(int screen_w, int screen_h, double picture_aspect, const ClipWords& words);

// Line heights the band is laid out for, at 1080 lines (DejaVu's line box is 1.164 em): the
// overlay's types for those rows must not be taller (checked in tests/ui/test_class_layout.cpp).
inline constexpr double kLineBox_em = 1.17;
inline constexpr int kCountersType_px = 48;  // theme::Type::BandLabel
inline constexpr int kBandBodyType_px = 44;  // theme::Type::SideBody: caption, next up, notice
inline constexpr int kHoldType_px = 150;     // theme::Type::Numerals

}  // namespace classplayer::ui
