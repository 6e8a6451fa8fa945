// A TV box at home in the clinic's fleet: `classplayer home` with the box's fleet config. The
// clinic sees that it is at home and what it plays, cannot steer it (the person there runs the
// class), and receives the record of each class the person plays.
#include <fstream>

#include <catch2/catch.hpp>

#include "broker_fixture.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/topics.hpp"

using namespace classplayer::fleet;
using namespace fleet_test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("A TV box at home: the clinic sees it, cannot steer it, and gets the record of the class played",
          "[fleet][broker][home]") {
    Broker broker;
    TempDir dir;
    auto clinic_made = FleetClient::connect(admin_config(broker), 5000ms, {.durable_client_id = "home-test-records"});
    REQUIRE(clinic_made);
    FleetClient& clinic = **clinic_made;
    const std::string records = Topics("classplayer/v1").records("screen-b");
    REQUIRE(clinic.subscribe(records, 5000ms));

    const fs::path box = write_config(screen_config(broker, "screen-b", dir.path()), dir.path() / "fleet.json");
    const fs::path keys = dir.path() / "keys.txt", state = dir.path() / "state";
    // Menu seconds: open middle-back, tick low bone density, on to the summary, start; after the
    // class, quit. The virtual clock plays the class as fast as it decodes (10-20 s here).
    std::ofstream(keys) << "1 OK\n2 OK\n3 RIGHT\n4 OK\n5 QUIT\n";
    Process home({CLASSPLAYER_BINARY, "home", "--headless", "--clock", "virtual", "--keys", keys.string(), "--state-dir",
                  state.string(), "--playlists", std::string(CLASSPLAYER_PLAYLISTS_DIR), "--fleet", box.string()},
                 dir.path() / "home.log");
    auto log = [&] {
        std::ifstream in(dir.path() / "home.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    };

    // While the class plays: the box says it is at home, and what it plays.
    json seen;
    const bool playing = eventually([&] {
        for (const auto& view : clinic.screens(300ms))
            if (view.id == "screen-b" && view.online.value_or(false) && view.status.is_object()) {
                seen = view.status;
                return seen["place"] == "home" && seen["playing"].is_object() &&
                       seen["playing"]["class"]["id"] == "middle-back";
            }
        return false;
    }, 60s);
    INFO("last status: " << seen.dump() << "\nthe box said:\n" << log());
    REQUIRE(playing);
    CHECK(seen["playing"]["conditions"] == json::array({"low-bone-density"}));
    CHECK(seen["playing"]["kiosk"] == false);

    // The clinic cannot move the person's class on, nor look at their screen.
    for (const auto command : {CommandName::next, CommandName::screenshot}) {
        auto answer = clinic.send({"screen-b"}, command, json::object(), 5000ms);
        REQUIRE(answer.size() == 1);
        CHECK(answer[0].kind == Outcome::Kind::failed);
        CHECK_THAT(answer[0].error, Catch::Contains("TV box at home"));
    }

    // The class ends, the person quits: the record reached the clinic, and the box is offline.
    std::optional<int> code;
    REQUIRE(eventually([&] { return (code = home.exited()).has_value(); }, 120s));
    CHECK(*code == 0);
    const auto message = clinic.wait_message(records, 10000ms);
    REQUIRE(message);
    const json record = json::parse(message->payload);
    CHECK(record["screen"] == "screen-b");
    CHECK(record["mode"] == "home");
    CHECK(record["playlist"] == "middle-back");
    CHECK(record["conditions"] == json::array({"low-bone-density"}));
    CHECK(record["completed"] == true);
    bool swapped = false;
    for (const auto& step : record["steps"])
        if (step["segment"] == "cat-cow" && step["outcome"] == "swapped") swapped = true;
    CHECK(swapped);  // what the clinician needs to know: cat-cow was shown as its gentler variant
    CHECK(eventually([&] {
        for (const auto& view : clinic.screens(300ms))
            if (view.id == "screen-b") return view.online == false;
        return false;
    }, 10s));
}
