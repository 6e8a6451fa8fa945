#include "app/service_notify.hpp"

#if CLASSPLAYER_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace classplayer::app {

namespace {
void notify([[maybe_unused]] const char* state) {
#if CLASSPLAYER_HAVE_SYSTEMD
    sd_notify(0, state);  // failures are not ours to handle: systemd restarts us if it matters
#endif
}
}  // namespace

ServiceNotifier::ServiceNotifier() {
#if CLASSPLAYER_HAVE_SYSTEMD
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) watchdog_interval_ = std::chrono::microseconds(usec);
#endif
}

void ServiceNotifier::ready() {
    if (ready_sent_) return;
    ready_sent_ = true;
    notify("READY=1");
    last_ping_ = std::chrono::steady_clock::now();
}

void ServiceNotifier::alive() {
    ready();
    if (!watchdog_enabled()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ping_ < watchdog_interval_ / 2) return;
    last_ping_ = now;
    notify("WATCHDOG=1");
}

void ServiceNotifier::stopping() { notify("STOPPING=1"); }

}  // namespace classplayer::app
