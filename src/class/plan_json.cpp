#include "class/plan_json.hpp"

#include <cmath>
#include <sstream>

namespace classplayer {

nlohmann::json plan_to_json(const Plan& plan) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto& s : plan.steps) {
        steps.push_back({{"index", s.index},
                         {"kind", to_string(s.kind)},
                         {"segment", s.segment_id},
                         {"variant", s.variant_id ? nlohmann::json(*s.variant_id) : nlohmann::json(nullptr)},
                         {"reason", s.reason ? nlohmann::json(*s.reason) : nlohmann::json(nullptr)},
                         {"title", s.title},
                         {"tags", s.tags},
                         {"duration_s", s.duration_s}});
    }
    return {{"playlist", plan.playlist_id},
            {"title", plan.title},
            {"conditions", plan.conditions},
            {"steps", steps},
            {"total_s", plan.total_s}};
}

std::string format_duration(double seconds) {
    const long total = std::lround(seconds);
    std::ostringstream out;
    if (total >= 60) out << total / 60 << " min";
    if (total % 60 != 0 || total < 60) out << (total >= 60 ? " " : "") << total % 60 << " s";
    return out.str();
}

std::string plan_to_text(const Plan& plan) {
    std::ostringstream out;
    out << plan.title << " (" << plan.playlist_id << ") for ";
    if (plan.conditions.empty()) out << "the standard profile";
    else
        for (std::size_t i = 0; i < plan.conditions.size(); ++i) out << (i ? ", " : "") << plan.conditions[i];
    out << ": " << plan.steps.size() << " steps, " << format_duration(plan.total_s) << "\n";
    double at_s = 0;
    for (const auto& s : plan.steps) {
        out << "  " << (s.index + 1 < 10 ? " " : "") << s.index + 1 << ". [" << format_duration(at_s) << "] "
            << to_string(s.kind) << ": " << s.title;
        if (s.kind == StepKind::Breathing) out << " (" << s.breathing_cycles << " breaths)";
        if (s.kind == StepKind::Clip) {
            if (s.dose.reps) out << ", " << s.dose.reps->use << " " << s.dose.reps->name;
            if (s.dose.hold_s) out << ", hold " << s.dose.hold_s->use << " s";
            if (!s.dose.sides.empty()) out << ", " << s.dose.sides.size() << " sides";
            if (s.dose.sets) out << ", " << s.dose.sets->use << " sets";
        }
        out << " - " << format_duration(s.duration_s) << "\n";
        if (s.reason) out << "        why: " << *s.reason << "\n";
        at_s += s.duration_s;
    }
    return out.str();
}

}  // namespace classplayer
