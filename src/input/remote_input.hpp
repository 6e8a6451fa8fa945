#pragma once
// Every key source the player listens to, turned into abstract keys through the bindings:
// the keyboard (and USB/Bluetooth remotes, which are keyboards), SDL game controllers (opened
// as they are plugged in and let go as they are pulled out) and, where classplayer was built
// with libcec, an HDMI-CEC adapter for the TV's own remote.
//
// Threads: everything here runs on the core loop's thread, except libcec's callbacks, which
// come on libcec's own thread and only push an SDL user event (SDL_PushEvent is thread-safe),
// so the loop wakes from its one wait without polling.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>

#include "input/bindings.hpp"
#include "input/sdl_keys.hpp"

union SDL_Event;
struct _SDL_GameController;

namespace classplayer::input {

class CecRemote;

class RemoteInput {
public:
    // `devices` false (headless): no controllers, no CEC; keyboard events are still mapped.
    RemoteInput(Bindings bindings, bool devices);
    ~RemoteInput();
    RemoteInput(const RemoteInput&) = delete;
    RemoteInput& operator=(const RemoteInput&) = delete;

    // Takes any SDL event: opens and closes controllers as they come and go, and returns the
    // remote key a key, button or CEC event stands for.
    std::optional<Press> on_event(const SDL_Event& event);

private:
    struct ControllerCloser {
        void operator()(_SDL_GameController* controller) const noexcept;
    };
    void open_controller(int device_index);

    Bindings bindings_;
    bool controllers_on_ = false;
    std::map<std::int32_t, std::unique_ptr<_SDL_GameController, ControllerCloser>> controllers_;  // by instance id
    std::uint32_t cec_event_ = 0;        // SDL user event type the CEC thread pushes; 0: none
    std::unique_ptr<CecRemote> cec_;
};

// HDMI-CEC through libcec: one connection a process, opened on a worker thread at the first
// class (so it starts at once) and kept; each class takes the keys while it runs. With no
// adapter (or built without libcec) it says so in one log line and the class goes on.
class CecRemote {
public:
    // Pushes SDL events of type `sdl_event_type` with user.code = the CEC user control code.
    static std::unique_ptr<CecRemote> open(std::uint32_t sdl_event_type);
    virtual ~CecRemote() = default;
};

}  // namespace classplayer::input
