#pragma once
// Keyboard and game-controller events as SDL reports them -> abstract keys, through the
// bindings. A USB or Bluetooth remote shows up as a keyboard with media keys, so this covers
// the common remotes too.
#include <optional>

#include "input/bindings.hpp"
#include "input/keys.hpp"

union SDL_Event;

namespace classplayer::input {

struct Press {
    Key key;
    const char* source;  // "keyboard", "controller", "cec", "script": for the event log
};

// A key-down (not an auto-repeat) or a controller button-down that is bound; else nullopt.
std::optional<Press> press_from_sdl(const SDL_Event& event, const Bindings& bindings);

// The same with the built-in bindings.
std::optional<Key> key_from_sdl(const SDL_Event& event);

}  // namespace classplayer::input
