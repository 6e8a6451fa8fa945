// The clinic's copy of its screens' session records: `classplayer fleet collect` keeps what
// each screen sends (at least once, also what was sent while the collector was away), and
// `classplayer fleet records` is what the clinician reads, screen by screen.
#include <fstream>

#include <catch2/catch.hpp>

#include "broker_fixture.hpp"
#include "fleet/records_collector.hpp"
#include "fleet/screen_agent.hpp"
#include "history/report.hpp"

using namespace classplayer;
using namespace classplayer::fleet;
using namespace fleet_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A record as a screen sends it: the session record's JSON (src/history), plus its id.
json a_record(const std::string& mode, const std::string& started_at, std::optional<int> pain_after) {
    history::Session s;
    s.started_at = started_at;
    s.day = started_at.substr(0, 10);
    s.playlist = "middle-back";
    s.title = "Middle back stretch";
    s.version = "3f9a";
    s.conditions = {"balance"};
    s.mode = mode;
    s.ended_at = started_at.substr(0, 11) + "10:07:00+0100";
    s.class_s = 399;
    s.completed = true;
    s.steps = {{0, "safety-card", "Before you start", "done", "", std::nullopt, 12},
               {1, "cat-cow", "Seated extension", "easier", "easier", "Easier: seated", 48}};
    if (pain_after) s.pain = {{"after_class", std::nullopt, pain_after, started_at}};
    const std::vector<history::Session> one{s};
    return history::as_json(one, history::summarise(one, ""))["sessions"][0];
}

std::string run_output(const std::vector<std::string>& argv) {
    std::string out;
    const int code = run(argv, &out);
    INFO(out);
    REQUIRE(code == 0);
    return out;
}

std::string read(const fs::path& file) {
    std::ifstream in(file);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("A record is kept once however often it is delivered; a bad one is refused naming the field", "[fleet][records]") {
    TempDir dir;
    RecordsCollector collector(dir.path());
    json record = a_record("home", "2026-12-03T10:00:00+0100", 3);
    record["record_id"] = "000001764750000000-0001-tv-box-1";

    auto first = collector.keep("tv-box-1", record.dump());
    REQUIRE(first);
    CHECK(*first == RecordsCollector::Kept::stored);
    auto again = collector.keep("tv-box-1", record.dump());
    REQUIRE(again);
    CHECK(*again == RecordsCollector::Kept::already_here);

    auto db = history::Database::open_to_read(RecordsCollector::file_of(dir.path(), "tv-box-1"));
    REQUIRE(db);
    REQUIRE(*db);
    auto sessions = (*db)->sessions("");
    REQUIRE(sessions);
    REQUIRE(sessions->size() == 1);  // not two
    CHECK(sessions->at(0).steps.size() == 2);
    CHECK(sessions->at(0).pain.at(0).score == 3);
    CHECK(sessions->at(0).completed == true);
    CHECK(sessions->at(0).ended_at == "2026-12-03T10:07:00+0100");

    SECTION("a pain answer out of the scale") {
        json bad = record;
        bad["record_id"] = "bad-1";
        bad["pain"][0]["answer"] = 11;
        auto refused = collector.keep("tv-box-1", bad.dump());
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error(), Catch::Contains("tv-box-1") && Catch::Contains("$.pain[0].answer"));
    }
    SECTION("a step with an unknown outcome") {
        json bad = record;
        bad["record_id"] = "bad-2";
        bad["steps"][1]["outcome"] = "vanished";
        auto refused = collector.keep("tv-box-1", bad.dump());
        REQUIRE_FALSE(refused);
        CHECK_THAT(refused.error(), Catch::Contains("$.steps[1].outcome"));
    }
    SECTION("no record id, or not JSON") {
        json bad = record;
        bad.erase("record_id");
        CHECK_FALSE(collector.keep("tv-box-1", bad.dump()));
        CHECK_FALSE(collector.keep("tv-box-1", "{\"record_id\": \"x\", \"pla"));
    }
    SECTION("a screen id that is not one (it names a folder)") {
        CHECK_FALSE(collector.keep("..", record.dump()));
        CHECK_FALSE(fs::exists(dir.path() / ".." / "history.sqlite3"));
    }
    // Nothing refused was kept.
    auto after = (*db)->sessions("");
    REQUIRE(after);
    CHECK(after->size() == 1);
}

