#include "playback/player.hpp"

#include <SDL.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <thread>

#include "audio/class_audio.hpp"
#include "class/wording.hpp"
#include "input/bindings.hpp"
#include "input/keys.hpp"
#include "input/remote_input.hpp"
#include "media/clip_reader.hpp"
#include "media/probe.hpp"
#include "playback/conductor.hpp"
#include "playback/event_log.hpp"
#include "playback/next_up.hpp"
#include "playback/pain_check.hpp"
#include "playback/pause_menu.hpp"
#include "ui/screen.hpp"

namespace classplayer::playback {

namespace {

using SteadyClock = std::chrono::steady_clock;
using input::Action;
using input::Key;
using Kind = ConductorEvent::Kind;

constexpr double kErrorCard_s = 5;       // "This clip could not be played" stays this long
constexpr double kEndedCard_s = 4;       // "Class complete" before the player exits (real time)
constexpr double kNextUpLead_s = 8;      // "Next: ..." shows in a step's last seconds
constexpr double kInstructionsFor_s = 10; // a clip's instructions show at its start, then give way
constexpr double kVolumeStep = 0.1;
constexpr double kNotice_s = 6;          // a banner answering a press ("Easier: ...") stays this long
constexpr double kBetweenCues_s = 0.3;   // a breath between two cues said back to back
constexpr double kCueStale_s = 4;        // a cue that would come later than this is dropped
constexpr double kDefaultFrame_s = 1.0 / 30;
constexpr std::size_t kTransitionsKept = 1000;  // per-step gaps in the summary (a kiosk loops all day)
constexpr double kMostSound_s = 120;                 // a voice cue or chime, decoded whole into memory
constexpr std::uintmax_t kMostSoundBytes = 32u << 20;  // (120 s of 48 kHz stereo WAV is 22 MiB)
constexpr double kStall_s = 2;    // the loop back this much later than it meant: stopped, not slow
constexpr double kRanOut_s = 2;   // a once-played clip over this much before its planned end ends its step
constexpr double kGap_s = 60;     // no picture for this long is a gap in the timestamps, not a still
constexpr double kPainWait_s = 60;       // the pain check closes unanswered after this long
constexpr double kGetReady_s = 1.5;      // the next step's first frame is made ready this early
constexpr auto kDecodeStall = std::chrono::seconds(10);  // a clip that gives nothing this long is broken

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;  // kilobytes on Linux
}

double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Seconds since this process was started by the kernel (not since main): time to first picture
// then includes loading the libraries, as a person waiting for the screen lives it. The start
// time comes from /proc in clock ticks (10 ms); nullopt where /proc cannot say.
std::optional<double> seconds_since_process_start() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto after_name = text.rfind(')');  // the command name may hold spaces
    if (after_name == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(after_name + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i < 22) continue;
        timespec boot{};
        clock_gettime(CLOCK_BOOTTIME, &boot);
        const double started_s = std::stod(field) / static_cast<double>(sysconf(_SC_CLK_TCK));
        return static_cast<double>(boot.tv_sec) + static_cast<double>(boot.tv_nsec) / 1e9 - started_s;
    }
    return std::nullopt;
}

ui::PictureView view_of(const media::Picture& p, int rotation_deg) {
    ui::PictureView v{};
    v.width = p.width;
    v.height = p.height;
    v.format = p.format == media::PictureFormat::NV12 ? ui::PictureFormat::NV12 : ui::PictureFormat::IYUV;
    for (std::size_t i = 0; i < 3; ++i) {
        v.planes[i] = p.planes[i];
        v.pitches[i] = p.pitches[i];
    }
    v.rotation_deg = rotation_deg;
    v.sample_aspect = p.sample_aspect;
    v.matrix = p.matrix == media::YuvMatrix::BT709 ? ui::YuvMatrix::BT709 : ui::YuvMatrix::BT601;
    v.full_range = p.full_range;
    // A screen that converts on the CPU keeps the frame and converts it as it draws, straight
    // into the window; one that uploads to the GPU copies it now and lets this go.
    v.owner = p.share_pixels();
    return v;
}

class Player {
public:
    Player(const Plan& plan, const PlayOptions& options)
        : options_(options), conductor_(plan, options.first_step), class_origin_s_(conductor_.now_s()),
          captions_on_(options.captions) {}
    ~Player() {
        if (audio_) audio_->set_clip({});  // the audio thread lets go of the reader before it is destroyed
    }
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    int run() {
        if (int code = open_outputs(); code != 0) return code;
        started_at_ = SteadyClock::now();
        cpu_at_start_s_ = cpu_seconds();
        while (!finished_) {
            carry_over_stall();
            handle_input();
            handle_scripted_keys();
            handle_pain_check();
            handle_class();
            handle_voice();
            handle_clip();
            handle_screen();
            get_ready_for_next_step();
            wait_for_next();
            if (options_.on_turn) options_.on_turn(class_now_s());
        }
        write_summary();
        return 0;
    }

private:
    // ---- set-up -------------------------------------------------------------------------
    int open_outputs() {
        if (options_.events_file) {
            std::string error;
            events_ = EventLog::open(*options_.events_file, &error, options_.append_events);
            if (!events_) {
                spdlog::error("--events: {}", error);
                return 1;
            }
        } else {
            events_ = std::make_unique<EventLog>();
        }
        if (options_.on_event) events_->set_observer(options_.on_event);
        if (options_.keys_file) {
            auto presses = input::load_key_script(*options_.keys_file);
            if (!presses) {
                spdlog::error("--keys: {}", presses.error());
                return 1;
            }
            presses_ = std::move(*presses);
        }
        auto bindings_file = options_.bindings_file ? options_.bindings_file : input::find_bindings_file();
        input::Bindings bindings = input::Bindings::defaults();
        if (bindings_file) {
            auto loaded = input::Bindings::load(*bindings_file);
            if (!loaded) {
                spdlog::error("bindings: {}", loaded.error());
                return 1;
            }
            bindings = std::move(*loaded);
        }
        shots_ = options_.screenshots;
        std::stable_sort(shots_.begin(), shots_.end(), [](auto& a, auto& b) { return a.at_s < b.at_s; });

        // Sound first: a clip reader resamples to the device's rate and channels.
        if (options_.headless) SDL_setenv("SDL_AUDIODRIVER", "dummy", 1);
        audio::ClassAudioOptions audio_options{.virtual_time = options_.virtual_clock, .volume = options_.volume};
        auto audio = audio::ClassAudio::open(audio_options);
        if (!audio) {
            // A TV whose HDMI audio is missing should still show the class: play it silently.
            spdlog::warn("{}; playing without sound", audio.error());
            SDL_setenv("SDL_AUDIODRIVER", "dummy", 1);
            audio = audio::ClassAudio::open(audio_options);
            if (!audio) {
                spdlog::error("{}", audio.error());
                return 3;
            }
        }
        audio_ = std::move(*audio);
        // The first step's clip opens and decodes its first picture on a worker while the
        // screen opens here: the class's first picture waits for the slower, not for both.
        if (!conductor_.ended()) prefetch_after(options_.first_step - 1);

        if (options_.screen) {
            screen_ = options_.screen;
        } else {
            auto screen = ui::Screen::create({.headless = options_.headless,
                                              .width = options_.window_width,
                                              .height = options_.window_height,
                                              .vsync = !options_.virtual_clock});
            if (!screen) {
                spdlog::error("cannot open the screen: {}", screen.error());
                return 3;
            }
            owned_screen_ = std::move(*screen);
            screen_ = owned_screen_.get();
        }
        // After the screen: SDL's event queue exists from here. Headless, nobody can press a
        // controller or a TV remote, so only the --keys script plays.
        remote_ = std::make_unique<input::RemoteInput>(std::move(bindings), !options_.headless);
        return 0;
    }

