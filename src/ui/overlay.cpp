#include "ui/overlay.hpp"

#include "ui/overlay_words.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <utility>

namespace classplayer::ui {
namespace {

constexpr int font_id(theme::Type type) { return static_cast<int>(type); }

// Rasterises a disc (ring_width_px == 0) or ring in `colour`, with an anti-aliased edge, once
// when a breathing rest is first drawn at this size; each frame only copies (and for the disc,
// scales) the texture. The colour is baked in rather than applied as a colour and alpha
// modulation at each copy: SDL's software renderer has no fast blitter for modulated blends.
// Given `under`, the shape is composited over that colour into an opaque square: copying it
// repaints the whole square, background and all.
SdlTexturePtr make_circle_texture(SDL_Renderer* renderer, int diameter_px, int ring_width_px, SDL_Color colour,
                                  const SDL_Color* under = nullptr) {
    SdlSurfacePtr surface(SDL_CreateRGBSurfaceWithFormat(0, diameter_px, diameter_px, 32,
                                                         SDL_PIXELFORMAT_ARGB8888));
    if (!surface) return nullptr;
    const double radius = diameter_px / 2.0;
    const auto channel = [](double over, double back, double alpha) {
        return static_cast<uint32_t>(std::lround(over * alpha + back * (1.0 - alpha)));
    };
    auto* rows = static_cast<uint8_t*>(surface->pixels);
    for (int y = 0; y < diameter_px; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(rows + y * surface->pitch);
        for (int x = 0; x < diameter_px; ++x) {
            const double distance = std::hypot(x + 0.5 - radius, y + 0.5 - radius);
            // Coverage of the pixel by the shape, approximated by distance to each edge.
            double coverage = std::clamp(radius - distance, 0.0, 1.0);
            if (ring_width_px > 0)
                coverage = std::min(
                    coverage, std::clamp(distance - (radius - ring_width_px), 0.0, 1.0));
            const double alpha = coverage * colour.a / 255.0;
            if (under != nullptr)
                row[x] = 0xFF000000u | channel(colour.r, under->r, alpha) << 16 |
                         channel(colour.g, under->g, alpha) << 8 | channel(colour.b, under->b, alpha);
            else
                row[x] = static_cast<uint32_t>(std::lround(alpha * 255.0)) << 24 |
                         uint32_t{colour.r} << 16 | uint32_t{colour.g} << 8 | colour.b;
        }
    }
    SdlTexturePtr texture(SDL_CreateTextureFromSurface(renderer, surface.get()));
    if (texture) {
        SDL_SetTextureBlendMode(texture.get(), under != nullptr ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(texture.get(), SDL_ScaleModeLinear);
    }
    return texture;
}

// Gentle in-out easing, so the circle starts and ends each breath slowly.
double ease_in_out(double progress) {
    return 0.5 - 0.5 * std::cos(std::numbers::pi * std::clamp(progress, 0.0, 1.0));
}

// How full the breathing circle is, 0 (smallest) to 1 (largest).
double breath_fullness(const View& view) {
    const double eased = ease_in_out(view.breathing_phase_progress);
    return view.breathing_in ? eased : 1.0 - eased;
}

// FNV-1a, 64 bit: enough to tell two screens apart, and it needs no heap.
class Fingerprint {
public:
    void add(std::string_view text) {
        add(static_cast<int64_t>(text.size()));
        for (const char c : text) mix(static_cast<uint8_t>(c));
    }
    void add(int64_t value) {
        for (int i = 0; i < 8; ++i) mix(static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * i)));
    }
    uint64_t value() const { return hash_; }

private:
    void mix(uint8_t byte) {
        hash_ ^= byte;
        hash_ *= 0x100000001b3ULL;
    }
    uint64_t hash_ = 0xcbf29ce484222325ULL;
};

}  // namespace

Overlay::Overlay(SDL_Renderer* renderer, std::filesystem::path font_dir)
    : renderer_(renderer),
      font_dir_(std::move(font_dir)),
      text_cache_(renderer),
      panels_{Panel(renderer), Panel(renderer)} {}

