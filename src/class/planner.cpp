#include "class/planner.hpp"
#include "class/wording.hpp"
#include "class/gentler_order.hpp"

#include <algorithm>
#include <set>

namespace classplayer {

const char* to_string(StepKind kind) {
    switch (kind) {
        case StepKind::Card: return "card";
        case StepKind::Clip: return "clip";
        case StepKind::Breathing: return "breathing";
    }
    return "?";
}

namespace {

bool has_any(const std::vector<std::string>& tags, const std::set<std::string>& wanted) {
    return std::any_of(tags.begin(), tags.end(), [&](const auto& t) { return wanted.contains(t); });
}

// "Low bone density", "Low bone density and balance concerns", "A, b and c".
std::string join_labels(const std::vector<const Condition*>& conditions) {
    std::string out;
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        const std::string label = i == 0 ? conditions[i]->label : lowercase_first(conditions[i]->label);
        if (i > 0) out += i + 1 == conditions.size() ? " and " : ", ";
        out += label;
    }
    return out;
}

Step card_step(std::string segment_id, std::string title, std::vector<std::string> lines, double seconds) {
    Step s;
    s.kind = StepKind::Card;
    s.segment_id = std::move(segment_id);
    s.title = std::move(title);
    s.lines = std::move(lines);
    s.duration_s = seconds;
    return s;
}

Step breathing_step(const BreathingPattern& breathing, std::string segment_id, int cycles,
                    std::optional<std::string> reason) {
    Step s;
    s.kind = StepKind::Breathing;
    s.segment_id = std::move(segment_id);
    s.title = "Breathing rest";
    s.breathing_cycles = cycles;
    s.duration_s = cycles * breathing.cycle_s();
    s.reason = std::move(reason);
    return s;
}

Step clip_step(const Segment& segment, const Variant* variant, std::optional<std::string> reason);

class Planner {
public:
    Planner(const Playlist& playlist, std::vector<const Condition*> conditions)
        : playlist_(playlist), conditions_(std::move(conditions)) {
        for (const auto* c : conditions_) {
            avoided_.insert(c->avoids.begin(), c->avoids.end());
            preferred_.insert(c->prefers.begin(), c->prefers.end());
        }
    }

    Plan run() {
        plan_.playlist_id = playlist_.id;
        plan_.title = playlist_.title;
        plan_.breathing = playlist_.breathing;
        for (const auto* c : conditions_) plan_.conditions.push_back(c->id);
        for (const auto* c : conditions_) plan_.condition_rules.push_back(*c);
        plan_.segments = playlist_.segments;
        plan_.burdens = playlist_.conditions.burdens;
        plan_.stop_advice = playlist_.stop_advice;
        plan_.stop_advice_cue = playlist_.stop_advice_cue;
        plan_.closing_lines = playlist_.closing_lines;
        plan_.skip_card_s = playlist_.skip_card_s;

        const auto& card = playlist_.safety_card;
        if (!card.lines.empty() && card.duration_s > 0) {
            Step s = card_step("safety-card", card.title, card.lines, card.duration_s);
            s.chime = card.chime;
            add(std::move(s));
        }
        for (const auto& segment : playlist_.segments) plan_segment(segment);
        retotal(plan_);
        return plan_;
    }

private:
    const Playlist& playlist_;
    std::vector<const Condition*> conditions_;
    std::set<std::string> avoided_, preferred_;
    Plan plan_;

    // The conditions that rule out something carrying these tags.
    std::vector<const Condition*> ruling_out(const std::vector<std::string>& tags) const {
        std::vector<const Condition*> out;
        for (const auto* c : conditions_)
            if (has_any(tags, std::set<std::string>(c->avoids.begin(), c->avoids.end()))) out.push_back(c);
        return out;
    }

    void add(Step step) {
        step.index = static_cast<int>(plan_.steps.size());
        plan_.steps.push_back(std::move(step));
    }

    bool last_was_exercise() const { return !plan_.steps.empty() && plan_.steps.back().kind == StepKind::Clip; }

    Step breathing_step(std::string segment_id, int cycles, std::optional<std::string> reason) const {
        return classplayer::breathing_step(playlist_.breathing, std::move(segment_id), cycles, std::move(reason));
    }

    // A short guided breath between two exercises, so nobody rushes from one position to the next.
    void rest_between() {
        if (last_was_exercise() && playlist_.breathing.between_cycles > 0)
            add(breathing_step("breathing-rest", playlist_.breathing.between_cycles, std::nullopt));
    }