    // ---- time ---------------------------------------------------------------------------
    // Session time runs from start-up and includes pauses (scripted keys use it); class time
    // stands still while paused (events, screenshots and the plan use it).
    double session_now_s() const {
        if (options_.virtual_clock) return virtual_now_s_;
        return std::chrono::duration<double>(SteadyClock::now() - started_at_).count();
    }
    // A resumed class's time starts at its first step's planned start (class_origin_s_).
    double class_now_s() const {
        return paused_ ? paused_class_s_ : session_now_s() + class_origin_s_ - paused_total_s_;
    }
    // The session moment at which class_now_s() reaches class_s. The sum can round one ulp short
    // of it after a pause (paused_total_s_ 159.28 is not exact in binary), and a wake-up there
    // finds nothing due yet: virtual time stood still until the 1000-turn nudge (the soak found it).
    double session_of_class(double class_s) const {
        double session_s = class_s - class_origin_s_ + paused_total_s_;
        while (session_s + class_origin_s_ - paused_total_s_ < class_s)
            session_s = std::nextafter(session_s, std::numeric_limits<double>::infinity());
        return session_s;
    }

    // The process stopped (SIGSTOP, a debugger, a suspended VM) and continued: the class carries
    // on where it was, as after a pause, rather than jumping past what played while nobody could
    // see it. (The audio, stopped too, carries on where it was by itself.)
    void carry_over_stall() {
        if (options_.virtual_clock || !std::isfinite(back_by_session_s_)) return;
        const double late_s = session_now_s() - back_by_session_s_;
        back_by_session_s_ = std::numeric_limits<double>::infinity();
        if (late_s < kStall_s || paused_) return;
        paused_total_s_ += late_s;
        events_->write(class_now_s(), "stalled", {{"lost_s", std::round(late_s * 1000) / 1000}});
    }

    // ---- input --------------------------------------------------------------------------
    void handle_input() {
        SDL_Event event;
        while (SDL_PollEvent(&event)) {
            if (event.type == SDL_QUIT) act(Key::Quit, "window");
            if (auto press = remote_->on_event(event)) act(press->key, press->source);
        }
        if (options_.take_request)
            while (auto request = options_.take_request()) on_request(std::move(*request));
    }

    // From the clinic (the fleet agent): acts as the matching key would, never filtered.
    void on_request(OutsideRequest request) {
        if (!paused_ && !conductor_.ended()) apply(conductor_.advance_to(class_now_s()));
        switch (request.kind) {
            case OutsideRequest::Kind::NextStep:
                events_->write(class_now_s(), "request", {{"request", "next"}, {"source", "fleet"}});
                if (pain_check_ || conductor_.ended()) return;
                resume();
                apply(conductor_.next_step());
                break;
            case OutsideRequest::Kind::EndClass:
                events_->write(class_now_s(), "request", {{"request", "end_class"}, {"source", "fleet"}});
                close_pause_screen();
                if (pain_check_) close_pain_check();  // kept unanswered in the record
                quit_ = quit_key_ = true;  // not completed, and nobody is asked how the back feels
                if (!conductor_.ended()) apply(conductor_.stop_class());
                break;
            case OutsideRequest::Kind::Screenshot:
                events_->write(class_now_s(), "request", {{"request", "screenshot"}, {"source", "fleet"}});
                picture_requests_.push_back(std::move(request.on_picture));
                redraw_ = true;  // taken from the next frame drawn, this very turn
                break;
        }
    }

    void handle_scripted_keys() {
        while (next_press_ < presses_.size() && presses_[next_press_].at_s <= session_now_s() + 1e-9)
            act(presses_[next_press_++].key, "script");
    }

    // Where the class is, for what a key means there.
    input::Context key_context() const {
        if (pause_menu_) return input::Context::PauseScreen;
        if (!paused_ && conductor_.offering_try_again()) return input::Context::StopOffer;
        return input::Context::Playing;
    }

    void act(Key key, const char* source) {
        // SDL_QUIT ("window": also SIGTERM, how systemd stops the service) is never filtered.
        if (options_.key_filter && std::string_view(source) != "window") {
            const auto verdict = options_.key_filter(key, session_now_s());
            if (verdict == PlayOptions::KeyVerdict::Ignore) {
                events_->write(class_now_s(), "key", {{"key", input::to_string(key)}, {"action", "ignored"}, {"source", source}});
                return;
            }
            if (verdict == PlayOptions::KeyVerdict::Quit) key = Key::Quit;
        }
        if (pain_check_) {
            answer_pain(key, source);
            if (key != Key::Quit) return;  // QUIT (or the window closing) also leaves the class
        }
        const Action action = input::class_action(key, key_context());
        // A key acts at the moment it is pressed: bring the class up to now first.
        if (!paused_ && !conductor_.ended()) apply(conductor_.advance_to(class_now_s()));
        nlohmann::json fields{{"key", input::to_string(key)}, {"action", input::to_string(action)}, {"source", source}};
        if (action == Action::MenuChoose) fields["choice"] = to_string(pause_menu_->chosen());
        events_->write(class_now_s(), "key", fields);
        switch (action) {
            case Action::PauseToggle: set_paused(!paused_); break;
            case Action::NextStep:
            case Action::SkipExercise: apply(conductor_.next_step()); break;
            case Action::PreviousStep: apply(conductor_.previous_step()); break;
            case Action::RestartStep: apply(conductor_.restart_step()); break;
            case Action::VolumeUp: change_volume(kVolumeStep); break;
            case Action::VolumeDown: change_volume(-kVolumeStep); break;
            case Action::Quit:
                close_pause_screen();
                quit_ = quit_key_ = true;  // before the class ends, so class_end says it was not completed
                if (options_.on_quit) options_.on_quit();
                apply(conductor_.stop_class());
                break;
            case Action::OpenPauseScreen: open_pause_screen(); break;
            case Action::Easier: resume(); make_easier(); break;
            case Action::Stop: resume(); stop_exercise(); break;
            case Action::MenuUp: pause_menu_->up(); break;
            case Action::MenuDown: pause_menu_->down(); break;
            case Action::MenuChoose: choose(pause_menu_->chosen()); break;
            case Action::Resume: resume(); break;
            case Action::TryAgain: apply(conductor_.try_again()); break;
            case Action::None: break;
        }
        redraw_ = true;
    }

    void change_volume(double by) {
        audio_->set_volume(audio_->volume() + by);
        show_notice("Volume " + std::to_string(static_cast<int>(std::lround(audio_->volume() * 100))) + "%");
    }

    // A banner for a few seconds of session time (so it shows while paused, too).
    void show_notice(std::string text) {
        events_->write(class_now_s(), "notice", {{"text", text}});  // what the screen said, for the record
        notice_ = {std::move(text), session_now_s() + kNotice_s};
    }