std::expected<std::unique_ptr<Overlay>, std::string> Overlay::create(
    SDL_Renderer* renderer, const std::filesystem::path& font_dir, int width_px, int height_px) {
    std::unique_ptr<Overlay> overlay(new Overlay(renderer, font_dir));
    if (auto resized = overlay->resize(width_px, height_px); !resized)
        return std::unexpected(resized.error());
    return overlay;
}

std::expected<void, std::string> Overlay::resize(int width_px, int height_px) {
    if (width_px == width_px_ && height_px == height_px_) return {};
    const int old_width_px = width_px_, old_height_px = height_px_;
    moving_parts_ = {};  // laid out for the old size: the next rest or card is drawn whole
    width_px_ = width_px;  // px() scales by the new height from here on
    height_px_ = height_px;

    // Open everything for the new size first and swap it in only when all of it worked, so
    // a failure leaves the overlay drawing at the old size rather than half-built.
    std::array<TtfFontPtr, static_cast<std::size_t>(theme::Type::Count)> fonts;
    const auto regular = font_dir_ / "DejaVuSans.ttf";
    const auto bold = font_dir_ / "DejaVuSans-Bold.ttf";
    std::string failure;
    for (std::size_t i = 0; i < fonts.size() && failure.empty(); ++i) {
        const theme::TypeSpec& spec = theme::type_specs[i];
        const auto& path = spec.bold ? bold : regular;
        fonts[i].reset(TTF_OpenFont(path.c_str(), std::max(10, px(spec.size_px_at_1080))));
        if (!fonts[i]) failure = "cannot open font " + path.string() + ": " + TTF_GetError();
    }
    if (!failure.empty()) {
        width_px_ = old_width_px;
        height_px_ = old_height_px;
        return std::unexpected(failure);
    }

    text_cache_.clear();  // cached text was set in the old fonts
    for (Panel& panel : panels_) panel.forget();
    fonts_ = std::move(fonts);
    circle_.reset();  // made again at the new size when a breathing rest first needs them
    ring_.reset();

    TTF_Font* numerals = font(theme::Type::Numerals);
    int min_x = 0, max_x = 0, min_y = 0, max_y = 0, advance = 0;
    if (TTF_GlyphMetrics32(numerals, '0', &min_x, &max_x, &min_y, &max_y, &advance) == 0) {
        digits_top_px_ = TTF_FontAscent(numerals) - max_y;
        digits_height_px_ = max_y - std::min(0, min_y);
    } else {
        digits_top_px_ = 0;
        digits_height_px_ = TTF_FontHeight(numerals);
    }
    return {};
}

TTF_Font* Overlay::font(theme::Type type) const {
    return fonts_[static_cast<std::size_t>(font_id(type))].get();
}

int Overlay::px(double size_at_1080) const {
    return static_cast<int>(std::lround(size_at_1080 * height_px_ / 1080.0));
}

int Overlay::line_height(theme::Type type) const { return TTF_FontHeight(font(type)); }

const TextTexture* Overlay::text(theme::Type type, std::string_view content, int wrap_px,
                                 TextAlign align) {
    return text_cache_.get(content, font(type), font_id(type), wrap_px, align);
}

void Overlay::blit(const TextTexture* content, int x_px, int y_px, SDL_Color color) {
    if (content == nullptr || rehearsing_) return;
    if (open_panel_) return open_panel_->text(*content, x_px, y_px, color);
    paint_text(renderer_, content->texture, {x_px, y_px, content->width_px, content->height_px}, color);
}

void Overlay::fill(const SDL_Rect& rect, SDL_Color color) {
    if (rehearsing_) return;
    if (open_panel_) return open_panel_->fill(rect, color);
    paint_fill(renderer_, rect, color);
}

