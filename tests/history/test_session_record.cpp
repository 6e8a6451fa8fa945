// The session record as a clinician reads it: a week of classes at home, with presses and pain
// answers, kept by the recorder from the class's own timeline and read back by the history
// report; and a record file that is damaged or locked, which must never stop a class.
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../class/shipped.hpp"
#include "history/recorder.hpp"
#include "history/report.hpp"
#include "playback/conductor.hpp"

using namespace classplayer;
using namespace classplayer::history;
using classplayer::test::plan_for;
using playback::Conductor;
using playback::ConductorEvent;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        static std::atomic<int> n{0};
        path = fs::temp_directory_path() / ("classplayer-history-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

// A press of the remote during a class, at a class second.
struct Press {
    double at_s;
    std::string action;  // "easier", "stop", "try_again", "skip_exercise", "next_step"
};

// Plays a class through the conductor and gives the recorder the timeline the player writes
// (design.md's event contract): the same lines, in the same order.
class ClassAtHome {
public:
    ClassAtHome(Recorder& recorder, Plan plan) : recorder_(recorder), conductor_(std::move(plan)) {}

    void press(double at_s, const std::string& action) {
        emit(conductor_.advance_to(at_s));
        recorder_.on_event(at_s, "key", {{"action", action}});
        if (action == "easier") emit(conductor_.easier());
        else if (action == "stop") emit(conductor_.stop_step());
        else if (action == "try_again") emit(conductor_.try_again());
        else emit(conductor_.next_step());
    }
    void pain(const std::string& moment, std::optional<int> answer) {
        json fields{{"moment", moment}, {"answer", answer ? json(*answer) : json(nullptr)}};
        if (moment == "after_stop") fields["index"] = conductor_.step_index();
        recorder_.on_event(conductor_.now_s(), "pain_check", fields);
    }
    void to_the_end() { emit(conductor_.advance_to(1e9)); }
    // The power goes at this class second: nothing more is written.
    void power_cut_at(double at_s) { emit(conductor_.advance_to(at_s)); }
    const Conductor& conductor() const { return conductor_; }

private:
    void emit(const std::vector<ConductorEvent>& happened) {
        for (const auto& e : happened) {
            switch (e.kind) {
                case ConductorEvent::Kind::ClassStart: recorder_.on_event(e.t_s, "class_start", json::object()); break;
                case ConductorEvent::Kind::StepStart: {
                    const Step& s = conductor_.plan().steps[static_cast<std::size_t>(e.step_index)];
                    recorder_.on_event(e.t_s, "step_start",
                                       {{"index", s.index}, {"kind", to_string(s.kind)}, {"segment", s.segment_id},
                                        {"variant", s.variant_id ? json(*s.variant_id) : json(nullptr)},
                                        {"reason", s.reason ? json(*s.reason) : json(nullptr)}, {"title", s.title},
                                        {"duration_s", s.duration_s},
                                        {"change", e.change == playback::StepChange::None ? json(nullptr)
                                                                                          : json(to_string(e.change))}});
                    break;
                }
                case ConductorEvent::Kind::StepEnd: recorder_.on_event(e.t_s, "step_end", {{"index", e.step_index}}); break;
                case ConductorEvent::Kind::ClassEnd: recorder_.on_event(e.t_s, "class_end", {{"completed", true}}); break;
                case ConductorEvent::Kind::Cue: break;
            }
        }
    }
    Recorder& recorder_;
    Conductor conductor_;
};

// The class second at which `segment`'s exercise (still ahead, or running) will be half done,
// in the plan as it stands: a swap restarted its step, so count from the running step's start.
double midway(const Conductor& c, const std::string& segment) {
    double t = c.started() ? c.step_started_at_s() : 0;
    for (std::size_t i = static_cast<std::size_t>(c.started() ? c.step_index() : 0); i < c.plan().steps.size(); ++i) {
        const Step& s = c.plan().steps[i];
        if (s.segment_id == segment && s.kind == StepKind::Clip) return t + s.duration_s / 2;
        t += s.duration_s;
    }
    FAIL("no exercise step for " << segment);
    return 0;
}

std::time_t day_of_week(int day, int hour) {
    std::tm tm{};
    tm.tm_year = 2026 - 1900;
    tm.tm_mon = 10;  // November
    tm.tm_mday = 30 + day;  // Monday 30 November 2026, and on into December
    tm.tm_hour = hour;
    tm.tm_isdst = -1;
    return std::mktime(&tm);
}

SessionInfo home_info(std::vector<std::string> conditions = {}) {
    return {"middle-back", "Middle back stretch", "0123456789ab", std::move(conditions), "home"};
}

const StepRecord& step_of(const Session& s, const std::string& segment) {
    for (const auto& st : s.steps)
        if (st.segment == segment) return st;
    FAIL("no step for " << segment << " in the session of " << s.started_at);
    return s.steps.front();
}

std::vector<Session> read_back(const fs::path& file, const std::string& since = "") {
    auto db = Database::open_to_read(file);
    REQUIRE(db);
    REQUIRE(*db);
    auto sessions = (*db)->sessions(since);
    REQUIRE(sessions);
    return *sessions;
}

}  // namespace

