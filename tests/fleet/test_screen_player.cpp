// A real screen: `classplayer play --kiosk` (headless, real clock) in the clinic's fleet, with
// the tests' own broker and web server on 127.0.0.1. What the clinic does from its desk: see
// what the screen plays, move it on, look at it, roll out a new release, send it a class, rest
// it and start it again; and what it must never do: cut a class short for a release, or take a
// release whose bytes are wrong.
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>

#include "../content/nginx_server.hpp"
#include "broker_fixture.hpp"
#include "content/publish.hpp"
#include "fleet/fleet_client.hpp"
#include "media/jpeg_image.hpp"
#include "screen_player.hpp"

using namespace classplayer;
using namespace classplayer::fleet;
using namespace fleet_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const fs::path kCorpus = CLASSPLAYER_MEDIA_CORPUS;
}  // namespace

TEST_CASE("A kiosk in the fleet: status, next, a screenshot, a release between classes, play, stop and start",
          "[fleet][broker][screen]") {
    Broker broker;
    TempDir dir;
    const fs::path web = dir.path() / "web";
    fs::create_directories(web);
    content_test::NginxServer server(web);
    auto published = content::make_release(dir.path() / "r1", "r1", web);
    REQUIRE_FALSE(published);  // nothing to publish yet: the folder does not exist
    write_class(dir.path() / "r1", "first-class", "First class", "h264_aac_320x240_30fps.mp4");
    published = content::make_release(dir.path() / "r1", "r1", web);
    REQUIRE(published);

    auto clinic_made = FleetClient::connect(admin_config(broker), 5000ms);
    REQUIRE(clinic_made);
    FleetClient& clinic = **clinic_made;
    REQUIRE(clinic.desire({"screen-a"}, "r1", 5000ms).at(0).kind == Outcome::Kind::ok);

    ScreenPlayer player(broker, dir.path(), {.id = "screen-a",
                                             .playlists = {(kCorpus / "no_audio.mp4").string()},
                                             .content_base_url = server.base_url()});
    const fs::path events = player.events;
    auto see = [&](const char* what, const std::function<bool(const json&)>& seen) {
        fleet_test::see(clinic, player, what, seen);
    };

    SECTION("the clinic sees it come online with release r1, playing its class, and moves it on") {
        see("online with r1, playing first-class",
            [](const json& s) { return release_of(s) == "r1" && playing_class(s) == "first-class"; });
        auto next = clinic.send({"screen-a"}, CommandName::next, json::object(), 5000ms);
        REQUIRE(next.size() == 1);
        CHECK(next[0].kind == Outcome::Kind::ok);

        // What the screen shows, small: a JPEG of 480x270.
        const fs::path shot = dir.path() / "shot.jpg";
        auto taken = clinic.screenshot("screen-a", shot, 10000ms);
        REQUIRE(taken);
        std::ifstream in(shot, std::ios::binary);
        const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), {}};
        auto picture = media::decode_jpeg(bytes);
        REQUIRE(picture);
        CHECK(picture->width == 480);
        CHECK(picture->height == 270);

        // A new release, with a second class: fetched in the background, switched to between
        // classes only (the class ended for it is always on its attract card), then played.
        write_class(dir.path() / "r2", "first-class", "First class", "h264_aac_320x240_30fps.mp4");
        write_class(dir.path() / "r2", "second-class", "Second class", "no_audio.mp4");
        REQUIRE(content::make_release(dir.path() / "r2", "r2", web));
        REQUIRE(clinic.desire({"screen-a"}, "r2", 5000ms).at(0).kind == Outcome::Kind::ok);
        see("on r2, playing second-class",
            [](const json& s) { return release_of(s) == "r2" && playing_class(s) == "second-class"; });
        const auto timeline = read_events(events);
        std::string step_segment;
        for (const auto& e : timeline) {
            if (e["event"] == "step_start") step_segment = e["segment"].get<std::string>();
            if (e["event"] == "request" && e["request"] == "end_class") CHECK(step_segment == "kiosk-attract");
        }

        // A class on demand, then rest and start again.
        auto play = clinic.send({"screen-a"}, CommandName::play, json{{"class", "first-class"}}, 5000ms);
        REQUIRE(play.at(0).kind == Outcome::Kind::ok);
        auto stop = clinic.send({"screen-a"}, CommandName::stop, json::object(), 5000ms);
        REQUIRE(stop.at(0).kind == Outcome::Kind::ok);
        see("resting after stop", [](const json& s) { return playing_class(s).empty(); });
        auto start = clinic.send({"screen-a"}, CommandName::kiosk, json{{"rotation", "start"}}, 5000ms);
        REQUIRE(start.at(0).kind == Outcome::Kind::ok);
        see("playing again after start", [](const json& s) { return !playing_class(s).empty(); });
    }
    SECTION("a release whose bytes are wrong is refused, and the screen stays on the one it has") {
        see("online with r1", [](const json& s) { return release_of(s) == "r1"; });
        write_class(dir.path() / "r3", "first-class", "First class", "no_audio.mp4");
        auto r3 = content::make_release(dir.path() / "r3", "r3", web);
        REQUIRE(r3);
        for (const auto& file : r3->files)  // the clip's object damaged on the server
            if (file.path.ends_with(".mp4")) std::ofstream(web / "objects" / file.sha256, std::ios::app) << "damage";
        REQUIRE(clinic.desire({"screen-a"}, "r3", 5000ms).at(0).kind == Outcome::Kind::ok);
        see("r3 refused in last_error", [](const json& s) {
            return s.contains("last_error") && !s["last_error"].is_null() &&
                   s["last_error"].dump().find("r3") != std::string::npos;
        });
        auto s = status_of(clinic, "screen-a");
        REQUIRE(s);
        CHECK(release_of(*s) == "r1");
        CHECK_FALSE(playing_class(*s).empty());  // and it plays on
    }
}