void Overlay::begin_panel(PanelId id, const SDL_Rect& area) {
    if (rehearsing_) {
        if (area.x <= 0 && area.x + area.w >= width_px_) {
            if (area.y <= 0) covered_.top_px = std::max(covered_.top_px, area.y + area.h);
            else if (area.y + area.h >= height_px_)
                covered_.bottom_px = std::max(covered_.bottom_px, height_px_ - area.y);
        }
        return;
    }
    open_panel_ = &panels_[static_cast<std::size_t>(id)];
    open_panel_->begin(area, theme::panel);
}

void Overlay::end_panel() {
    if (open_panel_ == nullptr) return;
    Panel* const panel = std::exchange(open_panel_, nullptr);
    panel->end(changed_, frame_);
}

uint64_t Overlay::panel_redraws() const {
    uint64_t count = 0;
    for (const Panel& panel : panels_) count += panel.redraw_count();
    return count;
}

uint64_t Overlay::panel_rows_copied() const {
    uint64_t count = 0;
    for (const Panel& panel : panels_) count += panel.rows_copied();
    return count;
}

Overlay::Appearance Overlay::appearance(const View& view) const {
    Fingerprint print;
    print.add(static_cast<int64_t>(view.kind));
    print.add(view.paused ? 1 : 0);
    print.add(view.title);
    print.add(static_cast<int64_t>(view.lines.size()));
    for (const std::string& line : view.lines) print.add(line);
    print.add(view.step_number);
    print.add(view.step_count);
    print.add(whole_minutes_left(view.class_left_s));
    print.add(view.reason ? 1 : 0);
    if (view.reason) print.add(*view.reason);
    print.add(view.rep_label);
    print.add(view.side_label);
    print.add(view.set_label);
    print.add(view.hold_left_s ? whole_seconds_left(*view.hold_left_s) : -1);
    print.add(view.caption ? 1 : 0);
    if (view.caption) print.add(*view.caption);
    if (view.kind == ViewKind::Breathing) {
        print.add(view.breathing_in ? 1 : 0);
        print.add(view.breath_number);
        print.add(view.breath_count);
    }
    print.add(view.next_up);
    print.add(view.notice);
    print.add(static_cast<int64_t>(view.offer.size()));
    for (const std::string& line : view.offer) print.add(line);
    print.add(view.menu ? 1 : 0);
    if (view.menu) {
        print.add(view.menu->selected);
        print.add(static_cast<int64_t>(view.menu->items.size()));
        for (const std::string& item : view.menu->items) print.add(item);
    }
    print.add(view.pain_check ? 1 : 0);
    if (view.pain_check) {
        print.add(view.pain_check->question);
        print.add(view.pain_check->chosen.value_or(-1));
    }
    // The moving parts last, so that one pass gives both fingerprints.
    const uint64_t still = print.value();
    print.add(std::lround(std::clamp(view.class_progress, 0.0, 1.0) * width_px_));
    if (view.kind == ViewKind::Breathing)  // finer than a pixel of radius at any layout
        print.add(std::lround(breath_fullness(view) * px(2 * theme::breath_max_radius_h * 1080.0)));
    return {print.value(), still};
}

void Overlay::draw(const View& view, double now_s, const ChangedRows& changed) {
    if (!rehearsing_) {
        ++frame_;
        moving_parts_.placed = false;  // until a card or rest below says otherwise
        changed_ = changed;
        // Last frame's progress bar, translucent over the bottom panel: drawn on again, it
        // would darken frame by frame.
        changed_.add(height_px_ - progress_bar_height(), height_px_);
    }
    text_cache_.begin_frame(now_s);
    draw_layers(view);
    text_cache_.end_frame();
}

