#include "ui/panel.hpp"

namespace classplayer::ui {
namespace {

// Room for a panel's marks, reserved up front so describing one each frame allocates nothing
// (the most any panel has: background, title, "Step n of N", reason and its marker, 4 lines).
constexpr std::size_t kMarksReserved = 16;

uint32_t pack(SDL_Color c) {
    return static_cast<uint32_t>(c.r) << 24 | static_cast<uint32_t>(c.g) << 16 |
           static_cast<uint32_t>(c.b) << 8 | c.a;
}
SDL_Color unpack(uint32_t rgba) {
    return {static_cast<Uint8>(rgba >> 24), static_cast<Uint8>(rgba >> 16), static_cast<Uint8>(rgba >> 8),
            static_cast<Uint8>(rgba)};
}

}  // namespace

bool Panel::Mark::operator==(const Mark& other) const {
    return rect.x == other.rect.x && rect.y == other.rect.y && rect.w == other.rect.w &&
           rect.h == other.rect.h && rgba == other.rgba && texture == other.texture && serial == other.serial;
}

Panel::Panel(SDL_Renderer* renderer) : renderer_(renderer) {
    asked_.reserve(kMarksReserved);
    held_.reserve(kMarksReserved);
}

void Panel::begin(const SDL_Rect& area, SDL_Color background) {
    area_ = area;
    asked_.clear();
    open_ = area.w > 0 && area.h > 0;
    if (open_) asked_.push_back({{0, 0, area.w, area.h}, pack(background), nullptr, 0});
}

void Panel::fill(const SDL_Rect& rect, SDL_Color color) {
    if (!open_) return;
    asked_.push_back({{rect.x - area_.x, rect.y - area_.y, rect.w, rect.h}, pack(color), nullptr, 0});
}

void Panel::text(const TextTexture& text, int x_px, int y_px, SDL_Color color) {
    if (!open_ || text.texture == nullptr) return;
    asked_.push_back({{x_px - area_.x, y_px - area_.y, text.width_px, text.height_px}, pack(color), text.texture,
                      text.serial});
}

void ChangedRows::add(int from_px, int to_px) {
    if (all_ || from_px >= to_px) return;
    if (count_ == spans_.size()) {
        all_ = true;
        return;
    }
    spans_[count_++] = {from_px, to_px};
}

void Panel::end(const ChangedRows& changed, uint64_t frame) {
    if (!open_) return;
    open_ = false;
    bool whole = changed.everything() || on_screen_frame_ == 0 || on_screen_frame_ + 1 != frame ||
                 !SDL_RectEquals(&on_screen_, &area_);
    if (!holds(area_)) {
        if (!make_texture(area_.w, area_.h) || SDL_SetRenderTarget(renderer_, texture_.get()) != 0) {
            forget();
            SDL_RenderSetClipRect(renderer_, &area_);
            draw_marks(asked_, area_.x, area_.y);
            SDL_RenderSetClipRect(renderer_, nullptr);
            return;
        }
        draw_marks(asked_, 0, 0);
        SDL_SetRenderTarget(renderer_, nullptr);
        held_.swap(asked_);
        ++redraws_;
        whole = true;
    }
    if (whole) {
        SDL_RenderCopy(renderer_, texture_.get(), nullptr, &area_);
        rows_copied_ += static_cast<uint64_t>(area_.h);
    } else {
        changed.each_within(area_.y, area_.y + area_.h, [&](int from_px, int to_px) {
            const SDL_Rect from{0, from_px - area_.y, area_.w, to_px - from_px};
            const SDL_Rect to{area_.x, from_px, area_.w, to_px - from_px};
            SDL_RenderCopy(renderer_, texture_.get(), &from, &to);
            rows_copied_ += static_cast<uint64_t>(to_px - from_px);
        });
    }
    on_screen_ = area_;
    on_screen_frame_ = frame;
}

void Panel::forget() {
    texture_.reset();
    texture_w_ = texture_h_ = 0;
    held_.clear();
    on_screen_frame_ = 0;
}

bool Panel::holds(const SDL_Rect& area) const {
    return texture_ && texture_w_ == area.w && texture_h_ == area.h && held_ == asked_;
}

bool Panel::make_texture(int width_px, int height_px) {
    if (texture_ && texture_w_ == width_px && texture_h_ == height_px) return true;
    forget();
    if (!SDL_RenderTargetSupported(renderer_)) return false;
    // In the window's own format, the copy to the screen is a plain copy of rows (SDL's
    // software renderer converts between formats pixel by pixel).
    const Uint32 window_format = SDL_GetWindowPixelFormat(SDL_RenderGetWindow(renderer_));
    if (window_format != SDL_PIXELFORMAT_UNKNOWN)
        texture_.reset(SDL_CreateTexture(renderer_, window_format, SDL_TEXTUREACCESS_TARGET, width_px, height_px));
    if (!texture_)
        texture_.reset(
            SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, width_px, height_px));
    if (!texture_) return false;
    SDL_SetTextureBlendMode(texture_.get(), SDL_BLENDMODE_NONE);  // opaque: a copy, not a blend
    texture_w_ = width_px;
    texture_h_ = height_px;
    return true;
}

void Panel::draw_marks(const std::vector<Mark>& marks, int x_px, int y_px) const {
    for (const Mark& mark : marks) {
        const SDL_Rect where{mark.rect.x + x_px, mark.rect.y + y_px, mark.rect.w, mark.rect.h};
        if (mark.texture == nullptr)
            paint_fill(renderer_, where, unpack(mark.rgba));
        else
            paint_text(renderer_, mark.texture, where, unpack(mark.rgba));
    }
}

void paint_fill(SDL_Renderer* renderer, const SDL_Rect& rect, SDL_Color color) {
    SDL_SetRenderDrawBlendMode(renderer, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(renderer, color.r, color.g, color.b, color.a);
    SDL_RenderFillRect(renderer, &rect);
}

void paint_text(SDL_Renderer* renderer, SDL_Texture* text, const SDL_Rect& where, SDL_Color color) {
    SDL_SetTextureColorMod(text, color.r, color.g, color.b);
    SDL_SetTextureAlphaMod(text, color.a);
    SDL_RenderCopy(renderer, text, nullptr, &where);
}

}  // namespace classplayer::ui
