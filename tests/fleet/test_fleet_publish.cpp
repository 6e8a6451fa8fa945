// `classplayer fleet publish`, run as the clinic runs it: a folder holding the shipped class
// (its playlists, with a small stand-in for every clip and cue it names: publishing checks that
// each exists, it does not decode them) becomes a release in a web root, a broken class is
// refused before anything is written, and `--all` sets the release as every screen's desired.
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "broker_fixture.hpp"
#include "class/playlist.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/topics.hpp"

using namespace classplayer::fleet;
using namespace fleet_test;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

void write(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << bytes;
}

// The clinic's folder: playlists/ beside media/, as the shipped class expects
// ("media_root": "../media"). Returns every file's path relative to `dir`.
std::set<std::string> write_classes(const fs::path& dir) {
    std::set<std::string> files;
    for (const char* name : {"middle-back.json", "conditions.json", "motion-rules.json"}) {
        write(dir / "playlists" / name, slurp(fs::path(CLASSPLAYER_PLAYLISTS_DIR) / name));
        files.insert(std::string("playlists/") + name);
    }
    auto shipped = classplayer::load_playlist(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json", {.require_media = false});
    if (!shipped) FAIL(classplayer::to_string(shipped.error()));
    for (const auto& m : shipped->media) {
        const std::string rel = "media/" + m.file.lexically_relative(shipped->media_root).generic_string();
        write(dir / rel, "stand-in for " + rel + "\n");  // each different, so each its own object
        files.insert(rel);
    }
    return files;
}

std::vector<std::string> publish_argv(const fs::path& classes, const std::string& id, std::vector<std::string> more = {}) {
    std::vector<std::string> argv{CLASSPLAYER_BINARY, "fleet", "publish", classes.string(), "--id", id};
    argv.insert(argv.end(), more.begin(), more.end());
    return argv;
}

nlohmann::json edit(const fs::path& file, const std::function<void(nlohmann::json&)>& change) {
    auto doc = nlohmann::json::parse(slurp(file));
    change(doc);
    write(file, doc.dump(2));
    return doc;
}

}  // namespace

TEST_CASE("fleet publish writes a release whose manifest lists every file of the folder", "[fleet][publish]") {
    TempDir dir;
    const auto files = write_classes(dir.path() / "classes");
    std::string output;
    fs::path web;

    SECTION("into the web root given") {
        web = dir.path() / "web";
        REQUIRE(run(publish_argv(dir.path() / "classes", "2026-12-06.1", {"--web-root", web.string()}), &output) == 0);
    }
    SECTION("into the admin config's content.web_root, relative to that file, when none is given") {
        web = dir.path() / "www";
        write(dir.path() / "fleet-admin.json",
              R"({"role": "admin", "screen_id": "fleet.admin", "broker": {"host": "127.0.0.1"},
                  "tls": {"ca_file": "ca.crt", "cert_file": "a.crt", "key_file": "a.key"},
                  "content": {"web_root": "www"}})");
        auto argv = publish_argv(dir.path() / "classes", "2026-12-06.1");
        argv.insert(argv.begin() + 2, {"--fleet", (dir.path() / "fleet-admin.json").string()});
        REQUIRE(run(argv, &output) == 0);
    }
    INFO(output);
    CHECK_THAT(output, Catch::Contains("release 2026-12-06.1: " + std::to_string(files.size()) + " files"));
    CHECK_THAT(output, Catch::Contains("classes: middle-back"));
    CHECK_THAT(output, Catch::Contains("not rolled out"));

    const auto manifest = nlohmann::json::parse(slurp(web / "releases/2026-12-06.1.json"));
    CHECK(manifest["id"] == "2026-12-06.1");
    std::set<std::string> listed;
    for (const auto& f : manifest["files"]) {
        listed.insert(f["path"].get<std::string>());
        CHECK(fs::exists(web / "objects" / f["sha256"].get<std::string>()));
    }
    CHECK(listed == files);
}