void Overlay::draw_layers(const View& view) {
    top_bottom_px_ = margin_y();
    switch (view.kind) {
        case ViewKind::Card:
            draw_card(view, view.title, {}, {});
            break;
        case ViewKind::Clip:
            draw_clip(view);
            break;
        case ViewKind::Breathing:
            draw_breathing(view);
            break;
        case ViewKind::ClipError:
            draw_card(view, "This clip could not be played", view.title,
                      "The class goes on with the next step.");
            break;
        case ViewKind::Ended:
            draw_card(view, "Class complete", view.title == "Class complete"
                                                  ? std::string_view{}
                                                  : std::string_view{view.title},
                      {});
            break;
    }
    // A clip's notice has its place in the band (draw_clip), a rest's under its circle
    // (draw_breathing), the pause screen's in its hint's place (draw_menu): drawn under the
    // screen's near-opaque dim, "Captions off" was never seen.
    const bool menu_shown = view.menu && !view.pain_check;
    const bool placed_notice = view.kind == ViewKind::Clip || view.kind == ViewKind::Breathing || menu_shown;
    if (!view.notice.empty() && !placed_notice) draw_notice(view.notice);
    if (view.pain_check) {
        draw_pain_check(*view.pain_check);
        if (!rehearsing_) moving_parts_.placed = false;  // the rest's circle is under it: draw it all
    } else if (view.menu) {
        draw_menu(*view.menu, view.notice);
    } else if (view.paused) {
        draw_paused();
    }
}

void Overlay::prepare(const View& view, double now_s) {
    rehearsing_ = true;
    draw(view, now_s);
    rehearsing_ = false;
}

Overlay::CoveredRows Overlay::covered_rows(const View& view) {
    // The layout only: no frame of the text cache's begins or ends here (the draw that follows
    // is the frame), so its ageing counts drawn frames, not rehearsals.
    covered_ = {};
    rehearsing_ = true;
    draw_layers(view);
    rehearsing_ = false;
    return covered_;
}

int Overlay::margin_x() const {
    return static_cast<int>(std::lround(theme::safe_x_w * width_px_));
}
int Overlay::margin_y() const {
    return static_cast<int>(std::lround(theme::safe_y_h * height_px_));
}
int Overlay::progress_bar_height() const {
    return std::max(4, px(theme::progress_bar_h * 1080.0));
}

int Overlay::draw_top(const View& view, bool show_title) {
    const int mx = margin_x(), my = margin_y();
    const int text_w = width_px_ - 2 * mx;

    Label where;  // "Step 3 of 7   ·   6 min left"
    where_label(view, where);
    const TextTexture* where_text = text(theme::Type::Meta, where.view());
    const int where_w = where_text ? where_text->width_px : 0;

    const TextTexture* title_text = nullptr;
    if (show_title) {
        const int title_wrap_px = std::max(px(300), text_w - where_w - (where_w > 0 ? px(48) : 0));
        title_text = text(theme::Type::BarTitle, view.title, title_wrap_px, TextAlign::Left);
    }
    if (!where_text && !title_text) return top_bottom_px_ = my;

    const int first_line_h = title_text ? line_height(theme::Type::BarTitle) : line_height(theme::Type::Meta);
    const int content_h = std::max(title_text ? title_text->height_px : 0, where_text ? where_text->height_px : 0);
    const int bottom = my + content_h + px(22);
    top_bottom_px_ = bottom;
    blit(title_text, mx, my, theme::text);
    if (where_text)
        blit(where_text, width_px_ - mx - where_w, my + (first_line_h - where_text->height_px) / 2,
             theme::text_soft);
    return bottom;
}

void Overlay::draw_progress(const View& view) {
    const int bar_h = progress_bar_height();
    const int y = height_px_ - bar_h;
    fill({0, y, width_px_, bar_h}, theme::progress_track);
    const double done = std::clamp(view.class_progress, 0.0, 1.0);
    const int done_w = static_cast<int>(std::lround(done * width_px_));
    if (done_w > 0) fill({0, y, done_w, bar_h}, theme::accent);
}

