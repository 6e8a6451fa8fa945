#include "input/remote_input.hpp"

#include <SDL.h>
#include <spdlog/spdlog.h>

namespace classplayer::input {

void RemoteInput::ControllerCloser::operator()(_SDL_GameController* controller) const noexcept {
    SDL_GameControllerClose(controller);
}

RemoteInput::RemoteInput(Bindings bindings, bool devices) : bindings_(std::move(bindings)) {
    if (!devices) return;
    if (SDL_InitSubSystem(SDL_INIT_GAMECONTROLLER) == 0) {
        controllers_on_ = true;
        // Controllers already plugged in arrive as SDL_CONTROLLERDEVICEADDED events too.
    } else {
        spdlog::info("game controllers are off: {}", SDL_GetError());
    }
    cec_event_ = SDL_RegisterEvents(1);
    if (cec_event_ == static_cast<std::uint32_t>(-1)) cec_event_ = 0;
    if (cec_event_ != 0) cec_ = CecRemote::open(cec_event_);
}

RemoteInput::~RemoteInput() {
    cec_.reset();  // no more pushes from libcec's thread after this
    controllers_.clear();
    if (controllers_on_) SDL_QuitSubSystem(SDL_INIT_GAMECONTROLLER);
}

void RemoteInput::open_controller(int device_index) {
    if (!SDL_IsGameController(device_index)) return;
    SDL_GameController* controller = SDL_GameControllerOpen(device_index);
    if (!controller) {
        spdlog::warn("game controller {} cannot be opened: {}", device_index, SDL_GetError());
        return;
    }
    const auto id = SDL_JoystickInstanceID(SDL_GameControllerGetJoystick(controller));
    spdlog::info("game controller connected: {}", SDL_GameControllerName(controller) ? SDL_GameControllerName(controller) : "?");
    controllers_[id].reset(controller);
}

std::optional<Press> RemoteInput::on_event(const SDL_Event& event) {
    if (controllers_on_ && event.type == SDL_CONTROLLERDEVICEADDED) {
        open_controller(event.cdevice.which);
        return std::nullopt;
    }
    if (controllers_on_ && event.type == SDL_CONTROLLERDEVICEREMOVED) {
        if (controllers_.erase(event.cdevice.which) > 0) spdlog::info("game controller disconnected");
        return std::nullopt;
    }
    if (cec_event_ != 0 && event.type == cec_event_) {
        if (auto key = bindings_.cec(event.user.code)) return Press{*key, "cec"};
        return std::nullopt;
    }
    return press_from_sdl(event, bindings_);
}

}  // namespace classplayer::input
