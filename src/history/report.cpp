#include "history/report.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

namespace classplayer::history {

namespace {

// Counts, by exercise, the steps for which `counts` is true, most often first.
template <class Counts>
std::vector<ExerciseCount> count_steps(const std::vector<Session>& sessions, Counts counts) {
    std::vector<ExerciseCount> out;
    for (const auto& s : sessions)
        for (const auto& step : s.steps) {
            if (!counts(step)) continue;
            auto it = std::find_if(out.begin(), out.end(), [&](const auto& c) { return c.segment == step.segment; });
            if (it == out.end()) out.push_back({step.segment, step.title, 1});
            else ++it->times;
        }
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.times > b.times; });
    return out;
}

bool changed(const StepRecord& step, const std::string& change) {
    std::stringstream in(step.changes);
    for (std::string c; std::getline(in, c, ',');)
        if (c == change) return true;
    return false;
}

PainTrend trend(const std::vector<Session>& sessions, const std::string& moment) {
    PainTrend t;
    double sum = 0;
    for (const auto& s : sessions)
        for (const auto& p : s.pain) {
            if (p.moment != moment || !p.score) continue;
            if (!t.first) t.first = *p.score;
            t.last = *p.score;
            sum += *p.score;
            ++t.answers;
        }
    if (t.answers > 0) t.average = sum / t.answers;
    return t;
}

std::optional<int> pain_after_class(const Session& s) {
    for (const auto& p : s.pain)
        if (p.moment == "after_class" && p.score) return p.score;
    return std::nullopt;
}

std::string joined(const std::vector<std::string>& items, const char* by) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : by) + i;
    return out;
}

std::string one_decimal(double x) {
    char out[32];
    std::snprintf(out, sizeof out, "%.1f", x);
    return out;
}

// "Cobra 3 times, Cat-cow once"
std::string counted(const std::vector<ExerciseCount>& counts) {
    std::string out;
    for (const auto& c : counts)
        out += (out.empty() ? "" : ", ") + c.title + " " +
               (c.times == 1 ? "once" : c.times == 2 ? "twice" : std::to_string(c.times) + " times");
    return out.empty() ? "none" : out;
}

std::string pain_line(const PainTrend& t) {
    if (t.answers == 0) return "no answers";
    return std::to_string(t.answers) + (t.answers == 1 ? " answer" : " answers") + ": first " +
           std::to_string(*t.first) + ", latest " + std::to_string(*t.last) + ", average " + one_decimal(*t.average) +
           " (0 no pain - 10 worst)";
}

