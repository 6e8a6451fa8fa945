// The command line as design.md promises it: plan --json's shape, check's verdicts, exit codes.
#include <fstream>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;

TEST_CASE("plan --json follows the contract", "[integration][commands]") {
    auto run = run_classplayer({"plan", shipped_playlist().string(), "--profile", "low-bone-density,balance", "--json"});
    REQUIRE(run.exit_code == 0);
    const json plan = json::parse(run.output);
    CHECK(plan.at("playlist") == "middle-back");
    CHECK(plan.at("conditions") == json({"low-bone-density", "balance"}));
    double sum = 0;
    for (const auto& s : plan.at("steps")) {
        CHECK(s.at("index").is_number_integer());
        CHECK((s.at("kind") == "card" || s.at("kind") == "clip" || s.at("kind") == "breathing"));
        CHECK(s.at("segment").is_string());
        CHECK((s.at("variant").is_null() || s.at("variant").is_string()));
        CHECK((s.at("reason").is_null() || s.at("reason").is_string()));
        sum += s.at("duration_s").get<double>();
    }
    CHECK(plan.at("total_s").get<double>() == Approx(sum));
}

TEST_CASE("check passes the shipped class and names what is wrong in a broken one", "[integration][commands]") {
    SECTION("the shipped class, after media generation") {
        auto run = run_classplayer({"check", shipped_playlist().string()});
        INFO(run.output);
        CHECK(run.exit_code == 0);
        CHECK_THAT(run.output, Catch::Contains("0 cannot be played"));
        CHECK_THAT(run.output, Catch::Contains("h264 1280x720 30 fps"));
    }
    SECTION("a playlist whose clip is not a video") {
        const auto dir = artifacts_dir() / "check-broken";
        std::filesystem::create_directories(dir);
        std::filesystem::copy_file(std::filesystem::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json",
                                   dir / "conditions.json", std::filesystem::copy_options::overwrite_existing);
        json playlist = json::parse(std::ifstream(shipped_playlist()));
        playlist["media_root"] = CLASSPLAYER_MEDIA_CORPUS;
        // Point every clip and cue at good corpus files, then break one clip.
        playlist["stop_advice"]["audio"] = "audio_only.m4a";
        for (auto& s : playlist["segments"]) {
            s["media"]["clip"] = "h264_aac_320x240_30fps.mp4";
            for (auto& c : s["cues"]) c["audio"] = "audio_only.m4a";
            if (s.contains("stop_advice") && s["stop_advice"].is_object()) s["stop_advice"]["audio"] = "audio_only.m4a";
            for (auto& v : s["variants"]) {
                v["media"]["clip"] = "h264_aac_320x240_30fps.mp4";
                for (auto& c : v["cues"]) c["audio"] = "audio_only.m4a";
            }
        }
        playlist["safety_card"]["chime"] = "audio_only.m4a";
        playlist["breathing"]["cues"]["in"]["audio"] = "audio_only.m4a";
        playlist["breathing"]["cues"]["out"]["audio"] = "audio_only.m4a";
        playlist["segments"][2]["media"]["clip"] = "not_a_video.mp4";
        const auto file = dir / "broken.json";
        std::ofstream(file) << playlist.dump(2);
        auto run = run_classplayer({"check", file.string()});
        INFO(run.output);
        CHECK(run.exit_code == 1);
        CHECK_THAT(run.output, Catch::Contains(file.string() + ": $.segments[2].media.clip"));
        CHECK_THAT(run.output, Catch::Contains("not_a_video.mp4 cannot be played"));
        CHECK_THAT(run.output, Catch::Contains("1 cannot be played"));
    }
}

TEST_CASE("Exit codes: 2 for usage, 1 for invalid input, 0 for help", "[integration][commands]") {
    CHECK(run_classplayer({"--version"}).exit_code == 0);
    CHECK(run_classplayer({"--help"}).exit_code == 0);
    CHECK(run_classplayer({"play"}).exit_code == 2);
    CHECK(run_classplayer({"play", shipped_playlist().string(), "--bogus"}).exit_code == 2);
    CHECK(run_classplayer({"play", shipped_playlist().string(), "--headless", "--screenshot", "soon.png"}).exit_code == 2);
    auto unknown = run_classplayer({"plan", shipped_playlist().string(), "--profile", "bad-knees"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.output, Catch::Contains("unknown condition \"bad-knees\""));
    auto missing = run_classplayer({"plan", "/nonexistent/class.json"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.output, Catch::Contains("/nonexistent/class.json: $: cannot be read"));
}

TEST_CASE("A single media file plays as a one-step class", "[integration][commands]") {
    auto run = play_virtual("single-file", {std::string(CLASSPLAYER_MEDIA_CORPUS) + "/h264_aac_320x240_30fps.mp4"});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    auto starts = of_kind(run.events, "step_start");
    REQUIRE(starts.size() == 1);
    CHECK(starts[0].at("kind") == "clip");
    CHECK(of_kind(run.events, "class_end")[0].at("t").get<double>() == Approx(3.0).margin(0.05));
    CHECK(std::abs(summary_of(run).at("frames_presented").get<int>() - 90) <= 1);
}
