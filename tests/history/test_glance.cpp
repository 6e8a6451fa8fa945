// "My sessions" on the home menu: the last four weeks as the person with the remote reads them.
#include <catch2/catch.hpp>

#include "history/glance.hpp"

using namespace classplayer::history;

namespace {

Session session(const std::string& day, const std::string& time, bool completed, std::string mode = "home") {
    Session s;
    s.day = day;
    s.started_at = day + "T" + time + ":00+00:00";
    s.title = "Middle back stretch";
    s.mode = std::move(mode);
    s.completed = completed;
    return s;
}

}  // namespace

TEST_CASE("My sessions: four weeks, Monday to Sunday, counted in words", "[history][glance]") {
    // Sunday 6 December 2026: this week began on Monday 30 November.
    std::vector<Session> record{
        session("2026-11-01", "09:00", true),   // five weeks ago: not shown
        session("2026-11-09", "09:00", true),   // 3 weeks ago (week of 9 November)
        session("2026-11-16", "09:00", false),  // 2 weeks ago
        session("2026-11-22", "18:00", true),   // 2 weeks ago, its Sunday
        session("2026-11-29", "10:00", true),   // last week, its Sunday
        session("2026-11-30", "10:00", true),   // this week, its Monday
        session("2026-12-03", "10:00", true),
        session("2026-12-05", "10:00", true, "kiosk"),  // a waiting room's round: nobody's own
    };
    record[6].title = "Hip mobility";
    record[6].pain.push_back({"after_class", std::nullopt, 3, "2026-12-03T10:20:00+00:00"});
    classplayer::history::StepRecord cobra;
    cobra.segment = "cobra";
    cobra.title = "Cobra";
    cobra.changes = "easier";
    record[5].steps = {cobra};
    record[6].steps = {cobra};
    const auto lines = glance(record, "2026-12-06");
    REQUIRE(lines.size() == 7);
    CHECK(lines[0] == "This week: 2 classes, both finished");
    CHECK(lines[1] == "Last week: 1 class, finished");
    CHECK(lines[2] == "2 weeks ago: 2 classes, 1 finished");
    CHECK(lines[3] == "3 weeks ago: 1 class, finished");
    CHECK(lines[4] == "Last class: Thursday 3 December, Hip mobility, finished");
    CHECK(lines[5] == "Pain after it: 3 out of 10");
    CHECK(lines[6] == "Made easier most often: Cobra, 2 times");
    // The day before or the same day, in the words a person uses.
    CHECK(glance(record, "2026-12-04")[4] == "Last class: yesterday, Hip mobility, finished");
    CHECK(glance(record, "2026-12-03")[4] == "Last class: today, Hip mobility, finished");
    // What the home menu reads from the record: from the Monday three weeks before this one.
    CHECK(glance_first_day("2026-12-06") == "2026-11-09");
    CHECK(glance_first_day("2026-11-30") == "2026-11-09");
    CHECK(glance_first_day("not a date").empty());
}

TEST_CASE("My sessions: a first visit, and a box whose date is not set", "[history][glance]") {
    const auto none = glance({session("2026-12-05", "10:00", true, "kiosk")}, "2026-12-06");
    REQUIRE_FALSE(none.empty());
    CHECK(none[0] == "No classes in the last four weeks yet.");
    const auto unset = glance({}, "");
    REQUIRE(unset.size() == 1);
    CHECK_THAT(unset[0], Catch::Contains("date"));
}
