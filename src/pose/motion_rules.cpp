#include "pose/motion_rules.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

namespace classplayer::pose {

namespace fs = std::filesystem;

namespace {

const std::map<std::string, RuleKind> kKinds = {
    {"spine-never-rounds", RuleKind::SpineNeverRounds},   {"spine-never-arches", RuleKind::SpineNeverArches},
    {"only-feet-touch-floor", RuleKind::OnlyFeetTouchFloor}, {"never-kneels", RuleKind::NeverKneels},
    {"never-lies-face-down", RuleKind::NeverLiesFaceDown}, {"standing-holds-on", RuleKind::StandingHoldsOn},
};

bool uses_degrees(RuleKind k) { return k == RuleKind::SpineNeverRounds || k == RuleKind::SpineNeverArches; }

std::string fixed(double v, const char* unit, int digits = 0) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f%s", digits, v, unit);
    return buf;
}

}  // namespace

fs::path motion_rules_beside(const fs::path& conditions_file) {
    return conditions_file.parent_path() / "motion-rules.json";
}

std::expected<MotionRules, Problems> load_motion_rules(const fs::path& file, const std::vector<std::string>& known_tags) {
    Problems problems;
    auto doc = parse_json_file(file, problems);
    if (!doc) return std::unexpected(problems);
    MotionRules out;
    out.file = file;
    JsonObject root(*doc, file.string(), "$", problems);
    root.reject_unknown({"format", "about", "rules"});
    if (auto format = root.integer("format"); format && *format != 1)
        root.problem("format", "is " + std::to_string(*format) + "; this classplayer reads format 1");
    auto rules = root.objects("rules");
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const auto& r = rules[i];
        r.reject_unknown({"rule", "unless_tagged", "tolerance_deg", "clearance_m", "meaning"});
        MotionRule rule;
        rule.json_path = r.path();
        rule.name = r.string("rule").value_or("");
        if (auto kind = kKinds.find(rule.name); kind != kKinds.end()) rule.kind = kind->second;
        else if (!rule.name.empty()) r.problem("rule", "\"" + rule.name + "\" is not a rule this classplayer checks");
        rule.unless_tagged = r.strings("unless_tagged");
        if (rule.unless_tagged.empty()) r.problem("unless_tagged", "names the tags that lift the rule (at least one)");
        for (std::size_t t = 0; t < rule.unless_tagged.size(); ++t)
            if (!known_tags.empty() &&
                std::find(known_tags.begin(), known_tags.end(), rule.unless_tagged[t]) == known_tags.end())
                r.problem("unless_tagged[" + std::to_string(t) + "]", "unknown tag \"" + rule.unless_tagged[t] + "\"");
        const char* key = uses_degrees(rule.kind) ? "tolerance_deg" : "clearance_m";
        rule.tolerance = r.number(key).value_or(0);
        if (!(rule.tolerance >= 0 && rule.tolerance <= (uses_degrees(rule.kind) ? 15.0 : 0.5)))
            r.problem(key, uses_degrees(rule.kind) ? "must be 0 to 15 degrees" : "must be 0 to 0.5 m");
        rule.meaning = r.string("meaning").value_or("");
        out.rules.push_back(rule);
    }
    if (!problems.empty()) return std::unexpected(problems);
    return out;
}

namespace {

bool in_force(const MotionRule& rule, const std::vector<std::string>& tags) {
    return std::none_of(rule.unless_tagged.begin(), rule.unless_tagged.end(),
                        [&](const std::string& t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); });
}

// The ground under the figure: the floor and a mat on it.
double above_ground(const Demonstration& d, const Capsule& c) {
    double best = c.lowest();
    for (const auto& s : d.surfaces) {
        if (s.name != "mat") continue;
        const double lo = std::min(c.a.x, c.b.x), hi = std::max(c.a.x, c.b.x);
        if (hi >= s.x0 && lo <= s.x1) best = std::min(best, c.lowest() - s.y);
    }
    return best;
}

bool standing(const Demonstration& d, const Skeleton& s) {
    for (const auto& c : group_capsules(s, "feet"))
        if (above_ground(d, c) > 0.04) return false;
    // Sitting on a chair keeps the hips at seat height; standing puts them well above it.
    return s.hip.y > kChairSeat + 0.2;
}