void Overlay::draw_card(const View& view, std::string_view headline, std::string_view subtitle,
                        std::string_view fallback_line) {
    fill({0, 0, width_px_, height_px_}, theme::card_background);
    const bool ended = view.kind == ViewKind::Ended;
    const int top = ended ? margin_y() : draw_top(view, false);
    const int wrap_px = static_cast<int>(theme::card_wrap_w * width_px_);

    // The block, top to bottom: headline, a short accent rule, subtitle, paragraphs, reason,
    // next up. Measured first so the whole block can be centred, and set in smaller type with
    // tighter gaps when the card's own would run into the progress bar (a long card on a small
    // screen): every word of a safety card must be seen.
    const TextTexture* headline_text = nullptr;
    const TextTexture* subtitle_text = nullptr;
    constexpr std::size_t max_paragraphs = 8;  // a playlist asking for more is refused (kMostCardLines)
    std::array<const TextTexture*, max_paragraphs> paragraphs{};
    std::size_t paragraph_count = 0;
    const TextTexture* reason_text = nullptr;
    const TextTexture* next_text = nullptr;
    const int rule_w = px(180), rule_h = px(6);
    int after_headline = 0, after_rule = 0, paragraph_gap = 0, section_gap = 0, block_h = 0;
    const auto lay_out = [&](theme::Type title_type, theme::Type body_type, theme::Type next_type, int gap_scale) {
        headline_text = text(title_type, headline, wrap_px, TextAlign::Center);
        subtitle_text = text(body_type, subtitle, wrap_px, TextAlign::Center);
        paragraph_count = 0;
        for (const std::string& line : view.lines) {
            if (paragraph_count == max_paragraphs) break;
            if (const TextTexture* t = text(body_type, line, wrap_px, TextAlign::Center))
                paragraphs[paragraph_count++] = t;
        }
        if (paragraph_count == 0 && !fallback_line.empty()) {
            if (const TextTexture* t = text(body_type, fallback_line, wrap_px, TextAlign::Center))
                paragraphs[paragraph_count++] = t;
        }
        reason_text = view.reason ? text(body_type, *view.reason, wrap_px, TextAlign::Center) : nullptr;
        next_text = text(next_type, view.next_up, wrap_px, TextAlign::Center);
        after_headline = px(30) / gap_scale;
        after_rule = px(44) / gap_scale;
        paragraph_gap = px(24) / gap_scale;
        section_gap = px(48) / gap_scale;
        block_h = 0;
        if (headline_text) block_h += headline_text->height_px + after_headline + rule_h + after_rule;
        if (subtitle_text) block_h += subtitle_text->height_px + section_gap;
        for (std::size_t i = 0; i < paragraph_count; ++i) block_h += paragraphs[i]->height_px + paragraph_gap;
        if (reason_text) block_h += section_gap - paragraph_gap + reason_text->height_px + section_gap;
        if (next_text) block_h += next_text->height_px;
    };
    const int room_h = height_px_ - progress_bar_height() - px(12) - (top + px(24));
    lay_out(theme::Type::CardTitle, theme::Type::CardBody, theme::Type::Body, 1);
    if (block_h > room_h) lay_out(theme::Type::BarTitle, theme::Type::Body, theme::Type::Meta, 2);

    // Centre on the screen (what the eye expects), but never under the top line.
    int y = std::max(top + px(24), (height_px_ - block_h) / 2);
    const auto centred = [&](const TextTexture* t, SDL_Color color) {
        blit(t, (width_px_ - t->width_px) / 2, y, color);
        y += t->height_px;
    };
    if (headline_text) {
        centred(headline_text, theme::text);
        y += after_headline;
        fill({(width_px_ - rule_w) / 2, y, rule_w, rule_h}, theme::accent);
        y += rule_h + after_rule;
    }
    if (subtitle_text) {
        centred(subtitle_text, theme::text_soft);
        y += section_gap;
    }
    for (std::size_t i = 0; i < paragraph_count; ++i) {
        centred(paragraphs[i], theme::text);
        y += paragraph_gap;
    }
    if (reason_text) {
        y += section_gap - paragraph_gap;
        centred(reason_text, theme::reason);
        y += section_gap;
    }
    if (next_text) centred(next_text, theme::next_up);

    if (ended) return;  // no progress bar: nothing moves
    draw_progress(view);
    if (!rehearsing_ && y <= height_px_ - progress_bar_height())
        moving_parts_ = {view.kind, theme::card_background, {}, true};
}

