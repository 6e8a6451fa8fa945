// The fleet's pure parts, without a broker: the config loader, command validation, topics,
// base64 and the outbox.
#include <fstream>

#include <catch2/catch.hpp>

#include "broker_fixture.hpp"
#include "fleet/commands.hpp"
#include "fleet/config.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/outbox.hpp"
#include "fleet/topics.hpp"

using namespace classplayer::fleet;
namespace fs = std::filesystem;

namespace {
std::expected<FleetConfig, std::string> load_text(const fleet_test::TempDir& dir, const std::string& text) {
    const auto file = dir.path() / "fleet.json";
    std::ofstream(file) << text;
    return load_fleet_config(file);
}
const std::string kGood = R"({"screen_id": "waiting-room-2", "broker": {"host": "broker.clinic", "port": 8883},
  "tls": {"ca_file": "ca.crt", "cert_file": "s.crt", "key_file": "s.key"}})";
}  // namespace

TEST_CASE("A fleet config is read with its defaults and paths relative to the file", "[fleet][config]") {
    fleet_test::TempDir dir;
    const auto config = load_text(dir, kGood);
    REQUIRE(config);
    CHECK(config->screen_id == "waiting-room-2");
    CHECK(config->role == Role::screen);
    CHECK(config->topic_prefix == "classplayer/v1");
    CHECK(config->keepalive_s == 30);
    CHECK(config->ca_file == dir.path() / "ca.crt");
}

TEST_CASE("An admin config names the web root fleet publish writes, relative to the file", "[fleet][config]") {
    fleet_test::TempDir dir;
    const auto config = load_text(dir, R"({"role": "admin", "screen_id": "fleet.admin", "broker": {"host": "h"},
      "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}, "content": {"web_root": "www"}})");
    REQUIRE(config);
    CHECK(config->content_web_root == dir.path() / "www");
    CHECK(load_text(dir, kGood)->content_web_root.empty());  // none unless given
}

TEST_CASE("A bad fleet config names the file and the JSON path", "[fleet][config]") {
    fleet_test::TempDir dir;
    using Row = std::tuple<std::string, std::string>;
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        // a screen id is a topic level and a certificate CN
        Row{R"({"screen_id": "a/b", "broker": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.screen_id: must be 1-64"},
        Row{R"({"screen_id": "a+", "broker": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.screen_id: must be 1-64"},
        // TLS is required
        Row{R"({"screen_id": "a", "broker": {"host": "h"}})", "$.tls: "},
        Row{R"({"screen_id": "a", "broker": {"host": "h", "port": 70000}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.broker.port: must be 1-65535"},
        Row{R"({"screen_id": "a", "broker": {"host": "h"}, "keepalive_s": 2, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.keepalive_s: must be 5-3600"},
        Row{R"({"screen_id": "a", "broker": {"host": "h"}, "topic_prefix": "x/#", "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.topic_prefix: "},
        Row{R"({"screen_id": "a", "brokr": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}})",
            "$.brokr: "},
        Row{R"({"screen_id": "a", "broker": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}, "role": "boss"})",
            "$.role: must be"},
        Row{R"({"screen_id": "a", "broker": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}, "content": {"web_root": ""}})",
            "$.content.web_root: must not be empty"},
        Row{R"({"screen_id": "a", "broker": {"host": "h"}, "tls": {"ca_file": "c", "cert_file": "c", "key_file": "k"}, "content": {"web_root": 3}})",
            "$.content.web_root: "},
        Row{"{not json", "fleet.json: $"},
    }));
    const auto config = load_text(dir, text);
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error(), Catch::Contains((dir.path() / "fleet.json").string()));
    CHECK_THAT(config.error(), Catch::Contains(expected));
}