    void open_pause_screen() {
        if (conductor_.ended() || !conductor_.started()) return;
        set_paused(true);
        // During STOP's rest, "Easier version" is the stopped exercise's, as the rest offers it.
        const Step& exercise = conductor_.stopped() ? *conductor_.stopped() : conductor_.step();
        pause_menu_.emplace(has_gentler_variant(plan(), exercise), captions_on_);
    }
    void close_pause_screen() { pause_menu_.reset(); }
    void resume() {
        close_pause_screen();
        set_paused(false);
    }

    void choose(playback::Choice choice) {
        switch (choice) {
            case Choice::Resume: resume(); break;
            case Choice::RestartStep: resume(); apply(conductor_.restart_step()); break;
            case Choice::SkipToNext: resume(); apply(conductor_.next_step()); break;
            case Choice::Easier: resume(); make_easier(); break;
            case Choice::Captions:
                captions_on_ = !captions_on_;
                pause_menu_->set_captions(captions_on_);
                events_->write(class_now_s(), "captions", {{"on", captions_on_}});
                show_notice(captions_on_ ? "Captions on" : "Captions off");
                break;
            case Choice::EndClass:
                resume();
                quit_ = true;
                apply(conductor_.stop_class());
                break;
        }
    }

    // EASIER: the running exercise becomes its gentler version at once, and says why.
    void make_easier() {
        auto happened = conductor_.easier();
        if (happened.empty()) {
            if (!conductor_.ended()) show_notice("There is no easier version of this step");
            return;
        }
        apply(happened);
        if (conductor_.step().reason) show_notice(*conductor_.step().reason);
    }

    // STOP ("it hurts"): the exercise stops at once; a breathing rest offers to skip it.
    void stop_exercise() {
        auto happened = conductor_.stop_step();
        if (happened.empty()) return;  // a card or a rest: nothing is being done to stop
        silence_voice(class_now_s());  // the voice must not go on describing the exercise
        apply(happened);
    }

    // The cue being said stops mid-word, its caption goes, and what was waiting to be said
    // is dropped.
    void silence_voice(double now) {
        if (!speaking_id_.empty() && voice_free_at_s_ - kBetweenCues_s > now)
            events_->write(now, "cue_cut", {{"id", speaking_id_}});
        audio_->silence_cues();
        speaking_id_.clear();
        voice_free_at_s_ = now;
        voice_queue_.clear();
        caption_.reset();
    }

    void set_paused(bool paused) {
        if (paused == paused_ || conductor_.ended()) return;
        if (paused) {
            paused_class_s_ = class_now_s();
            paused_ = true;
            events_->write(paused_class_s_, "paused");
        } else {
            paused_total_s_ = session_now_s() + class_origin_s_ - paused_class_s_;
            paused_ = false;
            events_->write(class_now_s(), "resumed");
        }
        audio_->pause(paused);
    }

    // ---- the class ----------------------------------------------------------------------
    void handle_class() {
        if (paused_ || conductor_.ended()) return;
        if (error_card_until_s_ && class_now_s() >= *error_card_until_s_) {
            // The broken clip's card has been read: the class goes on from the card's end (the
            // step may also have reached its planned end there; then it is not cut again).
            const double until = *error_card_until_s_;
            const int failed_step = conductor_.step_index();
            error_card_until_s_.reset();
            apply(conductor_.advance_to(until));
            if (!conductor_.ended() && conductor_.step_index() == failed_step) apply(conductor_.next_step());
        }
        apply(conductor_.advance_to(class_now_s()));
        if (first_step_changes_due_ && conductor_.started()) replay_first_step_changes();
    }

    // Resuming after a power cut: the swaps the person had made in that step, made again as
    // soon as it has started (on the class's first turn).
    void replay_first_step_changes() {
        first_step_changes_due_ = false;
        if (conductor_.step_index() != options_.first_step) return;
        for (const std::string& change : options_.first_step_changes) {
            if (change == "easier") apply(conductor_.easier());
            else if (change == "stopped") apply(conductor_.stop_step());
            else if (change == "tried_again") apply(conductor_.try_again());
        }
    }

    void apply(const std::vector<ConductorEvent>& happened) {
        for (const auto& e : happened) {
            switch (e.kind) {
                case Kind::ClassStart:
                    events_->write(e.t_s, "class_start", {{"playlist", plan().playlist_id}, {"conditions", plan().conditions},
                                                          {"steps", plan().steps.size()}, {"total_s", plan().total_s},
                                                          {"first_step", options_.first_step},
                                                          // Which of SDL's renderers draws: the GPU path a board
                                                          // uses, or the software one (the renderer tests check it).
                                                          {"renderer", screen_ ? screen_->renderer_name() : ""}});
                    // Whoever comes back to the screen after a power cut is told why the class
                    // is not at its start.
                    if (options_.first_step > 0)
                        show_notice("Resumed where it stopped: step " + std::to_string(options_.first_step + 1) + " of " +
                                    std::to_string(plan().steps.size()));
                    break;
                case Kind::StepStart:
                    note_stop_for_pain(e);
                    start_step(e);
                    break;
                case Kind::Cue: say(*e.cue, e.t_s); break;
                case Kind::StepEnd:
                    events_->write(e.t_s, "step_end", {{"index", e.step_index}, {"frames", frames_in_step_}});
                    break;
                case Kind::ClassEnd:
                {
                    // Completed: the class ran to the end of its last step (steps skipped with
                    // NEXT or swapped by EASIER or STOP included), rather than being stopped.
                    const bool completed = !quit_;
                    events_->write(e.t_s, "class_end", {{"completed", completed}});
                    end_class(e.t_s);
                    if (options_.on_class_end) options_.on_class_end(completed);
                    // One question at the end, not one for the STOP and another for the class.
                    pain_after_stop_due_.reset();
                    if (!quit_key_) pain_after_class_due_ = true;
                }
                    break;
            }
        }
        if (!happened.empty()) redraw_ = true;
        // Asked once everything that happened is on the screen and in the log.
        if (pain_after_class_due_) open_pain_check(PainCheck::Moment::AfterClass, static_cast<int>(plan().steps.size()) - 1);
        else if (pain_after_stop_due_) open_pain_check(PainCheck::Moment::AfterStop, *pain_after_stop_due_);
        pain_after_class_due_ = false;
        pain_after_stop_due_.reset();
    }

    // ---- the pain check ------------------------------------------------------------------
    // After a STOP, once the class has moved on from its rest (OK skipped the exercise, or the
    // rest ran out); not when the person tried again or took the easier version.
    void note_stop_for_pain(const ConductorEvent& e) {
        if (e.change == StepChange::Stopped) {
            stopped_step_ = e.step_index;
            return;
        }
        if (stopped_step_ && e.change == StepChange::None) pain_after_stop_due_ = stopped_step_;
        stopped_step_.reset();
    }

    // Asked where someone can answer: at home or `play` (ask_pain), not again after the person
    // skipped it in this class, and in virtual time only while the key script has keys to come.
    void open_pain_check(PainCheck::Moment moment, int step_index) {
        if (!options_.ask_pain || pain_declined_ || pain_check_) return;
        if (options_.virtual_clock && next_press_ >= presses_.size()) return;
        if (!conductor_.ended()) set_paused(true);  // the class waits for the answer
        pain_check_.emplace(moment, step_index);
        pain_opened_session_s_ = session_now_s();
        silence_voice(class_now_s());
        redraw_ = true;
    }