TEST_CASE("A class that would not load is refused naming the file and the JSON path, and nothing is published",
          "[fleet][publish]") {
    TempDir dir;
    const fs::path classes = dir.path() / "classes", web = dir.path() / "web";
    write_classes(classes);
    const fs::path playlist = classes / "playlists/middle-back.json";
    std::string where;  // the JSON path the refusal must name
    fs::path named = playlist;

    SECTION("a field of the wrong type") {
        edit(playlist, [](nlohmann::json& doc) { doc["segments"][2]["title"] = 42; });
        where = "$.segments[2].title";
    }
    SECTION("a clip missing from the folder") {
        const auto doc = edit(playlist, [](nlohmann::json&) {});
        fs::remove(classes / "media" / doc["segments"][1]["media"]["clip"].get<std::string>());
        where = "$.segments[1].media.clip";
    }
    SECTION("a second playlist beside the good one, unparsable") {
        named = classes / "playlists/evening.json";
        write(named, "{\"segments\": [");
        where = "$";
    }
    std::string output;
    CHECK(run(publish_argv(classes, "2026-12-06.2", {"--web-root", web.string()}), &output) == 1);
    INFO(output);
    CHECK_THAT(output, Catch::Contains("refused, nothing published"));
    CHECK_THAT(output, Catch::Contains(named.string() + ": " + where));
    CHECK_FALSE(fs::exists(web));
}

SCENARIO("A release published with --all becomes every screen's desired release", "[fleet][publish][broker]") {
    TempDir dir;
    Broker broker;
    write_classes(dir.path() / "classes");
    // Two screens in one process, each with its own certificate (pub-001, pub-002).
    const auto screen = write_config(screen_config(broker, "pub-001", dir.path()), dir.path() / "screen.json");
    Process screens({CLASSPLAYER_BINARY, "fleet", "--fleet", screen.string(), "simulate", "--count", "2", "--id-prefix",
                     "pub", "--certs", certs_dir().string(), "--outbox", (dir.path() / "outboxes").string()},
                    dir.path() / "simulate.log");
    auto client = FleetClient::connect(admin_config(broker), 5000ms);
    REQUIRE(client);
    const bool online = eventually(
        [&] {
            int seen = 0;
            for (const auto& v : (*client)->screens(200ms)) seen += (v.id == "pub-001" || v.id == "pub-002") && v.online == true;
            return seen == 2;
        },
        10s);
    INFO(broker.log() << slurp(dir.path() / "simulate.log"));
    REQUIRE(online);

    const auto admin = write_config(admin_config(broker), dir.path() / "admin.json");
    std::string output;
    const int rc = run({CLASSPLAYER_BINARY, "fleet", "--fleet", admin.string(), "publish", (dir.path() / "classes").string(),
                        "--id", "2026-12-06.3", "--web-root", (dir.path() / "web").string(), "--all"},
                       &output);
    INFO(output);
    REQUIRE(rc == 0);
    CHECK_THAT(output, Catch::Contains("pub-001: ok"));
    CHECK_THAT(output, Catch::Contains("pub-002: ok"));

    THEN("the broker holds each screen's desired release, retained for a screen that connects later") {
        const Topics topics("classplayer/v1");
        REQUIRE((*client)->subscribe("classplayer/v1/screens/+/desired", 5s));
        for (const std::string id : {"pub-001", "pub-002"}) {
            const auto message = (*client)->wait_message(topics.desired(id), 5s);
            REQUIRE(message);
            CHECK(message->retained);
            CHECK(nlohmann::json::parse(message->payload)["release"] == "2026-12-06.3");
        }
    }
    THEN("each screen has it: asked to sync, it answers with the release") {
        const auto outcomes = (*client)->send({"pub-001", "pub-002"}, CommandName::sync, nlohmann::json::object(), 5s);
        REQUIRE(outcomes.size() == 2);
        for (const auto& o : outcomes) {
            INFO(o.screen << ": " << o.error);
            CHECK(o.kind == Outcome::Kind::ok);
            CHECK(o.result["release"] == "2026-12-06.3");
        }
    }
}
