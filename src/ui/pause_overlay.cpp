// The layers drawn over whatever the step shows: a notice's banner on a card, the pause
// screen and its choices, the paused banner. (Split from overlay.cpp; a clip's and a rest's
// notices have their own places: clip_overlay.cpp, Overlay::draw_breathing.)
#include "ui/overlay.hpp"

#include <algorithm>

namespace classplayer::ui {

void Overlay::draw_notice(std::string_view notice) {
    // Just under the top bar (never over the words in it), where it is seen at once but leaves
    // the lower half (where floor exercises are) and the counters alone. An amber bar marks it.
    const int wrap_px = static_cast<int>(theme::card_wrap_w * width_px_);
    const TextTexture* notice_text = text(theme::Type::CardBody, notice, wrap_px, TextAlign::Left);
    if (!notice_text) return;
    const int pad_x = px(40), pad_y = px(26), marker_w = px(14);
    const int box_w = notice_text->width_px + 2 * pad_x + marker_w;
    const SDL_Rect box{(width_px_ - box_w) / 2, top_bottom_px_ + px(28),
                       box_w, notice_text->height_px + 2 * pad_y};
    fill(box, theme::notice_background);
    fill({box.x, box.y, marker_w, box.h}, theme::reason);
    blit(notice_text, box.x + marker_w + pad_x, box.y + pad_y, theme::text);
}

void Overlay::draw_menu(const MenuView& menu, std::string_view notice) {
    // The pause screen: nearly opaque, so the choices read as clearly as a card; the frozen
    // picture still shows faintly, so the person knows where in the class they are.
    fill({0, 0, width_px_, height_px_}, theme::menu_dim);
    const TextTexture* heading = text(theme::Type::Paused, "Paused");
    // A notice answering a press here ("Captions off") takes the hint's place for its seconds.
    const TextTexture* hint =
        notice.empty() ? text(theme::Type::Meta, "UP / DOWN to choose   \xC2\xB7   OK to select   \xC2\xB7   BACK to resume")
                       : text(theme::Type::CardBody, notice, width_px_ - 2 * margin_x(), TextAlign::Center);
    constexpr std::size_t max_items = 8;
    std::array<const TextTexture*, max_items> items{};
    std::size_t count = 0;
    int widest = 0;
    for (const std::string& item : menu.items) {
        if (count == max_items) break;
        if (const TextTexture* t = text(theme::Type::CardBody, item)) {
            items[count++] = t;
            widest = std::max(widest, t->width_px);
        }
    }
    const int row_pad_y = px(14), row_gap = px(10), pad_x = px(60);
    const int row_h = line_height(theme::Type::CardBody) + 2 * row_pad_y;
    const int row_w = std::min(width_px_ - 2 * margin_x(), std::max(px(900), widest + 2 * pad_x));
    const int after_heading = px(40), before_hint = px(44);
    const int block_h = (heading ? heading->height_px + after_heading : 0) +
                        static_cast<int>(count) * (row_h + row_gap) - row_gap +
                        (hint ? before_hint + hint->height_px : 0);
    int y = std::max(margin_y(), (height_px_ - block_h) / 2);
    if (heading) {
        blit(heading, (width_px_ - heading->width_px) / 2, y, theme::text);
        y += heading->height_px + after_heading;
    }
    const int row_x = (width_px_ - row_w) / 2;
    for (std::size_t i = 0; i < count; ++i) {
        const bool selected = static_cast<int>(i) == menu.selected;
        // The highlighted choice is a filled bar with dark words; the others are outlined
        // only by their words: the difference is shape as well as colour.
        if (selected) fill({row_x, y, row_w, row_h}, theme::accent);
        blit(items[i], row_x + pad_x, y + row_pad_y, selected ? theme::on_accent : theme::text);
        y += row_h + row_gap;
    }
    if (hint) {
        // Below the choices the ground is plain: the hold countdown behind the dim showed
        // through the hint's words.
        const int hint_y = y - row_gap + before_hint;
        const int plain_top = y - row_gap + px(12);
        fill({0, plain_top, width_px_, height_px_ - plain_top}, {theme::menu_dim.r, theme::menu_dim.g, theme::menu_dim.b, 255});
        if (!notice.empty()) fill({(width_px_ - hint->width_px) / 2 - px(34), hint_y + px(6), px(12), hint->height_px - px(12)}, theme::reason);
        blit(hint, (width_px_ - hint->width_px) / 2, hint_y, notice.empty() ? theme::text_soft : theme::text);
    }
}

void Overlay::draw_paused() {
    // A light dim says "stopped" while what was on screen stays readable: people pause to
    // read the safety card or look at the demonstrated pose. The message sits on a banner
    // along the bottom, where nothing on a card and only frozen counters on a clip are.
    fill({0, 0, width_px_, height_px_}, theme::paused_dim);
    const TextTexture* paused_text = text(theme::Type::Paused, "Paused");
    const TextTexture* hint_text = text(theme::Type::CardBody, "Press OK to continue");
    if (!paused_text) return;

    const int ascent_px = TTF_FontAscent(font(theme::Type::Paused));
    // The pause symbol is as tall as the capitals of "Paused" (about 0.73 of the ascent).
    const int bar_h = ascent_px * 3 / 4, bar_w = std::max(4, bar_h * 2 / 7), bar_gap = bar_w;
    const int icon_w = 2 * bar_w + bar_gap, icon_gap = px(52), hint_gap = px(80);
    const int row_w = icon_w + icon_gap + paused_text->width_px +
                      (hint_text ? hint_gap + hint_text->width_px : 0);
    const int pad_y = px(34);
    const int banner_h = paused_text->height_px + 2 * pad_y;
    const int banner_top = height_px_ - progress_bar_height() - banner_h;
    fill({0, banner_top, width_px_, banner_h}, theme::paused_banner);

    // Everything on one baseline.
    const int baseline = banner_top + pad_y + ascent_px;
    int x = (width_px_ - row_w) / 2;
    fill({x, baseline - bar_h, bar_w, bar_h}, theme::text);
    fill({x + bar_w + bar_gap, baseline - bar_h, bar_w, bar_h}, theme::text);
    x += icon_w + icon_gap;
    blit(paused_text, x, baseline - ascent_px, theme::text);
    x += paused_text->width_px + hint_gap;
    if (hint_text)
        blit(hint_text, x, baseline - TTF_FontAscent(font(theme::Type::CardBody)), theme::text_soft);
}

}  // namespace classplayer::ui
