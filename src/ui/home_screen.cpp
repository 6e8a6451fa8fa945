#include "ui/home_screen.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>

#include "media/clip_reader.hpp"
#include "ui/sdl_handles.hpp"
#include "ui/text_cache.hpp"
#include "ui/theme.hpp"
#include "ui/yuv_mode.hpp"

namespace classplayer::ui {
namespace {

// The menu's own type sizes, pixels at 1080 lines. Nothing a person must read is under 48 px.
enum class HomeType : int { Heading, RowTitle, Body, Hint, TileLetter, Count };
struct HomeTypeSpec {
    bool bold;
    int size_px_at_1080;
};
constexpr std::array<HomeTypeSpec, static_cast<int>(HomeType::Count)> home_type_specs{{
    {true, 84},   // Heading: "Choose a class"
    {true, 62},   // RowTitle: a class's title, a condition's label, "Resume ..."
    {false, 54},  // Body: lengths, descriptions, the changes
    {false, 50},  // Hint: "Up / Down: choose   OK: open   Back: quit"
    {true, 140},  // TileLetter: the initial on a tile without a picture
}};

// Colours beyond the shared theme: rows on the card background, the chosen row lighter.
constexpr SDL_Color row_fill = {30, 48, 68, 255};
constexpr SDL_Color row_fill_selected = {44, 72, 100, 255};
constexpr SDL_Color plain_tile = {58, 78, 100, 255};
constexpr SDL_Color button_text = {10, 20, 30, 255};  // dark on the accent fill, ~10:1

constexpr double thumb_w_over_h = 16.0 / 9.0;
constexpr auto thumbnail_wait = std::chrono::milliseconds(3000);

// What the keys do on this page, as the menu takes them (src/home/menu.cpp): RIGHT goes on
// wherever OK does, and on the checklist also from a condition; OK on "Continue" goes on
// rather than ticking.
const char* hint_for(home::Page page, bool on_button) {
    switch (page) {
        // The dots keep the key groups apart (runs of spaces read as one gap on a TV).
        case home::Page::Resume: return "Up/Down: choose  \xC2\xB7  OK: select  \xC2\xB7  Back: all classes";
        case home::Page::Classes: return "Up/Down: choose  \xC2\xB7  OK or Right: open  \xC2\xB7  Back: quit";
        case home::Page::Conditions:
            // Two lines: beside the Continue button one would not fit.
            return on_button ? "Up/Down: choose  \xC2\xB7  OK or Right: go on\nBack: classes"
                             : "Up/Down: choose  \xC2\xB7  OK: tick\nRight: go on  \xC2\xB7  Back: classes";
        case home::Page::Summary: return "OK or Right: start  \xC2\xB7  Back: change";
        case home::Page::Sessions: return "Back: classes";
    }
    return "";
}

std::string joined_labels(const home::Menu& menu) {
    std::string out;
    const auto& book = menu.conditions();
    for (int row = 0; row < static_cast<int>(book.size()); ++row)
        if (menu.ticked(row)) out += (out.empty() ? "" : ", ") + book[static_cast<std::size_t>(row)].label;
    return out;
}

}  // namespace

struct HomeScreen::Parts {
    Screen* screen;
    SDL_Renderer* renderer;
    std::filesystem::path font_dir;
    int width_px = 0, height_px = 0;
    std::array<TtfFontPtr, static_cast<int>(HomeType::Count)> fonts;
    TextCache text_cache;
    struct Thumbnail {
        SdlTexturePtr texture;  // null: no picture could be had, a plain tile stands in
    };
    std::map<std::filesystem::path, Thumbnail> thumbnails;  // by clip

    Parts(Screen& s, std::filesystem::path fonts_in)
        : screen(&s), renderer(s.renderer()), font_dir(std::move(fonts_in)), text_cache(renderer) {}

    std::expected<void, std::string> fit_to_output();
    int px(double at_1080) const { return static_cast<int>(std::lround(at_1080 * height_px / 1080.0)); }
    int margin_x() const { return static_cast<int>(std::lround(theme::safe_x_w * width_px)); }
    int margin_y() const { return static_cast<int>(std::lround(theme::safe_y_h * height_px)); }

