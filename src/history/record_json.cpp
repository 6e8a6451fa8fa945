#include "history/record_json.hpp"

#include <set>

#include "history/recorder.hpp"

namespace classplayer::history {

namespace {

using nlohmann::json;

// Bounds that no real class comes near: a record is small, and a screen's bug (or a stolen
// screen certificate) must not fill the clinic's disk through one record.
constexpr std::size_t kMostText = 2000, kMostSteps = 500, kMostAnswers = 500, kMostConditions = 32;

struct Reader {
    std::string error;

    bool fail(const std::string& path, const std::string& what) {
        if (error.empty()) error = path + ": " + what;
        return false;
    }
    bool text(const json& at, const std::string& path, std::string& out) {
        if (!at.is_string()) return fail(path, "expected a string");
        out = at.get<std::string>();
        if (out.size() > kMostText) return fail(path, "longer than " + std::to_string(kMostText) + " characters");
        return true;
    }
    bool maybe_text(const json& at, const std::string& path, std::optional<std::string>& out) {
        if (at.is_null()) return out.reset(), true;
        std::string t;
        if (!text(at, path, t)) return false;
        out = std::move(t);
        return true;
    }
    bool number(const json& at, const std::string& path, double& out) {
        if (!at.is_number()) return fail(path, "expected a number");
        out = at.get<double>();
        if (!(out >= 0 && out < 1e7)) return fail(path, "out of range");
        return true;
    }
    bool whole(const json& at, const std::string& path, int lowest, int highest, int& out) {
        if (!at.is_number_integer()) return fail(path, "expected a whole number");
        const auto n = at.get<std::int64_t>();
        if (n < lowest || n > highest)
            return fail(path, "expected " + std::to_string(lowest) + " to " + std::to_string(highest));
        out = static_cast<int>(n);
        return true;
    }
    bool maybe_whole(const json& at, const std::string& path, int lowest, int highest, std::optional<int>& out) {
        if (at.is_null()) return out.reset(), true;
        int n = 0;
        if (!whole(at, path, lowest, highest, n)) return false;
        out = n;
        return true;
    }
    bool one_of(const json& at, const std::string& path, const std::set<std::string>& allowed, std::string& out) {
        if (!text(at, path, out)) return false;
        if (!allowed.contains(out)) return fail(path, "\"" + out + "\" is not a known value");
        return true;
    }
    const json& field(const json& object, const std::string& path, const char* key) {
        static const json missing;
        if (!object.contains(key)) {
            fail(path + "." + key, "missing");
            return missing;
        }
        return object[key];
    }
};

}  // namespace

std::expected<Session, std::string> session_from_json(const json& record) {
    if (!record.is_object()) return std::unexpected("$: expected an object");
    Reader r;
    Session s;
    const std::string root = "$";
    r.text(r.field(record, root, "started_at"), "$.started_at", s.started_at);
    if (r.text(r.field(record, root, "day"), "$.day", s.day) && !is_day(s.day))
        r.fail("$.day", "expected a date YYYY-MM-DD");
    r.text(r.field(record, root, "playlist"), "$.playlist", s.playlist);
    r.text(r.field(record, root, "title"), "$.title", s.title);
    r.text(r.field(record, root, "version"), "$.version", s.version);
    r.one_of(r.field(record, root, "mode"), "$.mode", {"home", "play", "kiosk"}, s.mode);
    if (const json& conditions = r.field(record, root, "conditions"); conditions.is_array()) {
        if (conditions.size() > kMostConditions) r.fail("$.conditions", "too many");
        for (std::size_t i = 0; i < conditions.size() && r.error.empty(); ++i)
            r.text(conditions[i], "$.conditions[" + std::to_string(i) + "]", s.conditions.emplace_back());
    } else {
        r.fail("$.conditions", "expected an array");
    }
    r.maybe_text(r.field(record, root, "ended_at"), "$.ended_at", s.ended_at);
    if (const json& class_s = r.field(record, root, "class_s"); !class_s.is_null()) {
        double seconds = 0;
        if (r.number(class_s, "$.class_s", seconds)) s.class_s = seconds;
    }
    if (const json& completed = r.field(record, root, "completed"); completed.is_boolean()) s.completed = completed.get<bool>();
    else if (!completed.is_null()) r.fail("$.completed", "expected true, false or null");

    static const std::set<std::string> outcomes{"done", "swapped", "easier", "stopped", "tried_again", "skipped",
                                                "could_not_play"};
    if (const json& steps = r.field(record, root, "steps"); steps.is_array()) {
        if (steps.size() > kMostSteps) r.fail("$.steps", "too many");
        for (std::size_t i = 0; i < steps.size() && r.error.empty(); ++i) {
            const std::string at = "$.steps[" + std::to_string(i) + "]";
            const json& step = steps[i];
            if (!step.is_object()) {
                r.fail(at, "expected an object");
                break;
            }
            StepRecord& out = s.steps.emplace_back();
            r.whole(r.field(step, at, "index"), at + ".index", 0, 100000, out.index);
            r.text(r.field(step, at, "segment"), at + ".segment", out.segment);
            r.text(r.field(step, at, "title"), at + ".title", out.title);
            r.one_of(r.field(step, at, "outcome"), at + ".outcome", outcomes, out.outcome);
            r.text(r.field(step, at, "changes"), at + ".changes", out.changes);
            r.maybe_text(r.field(step, at, "reason"), at + ".reason", out.reason);
            r.number(r.field(step, at, "seconds"), at + ".seconds", out.seconds);
        }
    } else {
        r.fail("$.steps", "expected an array");
    }
    if (const json& pain = r.field(record, root, "pain"); pain.is_array()) {
        if (pain.size() > kMostAnswers) r.fail("$.pain", "too many");
        for (std::size_t i = 0; i < pain.size() && r.error.empty(); ++i) {
            const std::string at = "$.pain[" + std::to_string(i) + "]";
            const json& answer = pain[i];
            if (!answer.is_object()) {
                r.fail(at, "expected an object");
                break;
            }
            PainAnswer& out = s.pain.emplace_back();
            r.one_of(r.field(answer, at, "moment"), at + ".moment", {"after_class", "after_stop"}, out.moment);
            r.maybe_whole(r.field(answer, at, "index"), at + ".index", 0, 100000, out.step_index);
            r.maybe_whole(r.field(answer, at, "answer"), at + ".answer", 0, 10, out.score);
            r.text(r.field(answer, at, "at"), at + ".at", out.at);
        }
    } else {
        r.fail("$.pain", "expected an array");
    }
    if (!r.error.empty()) return std::unexpected(r.error);
    return s;
}

}  // namespace classplayer::history
