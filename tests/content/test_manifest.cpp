// A manifest comes from the clinic's server: whatever it says, a screen writes nothing outside
// its store, and the clinic's admin reads which file and which field was wrong.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "content/manifest.hpp"

using namespace classplayer::content;
using nlohmann::json;

namespace {

const std::string kHash(64, 'a');
const std::string kSource = "http://clinic.example/releases/r1.json";

json good_manifest() {
    return json{{"format", "classplayer-release/1"},
                {"id", "2026-12-06.1"},
                {"created", "2026-12-06T09:00:00Z"},
                {"files", json::array({json{{"path", "playlists/middle-back.json"}, {"size", 1234}, {"sha256", kHash}},
                                       json{{"path", "media/clips/cat-cow.mp4"}, {"size", 5000000000u - 1000000000u},
                                            {"sha256", std::string(64, 'b')}}})}};
}

std::string problems_text(const std::expected<Manifest, classplayer::Problems>& parsed) {
    return parsed ? std::string("(accepted)") : classplayer::to_string(parsed.error());
}

}  // namespace

TEST_CASE("A well-formed manifest is read whole", "[content][manifest]") {
    auto parsed = parse_manifest(good_manifest().dump(), kSource);
    INFO(problems_text(parsed));
    REQUIRE(parsed);
    CHECK(parsed->id == "2026-12-06.1");
    REQUIRE(parsed->files.size() == 2);
    CHECK(parsed->files[1].size == 4000000000u);  // over 2 GiB: sizes are not ints
    CHECK(parsed->total_bytes() == 4000001234u);
    // What the publisher writes reads back the same.
    auto again = parse_manifest(manifest_text(*parsed), kSource);
    REQUIRE(again);
    CHECK(again->files[0].path == parsed->files[0].path);
}

TEST_CASE("A manifest that would reach outside the release is refused at its JSON path",
          "[content][manifest]") {
    using Row = std::tuple<std::string, json, std::string, std::string>;
    auto [what, path_value, json_path, words] = GENERATE(table<std::string, json, std::string, std::string>({
        // leaving the folder
        Row{"parent", "../../etc/cron.d/x", "$.files[1].path", "leaves the release folder"},
        Row{"parent inside", "media/../../x", "$.files[1].path", "leaves the release folder"},
        Row{"absolute", "/etc/passwd", "$.files[1].path", "absolute path"},
        // names that are not plain
        Row{"backslash", "media\\clips\\x.mp4", "$.files[1].path", "backslash"},
        Row{"NUL", std::string("media/x\0.mp4", 11), "$.files[1].path", "control character"},
        Row{"doubled slash", "media//x.mp4", "$.files[1].path", "empty component"},
        Row{"trailing slash", "media/", "$.files[1].path", "empty component"},
        Row{"dot", "./media/x.mp4", "$.files[1].path", "\".\" component"},
        Row{"empty", "", "$.files[1].path", "is empty"},
        Row{"not a string", 7, "$.files[1].path", "must be a string"},
        // the same place twice
        Row{"duplicate", "playlists/middle-back.json", "$.files[1].path", "listed twice"},
        Row{"file is a folder", "playlists/middle-back.json/x", "$.files[1].path", "listed as a file"},
    }));
    json doc = good_manifest();
    doc["files"][1]["path"] = path_value;
    auto parsed = parse_manifest(doc.dump(), kSource);
    INFO(what);
    REQUIRE_FALSE(parsed);
    const std::string text = problems_text(parsed);
    CHECK_THAT(text, Catch::Contains(kSource + ": " + json_path + ": ") && Catch::Contains(words));
}

TEST_CASE("A manifest's sizes, counts, hashes and id are bounded", "[content][manifest]") {
    json doc = good_manifest();
    std::string json_path, words;
    SECTION("a file over 4 GiB") {
        doc["files"][0]["size"] = 5000000000u;
        json_path = "$.files[0].size", words = "at most";
    }
    SECTION("a negative size") {
        doc["files"][0]["size"] = -1;
        json_path = "$.files[0].size", words = "negative";
    }
    SECTION("a size that is not a whole number") {
        doc["files"][0]["size"] = 1.5;
        json_path = "$.files[0].size", words = "whole number";
    }
    SECTION("a hash that is not a SHA-256") {
        doc["files"][0]["sha256"] = std::string(64, 'A');
        json_path = "$.files[0].sha256", words = "64 lowercase hex";
    }
    SECTION("more than 10 000 files") {
        doc["files"] = json::array();
        for (int i = 0; i <= 10'000; ++i)
            doc["files"].push_back(json{{"path", "f" + std::to_string(i)}, {"size", 1}, {"sha256", kHash}});
        json_path = "$.files", words = "at most 10000";
    }
    SECTION("an id that is not a safe folder name") {
        const std::string id = GENERATE(as<std::string>{}, "../x", "a/b", ".hidden", "", "x y", std::string(65, 'x'));
        doc["id"] = id;
        json_path = "$.id", words = id.empty() ? "must not be empty" : "";
    }
    SECTION("another format") {
        doc["format"] = "classplayer-release/2";
        json_path = "$.format", words = "this player reads \"classplayer-release/1\"";
    }
    SECTION("an unknown field") {
        doc["files"][0]["mode"] = "0755";
        json_path = "$.files[0].mode", words = "";
    }
    auto parsed = parse_manifest(doc.dump(), kSource);
    REQUIRE_FALSE(parsed);
    CHECK_THAT(problems_text(parsed), Catch::Contains(kSource + ": " + json_path + ": ") && Catch::Contains(words));
}

TEST_CASE("A manifest larger than 1 MiB or not JSON is refused before it is read", "[content][manifest]") {
    SECTION("too large") {
        const std::string text = "{\"pad\": \"" + std::string(kMostManifestBytes, ' ') + "\"}";
        CHECK_THAT(problems_text(parse_manifest(text, kSource)), Catch::Contains(kSource + ": $: ") &&
                                                                   Catch::Contains("at most 1048576"));
    }
    SECTION("an HTML error page") {
        CHECK_THAT(problems_text(parse_manifest("<html>404</html>", kSource)),
                   Catch::Contains(kSource + ": $: malformed JSON at line 1"));
    }
    SECTION("a key given twice") {
        CHECK_THAT(problems_text(parse_manifest(R"({"id": "a", "id": "b"})", kSource)),
                   Catch::Contains("$.id: is given twice"));
    }
}