    const TextTexture* text(HomeType type, std::string_view content, int wrap_px = 0) {
        const auto i = static_cast<std::size_t>(type);
        return text_cache.get(content, fonts[i].get(), static_cast<int>(i), wrap_px, TextAlign::Left);
    }
    int line_height(HomeType type) const { return TTF_FontLineSkip(fonts[static_cast<std::size_t>(type)].get()); }
    // Draws text and returns its height (0 for nothing drawn).
    int put(const TextTexture* t, int x, int y, SDL_Color color) {
        if (!t) return 0;
        SDL_SetTextureColorMod(t->texture, color.r, color.g, color.b);
        SDL_SetTextureAlphaMod(t->texture, color.a);
        const SDL_Rect where{x, y, t->width_px, t->height_px};
        SDL_RenderCopy(renderer, t->texture, nullptr, &where);
        return t->height_px;
    }
    void fill(const SDL_Rect& rect, SDL_Color color) {
        SDL_SetRenderDrawBlendMode(renderer, SDL_BLENDMODE_NONE);
        SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a);
        SDL_RenderFillRect(renderer, &rect);
    }
    void frame(const SDL_Rect& rect, int thickness, SDL_Color color) {
        fill({rect.x, rect.y, rect.w, thickness}, color);
        fill({rect.x, rect.y + rect.h - thickness, rect.w, thickness}, color);
        fill({rect.x, rect.y, thickness, rect.h}, color);
        fill({rect.x + rect.w - thickness, rect.y, thickness, rect.h}, color);
    }
    // A row panel: lighter with a thick accent frame when it is the one OK acts on.
    void row_panel(const SDL_Rect& rect, bool selected) {
        fill(rect, selected ? row_fill_selected : row_fill);
        if (selected) frame(rect, std::max(4, px(8)), theme::accent);
    }

    int draw_heading(std::string_view heading, std::string_view subheading);
    void draw_footer(home::Page page, std::string_view button, bool button_selected);
    int footer_height() const { return line_height(HomeType::RowTitle) + px(36); }
    void draw_resume(const home::Menu& menu, int top);
    void draw_classes(const home::Menu& menu, int top);
    void draw_conditions(const home::Menu& menu, int top);
    void draw_summary(const home::Menu& menu, int top);
    void draw_sessions(const home::Menu& menu, int top);
    void draw_tile(const home::ClassEntry& entry, const SDL_Rect& where);
    SDL_Texture* thumbnail(const std::filesystem::path& clip);
    // Where the page's rows must end: above the footer (hints and the button).
    int bottom() const { return height_px - margin_y() - footer_height() - px(24); }
};

std::expected<void, std::string> HomeScreen::Parts::fit_to_output() {
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(renderer, &w, &h) != 0 || w <= 0 || h <= 0)
        return std::unexpected(std::string("cannot read the output size: ") + SDL_GetError());
    if (w == width_px && h == height_px) return {};
    const int old_h = height_px;
    height_px = h;  // px() scales by the new height
    std::array<TtfFontPtr, static_cast<int>(HomeType::Count)> opened;
    for (std::size_t i = 0; i < opened.size(); ++i) {
        const auto path = font_dir / (home_type_specs[i].bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
        opened[i].reset(TTF_OpenFont(path.c_str(), std::max(10, px(home_type_specs[i].size_px_at_1080))));
        if (!opened[i]) {
            height_px = old_h;  // keep drawing with the old fonts, if any
            return std::unexpected("cannot open font " + path.string() + ": " + TTF_GetError());
        }
    }
    width_px = w;
    text_cache.clear();  // set in the old fonts
    fonts = std::move(opened);
    return {};
}

