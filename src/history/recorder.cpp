#include "history/recorder.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <regex>

#include <nlohmann/json.hpp>

namespace classplayer::history {

std::string version_of(const std::string& playlist_text) {
    // FNV-1a: enough to tell two versions of one class apart; nothing here is secret.
    std::uint64_t h = 14695981039346656037ull;
    for (const unsigned char c : playlist_text) h = (h ^ c) * 1099511628211ull;
    char out[17];
    std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
    return std::string(out, 12);
}

std::string local_time(std::time_t t) {
    std::tm tm{};
    localtime_r(&t, &tm);
    char out[40];
    std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S%z", &tm);
    return out;
}

std::string local_day(std::time_t t) { return local_time(t).substr(0, 10); }

bool is_day(const std::string& text) {
    static const std::regex day(R"(^[0-9]{4}-[0-9]{2}-[0-9]{2}$)");
    return std::regex_match(text, day);
}

Recorder::Recorder(const std::filesystem::path& file, SessionInfo info, std::function<std::time_t()> now)
    : info_(std::move(info)), now_(now ? std::move(now) : [] { return std::time(nullptr); }) {
    auto db = Database::open(file);
    if (db) db_ = std::move(*db);
    else report(db.error());
}

void Recorder::report(const std::string& what) {
    // Once: a class with a broken record still plays, and says so one time, not every step.
    if (!problem_) spdlog::warn("session record: {}; this class is not recorded", what);
    problem_ = what;
    db_.reset();
}

template <class Result>
bool Recorder::written(const Result& result) {
    if (result) return true;
    report(db_ ? db_->file().string() + ": " + result.error() : result.error());
    return false;
}

void Recorder::on_event(double t_s, std::string_view event, const nlohmann::json& fields) {
    if (!db_) return;
    const auto text = [&](const char* key) {
        const auto it = fields.find(key);
        return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (event == "class_start") {
        const std::time_t now = now_();
        Session s;
        s.started_at = local_time(now);
        s.day = local_day(now);
        s.playlist = info_.playlist;
        s.title = info_.title;
        s.version = info_.version;
        s.conditions = info_.conditions;
        s.mode = info_.mode;
        auto id = db_->add_session(s);
        if (written(id)) session_ = *id;
        running_.reset();
    } else if (event == "step_start") {
        const std::string change = text("change");
        const std::string kind = text("kind");
        if (change.empty() || !running_) {
            finish_step();
            Running r;
            r.step.index = fields.value("index", 0);
            r.step.segment = text("segment");
            r.step.title = text("title");
            if (!text("reason").empty()) r.step.reason = text("reason");
            r.kind = kind;
            r.started_s = r.ended_s = t_s;
            r.planned_s = fields.value("duration_s", 0.0);
            r.variant = fields.contains("variant") && fields["variant"].is_string();
            // The exercises, and the cards that say one was left out for a condition; not the
            // safety card, the rests between exercises, or the rest standing in after a skip card.
            r.exercise = kind == "clip" || (kind == "card" && r.step.reason && r.step.reason->starts_with("Skipped:"));
            running_ = std::move(r);
        } else {
            running_->step.changes += (running_->step.changes.empty() ? "" : ",") + change;
            if (kind == "clip") running_->step.title = text("title");  // the version now on screen
            if (!text("reason").empty()) running_->step.reason = text("reason");
            running_->swapped = true;
        }
    } else if (event == "step_end") {
        if (running_) running_->ended_s = t_s;
    } else if (event == "media_error") {
        if (running_) running_->could_not_play = true;
    } else if (event == "pain_check") {
        if (!session_) return;
        PainAnswer a;
        a.moment = text("moment");
        a.at = local_time(now_());
        if (fields.contains("index") && fields["index"].is_number_integer()) a.step_index = fields["index"].get<int>();
        if (fields.contains("answer") && fields["answer"].is_number_integer()) a.score = fields["answer"].get<int>();
        written(db_->add_pain(*session_, a));
    } else if (event == "class_end") {
        finish_step();
        // The session stays open for what is asked after the class ends (the pain check).
        if (session_) written(db_->end_session(*session_, local_time(now_()), t_s, fields.value("completed", false)));
    }
}

void Recorder::finish_step() {
    if (!running_ || !session_ || !db_) {
        running_.reset();
        return;
    }
    Running r = std::move(*running_);
    running_.reset();
    if (!r.exercise) return;
    r.step.seconds = r.ended_s - r.started_s;
    const std::string& changes = r.step.changes;
    const std::string last = changes.substr(changes.rfind(',') == std::string::npos ? 0 : changes.rfind(',') + 1);
    if (r.could_not_play) r.step.outcome = "could_not_play";
    else if (!last.empty()) r.step.outcome = last;  // easier, stopped or tried_again
    else if (r.kind == "card") r.step.outcome = "skipped";  // left out for a condition
    else if (r.step.seconds < r.planned_s - 0.5) r.step.outcome = "skipped";  // NEXT, PREV or the class ended
    else if (r.variant) r.step.outcome = "swapped";  // a version chosen for a condition
    else r.step.outcome = "done";
    written(db_->add_step(*session_, r.step));
}

}  // namespace classplayer::history