    void answer_pain(Key key, const char* source) {
        const char* action = pain_check_->press(key);
        events_->write(class_now_s(), "key", {{"key", input::to_string(key)}, {"action", action}, {"source", source}});
        if (pain_check_->state() != PainCheck::State::Asking) close_pain_check();
        redraw_ = true;
    }

    void close_pain_check() {
        const PainCheck check = *pain_check_;
        pain_check_.reset();
        events_->write(class_now_s(), "pain_check",
                       {{"moment", check.moment_name()}, {"index", check.step_index()},
                        {"answer", check.answer() ? nlohmann::json(*check.answer()) : nlohmann::json(nullptr)}});
        if (check.state() == PainCheck::State::Skipped) pain_declined_ = true;
        if (conductor_.ended()) ended_at_session_s_ = session_now_s();  // "Class complete" shows after it
        else set_paused(false);
        redraw_ = true;
    }

    // Nobody there to answer: in virtual time, no scripted key left; in real time, a minute
    // without a key. Closed unanswered (not skipped: it may be asked again later).
    void handle_pain_check() {
        if (!pain_check_) return;
        const bool nobody = options_.virtual_clock ? next_press_ >= presses_.size()
                                                   : session_now_s() - pain_opened_session_s_ >= kPainWait_s;
        if (nobody) close_pain_check();
    }

    void start_step(const ConductorEvent& e) {
        const Step& step = plan().steps[static_cast<std::size_t>(e.step_index)];
        // Kept (resume state) before it is logged: a step the log shows started is on disk.
        if (options_.on_step_start) options_.on_step_start(step.index, to_string(e.change));
        events_->write(e.t_s, "step_start",
                       {{"index", step.index}, {"kind", to_string(step.kind)}, {"segment", step.segment_id},
                        {"variant", step.variant_id ? nlohmann::json(*step.variant_id) : nlohmann::json(nullptr)},
                        {"reason", step.reason ? nlohmann::json(*step.reason) : nlohmann::json(nullptr)},
                        {"title", step.title}, {"duration_s", step.duration_s},
                        {"change", e.change == StepChange::None ? nlohmann::json(nullptr) : nlohmann::json(to_string(e.change))}});
        error_card_until_s_.reset();
        caption_.reset();
        voice_queue_.clear();  // the last step's words wait no longer: this step's come first
        frames_in_step_ = 0;
        note_step_change();
        if (step.chime) play_sound(*step.chime, e.t_s);

        if (step.kind == StepKind::Clip && step.media) {
            start_clip(step, e.t_s);
        } else {
            stop_clip();
            screen_->clear_picture();
        }
        prefetch_pending_ = true;  // opened once this step's first frame is shown
    }

    // The next clip is opened and starts decoding while this step runs, so its first frame is
    // ready the moment it is due: no black frame, no freeze between steps. Opening probes the
    // file (tens of ms on a small board), so it happens on a worker, never on this loop.
    void prefetch_after(int index) {
        const auto next = static_cast<std::size_t>(index) + 1;
        if (next >= plan().steps.size()) return;
        const Step& step = plan().steps[next];
        if (step.kind != StepKind::Clip || !step.media) return;
        if (prefetched_step_ == static_cast<int>(next) && (prefetch_.valid() || prefetched_)) return;
        prefetched_.reset();
        preloaded_from_ = nullptr;
        prefetch_ = std::async(std::launch::async, [path = step.media->clip, options = reader_options(step)] {
            return media::ClipReader::open(path, options);
        });
        prefetched_step_ = static_cast<int>(next);
    }

    media::ClipReaderOptions reader_options(const Step& step) const {
        media::ClipReaderOptions options;
        options.audio_rate = audio_->rate();
        options.audio_channels = audio_->channels();
        options.loop = step.media->loop != LoopMode::Once;
        options.hwdec = options_.hwdec;
        options.max_height = options_.max_height;
        return options;
    }

    void start_clip(const Step& step, double t_s) {
        stop_clip();
        // The prefetched reader when this is the step it was opened for (usually ready by
        // now); otherwise, after a jump, open here.
        take_prefetch_if_ready(prefetched_step_ == step.index ? std::chrono::milliseconds(10000) : std::chrono::milliseconds(0));
        const bool from_prefetch = prefetched_ && prefetched_step_ == step.index;
        auto opened = from_prefetch ? std::move(*prefetched_)
                                    : media::ClipReader::open(step.media->clip, reader_options(step));
        // A preloaded picture belongs to the prefetched reader only; once that reader is gone, a
        // new one may be allocated at its address and must not take its picture.
        if (!from_prefetch) preloaded_from_ = nullptr;
        prefetched_.reset();
        prefetched_step_ = -1;
        if (!opened) {
            clip_failed(step.media->clip, opened.error(), t_s);
            return;
        }
        reader_ = std::move(*opened);
        note_video_decoder(t_s);
        clip_origin_s_ = t_s;
        frame_interval_s_ = reader_->frame_interval_s() > 0 ? reader_->frame_interval_s() : kDefaultFrame_s;
        if (reader_->has_audio()) {
            media::ClipReader* r = reader_.get();  // outlives the pull: stop_clip() detaches it first
            audio_->set_clip([r](std::uint8_t* out, std::size_t bytes, double* pts) { return r->read_audio(out, bytes, pts); });
        }
        // Wait (briefly, and only if prefetch has not already done it) for the first picture, so
        // the step opens on its own first frame rather than on the last step's.
        if (reader_->has_video()) reader_->wait_picture(std::chrono::milliseconds(500));
    }

    // The prefetched open, once it is done (waiting up to `wait`): kept in prefetched_ so its
    // first picture can be looked at before its step starts.
    void take_prefetch_if_ready(std::chrono::milliseconds wait) {
        if (prefetch_.valid() && prefetch_.wait_for(wait) == std::future_status::ready) prefetched_ = prefetch_.get();
    }

    // In a step's last moments, the next step's first frame is made ready while this one
    // plays: its text rendered into the cache, then (on a later turn, so no one turn takes
    // much longer than a frame) its clip's first picture uploaded into the screen's spare
    // texture. The step boundary then costs what any frame costs: no freeze between steps.
    void get_ready_for_next_step() {
        if (paused_ || !conductor_.started() || conductor_.ended()) return;
        const auto progress = conductor_.progress();
        if (progress.step_s - progress.in_step_s > kGetReady_s) return;
        const int next = conductor_.step_index() + 1;
        if (next >= static_cast<int>(plan().steps.size())) return;
        if (text_ready_for_ != next) {
            text_ready_for_ = next;
            screen_->prepare(first_view_of_next_step(), session_now_s());
            return;
        }
        if (prefetched_step_ != next || preloaded_from_ != nullptr) return;
        take_prefetch_if_ready(std::chrono::milliseconds(0));
        if (!prefetched_ || !*prefetched_ || !(**prefetched_)->has_video()) return;
        media::ClipReader& upcoming = ***prefetched_;
        const media::Picture* first = upcoming.peek_picture();
        if (first == nullptr) return;  // still decoding: look again next turn
        if (!screen_->preload_picture(view_of(*first, upcoming.rotation_deg()))) return;
        preloaded_from_ = &upcoming;
        preloaded_pts_s_ = first->pts_s;
    }