SDL_Texture* HomeScreen::Parts::thumbnail(const std::filesystem::path& clip) {
    if (clip.empty()) return nullptr;
    if (auto found = thumbnails.find(clip); found != thumbnails.end()) return found->second.texture.get();
    Thumbnail& made = thumbnails[clip];  // a failure is remembered too: decoded once either way
    auto reader = media::ClipReader::open(clip, {.decoder_threads = 1, .enable_audio = false});
    if (!reader) return nullptr;
    const media::Picture* picture = (*reader)->wait_picture(thumbnail_wait);
    if (!picture) return nullptr;
    // The clip's own matrix, set before the texture is made, updated and drawn: renderers read
    // it at different moments (screen.cpp); the draw is flushed by the change of target below.
    use_yuv_mode(yuv_mode(picture->full_range, picture->matrix == media::YuvMatrix::BT709));
    SdlTexturePtr full(SDL_CreateTexture(
        renderer, picture->format == media::PictureFormat::NV12 ? SDL_PIXELFORMAT_NV12 : SDL_PIXELFORMAT_IYUV,
        SDL_TEXTUREACCESS_STREAMING, picture->width, picture->height));
    if (!full) return nullptr;
    const int updated = picture->format == media::PictureFormat::NV12
                            ? SDL_UpdateNVTexture(full.get(), nullptr, picture->planes[0], picture->pitches[0],
                                                  picture->planes[1], picture->pitches[1])
                            : SDL_UpdateYUVTexture(full.get(), nullptr, picture->planes[0], picture->pitches[0],
                                                   picture->planes[1], picture->pitches[1], picture->planes[2],
                                                   picture->pitches[2]);
    if (updated != 0) return nullptr;
    // Scaled down once into a small texture: the full-size picture is let go right away.
    const int thumb_h = std::max(36, px(200));
    const int thumb_w = static_cast<int>(std::lround(thumb_h * thumb_w_over_h));
    SdlTexturePtr small(SDL_CreateTexture(renderer, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET, thumb_w, thumb_h));
    if (!small) return nullptr;
    SDL_SetTextureScaleMode(full.get(), SDL_ScaleModeLinear);
    SDL_SetTextureScaleMode(small.get(), SDL_ScaleModeLinear);
    if (SDL_SetRenderTarget(renderer, small.get()) != 0) return nullptr;
    SDL_SetRenderDrawColor(renderer, 0, 0, 0, 255);
    SDL_RenderClear(renderer);
    // Letterboxed at the picture's display aspect.
    const double aspect = picture->width * (picture->sample_aspect > 0 ? picture->sample_aspect : 1.0) / picture->height;
    int w = thumb_w, h = static_cast<int>(std::lround(thumb_w / aspect));
    if (h > thumb_h) {
        h = thumb_h;
        w = static_cast<int>(std::lround(thumb_h * aspect));
    }
    const SDL_Rect where{(thumb_w - w) / 2, (thumb_h - h) / 2, w, h};
    SDL_RenderCopy(renderer, full.get(), nullptr, &where);
    SDL_SetRenderTarget(renderer, nullptr);
    made.texture = std::move(small);
    return made.texture.get();
}

void HomeScreen::Parts::draw_tile(const home::ClassEntry& entry, const SDL_Rect& where) {
    if (entry.playable() && entry.problem.empty()) {
        if (SDL_Texture* picture = thumbnail(entry.first_clip)) {
            SDL_RenderCopy(renderer, picture, nullptr, &where);
            return;
        }
    }
    // A plain tile: the class's initial, or "!" for a class that cannot be played.
    fill(where, plain_tile);
    std::string letter = entry.playable() ? entry.title.substr(0, 1) : "!";
    if (letter.empty() || static_cast<unsigned char>(letter[0]) >= 0x80) letter = "?";
    const TextTexture* t = text(HomeType::TileLetter, letter);
    if (t)
        put(t, where.x + (where.w - t->width_px) / 2, where.y + (where.h - t->height_px) / 2,
            entry.playable() ? theme::text : theme::reason);
}

int HomeScreen::Parts::draw_heading(std::string_view heading, std::string_view subheading) {
    const int x = margin_x();
    int y = margin_y();
    y += put(text(HomeType::Heading, heading, width_px - 2 * x), x, y, theme::text);
    if (!subheading.empty()) y += put(text(HomeType::Body, subheading, width_px - 2 * x), x, y, theme::text_soft);
    y += px(8);
    fill({x, y, width_px - 2 * x, std::max(2, px(5))}, theme::accent);
    return y + px(24);
}