// A CSV field, quoted where it must be.
std::string field(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

Summary summarise(const std::vector<Session>& all, const std::string& since) {
    Summary sum;
    sum.since = since;
    std::vector<Session> sessions;
    for (const auto& s : all) {
        if (s.mode == "kiosk") ++sum.kiosk_rounds;
        else sessions.push_back(s);
    }
    std::set<std::string> days;
    for (const auto& s : sessions) {
        ++sum.sessions;
        days.insert(s.day);
        if (s.completed.value_or(false)) ++sum.completed;
    }
    sum.days_active = static_cast<int>(days.size());
    sum.made_easier = count_steps(sessions, [](const StepRecord& s) { return changed(s, "easier"); });
    sum.stopped = count_steps(sessions, [](const StepRecord& s) { return changed(s, "stopped"); });
    sum.skipped = count_steps(sessions, [](const StepRecord& s) { return s.outcome == "skipped"; });
    sum.could_not_play = count_steps(sessions, [](const StepRecord& s) { return s.outcome == "could_not_play"; });
    sum.pain_after_class = trend(sessions, "after_class");
    sum.pain_after_stop = trend(sessions, "after_stop");
    return sum;
}

std::string as_text(const std::vector<Session>& sessions, const Summary& sum) {
    std::ostringstream out;
    out << "Sessions" << (sum.since.empty() ? "" : " since " + sum.since) << ": " << sum.sessions << " on "
        << sum.days_active << (sum.days_active == 1 ? " day" : " days") << ", " << sum.completed << " completed";
    if (sum.kiosk_rounds > 0) out << " (and " << sum.kiosk_rounds << " waiting-room rounds, not counted)";
    out << "\n";
    out << "Made easier: " << counted(sum.made_easier) << "\n";
    out << "Stopped (it hurt): " << counted(sum.stopped) << "\n";
    out << "Skipped: " << counted(sum.skipped) << "\n";
    if (!sum.could_not_play.empty()) out << "Could not be played: " << counted(sum.could_not_play) << "\n";
    out << "Pain after the class: " << pain_line(sum.pain_after_class) << "\n";
    out << "Pain after stopping: " << pain_line(sum.pain_after_stop) << "\n";
    for (const auto& s : sessions) {
        if (s.mode == "kiosk") continue;
        out << "\n" << s.started_at.substr(0, 10) << " " << s.started_at.substr(11, 5) << "  " << s.title
            << "  (" << (s.conditions.empty() ? "standard" : joined(s.conditions, ", ")) << ")  "
            << (!s.completed ? "did not reach its end" : *s.completed ? "completed" : "ended early");
        if (auto pain = pain_after_class(s)) out << "  pain after: " << *pain;
        out << "\n";
        for (const auto& step : s.steps) {
            out << "  " << step.title << ": " << step.outcome;
            if (!step.changes.empty() && step.changes != step.outcome) out << " (" << step.changes << ")";
            out << "\n";
        }
    }
    return out.str();
}

nlohmann::json as_json(const std::vector<Session>& sessions, const Summary& sum) {
    using nlohmann::json;
    const auto counts = [](const std::vector<ExerciseCount>& c) {
        json out = json::array();
        for (const auto& e : c) out.push_back({{"segment", e.segment}, {"title", e.title}, {"times", e.times}});
        return out;
    };
    const auto pain = [](const PainTrend& t) {
        return json{{"answers", t.answers},
                    {"first", t.first ? json(*t.first) : json(nullptr)},
                    {"latest", t.last ? json(*t.last) : json(nullptr)},
                    {"average", t.average ? json(*t.average) : json(nullptr)}};
    };
    json list = json::array();
    for (const auto& s : sessions) {
        json steps = json::array(), answers = json::array();
        for (const auto& st : s.steps)
            steps.push_back({{"index", st.index}, {"segment", st.segment}, {"title", st.title}, {"outcome", st.outcome},
                             {"changes", st.changes}, {"reason", st.reason ? json(*st.reason) : json(nullptr)},
                             {"seconds", st.seconds}});
        for (const auto& p : s.pain)
            answers.push_back({{"moment", p.moment},
                               {"index", p.step_index ? json(*p.step_index) : json(nullptr)},
                               {"answer", p.score ? json(*p.score) : json(nullptr)},
                               {"at", p.at}});
        list.push_back({{"started_at", s.started_at}, {"day", s.day}, {"playlist", s.playlist}, {"title", s.title},
                        {"version", s.version}, {"conditions", s.conditions}, {"mode", s.mode},
                        {"ended_at", s.ended_at ? json(*s.ended_at) : json(nullptr)},
                        {"class_s", s.class_s ? json(*s.class_s) : json(nullptr)},
                        {"completed", s.completed ? json(*s.completed) : json(nullptr)},
                        {"steps", steps}, {"pain", answers}});
    }
    return {{"since", sum.since.empty() ? json(nullptr) : json(sum.since)},
            {"summary",
             {{"sessions", sum.sessions}, {"days_active", sum.days_active}, {"completed", sum.completed},
              {"kiosk_rounds", sum.kiosk_rounds}, {"made_easier", counts(sum.made_easier)},
              {"stopped", counts(sum.stopped)}, {"skipped", counts(sum.skipped)},
              {"could_not_play", counts(sum.could_not_play)}, {"pain_after_class", pain(sum.pain_after_class)},
              {"pain_after_stop", pain(sum.pain_after_stop)}}},
            {"sessions", list}};
}

std::string as_csv(const std::vector<Session>& sessions) {
    std::ostringstream out;
    out << "date,time,class,version,conditions,mode,completed,step,exercise,outcome,changes,seconds,pain_after_class\n";
    for (const auto& s : sessions) {
        const std::string head = s.started_at.substr(0, 10) + "," + s.started_at.substr(11, 5) + "," + field(s.title) +
                                 "," + s.version + "," + field(joined(s.conditions, " ")) + "," + s.mode + "," +
                                 (!s.completed ? "" : *s.completed ? "yes" : "no") + ",";
        const auto pain = pain_after_class(s);
        const std::string tail = pain ? std::to_string(*pain) : "";
        if (s.steps.empty()) out << head << ",,,,," << tail << "\n";
        for (const auto& st : s.steps) {
            char seconds[32];
            std::snprintf(seconds, sizeof seconds, "%.0f", st.seconds);
            out << head << st.index + 1 << "," << field(st.title) << "," << st.outcome << "," << field(st.changes)
                << "," << seconds << "," << tail << "\n";
        }
    }
    return out.str();
}

}  // namespace classplayer::history
