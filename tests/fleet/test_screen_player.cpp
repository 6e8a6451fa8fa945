// A real screen: `classplayer play --kiosk` (headless, real clock) in the clinic's fleet, with
// the tests' own broker and web server on 127.0.0.1. What the clinic does from its desk: see
// what the screen plays, move it on, look at it, roll out a new release, send it a class, rest
// it and start it again; and what it must never do: cut a class short for a release, or take a
// release whose bytes are wrong.
#include <fstream>

#include <catch2/catch.hpp>

#include "../content/nginx_server.hpp"
#include "broker_fixture.hpp"
#include "content/publish.hpp"
#include "fleet/fleet_client.hpp"
#include "media/jpeg_image.hpp"

using namespace classplayer;
using namespace classplayer::fleet;
using namespace fleet_test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = CLASSPLAYER_MEDIA_CORPUS;

// A short class of one clip from the media corpus, as a clinic would publish it.
void write_class(const fs::path& release, const std::string& id, const std::string& title, const std::string& clip) {
    fs::create_directories(release / "playlists");
    fs::create_directories(release / "media/clips");
    fs::copy_file(fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json", release / "playlists/conditions.json",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(kCorpus / clip, release / "media/clips" / clip, fs::copy_options::overwrite_existing);
    const json playlist{
        {"format", 1},
        {"id", id},
        {"title", title},
        {"media_root", "../media"},
        {"conditions", "conditions.json"},
        {"safety_card", {{"title", title}, {"lines", {"A short class for the waiting room."}}, {"duration_s", 5}}},
        {"breathing", {{"in_s", 1}, {"out_s", 1}, {"between_cycles", 0}, {"replacement_cycles", 1}}},
        {"segments",
         {{{"id", "clip"},
           {"title", title + " clip"},
           {"kind", "clip"},
           {"tags", json::array()},
           {"media", {{"clip", "clips/" + clip}, {"loop", "hold"}}},
           {"dose", {{"hold_s", {{"range", {1, 10}}, {"use", 3}}}}}}}}};
    std::ofstream(release / "playlists" / (id + ".json")) << playlist.dump(2);
}

// The player's events log as it stands (a last line still being written is left out).
std::vector<json> read_events(const fs::path& file) {
    std::vector<json> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto event = json::parse(line, nullptr, false);
        if (!event.is_discarded()) out.push_back(std::move(event));
    }
    return out;
}

std::optional<json> status_of(FleetClient& clinic, const std::string& screen) {
    for (const auto& view : clinic.screens(std::chrono::milliseconds(300)))
        if (view.id == screen && view.online.value_or(false)) return view.status;
    return std::nullopt;
}

std::string release_of(const json& status) {
    return status.contains("release") && status["release"].is_string() ? status["release"].get<std::string>() : "";
}

std::string playing_class(const json& status) {
    if (!status.contains("playing") || status["playing"].is_null()) return "";
    return status["playing"]["class"]["id"].get<std::string>();
}

}  // namespace

TEST_CASE("A kiosk in the fleet: status, next, a screenshot, a release between classes, play, stop and start",
          "[fleet][broker][screen]") {
    Broker broker;
    TempDir dir;
    const fs::path web = dir.path() / "web", content = dir.path() / "content", state = dir.path() / "state";
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

    auto screen = screen_config(broker, "screen-a", dir.path());
    const fs::path screen_file = dir.path() / "screen-a.json";
    json screen_json = json::parse(std::ifstream(write_config(screen, screen_file)));
    screen_json["content"] = {{"base_url", server.base_url()}, {"dir", content.string()}};
    std::ofstream(screen_file) << screen_json.dump(2);
    // Until its first release is here, the screen plays what its own config names.
    const fs::path kiosk = dir.path() / "kiosk.json";
    std::ofstream(kiosk) << json{{"playlists", {(kCorpus / "no_audio.mp4").string()}},
                                 {"attract", {{"title", "Join in"}, {"seconds", 2}}},
                                 {"resume", false}}
                                .dump();
    const fs::path events = dir.path() / "events.jsonl";
    Process player({CLASSPLAYER_BINARY, "play", "--kiosk", "--config", kiosk.string(), "--fleet", screen_file.string(),
                    "--headless", "--events", events.string(), "--state-dir", state.string()},
                   dir.path() / "player.log");
    auto log = [&] {
        std::ifstream in(dir.path() / "player.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    // Waits for what the clinic should see in the screen's status. The limits are generous
    // (a class here lasts about 10 s, and the suite runs beside heavy tests on 2 cores) and
    // cost nothing when the screen is on time; a timeout says the last status seen and what
    // the player printed.
    json last_status;
    auto see = [&](const char* what, const std::function<bool(const json&)>& seen,
                   std::chrono::milliseconds within = 90s) {
        const bool ok = eventually([&] {
            auto s = status_of(clinic, "screen-a");
            if (!s) return false;
            last_status = *s;
            return seen(*s);
        }, within);
        if (!ok)
            FAIL(what << ": not seen within " << within.count() << " ms; last status: " << last_status.dump()
                      << "\nthe player said:\n" << log());
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