void HomeScreen::Parts::draw_footer(home::Page page, std::string_view button, bool button_selected) {
    const int x = margin_x(), w = width_px - 2 * x;
    const int h = footer_height(), y = height_px - margin_y() - h;
    // The page's way on ("Start", "Continue"): filled when OK would press it. The hint wraps
    // left of it, never under it.
    const TextTexture* label = button.empty() ? nullptr : text(HomeType::RowTitle, button);
    const int button_w = button.empty() ? 0 : std::max(px(360), (label ? label->width_px : 0) + px(100));
    const TextTexture* hint = text(HomeType::Hint, hint_for(page, button_selected && page == home::Page::Conditions),
                                   w - (button_w > 0 ? button_w + px(48) : 0));
    if (hint) put(hint, x, y + (h - hint->height_px) / 2, theme::text_soft);
    if (button.empty()) return;
    const SDL_Rect where{x + w - button_w, y, button_w, h};
    if (button_selected) {
        fill(where, theme::accent);
        frame(where, std::max(4, px(8)), theme::text);
    } else {
        fill(where, row_fill);
        frame(where, std::max(2, px(4)), theme::text_soft);
    }
    if (label)
        put(label, where.x + (where.w - label->width_px) / 2, where.y + (where.h - label->height_px) / 2,
            button_selected ? button_text : theme::text);
}

// The first row to draw so that `selected` is on screen, rows of these heights in `room` px.
static int first_visible(const std::vector<int>& heights, int selected, int gap, int room) {
    if (heights.empty()) return 0;
    selected = std::clamp(selected, 0, static_cast<int>(heights.size()) - 1);
    int first = selected, used = heights[static_cast<std::size_t>(selected)];
    while (first > 0 && used + gap + heights[static_cast<std::size_t>(first - 1)] <= room)
        used += gap + heights[static_cast<std::size_t>(--first)];
    return first;
}

void HomeScreen::Parts::draw_resume(const home::Menu& menu, int top) {
    const int x = margin_x(), w = width_px - 2 * x, gap = px(28);
    const int tile_h = px(200), tile_w = static_cast<int>(std::lround(tile_h * thumb_w_over_h));
    const int pad = px(24);
    const home::ClassEntry& entry = *menu.chosen_class();
    // Row 0: the unfinished class, with its picture.
    const SDL_Rect resume_row{x, top, w, tile_h + 2 * pad};
    row_panel(resume_row, menu.selected() == 0);
    draw_tile(entry, {x + pad, top + pad, tile_w, tile_h});
    const int text_x = x + 2 * pad + tile_w, text_w = w - 3 * pad - tile_w;
    const int title_h = put(text(HomeType::RowTitle, menu.resume_line(), text_w), text_x, top + pad, theme::text);
    put(text(HomeType::Body, menu.resume_for(), text_w), text_x, top + pad + title_h, theme::text_soft);
    // Row 1: the class list instead.
    const int row_h = line_height(HomeType::RowTitle) + 2 * pad;
    const SDL_Rect choose_row{x, resume_row.y + resume_row.h + gap, w, row_h};
    row_panel(choose_row, menu.selected() == 1);
    put(text(HomeType::RowTitle, "Choose a class"), x + pad, choose_row.y + pad, theme::text);
}