void Overlay::draw_breathing(const View& view) {
    fill({0, 0, width_px_, height_px_}, theme::breathing_background);
    const int top = draw_top(view, true);
    const int wrap_px = static_cast<int>(theme::card_wrap_w * width_px_);

    // After STOP the words matter more than the breath count: what to do if the pain stays or
    // spreads, and what each key does. They take the screen's full width and the count goes.
    const bool after_stop = !view.lines.empty() || !view.offer.empty();
    const int words_wrap_px = after_stop ? width_px_ - 2 * margin_x() : wrap_px;

    const TextTexture* breathe_text =
        text(theme::Type::Breathe, view.breathing_in ? "Breathe in" : "Breathe out");
    Label count;
    if (view.breath_count > 0 && !after_stop)
        count.append_format("Breath %d of %d", view.breath_number, view.breath_count);
    const TextTexture* count_text = text(theme::Type::CardBody, count.view());
    const TextTexture* reason_text =
        view.reason ? text(theme::Type::Body, *view.reason, words_wrap_px, TextAlign::Center) : nullptr;
    // After STOP, what to do if the pain stays or spreads: white, under the amber reason.
    const TextTexture* advice_text =
        view.lines.empty() ? nullptr : text(theme::Type::Body, view.lines.front(), words_wrap_px, TextAlign::Center);
    // What the person may press here (after STOP): bold, white, one line a choice.
    constexpr std::size_t max_offers = 3;
    std::array<const TextTexture*, max_offers> offer_texts{};
    std::size_t offer_count = 0;
    for (const std::string& line : view.offer) {
        if (offer_count == max_offers) break;
        if (const TextTexture* t = text(theme::Type::Label, line, wrap_px, TextAlign::Center))
            offer_texts[offer_count++] = t;
    }
    // The offer takes the place of "Next: ...": one thing to read at a time. A notice (a press
    // answered) takes it for its few seconds, in white: never over the circle or the count.
    const bool notice = !view.notice.empty() && offer_count == 0;
    const TextTexture* next_text =
        offer_count > 0 ? nullptr
                        : text(theme::Type::Body, notice ? std::string_view{view.notice} : std::string_view{view.next_up},
                               wrap_px, TextAlign::Center);

    // Bottom block (reason, offer or next up) sits above the progress bar; the circle and its
    // words are centred in the space left between the top line and that block.
    const int row_gap = px(18);
    int bottom_h = 0;
    for (const TextTexture* t : {reason_text, advice_text, next_text})
        if (t) bottom_h += (bottom_h > 0 ? row_gap : 0) + t->height_px;
    for (std::size_t i = 0; i < offer_count; ++i)
        bottom_h += (bottom_h > 0 ? row_gap : 0) + offer_texts[i]->height_px;
    // The circle's size is set by the rest's lasting words only: "Next: ..." (which comes in
    // the last seconds) and a notice get two lines' room from the start, so the circle never
    // changes size when a line is added.
    if (offer_count == 0) {
        int lasting_h = 0;
        for (const TextTexture* t : {reason_text, advice_text})
            if (t) lasting_h += (lasting_h > 0 ? row_gap : 0) + t->height_px;
        const int slot_h = std::max(next_text ? next_text->height_px : 0, 2 * line_height(theme::Type::Body));
        bottom_h = lasting_h + (lasting_h > 0 ? row_gap : 0) + slot_h;
    }
    const int bottom_top = height_px_ - progress_bar_height() - margin_y() - bottom_h;

    const int words_gap = px(40);
    int words_h = (breathe_text ? breathe_text->height_px : 0) +
                  (count_text ? px(6) + count_text->height_px : 0);
    const int space_top = top + px(24);
    const int space_bottom = bottom_top - (bottom_h > 0 ? px(48) : 0);
    // Where the words below would leave too small a circle (a long STOP advice on a small
    // screen), the circle alone shows the breath: nothing is drawn over anything else.
    if (space_bottom - space_top - words_gap - words_h < 2 * px(60)) {
        breathe_text = count_text = nullptr;
        words_h = 0;
    }
    const int max_radius_px = std::max(
        px(40), std::min(px(theme::breath_max_radius_h * 1080.0),
                         (space_bottom - space_top - words_gap - words_h) / 2));
    const int min_radius_px = static_cast<int>(
        std::lround(max_radius_px * theme::breath_min_radius_h / theme::breath_max_radius_h));
    const int group_h = 2 * max_radius_px + words_gap + words_h;
    const int group_top = space_top + std::max(0, (space_bottom - space_top - group_h) / 2);
    const BreathCircle at{width_px_ / 2, group_top + max_radius_px, min_radius_px, max_radius_px};
    // Rasterised the first time a rest is drawn or got ready (prepare), not at start-up: a
    // class's first picture does not wait on them (some 10 ms), and a single clip never needs them.
    if (!circle_ || !ring_) {
        const int diameter_px = std::max(16, 2 * px(theme::breath_max_radius_h * 1080.0));
        circle_ = make_circle_texture(renderer_, diameter_px, 0, theme::breath_circle);
        ring_ = make_circle_texture(renderer_, diameter_px, std::max(2, px(5)), theme::breath_ring,
                                    &theme::breathing_background);
    }
    if (!rehearsing_) draw_circle(at, view);

    int y = at.centre_y + max_radius_px + words_gap;
    if (breathe_text) {
        blit(breathe_text, (width_px_ - breathe_text->width_px) / 2, y, theme::text);
        y += breathe_text->height_px + px(6);
    }
    if (count_text) blit(count_text, (width_px_ - count_text->width_px) / 2, y, theme::text_soft);

    y = bottom_top;
    if (reason_text) {
        blit(reason_text, (width_px_ - reason_text->width_px) / 2, y, theme::reason);
        y += reason_text->height_px + row_gap;
    }
    if (advice_text) {
        blit(advice_text, (width_px_ - advice_text->width_px) / 2, y, theme::text);
        y += advice_text->height_px + row_gap;
    }
    for (std::size_t i = 0; i < offer_count; ++i) {
        blit(offer_texts[i], (width_px_ - offer_texts[i]->width_px) / 2, y, theme::text);
        y += offer_texts[i]->height_px + row_gap;
    }
    if (next_text) blit(next_text, (width_px_ - next_text->width_px) / 2, y, notice ? theme::text : theme::next_up);
    draw_progress(view);
    // The words end above the bar's margin by construction (bottom_top).
    if (!rehearsing_) moving_parts_ = {ViewKind::Breathing, theme::breathing_background, at, true};
}

