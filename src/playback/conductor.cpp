#include "playback/conductor.hpp"

#include <algorithm>
#include <cmath>

namespace classplayer::playback {

namespace {
constexpr double kRestartRatherThanBack_s = 3;  // a CD player's "previous": restart if well into the track

int count_or_one(const std::optional<CountRange>& r) { return r ? r->use : 1; }
}  // namespace

const char* to_string(StepChange change) {
    switch (change) {
        case StepChange::None: return "";
        case StepChange::Easier: return "easier";
        case StepChange::Stopped: return "stopped";
        case StepChange::TriedAgain: return "tried_again";
    }
    return "?";
}

Conductor::Conductor(Plan plan, int first_step) : plan_(std::move(plan)) {
    if (plan_.breathing.in_cue) breathing_cues_.push_back(*plan_.breathing.in_cue);
    if (plan_.breathing.out_cue) breathing_cues_.push_back(*plan_.breathing.out_cue);
    if (plan_.steps.empty()) ended_ = true;
    first_step_ = std::clamp(first_step, 0, std::max(0, static_cast<int>(plan_.steps.size()) - 1));
    for (int i = 0; i < first_step_; ++i) now_s_ += plan_.steps[static_cast<std::size_t>(i)].duration_s;
}

double Conductor::class_left_s() const {
    if (ended_) return 0;
    double left = std::max(0.0, step().duration_s - (now_s_ - step_start_s_));
    for (std::size_t i = static_cast<std::size_t>(index_) + 1; i < plan_.steps.size(); ++i) left += plan_.steps[i].duration_s;
    return left;
}

void Conductor::schedule_cues() {
    due_.clear();
    next_cue_ = 0;
    const Step& s = step();
    if (s.kind == StepKind::Breathing) {
        const auto& b = plan_.breathing;
        const Cue* in = plan_.breathing.in_cue ? &breathing_cues_[0] : nullptr;
        const Cue* out = plan_.breathing.out_cue ? &breathing_cues_[in ? 1 : 0] : nullptr;
        // Its own words first (STOP's advice), then the breaths.
        for (const auto& cue : s.cues) due_.push_back({cue.offset_s, &cue});
        for (int c = 0; c < s.breathing_cycles; ++c) {
            if (in) due_.push_back({c * b.cycle_s(), in});
            if (out) due_.push_back({c * b.cycle_s() + b.in_s, out});
        }
    } else if (s.kind == StepKind::Clip && s.media) {
        const int reps = count_or_one(s.dose.reps);
        const int sides = std::max<int>(1, static_cast<int>(s.dose.sides.size()));
        const int sets = count_or_one(s.dose.sets);
        const double unit = unit_s(*s.media, s.dose);
        for (const auto& cue : s.cues) {
            switch (cue.at) {
                case CueAt::Start: due_.push_back({cue.offset_s, &cue}); break;
                case CueAt::EachRep:
                    for (int u = 0; u < reps * sides * sets; ++u) due_.push_back({u * unit + cue.offset_s, &cue});
                    break;
                case CueAt::EachSide:
                    for (int side_start = 0; side_start < sides * sets; ++side_start)
                        if (side_start > 0 || !cue.skip_first)
                            due_.push_back({side_start * reps * unit + cue.offset_s, &cue});
                    break;
                case CueAt::EachSet:
                    for (int set = 0; set < sets; ++set)
                        if (set > 0 || !cue.skip_first) due_.push_back({set * sides * reps * unit + cue.offset_s, &cue});
                    break;
            }
        }
    }
    std::stable_sort(due_.begin(), due_.end(), [](const DueCue& a, const DueCue& b) { return a.at_s < b.at_s; });
    // A cue that would start after the step ends belongs to nothing.
    std::erase_if(due_, [&](const DueCue& d) { return d.at_s >= s.duration_s; });
}

void Conductor::enter(int index, double at_s, std::vector<ConductorEvent>& out, StepChange change) {
    if (change != StepChange::Stopped) stopped_.reset();
    index_ = index;
    step_start_s_ = at_s;
    schedule_cues();
    out.push_back({ConductorEvent::Kind::StepStart, at_s, index_, nullptr, change});
}

void Conductor::leave(double at_s, std::vector<ConductorEvent>& out) {
    out.push_back({ConductorEvent::Kind::StepEnd, at_s, index_});
}

std::vector<ConductorEvent> Conductor::advance_to(double t_s) {
    std::vector<ConductorEvent> out;
    if (ended_) return out;
    if (!started_) {
        started_ = true;
        out.push_back({ConductorEvent::Kind::ClassStart, now_s_, -1});
        enter(first_step_, now_s_, out);
    }
    t_s = std::max(t_s, now_s_);
    while (!ended_) {
        const double end_s = step_start_s_ + step().duration_s;
        // Cues due before this step ends (or before t_s, whichever comes first).
        while (next_cue_ < due_.size() && step_start_s_ + due_[next_cue_].at_s <= std::min(t_s, end_s)) {
            const auto& d = due_[next_cue_++];
            out.push_back({ConductorEvent::Kind::Cue, step_start_s_ + d.at_s, index_, d.cue});
        }
        if (end_s > t_s) break;
        leave(end_s, out);
        if (index_ + 1 < static_cast<int>(plan_.steps.size())) {
            enter(index_ + 1, end_s, out);
        } else {
            ended_ = true;
            now_s_ = end_s;
            out.push_back({ConductorEvent::Kind::ClassEnd, end_s, -1});
            return out;
        }
    }
    now_s_ = t_s;
    return out;
}

std::optional<double> Conductor::next_due_s() const {
    if (ended_) return std::nullopt;
    if (!started_) return now_s_;
    const double end_s = step_start_s_ + step().duration_s;
    if (next_cue_ < due_.size()) return std::min(end_s, step_start_s_ + due_[next_cue_].at_s);
    return end_s;
}

std::vector<ConductorEvent> Conductor::next_step() {
    std::vector<ConductorEvent> out;
    if (ended_ || !started_) return out;
    leave(now_s_, out);
    if (index_ + 1 < static_cast<int>(plan_.steps.size())) {
        enter(index_ + 1, now_s_, out);
    } else {
        ended_ = true;
        out.push_back({ConductorEvent::Kind::ClassEnd, now_s_, -1});
    }
    return out;
}

std::vector<ConductorEvent> Conductor::previous_step() {
    std::vector<ConductorEvent> out;
    if (ended_ || !started_) return out;
    const int target = (now_s_ - step_start_s_ > kRestartRatherThanBack_s || index_ == 0) ? index_ : index_ - 1;
    leave(now_s_, out);
    enter(target, now_s_, out);
    return out;
}

std::vector<ConductorEvent> Conductor::restart_step() {
    std::vector<ConductorEvent> out;
    if (ended_ || !started_) return out;
    leave(now_s_, out);
    enter(index_, now_s_, out);
    return out;
}

std::vector<ConductorEvent> Conductor::stop_class() {
    std::vector<ConductorEvent> out;
    if (ended_) return out;
    if (started_) leave(now_s_, out);
    ended_ = true;
    out.push_back({ConductorEvent::Kind::ClassEnd, now_s_, -1});
    return out;
}

std::vector<ConductorEvent> Conductor::swap_running(Step replacement, StepChange change) {
    std::vector<ConductorEvent> out;
    leave(now_s_, out);
    replacement.index = index_;
    // The old step's cues are gone after this: enter() schedules the new step's.
    plan_.steps[static_cast<std::size_t>(index_)] = std::move(replacement);
    retotal(plan_);
    enter(index_, now_s_, out, change);
    return out;
}

std::vector<ConductorEvent> Conductor::easier() {
    if (ended_ || !started_) return {};
    if (stopped_) {
        // After STOP the rest offers the stopped exercise's gentler version: EASIER takes it,
        // in the rest's place. With none left, the rest goes on (the offer did not name one).
        if (!has_gentler_variant(plan_, *stopped_)) return {};
        Step gentler = *easier_step(plan_, *stopped_);
        stopped_.reset();
        return swap_running(std::move(gentler), StepChange::Easier);
    }
    auto gentler = easier_step(plan_, step());
    if (!gentler) return {};
    return swap_running(std::move(*gentler), StepChange::Easier);
}

std::vector<ConductorEvent> Conductor::stop_step() {
    if (ended_ || !started_ || step().kind != StepKind::Clip) return {};
    Step original = step();
    auto out = swap_running(stop_rest(plan_, original), StepChange::Stopped);
    stopped_ = std::move(original);
    return out;
}

std::vector<ConductorEvent> Conductor::try_again() {
    if (ended_ || !started_ || !stopped_) return {};
    Step original = std::move(*stopped_);
    stopped_.reset();
    return swap_running(std::move(original), StepChange::TriedAgain);
}

StepProgress Conductor::progress() const {
    StepProgress p;
    if (ended_ || !started_) return p;
    const Step& s = step();
    p.step_s = s.duration_s;
    p.in_step_s = std::clamp(now_s_ - step_start_s_, 0.0, s.duration_s);
    if (s.kind == StepKind::Breathing) {
        const auto& b = plan_.breathing;
        const int cycle = std::min(s.breathing_cycles - 1, static_cast<int>(p.in_step_s / b.cycle_s()));
        const double within = p.in_step_s - cycle * b.cycle_s();
        p.breath = cycle + 1;
        p.breath_count = s.breathing_cycles;
        p.breathing_in = within < b.in_s;
        p.phase_progress = p.breathing_in ? within / b.in_s : std::min(1.0, (within - b.in_s) / b.out_s);
        return p;
    }
    if (s.kind != StepKind::Clip || !s.media) return p;
    const int reps = count_or_one(s.dose.reps);
    const int sides = std::max<int>(1, static_cast<int>(s.dose.sides.size()));
    const int sets = count_or_one(s.dose.sets);
    const double unit = unit_s(*s.media, s.dose);
    if (unit <= 0) return p;
    const int u = std::min(reps * sides * sets - 1, static_cast<int>(p.in_step_s / unit));
    const double within = p.in_step_s - u * unit;
    if (s.dose.reps) {
        p.rep = u % reps + 1;
        p.rep_count = reps;
        p.rep_name = s.dose.reps->name;
    }
    if (!s.dose.sides.empty()) {
        p.side = (u / reps) % sides + 1;
        p.side_count = sides;
        p.side_name = s.dose.sides[static_cast<std::size_t>(p.side - 1)];
    }
    if (s.dose.sets) {
        p.set = u / (reps * sides) + 1;
        p.set_count = sets;
    }
    if (s.dose.hold_s) {
        if (s.media->loop == LoopMode::Hold) {
            p.hold_left_s = unit - within;
        } else if (s.media->loop == LoopMode::Rep) {
            const double from = s.media->hold_from_s, to = from + s.dose.hold_s->use;
            if (within >= from && within < to) p.hold_left_s = to - within;
        }
    }
    return p;
}

}  // namespace classplayer::playback
