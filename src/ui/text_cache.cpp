#include "ui/text_cache.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace classplayer::ui {
namespace {

int text_width_px(TTF_Font* font, const std::string& text) {
    int width = 0, height = 0;
    return TTF_SizeUTF8(font, text.c_str(), &width, &height) == 0 ? width : 0;
}

// Greedy word wrap at wrap_px; '\n' starts a new line. A word wider than a line gets a line
// of its own rather than being cut.
std::vector<std::string> wrap_lines(TTF_Font* font, std::string_view text, int wrap_px) {
    std::vector<std::string> lines;
    std::size_t paragraph_start = 0;
    while (paragraph_start <= text.size()) {
        std::size_t paragraph_end = text.find('\n', paragraph_start);
        if (paragraph_end == std::string_view::npos) paragraph_end = text.size();
        const std::string_view paragraph =
            text.substr(paragraph_start, paragraph_end - paragraph_start);
        std::string line;
        std::size_t word_start = 0;
        while (word_start < paragraph.size()) {
            std::size_t word_end = paragraph.find(' ', word_start);
            if (word_end == std::string_view::npos) word_end = paragraph.size();
            const std::string_view word = paragraph.substr(word_start, word_end - word_start);
            word_start = word_end + 1;
            if (word.empty()) continue;
            std::string candidate = line.empty() ? std::string(word)
                                                 : line + " " + std::string(word);
            if (line.empty() || text_width_px(font, candidate) <= wrap_px) {
                line = std::move(candidate);
            } else {
                lines.push_back(std::move(line));
                line = std::string(word);
            }
        }
        lines.push_back(std::move(line));
        paragraph_start = paragraph_end + 1;
    }
    return lines;
}

// Renders white text, wrapped when wrap_px > 0, into one surface as wide as its longest line
// (SDL_ttf's own wrapped render makes every surface wrap_px wide, which breaks centring and
// boxes drawn around the text).
SdlSurfacePtr render_text(TTF_Font* font, std::string_view text, int wrap_px, TextAlign align) {
    const SDL_Color white{255, 255, 255, 255};
    std::vector<std::string> lines;
    if (wrap_px > 0) {
        lines = wrap_lines(font, text, wrap_px);
        if (align == TextAlign::Center && lines.size() > 1) {
            // Balance centred lines: the narrowest width that needs no more lines, so a
            // headline reads "This clip could not / be played", not "... not be / played".
            const std::size_t line_count = lines.size();
            int fits = wrap_px, too_narrow = wrap_px / 2;
            while (fits - too_narrow > 8) {
                const int middle = (fits + too_narrow) / 2;
                if (wrap_lines(font, text, middle).size() <= line_count)
                    fits = middle;
                else
                    too_narrow = middle;
            }
            lines = wrap_lines(font, text, fits);
        }
    } else {
        lines.emplace_back(text);
    }
    if (lines.size() == 1) return SdlSurfacePtr(TTF_RenderUTF8_Blended(font, lines[0].c_str(), white));

    std::vector<SdlSurfacePtr> rendered;
    int width = 0;
    for (const std::string& line : lines) {
        rendered.emplace_back(line.empty() ? nullptr
                                           : TTF_RenderUTF8_Blended(font, line.c_str(), white));
        if (rendered.back()) width = std::max(width, rendered.back()->w);
    }
    const int line_skip = TTF_FontLineSkip(font);
    const int height =
        line_skip * static_cast<int>(lines.size() - 1) + TTF_FontHeight(font);
    SdlSurfacePtr page(
        SDL_CreateRGBSurfaceWithFormat(0, std::max(1, width), height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!page) return nullptr;
    // Transparent white, so blending glyph edges onto it keeps them white (not greyed), and
    // lines that touch (descenders into the next line's ascent) still compose.
    SDL_FillRect(page.get(), nullptr, SDL_MapRGBA(page->format, 255, 255, 255, 0));
    for (std::size_t i = 0; i < rendered.size(); ++i) {
        SDL_Surface* line = rendered[i].get();
        if (!line) continue;
        SDL_SetSurfaceBlendMode(line, SDL_BLENDMODE_BLEND);
        SDL_Rect where{align == TextAlign::Center ? (width - line->w) / 2 : 0,
                       line_skip * static_cast<int>(i), line->w, line->h};
        SDL_BlitSurface(line, nullptr, page.get(), &where);
    }
    return page;
}

}  // namespace

std::size_t TextCache::KeyHash::operator()(const KeyView& key) const noexcept {
    std::size_t seed = std::hash<std::string_view>{}(key.text);
    const auto mix = [&seed](std::size_t value) {
        seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
    };
    mix(static_cast<std::size_t>(key.font_id));
    mix(static_cast<std::size_t>(key.wrap_px));
    mix(static_cast<std::size_t>(key.align));
    return seed;
}

const TextTexture* TextCache::get(std::string_view text, TTF_Font* font, int font_id,
                                  int wrap_px, TextAlign align) {
    if (text.empty() || font == nullptr) return nullptr;
    const KeyView lookup{text, font_id, wrap_px, align};
    if (auto found = entries_.find(lookup); found != entries_.end()) {
        found->second.last_used_s = now_s_;
        found->second.last_used_frame = frame_;
        return found->second.text.texture ? &found->second.text : nullptr;
    }

    // Miss: this is the only place text is rasterised (and the only place it allocates).
    Key key{std::string(text), font_id, wrap_px, align};
    SdlSurfacePtr surface = render_text(font, key.text, wrap_px, align);
    Entry entry;
    entry.last_used_s = now_s_;
    entry.last_used_frame = frame_;
    if (surface) {
        entry.owner.reset(SDL_CreateTextureFromSurface(renderer_, surface.get()));
        if (entry.owner) {
            SDL_SetTextureBlendMode(entry.owner.get(), SDL_BLENDMODE_BLEND);
            entry.text = {entry.owner.get(), surface->w, surface->h, ++rendered_};
        }
    }
    // A failed render is cached too (as no texture) so it is not retried every frame.
    auto [slot, inserted] = entries_.emplace(std::move(key), std::move(entry));
    return slot->second.text.texture ? &slot->second.text : nullptr;
}

void TextCache::begin_frame(double now_s) {
    if (now_s < now_s_) {
        // The clock went back (a new class, a test): restart every entry's age from now
        // rather than keeping them until the clock catches up.
        for (auto& item : entries_) item.second.last_used_s = now_s;
    }
    now_s_ = now_s;
    ++frame_;
}

void TextCache::end_frame() {
    std::erase_if(entries_, [&](const auto& item) {
        const Entry& entry = item.second;
        return now_s_ - entry.last_used_s > keep_s &&
               frame_ - entry.last_used_frame > keep_frames;
    });
    // Hard cap: if something draws many distinct strings in a burst, drop the oldest first.
    while (entries_.size() > max_entries) {
        auto oldest = std::min_element(entries_.begin(), entries_.end(), [](const auto& a,
                                                                            const auto& b) {
            return a.second.last_used_frame < b.second.last_used_frame;
        });
        entries_.erase(oldest);
    }
}

}  // namespace classplayer::ui
