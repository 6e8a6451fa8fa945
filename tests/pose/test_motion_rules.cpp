// What a segment's tags promise of its demonstration's motion, checked at every frame: the
// shipped class passes for every segment and variant, and each rule refuses its mutant, naming
// the demonstration file, the keyframe and the joint.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "class/playlist.hpp"
#include "pose/class_demonstrations.hpp"
#include "pose/motion_rules.hpp"

using namespace classplayer;
using namespace classplayer::pose;
namespace fs = std::filesystem;

namespace {

const fs::path kPlaylists = CLASSPLAYER_PLAYLISTS_DIR;
const fs::path kDemos = fs::path(CLASSPLAYER_MEDIA_DIR) / "demonstrations";

MotionRules shipped_rules() {
    auto rules = load_motion_rules(kPlaylists / "motion-rules.json");
    REQUIRE(rules);
    return *rules;
}

Demonstration shipped(const std::string& name) {
    auto demo = load_demonstration(kDemos / (name + ".json"));
    if (!demo) FAIL(to_string(demo.error()));
    return *demo;
}

std::string messages(const Problems& problems) { return to_string(problems); }

}  // namespace

TEST_CASE("The shipped class's demonstrations show nothing their tags rule out, for every segment and variant", "[pose][rules]") {
    auto playlist = load_playlist(kPlaylists / "middle-back.json", {.require_media = false});
    REQUIRE(playlist);
    int clips = 0;
    for (const auto& s : playlist->segments) clips += (s.media ? 1 : 0) + static_cast<int>(s.variants.size());
    const auto checked = check_class_demonstrations(*playlist);
    INFO(messages(checked.problems));
    CHECK(checked.problems.empty());
    // Every clip the class plays is drawn from a demonstration (none is left to film).
    CHECK(checked.checked == clips);
    CHECK(checked.filmed == 0);
}

TEST_CASE("Each motion rule refuses the demonstration that breaks it, naming file, keyframe and joint", "[pose][rules]") {
    const MotionRules rules = shipped_rules();
    using Row = std::tuple<std::string, std::vector<std::string>, std::string, std::string>;
    // demonstration, the tags it is (wrongly) given, the rule, words that name the joint or part
    auto [demo_name, tags, rule, words] = GENERATE(table<std::string, std::vector<std::string>, std::string, std::string>({
        // a no-flexion variant that rounds the spine: cat-cow drawn for neutral-to-cow's tags
        Row{"cat-cow-round", {"floor", "kneeling", "spinal-extension"}, "spine-never-rounds", "spine segment"},
        // a no-extension one that arches
        Row{"cat-cow-round", {"floor", "kneeling", "spinal-flexion"}, "spine-never-arches", "extended"},
        // a no-floor variant that kneels: cat-cow given a seated variant's tags
        Row{"cat-cow-round", {"seated", "chair-supported", "spinal-flexion", "spinal-extension"}, "only-feet-touch-floor", "floor"},
        Row{"cat-cow-round", {"floor", "spinal-flexion", "spinal-extension"}, "never-kneels", "knee rests on the floor"},
        // a standing figure with nothing to hold, given a supported variant's tags
        Row{"closing-hold", {"standing", "chair-supported"}, "standing-holds-on", "neither hand"},
        // lying face down without the prone tag
        Row{"cobra-rep", {"floor", "spinal-extension", "prone-press-up"}, "never-lies-face-down", "down on the floor"},
    }));
    CAPTURE(demo_name, rule);
    const Demonstration demo = shipped(demo_name);
    const auto problems = check_motion(demo, tags, rules, "a variant");
    const std::string said = messages(problems);
    INFO(said);
    REQUIRE_FALSE(problems.empty());
    CHECK(said.find((kDemos / (demo_name + ".json")).string() + ": $.keyframes[") != std::string::npos);
    CHECK(said.find(rule) != std::string::npos);
    CHECK(said.find(words) != std::string::npos);
    CHECK(said.find("keyframe") != std::string::npos);
}

TEST_CASE("The motion rules file's own mistakes are named", "[pose][rules]") {
    const fs::path file = fs::temp_directory_path() / "classplayer-motion-rules-test.json";
    {
        std::ofstream out(file);
        out << R"({"format": 1, "rules": [{"rule": "never-jumps", "unless_tagged": ["jumping"], "clearance_m": 0.1}]})";
    }
    auto rules = load_motion_rules(file, {"floor", "prone"});
    fs::remove(file);
    REQUIRE_FALSE(rules);
    const std::string said = messages(rules.error());
    CHECK(said.find("$.rules[0].rule: \"never-jumps\" is not a rule") != std::string::npos);
    CHECK(said.find("$.rules[0].unless_tagged[0]: unknown tag \"jumping\"") != std::string::npos);
}