    // What the next step will show on its first frame: the class run ahead on a copy of the
    // conductor to just past this step's end, with the caption of a cue said right then.
    ui::View first_view_of_next_step() const {
        Conductor ahead = conductor_;
        const auto progress = conductor_.progress();
        const auto events = ahead.advance_to(conductor_.now_s() + (progress.step_s - progress.in_step_s) + 1e-3);
        ui::View v = build_view(ahead);
        for (const ConductorEvent& e : events)
            if (e.kind == Kind::Cue && e.cue && e.step_index == ahead.step_index() && captions_on_) v.caption = e.cue->text;
        return v;
    }

    // What decodes the video, in the event log when hardware was asked for; a fallback to
    // software is one log line (per distinct reason, not one per clip).
    void note_video_decoder(double t_s) {
        if (options_.hwdec == "none" || !reader_->has_video()) return;
        const std::string& fallback = reader_->video_decoder_fallback();
        events_->write(t_s, "video_decoder", {{"file", reader_->path().string()}, {"decoder", reader_->video_decoder()},
                                              {"fallback", fallback.empty() ? nlohmann::json() : nlohmann::json(fallback)}});
        if (!fallback.empty() && logged_fallbacks_.insert(fallback).second)
            spdlog::info("--hwdec {}: decoding in software ({})", options_.hwdec, fallback);
    }

    void stop_clip() {
        audio_->set_clip({});  // after this the audio thread no longer touches the reader
        // Joining a reader's threads takes a few ms: at a step boundary that would delay the
        // next step's first frame, so it is let go after that frame is on screen.
        retired_ = std::move(reader_);
    }

    // Work that must not delay a step's first frame, done right after it is shown.
    void after_first_frame() {
        retired_.reset();
        screen_->release_spare();
        if (prefetch_pending_) {
            prefetch_pending_ = false;
            if (!conductor_.ended()) prefetch_after(conductor_.step_index());
        }
    }

    void clip_failed(const std::filesystem::path& file, const media::MediaError& error, double t_s) {
        stop_clip();
        screen_->clear_picture();
        events_->write(t_s, "media_error", {{"file", file.string()}, {"category", media::to_string(error.category)},
                                            {"message", error.message}, {"index", conductor_.step_index()}});
        spdlog::warn("{}", error.message);
        ++media_errors_;
        const double left = conductor_.step().duration_s - (t_s - conductor_.step_started_at_s());
        error_card_until_s_ = t_s + std::min(kErrorCard_s, std::max(0.0, left));
    }

    // One voice: a cue due while another speaks waits for it rather than talking over it.
    // The log keeps each cue at its planned time; the caption shows while it is heard.
    void say(const Cue& cue, double t_s) {
        events_->write(t_s, "cue", {{"id", cue.id}, {"text", cue.text}});
        voice_queue_.push_back({&cue, t_s});
        handle_voice();
    }

    void handle_voice() {
        if (paused_) return;
        const double now = class_now_s();
        while (!voice_queue_.empty() && voice_free_at_s_ <= now + 1e-9) {
            const QueuedCue next = voice_queue_.front();
            voice_queue_.pop_front();
            if (now - next.due_s > kCueStale_s) {
                // Said this late it would describe a moment that has passed.
                events_->write(now, "cue_dropped", {{"id", next.cue->id}, {"late_s", now - next.due_s}});
                continue;
            }
            const auto length_s = play_sound(next.cue->audio, now);
            events_->write(now, "cue_spoken", {{"id", next.cue->id}, {"length_s", length_s.value_or(0)}});
            voice_free_at_s_ = now + length_s.value_or(0) + kBetweenCues_s;
            speaking_id_ = next.cue->id;
            // The words still show when the sound cannot play.
            caption_ = {next.cue->text, now + std::max(length_s.value_or(3.0), 2.0)};
        }
    }

    // SDL_mixer decodes a sound whole into memory: a "cue" hours long (or a few KB of Vorbis
    // silence claiming to be) would take gigabytes. Each file is measured once, before its first
    // load, from its headers.
    std::expected<void, std::string> sound_fits(const std::filesystem::path& file) {
        if (auto known = sounds_checked_.find(file); known != sounds_checked_.end()) return known->second;
        std::expected<void, std::string> verdict;
        std::error_code ec;
        const auto bytes = std::filesystem::file_size(file, ec);
        if (!ec && bytes > kMostSoundBytes) {
            verdict = std::unexpected(file.string() + ": " + std::to_string(bytes >> 20) +
                                      " MiB; a voice cue or chime is at most " + std::to_string(kMostSoundBytes >> 20) + " MiB");
        } else if (auto length = media::probe_duration_s(file); length && *length > kMostSound_s) {
            verdict = std::unexpected(file.string() + ": " + std::to_string(std::lround(*length)) +
                                      " s long; a voice cue or chime is at most " + std::to_string(std::lround(kMostSound_s)) + " s");
        }
        return sounds_checked_.emplace(file, verdict).first->second;
    }

    std::optional<double> play_sound(const std::filesystem::path& file, double t_s) {
        auto fits = sound_fits(file);
        auto length = fits ? audio_->play_cue(file) : std::unexpected(fits.error());
        if (length) return *length;
        events_->write(t_s, "media_error", {{"file", file.string()}, {"category", "invalid"}, {"message", length.error()}});
        ++media_errors_;
        return std::nullopt;
    }

    void end_class(double t_s) {
        stop_clip();
        screen_->clear_picture();
        ended_at_session_s_ = session_now_s();
        class_end_t_s_ = t_s;
    }

    // ---- the picture --------------------------------------------------------------------
    // Where the clip is now: the audio the viewer hears when the clip has sound (the master
    // clock), otherwise class time since the step began.
    double clip_now_s() const {
        if (!options_.virtual_clock && reader_ && reader_->has_audio()) {
            const double heard = audio_->clip_clock_s();
            // Audio that ends before the picture stops being a clock: class time carries the
            // picture on (never back: it may trail what was heard by a device buffer).
            if (heard >= 0 && reader_->audio_ended()) return std::max(heard, class_now_s() - clip_origin_s_);
            if (heard >= 0) return heard;
        }
        return class_now_s() - clip_origin_s_;
    }

    void handle_clip() {
        if (!reader_ || paused_ || conductor_.ended()) return;
        const double clip_now = clip_now_s();
        if (options_.virtual_clock && reader_->has_audio()) pump_audio_to(clip_now);

        bool fresh = false;
        while (const media::Picture* next = reader_->peek_picture()) {
            if (next->pts_s > clip_now + 1e-6) break;
            if (fresh) ++frames_dropped_;  // superseded before it could be shown: late
            shown_ = reader_->pop_picture();
            fresh = true;
        }
        if (fresh) {
            picture_due_ = true;
            uploaded_ = false;
            ++frames_presented_;
            ++frames_in_step_;
            if (!options_.virtual_clock) upload_shown();
            if (reader_->has_audio() && !reader_->audio_ended()) {  // after it ends there is nothing to drift from
                const double heard = audio_->clip_clock_s();
                // (Further apart than a gap is a break in the timestamps, not drift.)
                if (heard >= 0 && std::abs(heard - shown_.pts_s) < kGap_s)
                    max_av_drift_ms_ = std::max(max_av_drift_ms_, 1000 * std::abs(heard - shown_.pts_s));
            }
        }
        if (auto error = reader_->error(); error && (reader_->video_ended() || !reader_->has_video())) {
            clip_failed(reader_->path(), *error, class_now_s());
            return;
        }
        end_step_if_clip_ran_out();
    }

