#pragma once
// What a clinician reads at the next visit (`classplayer history`): the sessions, days active,
// which exercises are regularly made easier, stopped or skipped, and how the back felt.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "history/database.hpp"

namespace classplayer::history {

struct ExerciseCount {
    std::string segment, title;  // the title the screen first showed for it in these sessions
    int times = 0;               // steps with that outcome (or change)
};

struct PainTrend {
    int answers = 0;
    std::optional<int> first, last;  // the earliest and the latest answer
    std::optional<double> average;
};

struct Summary {
    std::string since;  // YYYY-MM-DD, or "" for the whole record
    int sessions = 0, days_active = 0, completed = 0, kiosk_rounds = 0;
    std::vector<ExerciseCount> made_easier, stopped, skipped, could_not_play;  // most often first
    PainTrend pain_after_class, pain_after_stop;
};

// Kiosk rounds are counted apart (a waiting room's screen is nobody's programme).
Summary summarise(const std::vector<Session>& sessions, const std::string& since);

std::string as_text(const std::vector<Session>& sessions, const Summary& summary);
nlohmann::json as_json(const std::vector<Session>& sessions, const Summary& summary);
// One line a step (a session without steps still gets a line): date, time, class, version,
// conditions, mode, completed, step, exercise, outcome, changes, seconds, pain after class.
std::string as_csv(const std::vector<Session>& sessions);

}  // namespace classplayer::history
