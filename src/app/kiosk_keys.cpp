#include "app/kiosk_keys.hpp"

namespace classplayer::app {

using input::Key;

void KioskKeyFilter::start_hold(double t_s) {
    stage_ = Stage::Holding;
    hold_started_s_ = t_s;
    last_press_s_ = t_s;
}

KioskKeyFilter::Verdict KioskKeyFilter::press(Key key, double t_s) {
    const double since_last_s = t_s - last_press_s_;
    switch (stage_) {
        case Stage::Holding:
            if (key == Key::Back && since_last_s <= kRepeatGap_s) {
                last_press_s_ = t_s;
                if (t_s - hold_started_s_ >= unlock_.hold_s) {
                    if (unlock_.code.empty()) {
                        stage_ = Stage::Idle;
                        return Verdict::Unlock;
                    }
                    stage_ = Stage::Code;
                    code_matched_ = 0;
                }
                return Verdict::Ignore;
            }
            stage_ = Stage::Idle;  // let go too soon, or another key came between
            break;
        case Stage::Code:
            // Still holding BACK (its repeats) before the code starts: not a mistake.
            if (key == Key::Back && code_matched_ == 0 && since_last_s <= kRepeatGap_s) {
                last_press_s_ = t_s;
                return Verdict::Ignore;
            }
            if (since_last_s <= unlock_.code_within_s && key == unlock_.code[code_matched_]) {
                last_press_s_ = t_s;
                if (++code_matched_ == unlock_.code.size()) {
                    stage_ = Stage::Idle;
                    return Verdict::Unlock;
                }
                return Verdict::Ignore;
            }
            stage_ = Stage::Idle;  // a wrong key or too slow: start again from the hold
            break;
        case Stage::Idle:
            break;
    }
    if (key == Key::Back) {
        start_hold(t_s);
        return Verdict::Ignore;
    }
    if (key == Key::VolUp || key == Key::VolDown) return Verdict::Pass;
    return Verdict::Ignore;
}

}  // namespace classplayer::app