// What is wrong at one moment, or "" (the part or joint named first).
std::string violation(const Demonstration& d, const MotionRule& rule, const Pose& pose, const Skeleton& s) {
    switch (rule.kind) {
    case RuleKind::SpineNeverRounds:
    case RuleKind::SpineNeverArches: {
        const double sign = rule.kind == RuleKind::SpineNeverRounds ? 1 : -1;
        const double total = sign * pose.spine_flexion();
        int worst = 0;
        for (int i = 1; i < kSpineSegments; ++i)
            if (sign * pose.spine[i] > sign * pose.spine[worst]) worst = i;
        const double one = sign * pose.spine[worst];
        const char* what = sign > 0 ? "rounds" : "arches";
        if (total > rule.tolerance || one > rule.tolerance)
            return std::string("spine segment ") + std::to_string(worst + 1) + " (" + spine_segment_name(worst) + ") " +
                   (sign > 0 ? "flexed " : "extended ") + fixed(one, "°", 1) + ": the spine " + what + " " +
                   fixed(std::max(total, one), "°", 1) + " past neutral, more than " + fixed(rule.tolerance, "°");
        return "";
    }
    case RuleKind::OnlyFeetTouchFloor:
        for (const auto& c : s.capsules()) {
            if (c.group == "feet") continue;
            if (const double gap = above_ground(d, c); gap < rule.tolerance)
                return "the " + c.part + " comes within " + fixed(std::max(gap, 0.0) * 100, " cm") + " of the floor";
        }
        return "";
    case RuleKind::NeverKneels:
        for (const auto& c : group_capsules(s, "knees")) {
            if (above_ground(d, Capsule{c.part, c.group, c.a, c.a, c.radius}) < rule.tolerance && s.hip.y > c.a.y + 0.25)
                return "the " + c.part.substr(0, c.part.find(' ')) + " knee rests on the floor with the hips above it (kneeling)";
        }
        return "";
    case RuleKind::NeverLiesFaceDown:
        for (const auto& c : s.capsules()) {
            if (c.group != "trunk") continue;
            if (above_ground(d, c) < rule.tolerance) return "the " + c.part + " is down on the floor (lying)";
        }
        return "";
    case RuleKind::StandingHoldsOn: {
        if (!standing(d, s)) return "";
        for (const auto& surface : d.surfaces) {
            if (surface.name == "floor" || surface.name == "mat") continue;
            if (auto low = clearance(s, "hands", surface); low && std::abs(*low) <= 0.03) return "";
        }
        return "standing, but neither hand rests on the chair, counter or table";
    }
    }
    return "";
}

std::string keyframe_at(const Demonstration& d, double t, int& index) {
    const auto m = d.moment(t);
    const Keyframe& k = d.keyframes[static_cast<std::size_t>(m.from)];
    index = m.from;
    if (std::abs(k.t_s - t) < 1e-9) return "keyframe \"" + k.name + "\"";
    const Keyframe& next = d.keyframes[static_cast<std::size_t>(m.to)];
    return "at " + fixed(t, " s", 2) + ", between keyframes \"" + k.name + "\" and \"" + next.name + "\"";
}

}  // namespace

Problems check_motion(const Demonstration& demo, const std::vector<std::string>& tags, const MotionRules& rules,
                      const std::string& used_by) {
    Problems problems;
    if (demo.keyframes.empty()) return problems;
    std::vector<double> moments;
    for (const auto& k : demo.keyframes) moments.push_back(k.t_s);
    const int frames = static_cast<int>(std::lround(demo.length_s * 30));
    for (int f = 0; f < frames; ++f) moments.push_back(f / 30.0);
    std::sort(moments.begin(), moments.end());

    // Each moment's pose and placed figure once, for every rule in force to judge.
    std::vector<Pose> poses;
    std::vector<Skeleton> figures;
    for (double t : moments) {
        poses.push_back(demo.pose_at(t));
        figures.push_back(demo.skeleton_at(t));
    }
    for (const auto& rule : rules.rules) {
        if (!in_force(rule, tags)) continue;
        for (std::size_t i = 0; i < moments.size(); ++i) {
            const double t = moments[i];
            const std::string wrong = violation(demo, rule, poses[i], figures[i]);
            if (wrong.empty()) continue;
            int index = 0;
            const std::string when = keyframe_at(demo, t, index);
            std::string lifted;
            for (const auto& tag : rule.unless_tagged) lifted += (lifted.empty() ? "" : " or ") + tag;
            problems.push_back({demo.file.string(), "$.keyframes[" + std::to_string(index) + "]",
                                when + ": " + wrong + "; " + used_by + " is not tagged " + lifted + " (" +
                                    rules.file.filename().string() + " " + rule.json_path + " " + rule.name +
                                    (rule.meaning.empty() ? "" : ": " + rule.meaning) + ")"});
            break;  // the first moment a rule fails is enough to find it
        }
    }
    return problems;
}

}  // namespace classplayer::pose