void HomeScreen::Parts::draw_classes(const home::Menu& menu, int top) {
    const auto& classes = menu.classes();
    const int x = margin_x(), w = width_px - 2 * x, gap = px(24), pad = px(22);
    if (classes.empty()) {
        put(text(HomeType::Body, "No classes here yet: put a playlist (.json) in the playlists folder.", w), x, top,
            theme::text);
        return;
    }
    const int tile_h = px(200), tile_w = static_cast<int>(std::lround(tile_h * thumb_w_over_h));
    const int text_x_offset = 2 * pad + tile_w, text_w = w - 3 * pad - tile_w;
    // A row is as tall as its picture, or its text when a problem needs more lines.
    std::vector<int> heights;
    for (const auto& entry : classes) {
        int text_h = line_height(HomeType::RowTitle) + line_height(HomeType::Body);
        // What the class is for, in the playlist's own words.
        if (const TextTexture* says = entry.playable() ? text(HomeType::Hint, entry.description, text_w) : nullptr)
            text_h += says->height_px;
        if (const TextTexture* problem = entry.problem.empty() ? nullptr : text(HomeType::Body, entry.problem, text_w))
            text_h += problem->height_px - (entry.playable() ? 0 : line_height(HomeType::Body));
        heights.push_back(std::max(tile_h, text_h) + 2 * pad);
    }
    // "My sessions", after the classes: its title and this week's line.
    const int sessions_row = menu.sessions_row();
    if (sessions_row >= 0) heights.push_back(line_height(HomeType::RowTitle) + line_height(HomeType::Body) + 2 * pad);
    const int room = bottom() - top;
    int y = top;
    for (int i = first_visible(heights, menu.selected(), gap, room); i < static_cast<int>(heights.size()); ++i) {
        const int row_h = heights[static_cast<std::size_t>(i)];
        if (y + row_h > top + room) break;
        if (i == sessions_row) {
            row_panel({x, y, w, row_h}, i == menu.selected());
            const int title_h = put(text(HomeType::RowTitle, "My sessions"), x + pad, y + pad, theme::text);
            if (!menu.my_sessions().empty())
                put(text(HomeType::Body, menu.my_sessions().front(), w - 2 * pad), x + pad, y + pad + title_h,
                    theme::text_soft);
            break;
        }
        const home::ClassEntry& entry = classes[static_cast<std::size_t>(i)];
        const SDL_Rect row{x, y, w, row_h};
        row_panel(row, i == menu.selected());
        draw_tile(entry, {x + pad, y + pad, tile_w, tile_h});
        const int text_x = x + text_x_offset;
        int text_y = y + pad;
        const SDL_Rect text_area{text_x, y, text_w, row_h};  // a word longer than the row stops at its edge
        SDL_RenderSetClipRect(renderer, &text_area);
        text_y += put(text(HomeType::RowTitle, entry.title, text_w), text_x, text_y, theme::text);
        if (entry.playable())
            text_y += put(text(HomeType::Body, home::spoken_length(entry.length_s) + "   \xC2\xB7   " +
                                                   std::to_string(entry.step_count) + " steps"),
                          text_x, text_y, theme::text_soft);
        if (entry.playable()) text_y += put(text(HomeType::Hint, entry.description, text_w), text_x, text_y, theme::text);
        if (!entry.problem.empty()) put(text(HomeType::Body, entry.problem, text_w), text_x, text_y, theme::reason);
        SDL_RenderSetClipRect(renderer, nullptr);
        y += row_h + gap;
    }
}

void HomeScreen::Parts::draw_conditions(const home::Menu& menu, int top) {
    const auto& book = menu.conditions();
    const int x = margin_x(), w = width_px - 2 * x, gap = px(14), pad = px(14);
    const int box = px(80);
    const int label_x_offset = 2 * pad + box + px(32), label_w = w - label_x_offset - pad;
    // The highlighted row opens to show its plain-language line; the others keep to their
    // label, so the whole checklist fits at once and the eye has one thing to read.
    std::vector<int> heights;
    for (int i = 0; i < static_cast<int>(book.size()); ++i) {
        int h = std::max(box, line_height(HomeType::RowTitle));
        if (i == menu.selected())
            if (const TextTexture* says = text(HomeType::Hint, book[static_cast<std::size_t>(i)].description, label_w))
                h = line_height(HomeType::RowTitle) + says->height_px;
        heights.push_back(h + 2 * pad);
    }
    const int room = bottom() - top;
    int y = top;
    for (int i = first_visible(heights, menu.selected(), gap, room); i < static_cast<int>(book.size()); ++i) {
        const int row_h = heights[static_cast<std::size_t>(i)];
        if (y + row_h > top + room) break;
        const Condition& condition = book[static_cast<std::size_t>(i)];
        const SDL_Rect row{x, y, w, row_h};
        row_panel(row, i == menu.selected());
        // The checkbox: an outlined square, filled with a tick when it applies.
        const int label_h = line_height(HomeType::RowTitle);
        const SDL_Rect square{x + pad * 2, y + pad + std::max(0, (label_h - box) / 2), box, box};
        if (menu.ticked(i)) {
            fill(square, theme::accent);
            const TextTexture* tick = text(HomeType::RowTitle, "\xE2\x9C\x93");  // U+2713 check mark
            if (tick) put(tick, square.x + (box - tick->width_px) / 2, square.y + (box - tick->height_px) / 2, button_text);
        } else {
            fill(square, row_fill);
            frame(square, std::max(3, px(6)), theme::text);
        }
        const int label_x = x + label_x_offset;
        put(text(HomeType::RowTitle, condition.label), label_x, y + pad, theme::text);
        if (i == menu.selected())
            put(text(HomeType::Hint, condition.description, label_w), label_x, y + pad + label_h, theme::text_soft);
        y += row_h + gap;
    }
}