    // The clip's time is the sound heard (real time, while it lasts), which passes over a gap
    // in the timestamps by itself; otherwise it is class time, which would wait the gap out.
    bool clocked_by_sound() const {
        return !options_.virtual_clock && reader_->has_audio() && !reader_->audio_ended();
    }

    // A gap in the picture's timestamps (recordings joined end to end: 25 hours between two
    // 3-second halves) has nothing in it to show: the clip goes on at its next picture rather
    // than holding the last one for the gap. Returns how long to wait now (nothing).
    double skip_gap(double ahead_s) {
        clip_origin_s_ -= ahead_s;
        events_->write(class_now_s(), "clip_gap_skipped", {{"file", reader_->path().string()}, {"skipped_s", ahead_s}});
        return 0;
    }

    // A clip played once (a single file) is planned from its container's duration, which its
    // timestamps can overstate: two recordings joined end to end "last" 90 minutes for 6 s of
    // picture. When everything in it has been shown well before the planned end, the step ends
    // there rather than holding the last picture for the rest.
    bool end_step_if_clip_ran_out() {
        if (!reader_ || paused_ || conductor_.ended() || !conductor_.started()) return false;
        const Step& step = conductor_.step();
        if (!step.media || step.media->loop != LoopMode::Once) return false;
        // Its sound, heard at its own pace, may go on after the picture (real time); in virtual
        // time sound is taken by its timestamps, the very thing in doubt, so the picture decides.
        const bool ran_out = (reader_->has_video() && options_.virtual_clock) ? reader_->video_ended() : reader_->ended();
        if (!ran_out) return false;
        const double played_s = class_now_s() - conductor_.step_started_at_s();
        const double planned_s = step.duration_s;
        if (planned_s - played_s < kRanOut_s) return false;
        events_->write(class_now_s(), "clip_ran_out", {{"file", reader_->path().string()},
                                                       {"planned_s", planned_s}, {"played_s", played_s}});
        apply(conductor_.next_step());
        return true;
    }

    // On the software renderer an upload is a YUV-to-RGB conversion on the CPU: in virtual
    // time only the pictures that are composited are uploaded.
    void upload_shown() {
        // The step's first picture, when it was uploaded ahead (get_ready_for_next_step).
        bool swapped_in = false;
        if (preloaded_from_ != nullptr && preloaded_from_ == reader_.get()) {
            preloaded_from_ = nullptr;
            swapped_in = shown_.pts_s == preloaded_pts_s_ && screen_->show_preloaded();
        }
        if (!swapped_in) screen_->upload_picture(view_of(shown_, reader_->rotation_deg()));
        uploaded_ = true;
        shown_.release_pixels();  // the screen holds what it needs (a copy, or the frame itself)
    }

    // Virtual time: the clip's audio is consumed as class time passes, exactly as the sound
    // card would, so the decoders keep flowing and A/V drift is measured the same way.
    void pump_audio_to(double clip_now) {
        const double heard = audio_->clip_clock_s();
        const double behind_s = clip_now - std::max(0.0, heard);
        if (behind_s <= 0) return;
        double got = audio_->pump_virtual(behind_s);
        // Decoding may trail a little: give the audio decoder a moment rather than miscount drift.
        for (int tries = 0; got + 1e-4 < behind_s && tries < 20 && !reader_->audio_ended(); ++tries) {
            reader_->audio_ready(std::chrono::milliseconds(50));
            got += audio_->pump_virtual(behind_s - got);
        }
    }

    // ---- the screen ---------------------------------------------------------------------
    ui::View build_view() const {
        ui::View v = build_view(conductor_);
        if (pain_check_) v.pain_check = ui::PainCheckView{PainCheck::kQuestion, pain_check_->chosen(), PainCheck::kMost};
        return v;
    }

    // The view of class time as `source` has it: the running conductor's, or a look-ahead copy's
    // (see first_view_of_next_step), which has no caption, notice or error card of its own.
    ui::View build_view(const Conductor& source) const {
        const bool running = &source == &conductor_;
        ui::View v;
        v.paused = paused_;
        v.step_count = static_cast<int>(plan().steps.size());
        if (source.ended()) {
            v.kind = ui::ViewKind::Ended;
            v.title = "Class complete";
            v.lines = plan().closing_lines;
            v.class_progress = 1;
            return v;
        }
        if (!source.started()) return v;
        const Step& step = source.step();
        const auto progress = source.progress();
        v.step_number = step.index + 1;
        v.title = step.title;
        v.reason = step.reason;
        v.class_left_s = source.class_left_s();
        v.class_progress = plan().total_s > 0 ? std::clamp(1 - v.class_left_s / plan().total_s, 0.0, 1.0) : 0;
        if (running && captions_on_ && caption_ && class_now_s() < caption_->until_s) v.caption = caption_->text;
        if (notice_ && session_now_s() < notice_->until_session_s) {
            v.notice = notice_->text;
            // EASIER's banner is the new step's reason, word for word: said once, in the banner,
            // until it goes; then the reason stays under the title.
            if (v.reason == v.notice) v.reason.reset();
        }
        if (pause_menu_) {
            ui::MenuView menu;
            for (const Choice c : pause_menu_->choices()) menu.items.push_back(pause_menu_->label(c));
            menu.selected = pause_menu_->selected();
            v.menu = std::move(menu);
        }

        const auto next = static_cast<std::size_t>(step.index) + 1;
        const double left_in_step = progress.step_s - progress.in_step_s;
        if (next < plan().steps.size() && (step.kind == StepKind::Breathing || left_in_step <= kNextUpLead_s)) {
            if (!says_what_is_next(step)) v.next_up = next_up_line(plan().steps[next]);
        }

        if (running && error_card_until_s_) {
            v.kind = ui::ViewKind::ClipError;
            v.lines = {"The class goes on with the next step."};  // the card's heading says the rest
            return v;
        }
        switch (step.kind) {
            case StepKind::Card:
                v.kind = ui::ViewKind::Card;
                v.lines = step.lines;
                v.reason.reset();  // a skip card's lines already are its reason
                break;
            case StepKind::Breathing:
                v.kind = ui::ViewKind::Breathing;
                v.lines = step.lines;  // STOP's rest: what to do if the pain stays or spreads
                if (source.offering_try_again()) v.offer = stop_offer(plan(), *source.stopped());
                v.breathing_in = progress.breathing_in;
                v.breathing_phase_progress = progress.phase_progress;
                v.breath_number = progress.breath;
                v.breath_count = progress.breath_count;
                break;
            case StepKind::Clip:
                v.kind = ui::ViewKind::Clip;
                // Where to start and what to do while the person gets into position; then only
                // how to breathe, and the video has the rest of the screen.
                if (progress.in_step_s < kInstructionsFor_s) v.lines = step.lines;
                else if (!step.breath.empty()) v.lines = {step.breath};
                if (progress.rep_count > 0)
                    v.rep_label = capitalised(progress.rep_name == "rounds" ? "round" : "rep") + " " +
                                  std::to_string(progress.rep) + " of " + std::to_string(progress.rep_count);
                if (progress.side_count > 0) v.side_label = capitalised(progress.side_name) + " side";
                if (progress.set_count > 0)
                    v.set_label = "Set " + std::to_string(progress.set) + " of " + std::to_string(progress.set_count);
                v.hold_left_s = progress.hold_left_s;
                break;
        }
        return v;
    }

