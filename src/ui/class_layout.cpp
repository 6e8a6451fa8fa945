#include "ui/class_layout.hpp"

#include <algorithm>
#include <cmath>

namespace classplayer::ui {
namespace {

// Measures at 1080 lines.
constexpr double kProgress_px = 14;      // the thin progress line (theme::progress_bar_h)
constexpr double kColumnLeft_px = 48;    // the column's words from the screen's left edge (TV overscan: 2.5%)
constexpr double kColumnRight_px = 12;   // ... and from the picture
constexpr double kColumnTop_px = 28;
constexpr double kColumnBottom_px = 10;
constexpr double kBandPadX_px = 56;      // the band's words from the column and the right edge
constexpr double kBandPadY_px = 16;
constexpr double kRowGap_px = 8;
constexpr double kHoldWidth_px = 340;    // "Hold 30": the label and two digits

int line_px(int type_px_at_1080, int height_px) {
    return scaled_px(std::ceil(type_px_at_1080 * kLineBox_em), height_px);
}

}  // namespace

int scaled_px(double size_at_1080, int height_px) {
    return static_cast<int>(std::lround(size_at_1080 * height_px / 1080.0));
}

Box picture_area(int screen_w, int screen_h) {
    // Half of a 16:9 screen's area: the width is taken from the screen's height, so a wider
    // screen (21:9) gives its extra width to the words and a narrower one (5:3, 4:3) to the
    // picture, and never below kLeastPictureWidth of the screen's own width.
    const double wide_w = std::max<double>(screen_w, screen_h * 16.0 / 9.0);
    int w = static_cast<int>(std::ceil(kLeastPictureWidth * std::min<double>(wide_w, screen_w) / kPictureBlock_px)) *
            kPictureBlock_px;
    w = std::clamp(w, 0, screen_w);
    // 16:9 is what the class's clips are; at most the screen's height less the progress line.
    const int progress_h = std::max(4, scaled_px(kProgress_px, screen_h));
    const int h = std::min(static_cast<int>(std::lround(w * 9.0 / 16.0)), screen_h - progress_h);
    return {screen_w - w, 0, w, std::max(0, h)};
}

Box fit_picture(const Box& area, double aspect) {
    if (area.empty() || !(aspect > 0)) return {area.x, area.y, 0, 0};
    double fit_w = area.w, fit_h = area.w / aspect;
    if (fit_h > area.h) {
        fit_h = area.h;
        fit_w = area.h * aspect;
    }
    int w = std::max(1, static_cast<int>(std::lround(fit_w)));
    // Whole converter blocks (at most 15 pixels narrower); the height follows the width, so
    // the aspect stays within a pixel.
    if (w >= kPictureBlock_px) w = w / kPictureBlock_px * kPictureBlock_px;
    const int h = std::clamp(static_cast<int>(std::lround(w / aspect)), 1, area.h);
    // At the area's top (the band stays right under it), centred across it: a narrower
    // picture (4:3, portrait) gets even black either side.
    return {area.x + (area.w - w) / 2, area.y, w, h};
}

ClipLayout lay_out_clip(int screen_w, int screen_h, double picture_aspect, const ClipWords& words) {
    ClipLayout out;
    const auto px = [screen_h](double at_1080) { return scaled_px(at_1080, screen_h); };
    const int progress_h = std::max(4, px(kProgress_px));
    out.progress = {0, screen_h - progress_h, screen_w, progress_h};
    out.picture_area = picture_area(screen_w, screen_h);
    out.picture = fit_picture(out.picture_area, picture_aspect);
    const int words_bottom = out.progress.y;
    out.column = {0, 0, out.picture_area.x, words_bottom};
    out.band = {out.picture_area.x, out.picture_area.bottom(), screen_w - out.picture_area.x,
                std::max(0, words_bottom - out.picture_area.bottom())};
    out.column_words = {px(kColumnLeft_px), px(kColumnTop_px),
                        std::max(0, out.column.w - px(kColumnLeft_px) - px(kColumnRight_px)),
                        std::max(0, out.column.h - px(kColumnTop_px) - px(kColumnBottom_px))};

    // The band: the hold countdown at its right, the rows of words left of it, top down.
    const int pad_x = px(kBandPadX_px), pad_y = px(kBandPadY_px), gap = px(kRowGap_px);
    const int rows_top = out.band.y + pad_y;
    const int rows_bottom = out.band.bottom() - pad_y;
    int words_right = out.band.right() - pad_x;
    if (words.hold) {
        const int hold_w = px(kHoldWidth_px);
        out.hold = {words_right - hold_w, rows_top, hold_w, rows_bottom - rows_top};
        words_right = out.hold.x - pad_x;
    }
    const int words_x = out.band.x + pad_x;
    const int words_w = std::max(0, words_right - words_x);
    const int counters_h = line_px(kCountersType_px, screen_h);
    const int body_h = line_px(kBandBodyType_px, screen_h);
    out.counters = {words_x, rows_top, words_w, counters_h};
    const int talk_top = out.counters.bottom() + gap;
    if (words.notice) {
        out.notice = {words_x, talk_top, words_w, std::min(3 * body_h + gap, rows_bottom - talk_top)};
    } else {
        if (words.caption) out.caption = {words_x, talk_top, words_w, 2 * body_h};
        out.next_up = {words_x, talk_top + 2 * body_h + gap, words_w, body_h};
    }
    return out;
}

}  // namespace classplayer::ui
