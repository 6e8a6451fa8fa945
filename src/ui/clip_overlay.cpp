// A clip step's words, in the places class_layout.hpp gives them: the column left of the
// picture (what a person reads once per step) and the band below it (what changes while
// moving). Nothing is drawn over the picture: the demonstration's head, hands, feet and floor
// stay in view. Both are opaque panels kept as textures (panel.hpp): the picture beside them
// changes every frame, their words a few times a minute.
#include "ui/overlay.hpp"

#include "ui/overlay_words.hpp"

#include <algorithm>

namespace classplayer::ui {
namespace {

// Types of the column and band, at the usual size or a size smaller (a narrow panel).
struct SideTypes {
    theme::Type title, meta, body, label;
};
constexpr SideTypes kSideTypes{theme::Type::SideTitle, theme::Type::SideMeta, theme::Type::SideBody,
                               theme::Type::BandLabel};
constexpr SideTypes kSmallSideTypes{theme::Type::SideTitleSmall, theme::Type::SideMetaSmall,
                                    theme::Type::SideBodySmall, theme::Type::BandLabelSmall};
// Gaps in the column, at 1080 lines: under the title, before the reason, between how-to lines.
constexpr double kUnderTitle_px = 8, kBeforeSection_px = 18, kBetweenLines_px = 10;

// How many how-to lines a clip shows (a playlist asking for more is refused: kMostClipLines
// in src/class/playlist.cpp).
constexpr std::size_t kMostLines = 4;

}  // namespace

void Overlay::draw_clip(const View& view) {
    ClipWords words;
    words.hold = view.hold_left_s.has_value();
    // No caption while paused: no cue is being spoken, and the paused banner goes there.
    words.caption = view.caption.has_value() && !view.paused;
    words.notice = !view.notice.empty();
    // The words' places do not depend on the picture's aspect (only the picture's own box does).
    const ClipLayout layout = lay_out_clip(width_px_, height_px_, 16.0 / 9.0, words);
    draw_column(view, layout);
    draw_band(view, layout);
    // The line's strip is painted afresh under its translucent track: nothing else paints it.
    fill({layout.progress.x, layout.progress.y, layout.progress.w, layout.progress.h}, theme::panel);
    draw_progress(view);
}

const TextTexture* Overlay::where_text(const View& view, theme::Type type, int width_px) {
    // "Step 3 of 7 · 6 min left" on one line where it fits (single spaces: the column is
    // narrow); else "6 min left" on a line of its own (wrapped as one, "min" and "left" fell
    // on different lines).
    Label where;
    if (view.step_count > 0) where.append_format("Step %d of %d", view.step_number, view.step_count);
    if (const int minutes = whole_minutes_left(view.class_left_s); minutes > 0)
        where.append_format("%s%d min left", where.length > 0 ? " \xC2\xB7 " : "", minutes);
    const TextTexture* one_line = text(type, where.view());
    if (one_line == nullptr || one_line->width_px <= width_px) return one_line;
    Label two_lines;
    if (view.step_count > 0) two_lines.append_format("Step %d of %d\n", view.step_number, view.step_count);
    two_lines.append_format("%d min left", whole_minutes_left(view.class_left_s));
    return text(type, two_lines.view(), width_px);
}

bool Overlay::column_fits(const View& view, const ClipLayout& layout, bool small) {
    const SideTypes types = small ? kSmallSideTypes : kSideTypes;
    const Box& at = layout.column_words;
    int h = 0;
    const auto add = [&](const TextTexture* t, int gap_before) {
        if (t) h += (h > 0 ? gap_before : 0) + t->height_px;
    };
    add(text(types.title, view.title, at.w), 0);
    add(where_text(view, types.meta, at.w), px(kUnderTitle_px));
    if (view.reason) add(text(types.body, *view.reason, at.w - px(30)), px(kBeforeSection_px));
    std::size_t count = 0;
    for (const std::string& line : view.lines) {
        if (count++ == kMostLines) break;
        add(text(types.body, line, at.w), count == 1 ? px(kBeforeSection_px) : px(kBetweenLines_px));
    }
    return h <= at.h;
}

void Overlay::draw_column(const View& view, const ClipLayout& layout) {
    const Box& at = layout.column_words;
    // The usual type unless the step's words would run off the column's foot; then a size
    // smaller (only on narrow panels: the longest shipped step fits at 1080p and 720p).
    const bool small = !column_fits(view, layout, false);
    const SideTypes types = small ? kSmallSideTypes : kSideTypes;
    begin_panel(PanelId::Column, {layout.column.x, layout.column.y, layout.column.w, layout.column.h});
    int y = at.y;
    const auto put = [&](const TextTexture* t, int x, int gap_before, SDL_Color colour) {
        if (!t) return;
        if (y > at.y) y += gap_before;
        blit(t, x, y, colour);
        y += t->height_px;
    };
    put(text(types.title, view.title, at.w), at.x, 0, theme::text);
    put(where_text(view, types.meta, at.w), at.x, px(kUnderTitle_px), theme::text_soft);
    // Why this step changed comes straight under its name, marked by an amber bar, then how to
    // do it.
    if (view.reason) {
        const int indent = px(30);
        if (const TextTexture* reason = text(types.body, *view.reason, at.w - indent)) {
            y += px(kBeforeSection_px);
            fill({at.x, y + px(6), px(10), std::max(1, reason->height_px - px(12))}, theme::reason);
            blit(reason, at.x + indent, y, theme::reason);
            y += reason->height_px;
        }
    }
    std::size_t count = 0;
    for (const std::string& line : view.lines) {
        if (count++ == kMostLines) break;
        put(text(types.body, line, at.w), at.x, count == 1 ? px(kBeforeSection_px) : px(kBetweenLines_px), theme::text);
    }
    end_panel();
}

void Overlay::draw_band(const View& view, const ClipLayout& layout) {
    begin_panel(PanelId::Band, {layout.band.x, layout.band.y, layout.band.w, layout.band.h});
    const bool small = layout.column.w < px(520);  // a narrow panel: the column's smaller type too
    const SideTypes types = small ? kSmallSideTypes : kSideTypes;

    Label counters;  // "Round 3 of 6   ·   Right side   ·   Set 1 of 2"
    for (const std::string* part : {&view.rep_label, &view.side_label, &view.set_label}) {
        if (part->empty()) continue;
        if (counters.length > 0) counters.append(separator);
        counters.append(*part);
    }
    if (const TextTexture* t = text(types.label, counters.view(), layout.counters.w))
        blit(t, layout.counters.x, layout.counters.y, theme::text);

    if (!layout.notice.empty()) {
        // A banner answering a press: an amber bar marks it, as it marks a swap's reason.
        const int indent = px(30);
        if (const TextTexture* t = text(types.body, view.notice, layout.notice.w - indent)) {
            fill({layout.notice.x, layout.notice.y + px(6), px(10), std::max(1, t->height_px - px(12))},
                 theme::reason);
            blit(t, layout.notice.x + indent, layout.notice.y, theme::text);
        }
    }
    if (!layout.caption.empty() && view.caption) {
        // The cue's words, for anyone who cannot hear it (a muted waiting-room screen).
        if (const TextTexture* t = text(types.body, *view.caption, layout.caption.w))
            blit(t, layout.caption.x, layout.caption.y, theme::text);
    }
    if (!layout.next_up.empty()) {
        if (const TextTexture* t = text(types.body, view.next_up, layout.next_up.w))
            blit(t, layout.next_up.x, layout.next_up.y, theme::next_up);
    }

    if (view.hold_left_s && !layout.hold.empty()) {
        Label digits;
        digits.append_format("%d", whole_seconds_left(*view.hold_left_s));
        const TextTexture* digits_text = text(theme::Type::Numerals, digits.view());
        const TextTexture* hold_label = text(types.body, "Hold");
        if (digits_text) {
            // The digits hug the box's right edge, centred on its height; "Hold" sits left of
            // them on their baseline.
            const int digits_x = layout.hold.right() - digits_text->width_px;
            const int digits_top = layout.hold.y + std::max(0, (layout.hold.h - digits_height_px_) / 2);
            blit(digits_text, digits_x, digits_top - digits_top_px_, theme::text);
            if (hold_label) {
                const int baseline = digits_top + digits_height_px_;
                blit(hold_label, digits_x - px(22) - hold_label->width_px,
                     baseline - TTF_FontAscent(font(types.body)), theme::text_soft);
            }
        }
    }
    end_panel();
}

}  // namespace classplayer::ui
