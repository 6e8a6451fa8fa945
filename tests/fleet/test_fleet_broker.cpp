// The fleet against a real Mosquitto broker of the tests' own (broker_fixture.hpp): screens
// coming online, dying, riding out a broker restart, commands, the ACL and the records outbox.
#include <sys/resource.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include <catch2/catch.hpp>

#include "broker_fixture.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/mqtt_link.hpp"
#include "fleet/screen_agent.hpp"
#include "fleet/topics.hpp"

using namespace classplayer::fleet;
using namespace fleet_test;
namespace fs = std::filesystem;

namespace {

const Catalogue kCatalogue{{"middle-back"}, {"low-bone-density", "radiating-leg-pain", "no-floor", "balance"}};

// A screen's agent in this process, with the wake callback counted.
struct TestScreen {
    std::unique_ptr<ScreenAgent> agent;
    std::mutex mutex;
    int wakes = 0;

    TestScreen(const Broker& broker, const std::string& id, const fs::path& dir) {
        auto created = ScreenAgent::create(screen_config(broker, id, dir),
                                           {.version = "test", .catalogue = kCatalogue, .wake = [this] {
                                                std::lock_guard lock(mutex);
                                                ++wakes;
                                            }});
        REQUIRE(created);
        agent = std::move(*created);
    }
    int woken() {
        std::lock_guard lock(mutex);
        return wakes;
    }
};

std::unique_ptr<FleetClient> admin(const Broker& broker, ClientOptions options = {}) {
    auto client = FleetClient::connect(admin_config(broker), 5000ms, std::move(options));
    INFO((client ? "" : client.error()) << "\n" << broker.log());
    REQUIRE(client);
    return std::move(*client);
}

const ScreenView* find(const std::vector<ScreenView>& views, const std::string& id) {
    for (const auto& v : views)
        if (v.id == id) return &v;
    return nullptr;
}

// CPU time used by this whole process so far.
std::chrono::microseconds process_cpu() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return std::chrono::seconds(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           std::chrono::microseconds(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

NowPlaying playing(const std::string& step_title, int index, std::vector<std::string> conditions = {}) {
    return {"middle-back", "Middle back stretch", index, step_title, std::move(conditions), false};
}

}  // namespace

SCENARIO("Three screens come online and the clinic sees what each plays", "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    TestScreen a(broker, "screen-a", dir.path()), b(broker, "screen-b", dir.path()), c(broker, "screen-c", dir.path());
    a.agent->set_now_playing(playing("Cat-cow", 1));
    b.agent->set_now_playing(playing("Cobra", 3, {"no-floor"}));
    c.agent->set_now_playing(std::nullopt);
    for (auto* s : {&a, &b, &c}) REQUIRE(s->agent->start());

    const auto client = admin(broker);
    std::vector<ScreenView> views;
    const bool all_seen = eventually(
        [&] {
            views = client->screens(300ms);
            int ready = 0;
            for (const auto& id : {"screen-a", "screen-b", "screen-c"})
                if (const auto* v = find(views, id); v && v->online == true && v->status.is_object()) ++ready;
            return ready == 3;
        },
        10s);
    INFO(broker.log());
    REQUIRE(all_seen);
    CHECK(find(views, "screen-a")->status["playing"]["step"]["title"] == "Cat-cow");
    CHECK(find(views, "screen-b")->status["playing"]["step"]["index"] == 3);
    CHECK(find(views, "screen-b")->status["playing"]["conditions"] == nlohmann::json::array({"no-floor"}));
    CHECK(find(views, "screen-c")->status["playing"].is_null());
    CHECK(find(views, "screen-a")->status["version"] == "test");

    WHEN("a screen shuts down cleanly") {
        c.agent->shutdown();
        THEN("it says offline itself") {
            CHECK(eventually(
                [&] {
                    const auto latest = client->screens(200ms);
                    const auto* v = find(latest, "screen-c");
                    return v && v->online == false;
                },
                5s));
        }
    }
}

TEST_CASE("A screen killed with SIGKILL shows offline by its last will", "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    const auto config = write_config(screen_config(broker, "kill-001", dir.path()), dir.path() / "screen.json");
    Process screen({CLASSPLAYER_BINARY, "fleet", "--fleet", config.string(), "simulate", "--count", "1", "--id-prefix",
                    "kill", "--certs", certs_dir().string(), "--outbox", (dir.path() / "outboxes").string()},
                   dir.path() / "simulate.log");
    const auto client = admin(broker);
    REQUIRE(client->subscribe(Topics("classplayer/v1").state("kill-001"), 5s));
    const bool online = eventually(
        [&] {
            const auto views = client->screens(200ms);
            const auto* v = find(views, "kill-001");
            return v && v->online == true;
        },
        10s);
    INFO(broker.log());
    REQUIRE(online);
    client->take_messages();

    screen.kill_hard();
    const auto killed = std::chrono::steady_clock::now();
    // The socket closes with the process, so the broker usually sends the will at once; a
    // screen whose power or network is cut is found by the keepalive (1.5 x 5 s). Either way
    // within the bound, with room for a loaded machine.
    const bool offline = eventually(
        [&] {
            for (const auto& m : client->take_messages())
                if (m.topic.ends_with("/kill-001/state") && m.payload == "offline") return true;
            return false;
        },
        std::chrono::milliseconds(static_cast<int>(1.5 * 5 * 1000) + 5000));
    REQUIRE(offline);
    WARN("offline seen " << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed).count()
                         << " ms after SIGKILL");
}

TEST_CASE("Screens reconnect by themselves after the broker restarts and republish", "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    TestScreen a(broker, "screen-a", dir.path()), b(broker, "screen-b", dir.path());
    a.agent->set_now_playing(playing("Cat-cow", 1));
    b.agent->set_now_playing(playing("Cobra", 3));
    REQUIRE(a.agent->start());
    REQUIRE(b.agent->start());
    REQUIRE(eventually([&] { return a.agent->connected() && b.agent->connected(); }, 10s));
    std::string before_a, before_b;
    {
        const auto client = admin(broker);
        REQUIRE(eventually([&] {
            const auto views = client->screens(300ms);
            const auto *va = find(views, "screen-a"), *vb = find(views, "screen-b");
            if (!va || !vb || !va->status.is_object() || !vb->status.is_object()) return false;
            before_a = va->status["connected_at"];
            before_b = vb->status["connected_at"];
            return true;
        }, 10s));
    }

    broker.stop();
    REQUIRE(eventually([&] { return !a.agent->connected() && !b.agent->connected(); }, 10s));
    std::this_thread::sleep_for(1100ms);  // connected_at has a one-second resolution
    a.agent->set_now_playing(playing("Child's pose", 2));  // changed while the broker was away
    broker.start();

    const auto client = admin(broker);
    std::vector<ScreenView> views;
    const bool back = eventually(
        [&] {
            views = client->screens(300ms);
            const auto *va = find(views, "screen-a"), *vb = find(views, "screen-b");
            return va && vb && va->online == true && vb->online == true && va->status.value("connected_at", "") != before_a &&
                   vb->status.value("connected_at", "") != before_b;
        },
        20s);
    INFO(broker.log());
    REQUIRE(back);
    CHECK(find(views, "screen-a")->status["playing"]["step"]["title"] == "Child's pose");
}

TEST_CASE("A command reaches only its screen and is answered - a bad one is refused and never queued",
          "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    TestScreen a(broker, "screen-a", dir.path()), b(broker, "screen-b", dir.path());
    REQUIRE(a.agent->start());
    REQUIRE(b.agent->start());
    REQUIRE(eventually([&] { return a.agent->connected() && b.agent->connected(); }, 10s));
    const auto client = admin(broker);

    SECTION("a good play goes to screen-a only") {
        std::thread screen_loop([&] {
            // What the player's loop does when woken: take the command and answer it.
            if (eventually([&] { return a.woken() > 0; }, 5s))
                if (auto command = a.agent->take_command())
                    a.agent->answer(command->request_id, nlohmann::json{{"playing", command->class_id},
                                                                        {"conditions", command->conditions}});
        });
        const auto outcomes = client->send({"screen-a"}, CommandName::play,
                                           {{"class", "middle-back"}, {"conditions", {"no-floor", "balance"}}}, 5s);
        screen_loop.join();
        REQUIRE(outcomes.size() == 1);
        INFO(outcomes[0].error);
        REQUIRE(outcomes[0].kind == Outcome::Kind::ok);
        CHECK(outcomes[0].result["conditions"] == nlohmann::json::array({"no-floor", "balance"}));
        CHECK(b.woken() == 0);
        CHECK_FALSE(b.agent->take_command());
    }
    SECTION("bad commands get an error result at once") {
        using Row = std::tuple<std::string, nlohmann::json, std::string>;
        auto [name, args, expected] = GENERATE(table<std::string, nlohmann::json, std::string>({
            Row{"play", {{"class", "no-such-class"}}, "is not a class on this screen"},
            Row{"play", {{"class", "middle-back"}, {"conditions", {"pregnant"}}}, "unknown condition"},
        }));
        const auto outcomes = client->send({"screen-a"}, *command_name(name), args, 5s);
        REQUIRE(outcomes[0].kind == Outcome::Kind::failed);
        CHECK_THAT(outcomes[0].error, Catch::Contains(expected));
        CHECK(a.woken() == 0);
        CHECK_FALSE(a.agent->take_command());
    }
    SECTION("a payload that is not JSON, and an unknown command, are answered too") {
        REQUIRE(client->subscribe(Topics("classplayer/v1").cmd_result("screen-a"), 5s));
        auto raw = MqttLink::create(link_settings(admin_config(broker), "raw-admin"), {});
        REQUIRE(raw);
        REQUIRE((*raw)->start());
        REQUIRE((*raw)->wait_connected(5s));
        for (const auto& [topic, payload, expected] :
             {std::tuple{std::string("cmd/play"), std::string("{not json"), std::string("not valid JSON")},
              std::tuple{std::string("cmd/reboot"), std::string(R"({"request_id": "x1"})"), std::string("unknown command")}}) {
            client->take_messages();
            REQUIRE((*raw)->publish("classplayer/v1/screens/screen-a/" + topic, payload, 1, false));
            const auto answer = client->wait_message("classplayer/v1/screens/screen-a/cmd_result", 5s);
            REQUIRE(answer);
            const auto doc = nlohmann::json::parse(answer->payload);
            CHECK(doc["ok"] == false);
            CHECK_THAT(doc["error"].get<std::string>(), Catch::Contains(expected));
        }
        CHECK(a.woken() == 0);
        CHECK_FALSE(a.agent->take_command());
    }
}

TEST_CASE("A screen's identity cannot publish on another screen's topics", "[fleet][broker][acl]") {
    TempDir dir;
    Broker broker;
    const auto client = admin(broker);
    REQUIRE(client->subscribe("classplayer/v1/#", 5s));

    std::mutex mutex;
    std::condition_variable changed;
    std::map<int, int> acks;
    MqttLink::Handlers handlers;
    handlers.published = [&](int mid, int reason) {
        std::lock_guard lock(mutex);
        acks[mid] = reason;
        changed.notify_all();
    };
    auto forger = MqttLink::create(link_settings(screen_config(broker, "screen-b", dir.path()), "screen-b"), handlers);
    REQUIRE(forger);
    REQUIRE((*forger)->start());
    REQUIRE((*forger)->wait_connected(5s));
    const auto reason_for = [&](const std::string& topic, const std::string& payload) {
        const auto mid = (*forger)->publish(topic, payload, 1, false);
        REQUIRE(mid);
        std::unique_lock lock(mutex);
        REQUIRE(changed.wait_for(lock, 5s, [&] { return acks.contains(*mid); }));
        return acks[*mid];
    };
    for (const auto& leaf : {"status", "state", "cmd_result", "records", "cmd/play", "desired"})
        CHECK(reason_for(std::string("classplayer/v1/screens/screen-a/") + leaf, "forged-by-b") == 135);
    // Its own topics are fine (16: accepted, no subscriber matched, or 0).
    CHECK(reason_for("classplayer/v1/screens/screen-b/records", "own-record") < 0x80);

    REQUIRE(client->wait_message("classplayer/v1/screens/screen-b/records", 5s));
    for (const auto& m : client->take_messages()) CHECK(m.payload != "forged-by-b");
}

SCENARIO("A session record made while the broker is down is delivered when it returns", "[fleet][broker][records]") {
    TempDir dir;
    Broker broker;
    // The clinic's collector keeps a session, so the record waits for it at the broker whoever
    // reconnects first.
    const auto collector = admin(broker, {.durable_client_id = "records-collector", .session_expiry_s = 600});
    const std::string records = Topics("classplayer/v1").records("screen-a");
    REQUIRE(collector->subscribe(records, 5s));

    TestScreen a(broker, "screen-a", dir.path());
    REQUIRE(a.agent->start());
    REQUIRE(eventually([&] { return a.agent->connected(); }, 10s));

    GIVEN("the broker is down") {
        broker.stop();
        REQUIRE(eventually([&] { return !a.agent->connected(); }, 10s));
        WHEN("a class ends and its record is made") {
            REQUIRE(a.agent->send_record({{"playlist", "middle-back"}, {"completed", true}, {"class_s", 391}}));
            THEN("it waits in the outbox, on disk") {
                CHECK(a.agent->records_waiting() == 1);
                const auto dir_listing = fs::directory_iterator(dir.path() / "outbox-screen-a");
                CHECK(std::distance(fs::begin(dir_listing), fs::end(dir_listing)) == 1);
            }
            AND_WHEN("the broker returns") {
                broker.start();
                THEN("the collector gets it, and the file goes after the PUBACK") {
                    const auto message = collector->wait_message(records, 20s);
                    INFO(broker.log());
                    REQUIRE(message);
                    const auto doc = nlohmann::json::parse(message->payload);
                    CHECK(doc["class_s"] == 391);
                    CHECK(doc["screen"] == "screen-a");
                    CHECK(doc["record_id"].is_string());
                    CHECK(eventually([&] { return a.agent->records_waiting() == 0; }, 5s));
                }
            }
        }
    }
}

TEST_CASE("With no broker the agent starts at once and keeps records and shuts down promptly", "[fleet][broker]") {
    TempDir dir;
    Broker broker;  // for its port and certificates; stopped so nothing answers there
    broker.stop();
    TestScreen a(broker, "screen-a", dir.path());
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(a.agent->start());
    a.agent->set_now_playing(playing("Cat-cow", 1));
    REQUIRE(a.agent->send_record({{"playlist", "middle-back"}}));
    CHECK(a.agent->records_waiting() == 1);
    CHECK(std::chrono::steady_clock::now() - started < 500ms);  // the class never waits for the network
    std::this_thread::sleep_for(1500ms);                        // into the reconnect backoff
    const auto stopping = std::chrono::steady_clock::now();
    a.agent->shutdown();
    CHECK(std::chrono::steady_clock::now() - stopping < 1s);  // not asleep in the reconnect backoff
    CHECK_FALSE(a.agent->connected());
}

TEST_CASE("A screen never talks to a broker it cannot verify", "[fleet][broker][tls]") {
    TempDir dir;
    Broker broker;
    auto config = screen_config(broker, "screen-a", dir.path());
    SECTION("a CA that is not the clinic's") {
        // Another CA, as an impostor broker on the screen's network would have.
        std::string output;
        REQUIRE(run({"/bin/bash", CLASSPLAYER_FLEET_PLATFORM "/make-certs.sh", (dir.path() / "other").string(),
                     "--broker-host", "127.0.0.1"},
                    &output) == 0);
        config.ca_file = dir.path() / "other" / "ca.crt";
    }
    SECTION("the right CA but the wrong name (connected by 'localhost', certified for 127.0.0.1)") {
        config.broker_host = "localhost";
    }
    auto agent = ScreenAgent::create(config, {.version = "test", .catalogue = kCatalogue, .wake = {}});
    REQUIRE(agent);
    // Refused at the first handshake (start's error), or at every attempt: never connected.
    if (const auto started = (*agent)->start(); !started) {
        CHECK_THAT(started.error(), Catch::Contains("TLS"));
    } else {
        std::this_thread::sleep_for(2500ms);  // time for two attempts
    }
    CHECK_FALSE((*agent)->connected());
}

TEST_CASE("Screens come back after the broker is killed with SIGKILL and started again", "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    TestScreen a(broker, "screen-a", dir.path());
    a.agent->set_now_playing(playing("Cobra", 3));
    REQUIRE(a.agent->start());
    REQUIRE(eventually([&] { return a.agent->connected(); }, 10s));

    broker.kill_hard();
    REQUIRE(eventually([&] { return !a.agent->connected(); }, 10s));
    // While the broker is away the screen must not burn the board's CPU retrying (libmosquitto
    // 2.0.11 spins on a TLS connection that fails half-made: mqtt_link.cpp's run_network).
    const auto cpu_before = process_cpu();
    std::this_thread::sleep_for(3s);
    CHECK(process_cpu() - cpu_before < 300ms);
    broker.start();
    REQUIRE(eventually([&] { return a.agent->connected(); }, 10s));  // backoff capped at 2 s here
    const auto client = admin(broker);
    nlohmann::json status;
    const bool seen = eventually(
        [&] {
            const auto views = client->screens(300ms);
            const auto* v = find(views, "screen-a");
            if (!v || v->online != true || !v->status.is_object()) return false;
            status = v->status;
            return status.value("/playing/step/title"_json_pointer, std::string()) == "Cobra";
        },
        10s);
    INFO(status.dump());
    CHECK(seen);
}

TEST_CASE("Status changes are coalesced to at most one a second and the last one wins", "[fleet][broker]") {
    TempDir dir;
    Broker broker;
    const auto client = admin(broker);
    const std::string status_topic = Topics("classplayer/v1").status("screen-a");
    REQUIRE(client->subscribe(status_topic, 5s));
    TestScreen a(broker, "screen-a", dir.path());
    REQUIRE(a.agent->start());
    REQUIRE(client->wait_message(status_topic, 10s));  // the one sent at connection
    std::this_thread::sleep_for(1100ms);
    client->take_messages();

    for (int step = 0; step < 20; ++step) {  // a player moving fast: 20 changes in 200 ms
        a.agent->set_now_playing(playing("Step " + std::to_string(step), step));
        std::this_thread::sleep_for(10ms);
    }
    std::this_thread::sleep_for(2500ms);
    std::vector<nlohmann::json> statuses;
    for (const auto& m : client->take_messages())
        if (m.topic == status_topic) statuses.push_back(nlohmann::json::parse(m.payload));
    REQUIRE_FALSE(statuses.empty());
    CHECK(statuses.size() <= 3);  // 200 ms of changes plus the 2.5 s after: at most one a second
    CHECK(statuses.back()["playing"]["step"]["index"] == 19);
}
