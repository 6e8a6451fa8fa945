#include "input/sdl_keys.hpp"

#include <SDL.h>

namespace classplayer::input {

std::optional<Press> press_from_sdl(const SDL_Event& event, const Bindings& bindings) {
    if (event.type == SDL_KEYDOWN && !event.key.repeat) {
        // SDL's key names ("Return", "AudioPlay", "E") come from a static table: no video needed.
        if (auto key = bindings.keyboard(SDL_GetKeyName(event.key.keysym.sym))) return Press{*key, "keyboard"};
    } else if (event.type == SDL_CONTROLLERBUTTONDOWN) {
        const char* name = SDL_GameControllerGetStringForButton(static_cast<SDL_GameControllerButton>(event.cbutton.button));
        if (name)
            if (auto key = bindings.controller(name)) return Press{*key, "controller"};
    }
    return std::nullopt;
}

std::optional<Key> key_from_sdl(const SDL_Event& event) {
    if (auto press = press_from_sdl(event, Bindings::defaults())) return press->key;
    return std::nullopt;
}

}  // namespace classplayer::input