SCENARIO("The clinic reads each screen's sessions, including those sent while its collector was away",
         "[fleet][broker][records]") {
    Broker broker;
    TempDir dir;
    const fs::path admin = write_config(admin_config(broker), dir.path() / "fleet-admin.json");
    const fs::path records = dir.path() / "clinic-records";
    const auto collector_log = dir.path() / "collect.log";
    auto start_collector = [&] {
        auto process = std::make_unique<Process>(
            std::vector<std::string>{CLASSPLAYER_BINARY, "fleet", "--fleet", admin.string(), "collect", "--into",
                                     records.string()},
            collector_log);
        // Subscribed (the broker now keeps records for it) once it says where it keeps them.
        const bool listening = eventually([&] { return read(collector_log).find("keeping the screens'") != std::string::npos; }, 15s);
        INFO(read(collector_log));
        REQUIRE(listening);
        return process;
    };
    auto make_screen = [&](const std::string& id) {
        auto agent = ScreenAgent::create(screen_config(broker, id, dir.path()),
                                         {.version = "test", .catalogue = {{"middle-back"}, {"balance"}}, .wake = [] {}});
        REQUIRE(agent);
        REQUIRE((*agent)->start());
        REQUIRE(eventually([&] { return (*agent)->connected(); }, 10s));
        return std::move(*agent);
    };
    auto sessions_of = [&](const std::string& screen) -> std::size_t {
        auto db = history::Database::open_to_read(records / screen / "history.sqlite3");
        if (!db || !*db) return 0;
        auto sessions = (*db)->sessions("");
        return sessions ? sessions->size() : 0;
    };

    auto collector = start_collector();
    auto waiting_room = make_screen("screen-a");
    auto home_box = make_screen("screen-b");

    GIVEN("a waiting-room round and a class at home, sent while the collector runs") {
        REQUIRE(waiting_room->send_record(a_record("kiosk", "2026-12-05T09:00:00+0100", std::nullopt)));
        REQUIRE(home_box->send_record(a_record("home", "2026-12-05T18:30:00+0100", 4)));
        REQUIRE(eventually([&] { return sessions_of("screen-a") == 1 && sessions_of("screen-b") == 1; }, 15s));

        WHEN("the collector is away while the home box sends its next class, then comes back") {
            collector.reset();  // SIGTERM: its session stays at the broker
            REQUIRE(home_box->send_record(a_record("home", "2026-12-06T18:30:00+0100", 2)));
            REQUIRE(eventually([&] { return home_box->records_waiting() == 0; }, 10s));  // the broker has it
            CHECK(sessions_of("screen-b") == 1);
            collector = start_collector();
            THEN("that class arrives too, and the report shows each screen's sessions and pain") {
                INFO(read(collector_log));
                REQUIRE(eventually([&] { return sessions_of("screen-b") == 2; }, 15s));
                const std::string report =
                    run_output({CLASSPLAYER_BINARY, "fleet", "records", "--from", records.string()});
                INFO(report);
                CHECK_THAT(report, Catch::Contains("== screen-a ==") && Catch::Contains("== screen-b =="));
                CHECK_THAT(report, Catch::Contains("1 waiting-room rounds, not counted"));
                CHECK_THAT(report, Catch::Contains("Sessions: 2 on 2 days, 2 completed"));
                CHECK_THAT(report, Catch::Contains("Pain after the class: 2 answers: first 4, latest 2"));
                CHECK_THAT(report, Catch::Contains("2026-12-06 18:30  Middle back stretch  (balance)  completed  pain after: 2"));
                CHECK_THAT(report, Catch::Contains("Made easier: Seated extension twice"));

                const std::string since = run_output(
                    {CLASSPLAYER_BINARY, "fleet", "records", "--from", records.string(), "--screen", "screen-b", "--since",
                     "2026-12-06"});
                CHECK_THAT(since, Catch::Contains("Sessions since 2026-12-06: 1 on 1 day"));
                CHECK_THAT(since, !Catch::Contains("screen-a"));
            }
        }
    }
}