    void plan_segment(const Segment& segment) {
        switch (segment.kind) {
            case SegmentKind::Card:
                add(card_step(segment.id, segment.title, segment.lines, segment.card_s));
                return;
            case SegmentKind::Breathing:
                add(breathing_step(segment.id, segment.breathing_cycles, std::nullopt));
                return;
            case SegmentKind::Clip: plan_exercise(segment); return;
        }
    }

    void plan_exercise(const Segment& segment) {
        const auto blockers = ruling_out(segment.tags);
        if (blockers.empty()) {
            rest_between();
            add(clip_step(segment, nullptr, std::nullopt));
            return;
        }
        // The first safe variant wins, unless a later one suits the person's preferences better
        // (balance prefers chair-supported: seated lat stretch over kneeling).
        const Variant* first_safe = nullptr;
        const Variant* best = nullptr;
        std::size_t best_score = 0;
        for (const auto& v : segment.variants) {
            if (has_any(v.tags, avoided_)) continue;
            if (!first_safe) first_safe = &v;
            const auto score = static_cast<std::size_t>(
                std::count_if(v.tags.begin(), v.tags.end(), [&](const auto& t) { return preferred_.contains(t); }));
            if (!best || score > best_score) { best = &v; best_score = score; }
        }
        if (best) {
            // Name every condition that shaped the choice: those that ruled the segment out, and
            // those whose preference picked this variant over the first safe one.
            auto because = blockers;
            if (best != first_safe)
                for (const auto* c : conditions_)
                    if (std::find(because.begin(), because.end(), c) == because.end() &&
                        has_any(best->tags, std::set<std::string>(c->prefers.begin(), c->prefers.end())))
                        because.push_back(c);
            rest_between();
            add(clip_step(segment, best, join_labels(because) + ": " + best->reason));
            return;
        }
        // Nothing is safe: say so, then a guided breathing rest keeps the class's rhythm.
        const std::string advice = !segment.skip_advice.empty() ? segment.skip_advice : blockers.front()->skip_advice;
        const std::string skipped = "Skipped: " + segment.title + " - " + advice;
        Step card = card_step(segment.id, "Skipped: " + segment.title,
                              {capitalised(advice) + ".", "Because of: " + lowercase_first(join_labels(blockers)) + "."},
                              playlist_.skip_card_s);
        card.reason = skipped;
        add(std::move(card));
        add(breathing_step(segment.id, playlist_.breathing.replacement_cycles, skipped));
    }
};

// What the screen lists while the person gets into position: where to start ("Start: standing"),
// then what to do.
std::vector<std::string> clip_lines(const std::string& start_position, const std::vector<std::string>& instructions) {
    std::vector<std::string> lines;
    if (!start_position.empty()) lines.push_back("Start: " + lowercase_first(start_position));
    lines.insert(lines.end(), instructions.begin(), instructions.end());
    return lines;
}

Step clip_step(const Segment& segment, const Variant* variant, std::optional<std::string> reason) {
    Step s;
    s.kind = StepKind::Clip;
    s.segment_id = segment.id;
    s.reason = std::move(reason);
    if (variant) {
        s.variant_id = variant->id;
        s.title = variant->title;
        s.lines = clip_lines(variant->start_position, variant->instructions);
        s.breath = variant->breath;
        s.tags = variant->tags;
        s.media = variant->media;
        s.dose = variant->dose ? *variant->dose : segment.dose;
        s.cues = variant->cues;
    } else {
        s.title = segment.title;
        s.lines = clip_lines(segment.start_position, segment.instructions);
        s.breath = segment.breath;
        s.tags = segment.tags;
        s.media = segment.media;
        s.dose = segment.dose;
        s.cues = segment.cues;
    }
    s.duration_s = s.media ? units(s.dose) * unit_s(*s.media, s.dose) : 0;
    return s;
}

// The segment a step does or stands in for, and the variant it runs (-1: as written).
struct Running {
    const Segment* segment = nullptr;
    int variant = -1;
};
Running running_of(const Plan& plan, const Step& step) {
    Running r;
    for (const auto& s : plan.segments)
        if (s.id == step.segment_id) r.segment = &s;
    if (r.segment && step.variant_id)
        for (std::size_t i = 0; i < r.segment->variants.size(); ++i)
            if (r.segment->variants[i].id == *step.variant_id) r.variant = static_cast<int>(i);
    return r;
}

// EASIER's choice (planner.hpp, easier_step): the closest version gentler than the running
// one that is safe for the person and asks nothing more of their position.
const Variant* next_gentler(const Plan& plan, const Running& running, const Step& step) {
    std::set<std::string> avoided, preferred;
    for (const auto& c : plan.condition_rules) {
        avoided.insert(c.avoids.begin(), c.avoids.end());
        preferred.insert(c.prefers.begin(), c.prefers.end());
    }
    const auto adds_burden = [&](const std::vector<std::string>& tags) {
        return std::any_of(tags.begin(), tags.end(), [&](const auto& t) {
            return std::find(plan.burdens.begin(), plan.burdens.end(), t) != plan.burdens.end() &&
                   std::find(step.tags.begin(), step.tags.end(), t) == step.tags.end();
        });
    };
    const GentlerOrder order(*running.segment);
    std::vector<int> candidates;
    for (int v = 0; v < order.count(); ++v)
        if (order.is_gentler(v, running.variant) && !has_any(order.tags(v), avoided) && !adds_burden(order.tags(v)))
            candidates.push_back(v);
    const Variant* best = nullptr;
    std::ptrdiff_t best_score = -1;
    for (const int v : candidates) {
        const bool skips_one = std::any_of(candidates.begin(), candidates.end(),
                                           [&](int between) { return order.is_gentler(v, between); });
        if (skips_one) continue;
        const auto& tags = order.tags(v);
        const auto score = std::count_if(tags.begin(), tags.end(), [&](const auto& t) { return preferred.contains(t); });
        if (score > best_score) {
            best = &running.segment->variants[static_cast<std::size_t>(v)];
            best_score = score;
        }
    }
    return best;
}

}  // namespace