    void handle_screen() {
        const double now = class_now_s();
        const bool shot_due = next_shot_ < shots_.size() && shots_[next_shot_].at_s <= now + 1e-9;
        const ui::View view = build_view();
        // In virtual time nobody watches: every picture is still taken and uploaded when due
        // (the timing under test), but the full composite, the costly part in SDL's software
        // renderer, is drawn once a class second, and whenever a step, key, cue or screenshot
        // asks for it.
        const bool picture_needs_draw =
            picture_due_ && (!options_.virtual_clock || transition_pending_ || now - last_composite_class_s_ >= 1.0);
        // Otherwise draw only what a viewer could see change (a new second on a counter, a
        // caption, the breathing circle): an idle card costs next to nothing.
        const bool looks_different = !options_.virtual_clock && !screen_->already_shows(view);
        if (!picture_needs_draw && !redraw_ && !shot_due && !looks_different) {
            if (picture_due_) note_present(true);
            picture_due_ = false;
            finish_if_done();
            return;
        }
        if (!uploaded_ && shown_ && reader_) upload_shown();
        screen_->draw(view, session_now_s());
        while (next_shot_ < shots_.size() && shots_[next_shot_].at_s <= now + 1e-9) {
            const auto& shot = shots_[next_shot_++];
            std::string error;
            if (screen_->save_png(shot.file, &error))
                events_->write(now, "screenshot", {{"file", shot.file.string()}, {"at_s", shot.at_s}});
            else
                spdlog::error("--screenshot {}: {}", shot.file.string(), error);
        }
        if (!picture_requests_.empty()) {
            auto drawn = screen_->read_drawn();
            for (auto& send : picture_requests_)
                if (send) send(drawn);
            picture_requests_.clear();
        }
        screen_->present();
        note_present(picture_due_);
        if (!transition_pending_) after_first_frame();
        picture_due_ = false;
        redraw_ = false;
        last_composite_class_s_ = now;
        finish_if_done();
    }

    // Transition gap: the freeze a viewer sees between steps, beyond one frame interval.
    // Leaving a clip, it runs from the clip's last frame to the next step's first picture;
    // leaving a still card or rest, from the step boundary. Session time in real mode (what a
    // viewer lives through), class time in virtual mode.
    double present_clock_s() const { return options_.virtual_clock ? class_now_s() : session_now_s(); }

    void note_step_change() {
        transition_pending_ = !paused_;
        transition_from_s_ = last_was_clip_ ? last_picture_t_ + last_frame_interval_s_ : present_clock_s();
        last_was_clip_ = false;
    }

    void note_present(bool was_picture) {
        if (!first_present_s_) first_present_s_ = seconds_since_process_start();
        const double t = present_clock_s();
        if (transition_pending_ && (was_picture || !reader_)) {
            const double gap_ms = 1000 * (t - transition_from_s_);
            max_transition_gap_ms_ = std::max(max_transition_gap_ms_, gap_ms);
            if (transition_gaps_ms_.size() < kTransitionsKept) transition_gaps_ms_.push_back(std::max(0.0, std::round(gap_ms * 10) / 10));
            transition_pending_ = false;
        }
        if (was_picture) {
            last_picture_t_ = t;
            last_frame_interval_s_ = frame_interval_s_;
            last_was_clip_ = true;
        }
    }

    void finish_if_done() {
        if (!conductor_.ended() || pain_check_) return;
        if (next_shot_ < shots_.size() && !quit_) {
            // Screenshots asked for past the end show the closing card.
            if (shots_[next_shot_].at_s <= class_end_t_s_ + kEndedCard_s) return;
        }
        if (quit_ || options_.virtual_clock || session_now_s() - ended_at_session_s_ >= kEndedCard_s) finished_ = true;
    }