void HomeScreen::Parts::draw_summary(const home::Menu& menu, int top) {
    const int x = margin_x(), w = width_px - 2 * x;
    int y = top;
    const std::string ticked = joined_labels(menu);
    if (const Plan* plan = menu.plan())
        y += put(text(HomeType::Body, home::spoken_length(plan->total_s) + "   \xC2\xB7   " +
                                          std::to_string(plan->steps.size()) + " steps   \xC2\xB7   " +
                                          (ticked.empty() ? "the class as written" : "for: " + ticked),
                      w),
                 x, y, theme::text_soft);
    y += px(20);
    y += put(text(HomeType::RowTitle, menu.changes_heading()), x, y, menu.changes().empty() ? theme::text : theme::reason);
    y += px(10);
    // Each change a bulleted paragraph, as many as fit whole; the rest are counted (each is
    // also said on screen when its step comes).
    const auto changes = menu.changes();
    const int bullet_w = px(50), limit = bottom(), more_h = line_height(HomeType::Body);
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const TextTexture* paragraph = text(HomeType::Body, changes[i], w - bullet_w);
        const int h = paragraph ? paragraph->height_px : 0;
        const bool last = i + 1 == changes.size();
        if (y + h + (last ? 0 : more_h) > limit) {
            const std::size_t left = changes.size() - i;
            put(text(HomeType::Body, "and " + std::to_string(left) + (left == 1 ? " more change" : " more changes") +
                                         ", each shown on screen when it comes", w),
                x + bullet_w, y, theme::text_soft);
            break;
        }
        put(text(HomeType::Body, "\xE2\x80\xA2"), x + px(10), y, theme::text);
        y += put(paragraph, x + bullet_w, y, theme::text) + px(10);
    }
}

// The last four weeks, a line each, as large as the body type; lines that do not fit are left
// out from the end (the weeks come first, the details after).
void HomeScreen::Parts::draw_sessions(const home::Menu& menu, int top) {
    const int x = margin_x(), w = width_px - 2 * x;
    int y = top;
    for (const auto& line : menu.my_sessions()) {
        const TextTexture* t = text(HomeType::Body, line, w);
        if (!t || y + t->height_px > bottom()) break;
        y += put(t, x, y, theme::text) + px(18);
    }
}

HomeScreen::HomeScreen(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
HomeScreen::~HomeScreen() = default;

std::expected<std::unique_ptr<HomeScreen>, std::string> HomeScreen::create(Screen& screen,
                                                                           const std::filesystem::path& font_dir) {
    auto parts = std::make_unique<Parts>(screen, font_dir);
    if (auto fitted = parts->fit_to_output(); !fitted) return std::unexpected(fitted.error());
    return std::unique_ptr<HomeScreen>(new HomeScreen(std::move(parts)));
}

std::size_t HomeScreen::thumbnail_count() const { return parts_->thumbnails.size(); }

void HomeScreen::draw(const home::Menu& menu, double now_s) {
    Parts& p = *parts_;
    (void)p.fit_to_output();  // on failure the old fonts still draw legibly
    p.screen->forget_drawn();
    p.text_cache.begin_frame(now_s);
    SDL_SetRenderDrawBlendMode(p.renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(p.renderer, theme::card_background.r, theme::card_background.g, theme::card_background.b, 255);
    SDL_RenderClear(p.renderer);
    const home::ClassEntry* chosen = menu.chosen_class();
    switch (menu.page()) {
        case home::Page::Resume:
            p.draw_resume(menu, p.draw_heading("Welcome back", ""));
            p.draw_footer(menu.page(), {}, false);
            break;
        case home::Page::Classes:
            p.draw_classes(menu, p.draw_heading("Choose a class", ""));
            p.draw_footer(menu.page(), {}, false);
            break;
        case home::Page::Conditions:
            p.draw_conditions(menu, p.draw_heading("What applies to you?", ""));
            p.draw_footer(menu.page(), "Continue",
                          menu.selected() == static_cast<int>(menu.conditions().size()));
            break;
        case home::Page::Summary:
            p.draw_summary(menu, p.draw_heading(chosen ? chosen->title : "", ""));
            p.draw_footer(menu.page(), "Start", true);
            break;
        case home::Page::Sessions:
            p.draw_sessions(menu, p.draw_heading("My sessions", "The last four weeks"));
            p.draw_footer(menu.page(), {}, false);
            break;
    }
    p.text_cache.end_frame();
}

}  // namespace classplayer::ui
