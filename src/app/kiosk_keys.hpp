#pragma once
// Which remote keys a kiosk obeys. A waiting-room screen must not be stopped by a passer-by, so
// it ignores every key but the volume, except one deliberate combination: BACK held down for
// hold_s, then the code, each key within code_within_s of the one before. Pure: no clock of its
// own (times are passed in), no I/O.
//
// "Held" is seen through presses only, as the player receives keys: a remote held down repeats
// its press (HDMI-CEC repeats "user control pressed" about every half second, LIRC and
// keyboards autorepeat), so a hold is an unbroken run of BACK presses, none more than
// kRepeatGap_s after the one before, spanning hold_s.
#include <vector>

#include "input/keys.hpp"

namespace classplayer::app {

struct KioskUnlock {
    double hold_s = 5.0;
    std::vector<input::Key> code{input::Key::Up, input::Key::Up, input::Key::Down, input::Key::Down};
    double code_within_s = 10.0;
};

class KioskKeyFilter {
public:
    static constexpr double kRepeatGap_s = 0.7;  // longer than a remote's repeat interval
    enum class Verdict {
        Pass,    // act on it as usual (volume)
        Ignore,  // swallowed
        Unlock,  // the combination is complete: leave the kiosk
    };

    explicit KioskKeyFilter(KioskUnlock unlock = {}) : unlock_(std::move(unlock)) {}
    Verdict press(input::Key key, double t_s);

private:
    enum class Stage { Idle, Holding, Code };
    void start_hold(double t_s);

    KioskUnlock unlock_;
    Stage stage_ = Stage::Idle;
    double hold_started_s_ = 0, last_press_s_ = 0;
    std::size_t code_matched_ = 0;
};

}  // namespace classplayer::app