void Overlay::draw_circle(const BreathCircle& at, const View& view) {
    // The ring marks the full in-breath, so the person sees where the circle is heading.
    const int radius_px = static_cast<int>(
        std::lround(at.min_radius_px + (at.max_radius_px - at.min_radius_px) * breath_fullness(view)));
    const auto copy = [&](SDL_Texture* texture, int r) {
        if (texture == nullptr) return;  // SDL could not make it; the words remain
        const SDL_Rect where{at.centre_x - r, at.centre_y - r, 2 * r, 2 * r};
        SDL_RenderCopy(renderer_, texture, nullptr, &where);
    };
    copy(ring_.get(), at.max_radius_px);  // opaque: the square's background comes with it
    copy(circle_.get(), radius_px);
}

bool Overlay::draw_moving_parts(const View& view) {
    if (!moving_parts_.placed || view.kind != moving_parts_.kind) return false;
    if (view.kind == ViewKind::Breathing) {
        // The ring's opaque square holds the whole circle at any size, and in a full draw
        // nothing else is drawn in it (the words sit above and below): copying it wipes the
        // old circle.
        if (!ring_) return false;
        draw_circle(moving_parts_.circle, view);
    }
    // The bar's track is translucent: its strip is painted back to the background first.
    const int bar_h = progress_bar_height();
    fill({0, height_px_ - bar_h, width_px_, bar_h}, moving_parts_.background);
    draw_progress(view);
    return true;
}

}  // namespace classplayer::ui
