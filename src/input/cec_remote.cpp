// HDMI-CEC remotes through libcec (built when CLASSPLAYER_CEC is on; see CMakeLists.txt).
// The adapter cannot be tested here (no CEC hardware): its key codes are mapped by the pure
// bindings (tests/input), and this file only carries them to the core loop.
#include "input/remote_input.hpp"

#include <spdlog/spdlog.h>

#if CLASSPLAYER_HAVE_CEC
#include <SDL.h>
#include <libcec/cec.h>

#include <atomic>
#include <cstdio>
#include <thread>
#endif

namespace classplayer::input {

#if CLASSPLAYER_HAVE_CEC
namespace {

// One libcec connection for the whole process, made at the first class and kept until the
// process ends: libcec's own threads outlive CECDestroy now and then, and a class (or kiosk
// round) that opened and closed it each time crashed in them a moment later (SIGSEGV in
// P8PLATFORM::CThread::ThreadHandler, the second kiosk round in a real window, 1 run in 4 to
// 10). Each class only says where keys go while it runs; between classes they are dropped.
class Connection {
public:
    static Connection& get() {
        // Never destroyed: its threads may run until the process ends.
        static Connection* const one = new Connection;
        return *one;
    }
    void listen(std::uint32_t sdl_event_type) { event_type_.store(sdl_event_type); }

private:
    Connection() {
        config_.Clear();
        std::snprintf(config_.strDeviceName, sizeof config_.strDeviceName, "classplayer");
        config_.clientVersion = CEC::LIBCEC_VERSION_CURRENT;
        config_.bActivateSource = 0;  // never switch the TV's input on our own
        config_.deviceTypes.Add(CEC::CEC_DEVICE_TYPE_PLAYBACK_DEVICE);
        config_.comboKey = CEC::CEC_USER_CONTROL_CODE_UNKNOWN;  // STOP would otherwise wait for a combo
        callbacks_.Clear();
        callbacks_.keyPress = &Connection::on_key;
        config_.callbacks = &callbacks_;
        config_.callbackParam = this;
        // Detecting and opening the adapter takes a second or more: not on the core loop.
        std::thread([this] { connect(); }).detach();
    }

    void connect() {
        // Kept whatever happens (no adapter, or one that will not open): never destroyed.
        CEC::ICECAdapter* adapter = CECInitialise(&config_);
        if (!adapter) {
            spdlog::info("HDMI-CEC: libcec could not start; the TV remote's keys are off");
            return;
        }
        CEC::cec_adapter_descriptor found[4];
        const int8_t count = adapter->DetectAdapters(found, 4, nullptr, true);
        if (count <= 0) {
            spdlog::info("HDMI-CEC: no adapter found; the TV remote's keys are off");
            return;
        }
        if (!adapter->Open(found[0].strComName)) {
            spdlog::info("HDMI-CEC: the adapter at {} could not be opened; the TV remote's keys are off", found[0].strComName);
            return;
        }
        spdlog::info("HDMI-CEC: listening to the TV remote through {}", found[0].strComName);
    }

    // libcec's thread. A key is reported when pressed (duration 0) and again when released
    // (with how long it was held): only the press counts, and only while a class listens.
    static void on_key(void* self, const CEC::cec_keypress* key) {
        if (!key || key->duration != 0) return;
        const std::uint32_t type = static_cast<Connection*>(self)->event_type_.load();
        if (type == 0) return;
        SDL_Event event{};
        event.type = type;
        event.user.code = static_cast<Sint32>(key->keycode);
        SDL_PushEvent(&event);
    }

    CEC::libcec_configuration config_;
    CEC::ICECCallbacks callbacks_;
    std::atomic<std::uint32_t> event_type_{0};  // 0: no class listening
};

// A class's hold on the connection: keys go to its SDL event type until it ends.
class LibCecRemote final : public CecRemote {
public:
    explicit LibCecRemote(std::uint32_t sdl_event_type) { Connection::get().listen(sdl_event_type); }
    ~LibCecRemote() override { Connection::get().listen(0); }
};

}  // namespace

std::unique_ptr<CecRemote> CecRemote::open(std::uint32_t sdl_event_type) {
    return std::make_unique<LibCecRemote>(sdl_event_type);
}

#else

std::unique_ptr<CecRemote> CecRemote::open(std::uint32_t) {
    spdlog::debug("HDMI-CEC: built without libcec (CLASSPLAYER_CEC off)");
    return nullptr;
}

#endif

}  // namespace classplayer::input