void retotal(Plan& plan) {
    plan.total_s = 0;
    for (const auto& s : plan.steps) plan.total_s += s.duration_s;
}

bool has_gentler_variant(const Plan& plan, const Step& running) {
    if (running.kind != StepKind::Clip) return false;
    const Running r = running_of(plan, running);
    return r.segment && next_gentler(plan, r, running);
}

std::optional<Step> easier_step(const Plan& plan, const Step& running) {
    if (running.kind != StepKind::Clip) return std::nullopt;
    const Running r = running_of(plan, running);
    if (!r.segment) return std::nullopt;  // a single media file: nothing to choose from
    Step out;
    if (const Variant* gentler = next_gentler(plan, r, running)) {
        out = clip_step(*r.segment, gentler, "Easier: " + gentler->reason);
    } else {
        // The person asked for easier, not a condition: the segment's own advice, or the plain
        // fact; named as the screen named the step, which may be a variant's title.
        const std::string advice = !r.segment->skip_advice.empty() ? r.segment->skip_advice : "no gentler version is left";
        out = breathing_step(plan.breathing, r.segment->id, plan.breathing.replacement_cycles,
                             "Skipped: " + running.title + " - " + advice);
    }
    out.index = running.index;
    return out;
}

Step stop_rest(const Plan& plan, const Step& running) {
    const Running r = running_of(plan, running);
    Step out = breathing_step(plan.breathing, running.segment_id, plan.breathing.replacement_cycles,
                              "Stopped: " + running.title + " - rest and breathe gently");
    // The advice on screen, and said as the rest begins where it has its audio (the breaths'
    // own cues wait behind it, as any cue waits for the one being said).
    if (r.segment && !r.segment->stop_advice.empty()) {
        out.lines = {r.segment->stop_advice};
        if (r.segment->stop_advice_cue) out.cues = {*r.segment->stop_advice_cue};
    } else {
        out.lines = {plan.stop_advice.empty() ? std::string(kDefaultStopAdvice) : plan.stop_advice};
        if (plan.stop_advice_cue) out.cues = {*plan.stop_advice_cue};
    }
    out.index = running.index;
    return out;
}

std::vector<std::string> stop_offer(const Plan& plan, const Step& stopped) {
    std::vector<std::string> offer{"OK: skip this exercise", "BACK: try it again"};
    if (has_gentler_variant(plan, stopped))
        offer.push_back("RED: try the easier version, " + easier_step(plan, stopped)->title);
    return offer;
}

std::expected<Plan, std::string> make_plan(const Playlist& playlist, const std::vector<std::string>& condition_ids) {
    std::vector<const Condition*> conditions;
    for (const auto& id : condition_ids) {
        const Condition* c = playlist.conditions.find(id);
        if (!c) {
            std::string known;
            for (const auto& k : playlist.conditions.conditions) known += (known.empty() ? "" : ", ") + k.id;
            return std::unexpected("unknown condition \"" + id + "\" (known: " +
                                   (known.empty() ? "none for this playlist" : known) + "; or \"standard\" for none)");
        }
        if (std::find(conditions.begin(), conditions.end(), c) == conditions.end()) conditions.push_back(c);
    }
    return Planner(playlist, std::move(conditions)).run();
}

}  // namespace classplayer
