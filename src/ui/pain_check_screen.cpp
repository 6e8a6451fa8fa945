// The pain check, drawn over whatever the class was showing (Overlay::draw_pain_check): the
// question in a card's headline type, eleven numbered boxes 0-10 as wide as the screen allows,
// what the two ends mean under them, and the keys. Made to be read from three metres: the chosen number
// is a filled box with dark figures, so it differs in shape as well as colour.
#include <algorithm>
#include <array>
#include <string>

#include "ui/overlay.hpp"

namespace classplayer::ui {

void Overlay::draw_pain_check(const PainCheckView& check) {
    // Opaque: the question is the one thing to read (the card under it would show through a dim).
    fill({0, 0, width_px_, height_px_}, theme::card_background);
    const int wrap_px = width_px_ - 2 * margin_x();
    const TextTexture* question = text(theme::Type::CardTitle, check.question, wrap_px, TextAlign::Center);
    const TextTexture* low = text(theme::Type::CardBody, "No pain");
    const TextTexture* high = text(theme::Type::CardBody, "Worst pain");
    const TextTexture* hint = text(theme::Type::Meta,
                                   check.chosen ? "LEFT / RIGHT to change   \xC2\xB7   OK to answer   \xC2\xB7   BACK to skip"
                                                : "LEFT / RIGHT or a number to choose   \xC2\xB7   BACK to skip",
                                   wrap_px, TextAlign::Center);

    const int boxes = check.most + 1;
    const int gap = px(14);
    const int box = std::min(px(136), (wrap_px - (boxes - 1) * gap) / boxes);
    const int row_w = boxes * box + (boxes - 1) * gap;
    const int after_question = px(70), after_row = px(24), before_hint = px(70);
    const int ends_h = std::max(low ? low->height_px : 0, high ? high->height_px : 0);
    const int block_h = (question ? question->height_px + after_question : 0) + box + after_row + ends_h +
                        (hint ? before_hint + hint->height_px : 0);
    int y = std::max(margin_y(), (height_px_ - block_h) / 2);
    if (question) {
        blit(question, (width_px_ - question->width_px) / 2, y, theme::text);
        y += question->height_px + after_question;
    }
    const int row_x = (width_px_ - row_w) / 2;
    const int edge = std::max(2, px(4));
    for (int n = 0; n < boxes; ++n) {
        const SDL_Rect r{row_x + n * (box + gap), y, box, box};
        const bool chosen = check.chosen == n;
        if (chosen) {
            fill(r, theme::accent);
        } else {
            fill({r.x, r.y, r.w, edge}, theme::text_soft);
            fill({r.x, r.y + r.h - edge, r.w, edge}, theme::text_soft);
            fill({r.x, r.y, edge, r.h}, theme::text_soft);
            fill({r.x + r.w - edge, r.y, edge, r.h}, theme::text_soft);
        }
        if (const TextTexture* figure = text(theme::Type::Label, std::to_string(n)))
            blit(figure, r.x + (box - figure->width_px) / 2, r.y + (box - figure->height_px) / 2,
                 chosen ? theme::on_accent : theme::text);
    }
    y += box + after_row;
    if (low) blit(low, row_x, y, theme::text_soft);
    if (high) blit(high, row_x + row_w - high->width_px, y, theme::text_soft);
    y += ends_h;
    if (hint) blit(hint, (width_px_ - hint->width_px) / 2, y + before_hint, theme::text_soft);
}

}  // namespace classplayer::ui
