// A demonstration file: loaded with every mistake named by file, JSON path and joint; its loop
// seamless; what rests on the mat stays put.
#include <cmath>
#include <filesystem>

#include <catch2/catch.hpp>

#include "pose/demonstration.hpp"

using namespace classplayer;
using namespace classplayer::pose;
namespace fs = std::filesystem;

namespace {

const fs::path kDemos = fs::path(CLASSPLAYER_MEDIA_DIR) / "demonstrations";

// A small, valid kneeling demonstration to break one field at a time.
std::string kneeling(const std::string& contacts = R"("knees:mat", "hands:mat", "feet:mat")",
                     const std::string& props = R"([{"type": "mat", "x": [-0.9, 1.0]}])",
                     const std::string& second_t = "2") {
    return R"({"format": 1, "title": "Test", "view": "side", "loop": "rep", "length_s": 4,
      "props": )" + props + R"(, "anchor": {"part": "knees", "x": 0},
      "keyframes": [
        {"name": "flat", "t_s": 0, "pose": {"pelvis": 74, "spine": [0,0,0,0,0,0], "arms": {"shoulder": 74, "elbow": 0, "wrist": 90},
                                         "legs": {"hip": 74, "knee": 90, "ankle": 90}}, "contacts": [)" + contacts + R"(]},
        {"name": "round", "t_s": )" + second_t + R"(, "pose": {"pelvis": 54, "spine": [6,8,9,9,8,6], "legs": {"hip": 54}},
         "contacts": [)" + contacts + R"(]}
      ]})";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
    return text;
}

std::string messages(const Problems& problems) {
    std::string out;
    for (const auto& p : problems) out += p.to_string() + "\n";
    return out;
}

}  // namespace

TEST_CASE("A valid demonstration loads", "[pose][demonstration]") {
    auto demo = load_demonstration_text(kneeling(), "test.json");
    INFO((demo ? std::string() : messages(demo.error())));
    REQUIRE(demo);
    CHECK(demo->keyframes.size() == 2);
    CHECK(demo->start_pose == "flat");
    CHECK(demo->surface("mat"));
}

TEST_CASE("A demonstration's mistakes are named by file, JSON path and joint", "[pose][demonstration]") {
    using Row = std::tuple<std::string, std::string, std::string>;  // text, path, words
    auto [text, path, words] = GENERATE(table<std::string, std::string, std::string>({
        // a contact that is not true of the pose names the part and how far off it is
        Row{replaced(kneeling(R"("knees:mat", "hands:mat", "feet:mat")",
                              R"([{"type": "mat", "x": [-0.9, 1.0]}, {"type": "table", "x": [2.0, 3.0]}])"),
                     "\"hands:mat\"", "\"hands:table\""),
            "$.keyframes[0].contacts[1]", "hand is not over the table"},
        Row{kneeling(R"("knees:mat", "hands:mat", "feet:mat", "seat:mat")"), "$.keyframes[0].contacts[3]", "seat is"},
        // on hands and knees no part of the trunk is down on the mat
        Row{kneeling(R"("knees:mat", "hands:mat", "feet:mat", "trunk:mat")"), "$.keyframes[0].contacts[3]", "above the mat"},
        // names, props and times
        Row{kneeling(R"("knees:mat", "paws:mat")"), "$.keyframes[0].contacts[1]", "not a body group"},
        Row{kneeling(R"("knees:sofa")"), "$.keyframes[0].contacts[0]", "not a surface"},
        Row{kneeling(R"("knees:mat")", R"([{"type": "trampoline", "x": [0, 1]}])"), "$.props[0].type", "not a prop"},
        Row{kneeling(R"("knees:mat", "hands:mat", "feet:mat")", R"([{"type": "mat", "x": [-0.9, 1.0]}])", "5"),
            "$.keyframes[1].t_s", "before length_s"},
        Row{kneeling(R"("hands:mat")"), "$.keyframes[0].contacts", "anchor"},
    }));
    auto demo = load_demonstration_text(text, "bad.json");
    REQUIRE_FALSE(demo);
    const std::string said = messages(demo.error());
    INFO(said);
    CHECK(said.find("bad.json: " + path + ":") != std::string::npos);
    CHECK(said.find(words) != std::string::npos);
}

TEST_CASE("Every shipped demonstration loops with no seam: its last frame flows into its first", "[pose][demonstration]") {
    REQUIRE(fs::is_directory(kDemos));
    int seen = 0;
    for (const auto& entry : fs::directory_iterator(kDemos)) {
        if (entry.path().extension() != ".json") continue;
        ++seen;
        CAPTURE(entry.path().filename().string());
        auto demo = load_demonstration(entry.path());
        INFO((demo ? std::string() : messages(demo.error())));
        REQUIRE(demo);
        // One frame (1/30 s) before the loop's end is one small step from its start, no larger
        // than the largest step between any two frames inside the loop.
        auto head = [&](double t) { return demo->skeleton_at(t).head_centre; };
        double largest = 0;
        for (int f = 1; f < static_cast<int>(demo->length_s * 30); ++f)
            largest = std::max(largest, length(head(f / 30.0) - head((f - 1) / 30.0)));
        const double seam = length(head(0) - head(demo->length_s - 1 / 30.0));
        CHECK(seam <= largest + 1e-9);
        CHECK(length(head(demo->length_s) - head(0)) < 1e-9);
    }
    CHECK(seen >= 1);
}

TEST_CASE("Hands resting on the mat stay where they rest while the back rounds and arches", "[pose][demonstration]") {
    auto demo = load_demonstration(kDemos / "cat-cow-round.json");
    REQUIRE(demo);
    const Vec start = demo->skeleton_at(0).arm_near.wrist;
    double drift = 0;
    for (int f = 0; f < static_cast<int>(demo->length_s * 30); ++f)
        drift = std::max(drift, length(demo->skeleton_at(f / 30.0).arm_near.wrist - start));
    CHECK(drift < 0.002);
    // ...and the knees, the anchor, do not move at all.
    CHECK(length(demo->skeleton_at(2.5).leg_near.knee - demo->skeleton_at(0).leg_near.knee) < 1e-9);
}

TEST_CASE("Easing: a movement starts and ends slowly", "[pose][demonstration]") {
    auto demo = load_demonstration_text(kneeling(), "test.json");
    REQUIRE(demo);
    const auto early = demo->moment(0.1), middle = demo->moment(1.0);
    CHECK(early.u < 0.1 / 2 / 2);  // slower than linear near the keyframe
    CHECK(middle.u == Approx(0.5));
    CHECK(demo->moment(4.0).from == 0);  // time wraps
}
