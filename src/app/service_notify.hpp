#pragma once
// Telling systemd how the player is doing (sd_notify, through libsystemd): READY=1 once the
// class is on screen, WATCHDOG=1 from the main loop when the unit set WatchdogSec= (so a hung
// player is killed and restarted), STOPPING=1 on the way out. Outside systemd (no
// NOTIFY_SOCKET), or built without libsystemd, every call does nothing.
#include <chrono>
#include <cstdint>

namespace classplayer::app {

class ServiceNotifier {
public:
    ServiceNotifier();  // reads WATCHDOG_USEC (through sd_watchdog_enabled)
    void ready();       // once; later calls do nothing
    // From each turn of the main loop: pings the watchdog at half its interval (systemd's advice).
    void alive();
    void stopping();
    bool watchdog_enabled() const { return watchdog_interval_ > std::chrono::microseconds::zero(); }

private:
    std::chrono::microseconds watchdog_interval_{0};
    std::chrono::steady_clock::time_point last_ping_{};
    bool ready_sent_ = false;
};

}  // namespace classplayer::app
