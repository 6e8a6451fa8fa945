#include "history/glance.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>

namespace classplayer::history {

namespace {

using std::chrono::sys_days;

std::optional<sys_days> parse_day(const std::string& text) {
    int y = 0;
    unsigned m = 0, d = 0;
    if (text.size() < 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) != 3) return std::nullopt;
    const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!day.ok()) return std::nullopt;
    return sys_days{day};
}

// Monday of the week `day` is in.
sys_days monday_of(sys_days day) {
    const std::chrono::weekday wd{day};
    return day - std::chrono::days{(wd.c_encoding() + 6) % 7};
}

// The first of the four weeks shown, ending with the week `today` is in.
sys_days first_shown(sys_days today) { return monday_of(today) - std::chrono::weeks{3}; }

std::string counted(int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "3 classes, 2 finished", "1 class, finished", "none".
std::string week_line(int classes, int finished) {
    if (classes == 0) return "none";
    std::string line = counted(classes, "class", "classes");
    if (finished == classes) return line + (classes == 1 ? ", finished" : classes == 2 ? ", both finished" : ", all finished");
    return line + ", " + std::to_string(finished) + " finished";
}

// "Tuesday 1 December".
std::string spoken_day(sys_days day) {
    static constexpr std::array<const char*, 7> weekdays{"Sunday", "Monday", "Tuesday", "Wednesday",
                                                         "Thursday", "Friday", "Saturday"};
    static constexpr std::array<const char*, 12> months{"January", "February", "March", "April", "May", "June", "July",
                                                        "August", "September", "October", "November", "December"};
    const std::chrono::year_month_day ymd{day};
    return std::string(weekdays[std::chrono::weekday{day}.c_encoding()]) + " " +
           std::to_string(static_cast<unsigned>(ymd.day())) + " " + months[static_cast<unsigned>(ymd.month()) - 1];
}

}  // namespace

std::vector<std::string> glance(const std::vector<Session>& all, const std::string& today_text) {
    const auto today = parse_day(today_text);
    if (!today) return {"The date on this box is not set, so the weeks cannot be counted."};
    const sys_days this_monday = monday_of(*today), oldest = first_shown(*today);

    std::array<int, 4> classes{}, finished{};
    const Session* last = nullptr;
    std::map<std::string, std::pair<std::string, int>> easier;  // segment -> (title, times)
    for (const auto& s : all) {
        const auto day = parse_day(s.day);
        if (s.mode == "kiosk" || !day || *day < oldest || *day > *today) continue;
        const auto week = static_cast<std::size_t>((this_monday - monday_of(*day)).count() / 7);
        ++classes[week];
        if (s.completed.value_or(false)) ++finished[week];
        if (!last || s.started_at >= last->started_at) last = &s;
        for (const auto& step : s.steps)
            if (step.changes.find("easier") != std::string::npos) {
                auto& [title, times] = easier[step.segment];
                if (title.empty()) title = step.title;
                ++times;
            }
    }
    if (!last) return {"No classes in the last four weeks yet.",
                       "Each class you do here is kept on this box, for you and your clinician."};

    std::vector<std::string> lines{"This week: " + week_line(classes[0], finished[0]),
                                   "Last week: " + week_line(classes[1], finished[1]),
                                   "2 weeks ago: " + week_line(classes[2], finished[2]),
                                   "3 weeks ago: " + week_line(classes[3], finished[3])};
    const bool done = last->completed.value_or(false);
    const sys_days last_day = *parse_day(last->day);
    const std::string when = last_day == *today                              ? "today"
                             : last_day == *today - std::chrono::days{1} ? "yesterday"
                                                                          : spoken_day(last_day);
    lines.push_back("Last class: " + when + ", " + last->title + ", " +
                    (done ? "finished" : "stopped early"));
    for (auto answer = last->pain.rbegin(); answer != last->pain.rend(); ++answer)
        if (answer->moment == "after_class" && answer->score) {
            lines.push_back("Pain after it: " + std::to_string(*answer->score) + " out of 10");
            break;
        }
    const std::pair<std::string, int>* most = nullptr;
    for (const auto& [segment, made] : easier)
        if (!most || made.second > most->second) most = &made;
    if (most)
        lines.push_back("Made easier most often: " + most->first + ", " + counted(most->second, "time", "times"));
    return lines;
}

std::string glance_first_day(const std::string& today) {
    const auto day = parse_day(today);
    if (!day) return "";
    const std::chrono::year_month_day first{first_shown(*day)};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(first.year()), static_cast<unsigned>(first.month()),
                  static_cast<unsigned>(first.day()));
    return text;
}

std::string local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

}  // namespace classplayer::history