    // ---- sleeping -----------------------------------------------------------------------
    // The one wait of the loop: until the next picture, cue, step end, scripted key, screenshot
    // or visible change is due. Virtual time jumps straight there.
    void wait_for_next() {
        if (finished_) return;
        double due_session = std::numeric_limits<double>::infinity();
        auto consider_class = [&](double class_s) { due_session = std::min(due_session, session_of_class(class_s)); };

        if (!paused_) {
            if (auto due = conductor_.next_due_s()) consider_class(*due);
            if (error_card_until_s_) consider_class(*error_card_until_s_);
            if (next_shot_ < shots_.size()) consider_class(std::max(shots_[next_shot_].at_s, class_now_s()));
            if (caption_ && caption_->until_s > class_now_s()) consider_class(caption_->until_s);
            if (!voice_queue_.empty()) consider_class(std::max(voice_free_at_s_, class_now_s()));
            if (reader_ && reader_->has_video()) {
                const media::Picture* next = options_.virtual_clock ? reader_->wait_picture(kDecodeStall) : reader_->peek_picture();
                if (next) {
                    // Due by the clip's own clock (the audio, in real time), which may trail class
                    // time by a device buffer or two: waking by class time would find it not yet
                    // due and spin.
                    double ahead_s = next->pts_s - clip_now_s();
                    if (ahead_s > kGap_s && !clocked_by_sound()) ahead_s = skip_gap(ahead_s);
                    due_session = std::min(due_session, session_now_s() + std::max(ahead_s, 1e-4));
                } else if (options_.virtual_clock && !reader_->video_ended()) {
                    clip_failed(reader_->path(), media::make_media_error(media::MediaErrorCategory::Corrupted,
                                                                       "decoding stalled", reader_->path().string()),
                                class_now_s());
                } else if (!options_.virtual_clock && !reader_->video_ended()) {
                    // Decoding is behind: look again shortly (the reader cannot wake this loop).
                    due_session = std::min(due_session, session_now_s() + 0.005);
                } else if (end_step_if_clip_ran_out()) {
                    return;  // the next step has started: the next turn shows it
                }
            }
            // A counter or an animation changes before anything else is due.
            const double tick_s = conductor_.ended() ? 0.25
                                  : (conductor_.started() && conductor_.step().kind == StepKind::Breathing)
                                      ? (options_.virtual_clock ? 0.5 : 1.0 / 30)
                                      : 0.25;
            due_session = std::min(due_session, session_now_s() + tick_s);
        }
        if (next_press_ < presses_.size()) due_session = std::min(due_session, presses_[next_press_].at_s);
        if (notice_ && notice_->until_session_s > session_now_s()) due_session = std::min(due_session, notice_->until_session_s);
        if (conductor_.ended() && !options_.virtual_clock && !pain_check_)
            due_session = std::min(due_session, ended_at_session_s_ + kEndedCard_s);
        if (pain_check_ && !options_.virtual_clock) due_session = std::min(due_session, pain_opened_session_s_ + kPainWait_s);

        if (options_.virtual_clock) {
            if (!std::isfinite(due_session)) {
                // Paused with no scripted key left to resume: nobody can press one in virtual time.
                spdlog::warn("paused in virtual time with no scripted key left; ending the class");
                set_paused(false);
                quit_ = true;
                apply(conductor_.stop_class());
                return;
            }
            // Every source above is strictly in the future, so time always moves; should a bug
            // ever make it stand still, nudge it rather than spin forever.
            stalled_turns_ = due_session > virtual_now_s_ ? 0 : stalled_turns_ + 1;
            if (stalled_turns_ > 1000) {
                spdlog::error("virtual time stood still for 1000 turns at {:.3f} s; nudging it", virtual_now_s_);
                due_session = virtual_now_s_ + 0.001;
                stalled_turns_ = 0;
            }
            virtual_now_s_ = std::max(virtual_now_s_, due_session);
            return;
        }
        const double wait_s = std::isfinite(due_session) ? due_session - session_now_s() : 1.0;
        back_by_session_s_ = session_now_s() + std::clamp(wait_s, 0.0, 1.0);
        if (wait_s <= 0) return;
        const int wait_ms = static_cast<int>(std::clamp(wait_s * 1000, 0.0, 1000.0));
        if (options_.headless) {
            // The offscreen driver has no event wait of its own; nothing can arrive but SIGINT.
            std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait_s, 1.0)));
        } else if (SDL_WaitEventTimeout(nullptr, std::max(1, wait_ms)) == 1) {
            return;  // an event is waiting: the next turn of the loop handles it
        }
    }

    void write_summary() {
        const double wall_s = std::chrono::duration<double>(SteadyClock::now() - started_at_).count();
        events_->write(class_end_t_s_, "summary",
                       {{"frames_presented", frames_presented_},
                        {"frames_dropped", frames_dropped_},
                        {"max_transition_gap_ms", std::max(0.0, std::round(max_transition_gap_ms_ * 10) / 10)},
                        {"transition_gaps_ms", transition_gaps_ms_},
                        {"max_av_drift_ms", std::round(max_av_drift_ms_ * 10) / 10},
                        {"peak_rss_kb", peak_rss_kb()},
                        {"media_errors", media_errors_},
                        {"first_picture_ms", first_present_s_ ? nlohmann::json(std::round(*first_present_s_ * 1000))
                                                              : nlohmann::json(nullptr)},
                        {"class_s", class_end_t_s_},
                        {"wall_s", std::round(wall_s * 1000) / 1000},
                        {"cpu_s", std::round((cpu_seconds() - cpu_at_start_s_) * 1000) / 1000},
                        {"clock", options_.virtual_clock ? "virtual" : "real"}});
    }

    // The plan as it stands: EASIER and STOP swap steps in the conductor's copy.
    const Plan& plan() const { return conductor_.plan(); }

    // ---- state (all main thread) ----------------------------------------------------------
    PlayOptions options_;
    bool first_step_changes_due_ = !options_.first_step_changes.empty();  // see replay_first_step_changes
    Conductor conductor_;
    std::unique_ptr<EventLog> events_;
    std::unique_ptr<ui::Screen> owned_screen_;  // null when PlayOptions lent one
    ui::Screen* screen_ = nullptr;
    std::unique_ptr<audio::ClassAudio> audio_;  // after screen_: destroyed first

    std::vector<input::ScriptedPress> presses_;
    std::size_t next_press_ = 0;
    std::vector<Screenshot> shots_;
    std::size_t next_shot_ = 0;

    SteadyClock::time_point started_at_;
    double virtual_now_s_ = 0;
    int stalled_turns_ = 0;
    bool paused_ = false;
    double class_origin_s_ = 0;  // set from the conductor in the constructor: declared after it
    double paused_class_s_ = 0, paused_total_s_ = 0;
    double back_by_session_s_ = std::numeric_limits<double>::infinity();  // see carry_over_stall
    bool quit_ = false, finished_ = false;
    double ended_at_session_s_ = 0, class_end_t_s_ = 0;
    double cpu_at_start_s_ = 0;

    std::unique_ptr<media::ClipReader> reader_;   // the running clip
    std::unique_ptr<media::ClipReader> retired_;  // the last step's, let go after the next frame
    bool prefetch_pending_ = false;
    // The next step's clip, opening on a worker and then decoding ahead. Declared after
    // reader_ so it is destroyed first (a pending open is waited for).
    std::future<media::MediaResult<std::unique_ptr<media::ClipReader>>> prefetch_;
    std::optional<media::MediaResult<std::unique_ptr<media::ClipReader>>> prefetched_;  // its result, once taken
    int prefetched_step_ = -1;
    // Getting the next step ready (get_ready_for_next_step): the step whose text is in the
    // cache, and the reader whose first picture (at preloaded_pts_s_) waits in the spare texture.
    int text_ready_for_ = -1;
    const media::ClipReader* preloaded_from_ = nullptr;
    double preloaded_pts_s_ = 0;
    media::Picture shown_;  // the picture on screen (or, in virtual time, due on screen)
    bool uploaded_ = true;
    double clip_origin_s_ = 0, frame_interval_s_ = kDefaultFrame_s;
    std::optional<double> error_card_until_s_;
    struct Caption {
        std::string text;
        double until_s;
    };
    std::optional<Caption> caption_;
    struct QueuedCue {
        const Cue* cue;  // points into the plan
        double due_s;
    };
    std::deque<QueuedCue> voice_queue_;
    double voice_free_at_s_ = -1;  // class time the voice finishes its current cue
    // That cue's id (or the last one said): a copy, as EASIER and STOP replace the running
    // step, and the cues it points into, with another.
    std::string speaking_id_;

    bool picture_due_ = false, redraw_ = true;

    std::unique_ptr<input::RemoteInput> remote_;
    std::optional<PauseMenu> pause_menu_;  // open: the class is paused on the pause screen
    std::optional<PainCheck> pain_check_;  // open: asked over the screen, the class paused
    double pain_opened_session_s_ = 0;
    bool pain_declined_ = false;           // skipped with BACK: not asked again in this class
    std::vector<std::function<void(std::expected<media::RgbImage, std::string>)>> picture_requests_;
    std::map<std::filesystem::path, std::expected<void, std::string>> sounds_checked_;  // see sound_fits
    bool quit_key_ = false;                // QUIT or the window closing: no question on the way out
    std::optional<int> stopped_step_;      // a STOP's rest is running in this step
    std::optional<int> pain_after_stop_due_;
    bool pain_after_class_due_ = false;
    bool captions_on_ = true;
    struct Notice {
        std::string text;
        double until_session_s;
    };
    std::optional<Notice> notice_;

    // Measured for the summary.
    long frames_presented_ = 0, frames_dropped_ = 0, media_errors_ = 0, frames_in_step_ = 0;
    std::set<std::string> logged_fallbacks_;  // --hwdec fallback reasons already logged
    double max_transition_gap_ms_ = 0, max_av_drift_ms_ = 0;
    std::vector<double> transition_gaps_ms_;  // each step's, in order (the first kTransitionsKept)
    std::optional<double> first_present_s_;  // since process start: the wait for the first picture
    double last_composite_class_s_ = -1;
    bool transition_pending_ = false, last_was_clip_ = false;
    double transition_from_s_ = 0, last_picture_t_ = 0, last_frame_interval_s_ = kDefaultFrame_s;
};

}  // namespace

int play(const Plan& plan, const PlayOptions& options) {
    // SDL installs its own SIGINT handler that turns Ctrl-C into SDL_QUIT: the class ends cleanly.
    Player player(plan, options);
    return player.run();
}

}  // namespace classplayer::playback
