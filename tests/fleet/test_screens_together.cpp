// Several real screens (`classplayer play --kiosk --headless --fleet`, separate processes, each
// its own identity, state and events log) against one broker of the test's own: what the
// clinic watching them notices. All come online saying what they play; one that dies shows
// offline while the others stay; the broker going away never stops a class, and the screens
// come back by themselves when it returns; a command moves one screen only. And a release
// rolled out mid-class: the class on screen plays to its end, the new release from the next.
//
// The three screens run on the virtual clock (class time as fast as decoding allows), as the
// issue asks: measured on the 2-core machine (2026-12-06), the whole test took 13 s and 3.7 CPU
// s with them (a first version on the real clock: 19 s, 0.8 CPU s), and a class that waited on
// the network would stop their logs just the same. The release test runs on the real clock:
// "mid-class" must be a moment the test can pick, and a virtual-clock class is over in a fifth
// of a second.
#include <map>
#include <thread>

#include <catch2/catch.hpp>

#include "../content/nginx_server.hpp"
#include "broker_fixture.hpp"
#include "content/publish.hpp"
#include "fleet/fleet_client.hpp"
#include "screen_player.hpp"

using namespace classplayer;
using namespace classplayer::fleet;
using namespace fleet_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = CLASSPLAYER_MEDIA_CORPUS;

std::unique_ptr<FleetClient> clinic_for(const Broker& broker) {
    auto made = FleetClient::connect(admin_config(broker), 5000ms);
    INFO((made ? "" : made.error()) << "\n" << broker.log());
    REQUIRE(made);
    return std::move(*made);
}

// The clinic's requests the screen took ("next", "end_class", ...), in order.
std::vector<std::string> requests_in(const std::vector<json>& events) {
    std::vector<std::string> out;
    for (const auto& e : events)
        if (e.value("event", "") == "request") out.push_back(e.value("request", "") + "/" + e.value("source", ""));
    return out;
}

}  // namespace

TEST_CASE("Three real screens: each online with its class, one killed, the broker gone mid-class, a command to one",
          "[fleet][broker][screen]") {
    Broker broker;
    TempDir dir;
    auto clinic = clinic_for(broker);
    std::vector<std::unique_ptr<ScreenPlayer>> screens;
    for (const std::string x : {"a", "b", "c"}) {
        const fs::path folder = dir.path() / ("class-" + x);
        write_class(folder, "class-" + x, "Class " + x, "no_audio.mp4");
        screens.push_back(std::make_unique<ScreenPlayer>(
            broker, dir.path(),
            ScreenPlayer::Setup{.id = "screen-" + x,
                                .playlists = {(folder / "playlists" / ("class-" + x + ".json")).string()},
                                .clock = "virtual"}));
    }
    ScreenPlayer &a = *screens[0], &b = *screens[1], &c = *screens[2];

    // What each plays, by name, from each screen's own status.
    std::map<std::string, std::string> connected_at;
    for (const auto& screen : screens) {
        const std::string wanted = "class-" + screen->id.substr(std::string("screen-").size());
        const auto status = see(*clinic, *screen, "online, playing " + wanted,
                                [&](const json& s) { return playing_class(s) == wanted; });
        connected_at[screen->id] = status.value("connected_at", "");
    }

    // A command goes to one screen, is answered by it, and the others never hear it.
    const auto next = clinic->send({"screen-b"}, CommandName::next, json::object(), 10s);
    REQUIRE(next.size() == 1);
    CHECK(next[0].screen == "screen-b");
    INFO(next[0].error);
    REQUIRE(next[0].kind == Outcome::Kind::ok);
    const bool b_moved = eventually([&] { return requests_in(b.timeline()) == std::vector<std::string>{"next/fleet"}; }, 10s);
    INFO("screen-b's log:\n" << b.log());
    CHECK(b_moved);

    // A screen whose process dies (a crash, a SIGKILL) shows offline by its last will; the
    // others stay online.
    c.process->kill_hard();
    const bool c_offline = eventually([&] {
        for (const auto& view : clinic->screens(300ms))
            if (view.id == "screen-c") return view.online == false;
        return false;
    }, 20s);
    CHECK(c_offline);
    for (auto* screen : {&a, &b}) see(*clinic, *screen, "still online after screen-c died", [](const json&) { return true; }, 10s);

    // The broker crashes mid-class (SIGKILL: nothing saved, so what the clinic sees afterwards
    // is only what the screens publish again). The classes play on: each screen's events log
    // keeps moving through its steps while there is no broker at all. Counted from 2 s after
    // the crash, when each screen has lost its connection (the socket closes with the broker)
    // and has had a reconnect attempt refused.
    clinic.reset();
    broker.kill_hard();
    std::this_thread::sleep_for(2s);
    const int a_before = count_events(a.timeline(), "step_end"), b_before = count_events(b.timeline(), "step_end");
    int a_now = a_before, b_now = b_before;
    const bool played_on = eventually([&] {
        a_now = count_events(a.timeline(), "step_end");
        b_now = count_events(b.timeline(), "step_end");
        return a_now >= a_before + 6 && b_now >= b_before + 6;  // two whole classes each
    }, 60s);
    if (!played_on)
        FAIL("with the broker gone the classes stopped: step_end events went " << a_before << " -> " << a_now
             << " (screen-a) and " << b_before << " -> " << b_now << " (screen-b)\nscreen-a said:\n" << a.log()
             << "\nscreen-b said:\n" << b.log());

    // The broker back on the same port: each screen reconnects by itself and says again that
    // it is online and what it plays (a new connected_at shows the status is fresh).
    const auto restarted = std::chrono::steady_clock::now();
    broker.start();
    clinic = clinic_for(broker);
    for (auto* screen : {&a, &b}) {
        const std::string wanted = "class-" + screen->id.substr(std::string("screen-").size());
        see(*clinic, *screen, "online again, playing " + wanted + ", status republished", [&](const json& s) {
            return s.value("connected_at", "") != connected_at[screen->id] && playing_class(s) == wanted;
        }, 60s);
    }
    WARN("both screens back " << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restarted).count()
                              << " ms after the broker restarted (backoff capped at 2 s here)");

    // Only screen-b was asked for anything, ever.
    CHECK(requests_in(a.timeline()).empty());
    CHECK(requests_in(c.timeline()).empty());
    CHECK(requests_in(b.timeline()) == std::vector<std::string>{"next/fleet"});
}