TEST_CASE("Commands are validated before they are queued", "[fleet][commands]") {
    const Catalogue catalogue{{"middle-back"}, {"no-floor", "balance"}};
    SECTION("a good play") {
        const auto c = parse_command("play", R"({"request_id": "r1", "class": "middle-back", "conditions": ["no-floor"]})", catalogue);
        REQUIRE(c);
        CHECK(c->name == CommandName::play);
        CHECK(c->class_id == "middle-back");
        CHECK(c->conditions == std::vector<std::string>{"no-floor"});
    }
    SECTION("kiosk start") {
        const auto c = parse_command("kiosk", R"({"request_id": "r2", "rotation": "start"})", catalogue);
        REQUIRE(c);
        CHECK(c->rotation_start);
    }
    using Row = std::tuple<std::string, std::string, std::string>;
    auto [name, payload, expected] = GENERATE(table<std::string, std::string, std::string>({
        Row{"play", "{not json", "not valid JSON"},
        Row{"play", R"(["r"])", "must be a JSON object"},
        Row{"play", R"({"class": "middle-back"})", "$.request_id"},
        Row{"play", R"({"request_id": "a/b", "class": "middle-back"})", "$.request_id"},
        Row{"reboot", R"({"request_id": "r"})", "unknown command \"reboot\""},
        Row{"play", R"({"request_id": "r", "class": "/etc/passwd"})", "is not a class on this screen"},
        Row{"play", R"({"request_id": "r", "class": "middle-back", "conditions": ["pregnant"]})", "unknown condition"},
        Row{"play", R"({"request_id": "r", "class": "middle-back", "shell": "rm -rf /"})", "$.shell: not an argument of play"},
        Row{"kiosk", R"({"request_id": "r", "rotation": "sideways"})", "$.rotation"},
    }));
    const auto c = parse_command(name, payload, catalogue);
    REQUIRE_FALSE(c);
    CHECK_THAT(c.error().message, Catch::Contains(expected));
}

TEST_CASE("Command words from the command line become a payload", "[fleet][commands]") {
    const auto args = command_args(CommandName::play, {"class=middle-back", "conditions=no-floor,balance"});
    REQUIRE(args);
    CHECK((*args)["conditions"] == nlohmann::json::array({"no-floor", "balance"}));
    CHECK_FALSE(command_args(CommandName::play, {"conditions=no-floor"}));
    CHECK_FALSE(command_args(CommandName::kiosk, {}));
    CHECK_FALSE(command_args(CommandName::stop, {"oops"}));
}

TEST_CASE("Topics are under the prefix and split back", "[fleet][topics]") {
    const Topics topics("classplayer/v1");
    CHECK(topics.cmd("s1", "play") == "classplayer/v1/screens/s1/cmd/play");
    CHECK(topics.every("state") == "classplayer/v1/screens/+/state");
    const auto split = topics.split("classplayer/v1/screens/s1/cmd/play");
    REQUIRE(split);
    CHECK(split->screen_id == "s1");
    CHECK(split->rest == "cmd/play");
    CHECK_FALSE(topics.split("other/v1/screens/s1/state"));
}

TEST_CASE("Base64 round trip", "[fleet]") {
    for (const std::string& bytes : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
                                    std::string("\xff\xd8\x00\x01", 4)}) {
        const auto back = base64_decode(base64_encode(bytes));
        REQUIRE(back);
        CHECK(*back == bytes);
    }
    CHECK(base64_encode("foob") == "Zm9vYg==");
    CHECK_FALSE(base64_decode("Zm9v!g=="));
}

TEST_CASE("The outbox keeps records in order until removed", "[fleet][outbox]") {
    fleet_test::TempDir dir;
    Outbox outbox(dir.path() / "outbox");
    REQUIRE(outbox.put("0002-b", "{\"n\":2}"));
    REQUIRE(outbox.put("0001-a", "{\"n\":1}"));
    CHECK(outbox.waiting() == std::vector<std::string>{"0001-a.json", "0002-b.json"});
    CHECK(*outbox.read("0001-a.json") == "{\"n\":1}");
    outbox.remove("0001-a.json");
    outbox.remove("0001-a.json");  // twice: a record acknowledged twice
    CHECK(outbox.waiting() == std::vector<std::string>{"0002-b.json"});
}
