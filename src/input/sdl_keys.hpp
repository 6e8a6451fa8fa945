#pragma once
// Keyboard and TV-remote keys as SDL reports them -> abstract keys. A USB or Bluetooth remote
// shows up as a keyboard with media keys, so this covers the common remotes too.
#include <optional>

#include "input/keys.hpp"

union SDL_Event;

namespace classplayer::input {

std::optional<Key> key_from_sdl(const SDL_Event& event);

}  // namespace classplayer::input