SCENARIO("A week of classes at home, as a clinician reads it at the next visit", "[history]") {
    TempDir dir;
    const fs::path file = dir.path / "history.sqlite3";
    std::time_t now = 0;
    const auto clock = [&] { return now; };

    GIVEN("a week: plain, easier, stopped and skipped, stopped and tried again, a power cut, then plain") {
        // Monday: the class as written, all of it; the back feels 4 after it.
        now = day_of_week(0, 9);
        {
            Recorder r(file, home_info(), clock);
            ClassAtHome c(r, plan_for({}));
            c.to_the_end();
            c.pain("after_class", 4);
        }
        // Tuesday: EASIER in the lat stretch (to the seated one); 3 after.
        now = day_of_week(1, 9);
        {
            Recorder r(file, home_info(), clock);
            ClassAtHome c(r, plan_for({}));
            c.press(midway(c.conductor(), "lat-stretch"), "easier");
            c.to_the_end();
            c.pain("after_class", 3);
        }
        // Wednesday: no class. Thursday: STOP in cobra, OK to skip it, 6 just after; 4 at the end.
        now = day_of_week(3, 18);
        {
            Recorder r(file, home_info(), clock);
            ClassAtHome c(r, plan_for({}));
            const double t = midway(c.conductor(), "cobra");
            c.press(t, "stop");
            c.press(t + 5, "skip_exercise");
            c.pain("after_stop", 6);
            c.to_the_end();
            c.pain("after_class", 4);
        }
        // Friday: STOP in cobra, then BACK to try it again; EASIER in cat-cow; the question skipped.
        now = day_of_week(4, 9);
        {
            Recorder r(file, home_info(), clock);
            ClassAtHome c(r, plan_for({}));
            c.press(midway(c.conductor(), "cat-cow"), "easier");
            const double t = midway(c.conductor(), "cobra");
            c.press(t, "stop");
            c.press(t + 5, "try_again");
            c.to_the_end();
            c.pain("after_class", std::nullopt);
        }
        // Saturday: cannot get down to the floor today; the power goes during cobra's rest.
        now = day_of_week(5, 10);
        {
            Recorder r(file, home_info({"no-floor"}), clock);
            ClassAtHome c(r, plan_for({"no-floor"}));
            c.power_cut_at(midway(c.conductor(), "passive-backbend"));
        }
        // Sunday: as written; 2 after.
        now = day_of_week(6, 9);
        {
            Recorder r(file, home_info(), clock);
            ClassAtHome c(r, plan_for({}));
            c.to_the_end();
            c.pain("after_class", 2);
        }

        WHEN("the clinician reads the whole record") {
            const auto sessions = read_back(file);
            const Summary sum = summarise(sessions, "");
            THEN("six sessions on six days, five of them completed (the power cut's is not)") {
                REQUIRE(sessions.size() == 6);
                CHECK(sum.sessions == 6);
                CHECK(sum.days_active == 6);
                CHECK(sum.completed == 5);
                CHECK(sessions[0].started_at.starts_with("2026-11-30T09:00:00"));
                CHECK(sessions[2].day == "2026-12-03");
                CHECK_FALSE(sessions[4].completed);
                CHECK(sessions[4].conditions == std::vector<std::string>{"no-floor"});
            }
            THEN("each exercise's outcome, in the words of what happened") {
                CHECK(step_of(sessions[0], "cat-cow").outcome == "done");
                CHECK(sessions[0].steps.size() == 6);  // the six exercises; no cards or rests between
                CHECK(step_of(sessions[1], "lat-stretch").outcome == "easier");
                CHECK(step_of(sessions[1], "lat-stretch").title == "Seated lat stretch");  // what was on screen
                CHECK(step_of(sessions[2], "cobra").outcome == "stopped");
                CHECK(step_of(sessions[3], "cobra").outcome == "tried_again");
                CHECK(step_of(sessions[3], "cobra").changes == "stopped,tried_again");
                CHECK(step_of(sessions[4], "cat-cow").outcome == "swapped");  // seated cat-cow, for no-floor
                CHECK(step_of(sessions[4], "cat-cow").reason.value_or("").starts_with("Cannot get down to the floor: "));
            }
            THEN("the power cut lost only the step in progress: every exercise before it is there") {
                const auto& cut = sessions[4];
                std::vector<std::string> done;
                for (const auto& st : cut.steps) done.push_back(st.segment);
                CHECK(done == std::vector<std::string>{"cat-cow", "childs-pose", "cobra"});
            }
            THEN("what is regularly made easier or stopped, and how the back felt") {
                REQUIRE(sum.stopped.size() == 1);
                CHECK(sum.stopped[0].title == "Cobra");
                CHECK(sum.stopped[0].times == 2);
                CHECK(sum.made_easier.size() == 2);
                CHECK(sum.pain_after_class.answers == 4);  // the skipped question is not an answer
                CHECK(sum.pain_after_class.first == 4);
                CHECK(sum.pain_after_class.last == 2);
                CHECK(*sum.pain_after_class.average == Approx(3.25));
                CHECK(sum.pain_after_stop.answers == 1);
                CHECK(sum.pain_after_stop.last == 6);
                const std::string text = as_text(sessions, sum);
                CHECK_THAT(text, Catch::Contains("Sessions: 6 on 6 days, 5 completed"));
                CHECK_THAT(text, Catch::Contains("Stopped (it hurt): Cobra twice"));
                CHECK_THAT(text, Catch::Contains("Pain after the class: 4 answers: first 4, latest 2, average 3.2"));
            }
        }
        WHEN("only the days since Friday are asked for") {
            const auto sessions = read_back(file, "2026-12-04");
            THEN("Friday, Saturday and Sunday") { CHECK(sessions.size() == 3); }
        }
        WHEN("as CSV and JSON, for a spreadsheet or another program") {
            const auto sessions = read_back(file);
            const std::string csv = as_csv(sessions);
            const json j = as_json(sessions, summarise(sessions, ""));
            THEN("one CSV line a step, under a header; JSON with the summary and every step") {
                CHECK(csv.starts_with("date,time,class,version,conditions,mode,completed,step,exercise,outcome"));
                CHECK_THAT(csv, Catch::Contains("2026-12-03,18:00,Middle back stretch,0123456789ab,,home,yes,6,Cobra,stopped,stopped,"));
                CHECK(j["summary"]["days_active"] == 6);
                CHECK(j["sessions"][3]["pain"][0]["answer"].is_null());
            }
        }
    }
}