TEST_CASE("A release rolled out mid-class: the class on screen plays to its end, the new release from the next class",
          "[fleet][broker][screen]") {
    Broker broker;
    TempDir dir;
    const fs::path web = dir.path() / "web";
    fs::create_directories(web);
    // Throttled, so the download visibly spans the class (about 5 s for the new clip).
    content_test::NginxServer server(web, "    limit_rate 64k;\n");
    write_class(dir.path() / "r1", "first-class", "First class", "h264_aac_320x240_30fps.mp4", 8);
    REQUIRE(content::make_release(dir.path() / "r1", "r1", web));
    auto clinic = clinic_for(broker);
    REQUIRE(clinic->desire({"screen-a"}, "r1", 5000ms).at(0).kind == Outcome::Kind::ok);
    ScreenPlayer player(broker, dir.path(), {.id = "screen-a",
                                             .playlists = {(kCorpus / "no_audio.mp4").string()},
                                             .content_base_url = server.base_url()});
    see(*clinic, player, "online with r1", [](const json& s) { return release_of(s) == "r1"; });

    // Mid-class: the log's last step is one of the class's own (past the attract card).
    std::size_t at_rollout = 0;
    const bool mid_class = eventually([&] {
        const auto events = player.timeline();
        for (auto e = events.rbegin(); e != events.rend(); ++e) {
            if ((*e)["event"] == "class_end") return false;
            if ((*e)["event"] != "step_start") continue;
            if ((*e)["segment"] == "kiosk-attract" || !(*e)["title"].get<std::string>().starts_with("First class")) return false;
            at_rollout = events.size();
            return true;
        }
        return false;
    }, 90s);
    INFO(player.log());
    REQUIRE(mid_class);
    // The new release: a class that sorts first, so the next class shows it was taken.
    write_class(dir.path() / "r2", "first-class", "First class", "h264_aac_320x240_30fps.mp4", 8);
    write_class(dir.path() / "r2", "added-class", "Added class", "no_audio.mp4");
    REQUIRE(content::make_release(dir.path() / "r2", "r2", web));
    REQUIRE(clinic->desire({"screen-a"}, "r2", 5000ms).at(0).kind == Outcome::Kind::ok);
    see(*clinic, player, "on r2, playing added-class",
        [](const json& s) { return release_of(s) == "r2" && playing_class(s) == "added-class"; });

    // (The status names a class from its attract card on: its own steps follow in the log.)
    std::vector<json> events;
    const bool added_in_log = eventually([&] {
        events = player.timeline();
        for (const auto& e : events)
            if (e["event"] == "step_start" && e["title"].get<std::string>().starts_with("Added class")) return true;
        return false;
    }, 30s);
    INFO(player.log());
    REQUIRE(added_in_log);
    REQUIRE(events.size() > at_rollout);
    // The class on screen at the roll-out: from its class_start (the round's) to its class_end.
    std::size_t begin = at_rollout, end = at_rollout;
    while (begin > 0 && events[begin - 1]["event"] != "class_start") --begin;
    while (end < events.size() && events[end]["event"] != "class_end") ++end;
    REQUIRE(end < events.size());
    INFO("the round on screen at the roll-out:\n" << [&] {
        std::string text;
        for (std::size_t i = begin > 0 ? begin - 1 : 0; i <= end; ++i) text += events[i].dump() + "\n";
        return text;
    }());
    // It played to its end: every step it started ended, and nothing ended it early.
    CHECK(events[end]["completed"] == true);
    std::vector<int> started, ended;
    for (std::size_t i = begin; i < end; ++i) {
        if (events[i]["event"] == "step_start") started.push_back(events[i]["index"].get<int>());
        if (events[i]["event"] == "step_end") ended.push_back(events[i]["index"].get<int>());
        CHECK(events[i]["event"] != "request");
    }
    CHECK(started == ended);
    // The new release from the next class on, entered by its attract card: the step before
    // the first of the added class is the attract card, and it comes after that class_end.
    std::string before;
    bool seen_added = false;
    for (std::size_t i = 0; i < events.size() && !seen_added; ++i) {
        if (events[i]["event"] != "step_start") continue;
        const std::string title = events[i]["title"].get<std::string>();
        if (title.starts_with("Added class")) {
            seen_added = true;
            CHECK(i > end);
            CHECK(before == "kiosk-attract");
        }
        before = events[i]["segment"].get<std::string>();
    }
    CHECK(seen_added);
    // Any class the clinic's release ended, it ended on its attract card (between classes).
    std::string segment;
    for (const auto& e : events) {
        if (e["event"] == "step_start") segment = e["segment"].get<std::string>();
        if (e["event"] == "request" && e["request"] == "end_class") CHECK(segment == "kiosk-attract");
    }
}
