#include "input/sdl_keys.hpp"

#include <SDL.h>

namespace classplayer::input {

std::optional<Key> key_from_sdl(const SDL_Event& event) {
    if (event.type != SDL_KEYDOWN || event.key.repeat) return std::nullopt;
    switch (event.key.keysym.sym) {
        case SDLK_UP: return Key::Up;
        case SDLK_DOWN: return Key::Down;
        case SDLK_LEFT: return Key::Left;
        case SDLK_RIGHT: return Key::Right;
        case SDLK_RETURN:
        case SDLK_KP_ENTER:
        case SDLK_SELECT: return Key::Ok;
        case SDLK_BACKSPACE:
        case SDLK_AC_BACK: return Key::Back;
        case SDLK_SPACE:
        case SDLK_AUDIOPLAY:
        case SDLK_AUDIOSTOP: return Key::PlayPause;
        case SDLK_AUDIONEXT:
        case SDLK_n: return Key::Next;
        case SDLK_AUDIOPREV:
        case SDLK_p: return Key::Prev;
        case SDLK_VOLUMEUP:
        case SDLK_PLUS:
        case SDLK_EQUALS: return Key::VolUp;
        case SDLK_VOLUMEDOWN:
        case SDLK_MINUS: return Key::VolDown;
        case SDLK_MENU:
        case SDLK_m: return Key::Menu;
        case SDLK_e: return Key::Easier;
        case SDLK_s: return Key::Stop;
        case SDLK_r: return Key::Restart;
        case SDLK_ESCAPE:
        case SDLK_q: return Key::Quit;
        default: return std::nullopt;
    }
}

}  // namespace classplayer::input
