#pragma once
// Every SDL and SDL_ttf handle the ui room holds, as a std::unique_ptr with a named, empty
// deleter, so no error path needs a hand-written destroy call.
// Internal to src/ui: public headers (screen.hpp, view.hpp) do not include SDL.

#include <SDL.h>
#include <SDL_ttf.h>

#include <memory>

namespace classplayer::ui {

struct SdlWindowDeleter {
    void operator()(SDL_Window* window) const noexcept { SDL_DestroyWindow(window); }
};
struct SdlRendererDeleter {
    void operator()(SDL_Renderer* renderer) const noexcept { SDL_DestroyRenderer(renderer); }
};
struct SdlTextureDeleter {
    void operator()(SDL_Texture* texture) const noexcept { SDL_DestroyTexture(texture); }
};
struct SdlSurfaceDeleter {
    void operator()(SDL_Surface* surface) const noexcept { SDL_FreeSurface(surface); }
};
struct TtfFontDeleter {
    void operator()(TTF_Font* font) const noexcept { TTF_CloseFont(font); }
};

using SdlWindowPtr = std::unique_ptr<SDL_Window, SdlWindowDeleter>;
using SdlRendererPtr = std::unique_ptr<SDL_Renderer, SdlRendererDeleter>;
using SdlTexturePtr = std::unique_ptr<SDL_Texture, SdlTextureDeleter>;
using SdlSurfacePtr = std::unique_ptr<SDL_Surface, SdlSurfaceDeleter>;
using TtfFontPtr = std::unique_ptr<TTF_Font, TtfFontDeleter>;

}  // namespace classplayer::ui
