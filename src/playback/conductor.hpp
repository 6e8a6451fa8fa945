#pragma once
// The conductor runs a plan through class time: which step is on, which rep, side and set,
// how long a hold has left, which breath, and which voice cue is due. It owns no clock and
// touches no media: the player feeds it class time (which stands still while paused), and it
// answers with what happened. That keeps the class's logic testable without a screen.
#include <optional>
#include <string>
#include <vector>

#include "class/planner.hpp"

namespace classplayer::playback {

// Why a step started other than as planned: the remote swapped it while it ran.
enum class StepChange { None, Easier, Stopped, TriedAgain };
const char* to_string(StepChange change);  // "easier", "stopped", "tried_again"; "" for None

struct ConductorEvent {
    enum class Kind { ClassStart, StepStart, Cue, StepEnd, ClassEnd };
    Kind kind;
    double t_s;              // class time it happened at
    int step_index;          // -1 for ClassStart/ClassEnd
    const Cue* cue = nullptr;  // Kind::Cue; points into the plan
    StepChange change = StepChange::None;  // Kind::StepStart
};

// Where the class is inside the current step, for the screen.
struct StepProgress {
    double in_step_s = 0, step_s = 0;
    int rep = 0, rep_count = 0;      // 1-based; 0 when the step has no reps
    std::string rep_name;            // "rounds" / "reps"
    int side = 0, side_count = 0;    // 1-based index into dose.sides
    std::string side_name;           // "right"
    int set = 0, set_count = 0;
    std::optional<double> hold_left_s;
    // breathing steps
    bool breathing_in = true;
    double phase_progress = 0;       // 0..1 through the current in- or out-breath
    int breath = 0, breath_count = 0;
};

class Conductor {
public:
    // `first_step` > 0 resumes a class at that step's start (after a power cut): class time
    // then begins at the step's planned start, so the timeline reads as the plan does.
    // The conductor keeps its own copy of the plan: EASIER and STOP swap steps in it.
    explicit Conductor(Plan plan, int first_step = 0);

    // Moves class time forward to `t_s` (never backwards) and returns what happened on the way,
    // in order: cues, step ends and starts (each step starts exactly when the last one ended,
    // so rounding never accumulates), and ClassEnd after the last step.
    std::vector<ConductorEvent> advance_to(double t_s);

    // The class time at which the next cue or step end is due (so the player can sleep until
    // then); nullopt once the class has ended.
    std::optional<double> next_due_s() const;

    // Remote actions, at the current class time. Each returns the step end and start it causes.
    std::vector<ConductorEvent> next_step();
    std::vector<ConductorEvent> previous_step();  // restarts the step if it is more than 3 s in
    std::vector<ConductorEvent> restart_step();
    std::vector<ConductorEvent> stop_class();
    // EASIER: the running exercise becomes its gentler version at once (easier_step in the
    // planner), from its start; the plan keeps the swap. During the rest STOP put in, the
    // stopped exercise's gentler version takes the rest's place (where it has one). Nothing
    // happens on a card or another rest.
    std::vector<ConductorEvent> easier();
    // STOP ("it hurts"): the running exercise stops at once and a breathing rest takes its
    // place; until that rest ends (or another step starts) try_again() brings the exercise back.
    std::vector<ConductorEvent> stop_step();
    std::vector<ConductorEvent> try_again();
    bool offering_try_again() const { return stopped_.has_value(); }
    const std::optional<Step>& stopped() const { return stopped_; }  // the exercise STOP replaced

    bool started() const { return started_; }
    bool ended() const { return ended_; }
    double now_s() const { return now_s_; }
    const Plan& plan() const { return plan_; }
    int step_index() const { return index_; }
    const Step& step() const { return plan_.steps[static_cast<std::size_t>(index_)]; }
    double step_started_at_s() const { return step_start_s_; }
    double class_left_s() const;  // planned time still ahead, from now
    StepProgress progress() const;

private:
    struct DueCue {
        double at_s;  // from the step's start
        const Cue* cue;
    };
    void enter(int index, double at_s, std::vector<ConductorEvent>& out, StepChange change = StepChange::None);
    std::vector<ConductorEvent> swap_running(Step replacement, StepChange change);
    void leave(double at_s, std::vector<ConductorEvent>& out);
    void schedule_cues();

    Plan plan_;
    int index_ = 0;
    int first_step_ = 0;
    double now_s_ = 0, step_start_s_ = 0;
    bool started_ = false, ended_ = false;
    std::vector<DueCue> due_;   // the current step's cues, sorted by time
    std::size_t next_cue_ = 0;  // first cue in due_ not yet said
    std::vector<Cue> breathing_cues_;  // the plan's in/out breath cues, owned here for stable pointers
    std::optional<Step> stopped_;      // the exercise STOP replaced, while its rest runs
};

}  // namespace classplayer::playback