TEST_CASE("A damaged record file is reported once, and the class is not held up by it", "[history]") {
    TempDir dir;
    const fs::path file = dir.path / "history.sqlite3";
    SECTION("not a database at all") { std::ofstream(file) << std::string(8192, 'x'); }
    SECTION("a database cut short (its header says more pages than there are)") {
        { Recorder r(file, home_info()); ClassAtHome c(r, plan_for({})); c.to_the_end(); }
        fs::resize_file(file, 4096 + 100);
    }
    SECTION("a page of steps scribbled over, the file's first page intact") {
        { Recorder r(file, home_info()); ClassAtHome c(r, plan_for({})); c.to_the_end(); }
        std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(2 * 4096);  // page 3 of 4096 bytes: the steps table's first page
        f << std::string(4096, '\xff');
    }
    Recorder r(file, home_info());
    CHECK_FALSE(r.recording());
    REQUIRE(r.problem());
    CHECK_THAT(*r.problem(), Catch::Contains(file.string()) && Catch::Contains("damaged"));
    ClassAtHome c(r, plan_for({}));  // the class still runs through the recorder, which writes nothing
    c.to_the_end();
    CHECK(c.conductor().ended());
    auto reading = Database::open_to_read(file);
    CHECK_FALSE(reading);  // and the history command says why, naming the file
}

TEST_CASE("A record file another program holds locked: the class goes on unrecorded, said once", "[history]") {
    TempDir dir;
    const fs::path file = dir.path / "history.sqlite3";
    { Recorder first(file, home_info()); }  // made, with its schema
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    Recorder r(file, home_info());
    ClassAtHome c(r, plan_for({}));
    c.to_the_end();
    CHECK_FALSE(r.recording());
    REQUIRE(r.problem());
    CHECK_THAT(*r.problem(), Catch::Contains("locked"));
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
}

TEST_CASE("The record is journalled ahead (WAL), so a power cut mid-class cannot damage it", "[history]") {
    TempDir dir;
    const fs::path file = dir.path / "history.sqlite3";
    { Recorder r(file, home_info()); }
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    sqlite3_stmt* mode = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &mode, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(mode) == SQLITE_ROW);
    CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(mode, 0))) == "wal");
    sqlite3_finalize(mode);
    sqlite3_close(db);
}
