// Broken and odd media inside a class: what can be played plays right; what cannot becomes a
// "could not be played" card and a media_error event, and the class goes on to its end.
// The clips are the media tests' corpus (tests/media/make-corpus.sh).
#include <fstream>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = CLASSPLAYER_MEDIA_CORPUS;

// A class of one 2-second hold per file, media root = the corpus.
fs::path corpus_class(const std::string& name, const std::vector<std::string>& files) {
    const fs::path dir = artifacts_dir() / name;
    fs::create_directories(dir);
    fs::copy_file(fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json", dir / "conditions.json",
                  fs::copy_options::overwrite_existing);
    json segments = json::array();
    for (std::size_t i = 0; i < files.size(); ++i) {
        segments.push_back({{"id", "clip-" + std::to_string(i)},
                            {"title", files[i]},
                            {"kind", "clip"},
                            {"tags", json::array()},
                            {"media", {{"clip", files[i]}, {"loop", "hold"}}},
                            {"dose", {{"hold_s", {{"range", {1, 10}}, {"use", 2}}}}}});
    }
    json playlist = {{"format", 1},
                     {"id", "corpus-" + name},
                     {"title", "Corpus " + name},
                     {"media_root", kCorpus.string()},
                     {"conditions", "conditions.json"},
                     {"safety_card", {{"title", "Corpus"}, {"lines", {"Testing media."}}, {"duration_s", 5}}},
                     {"breathing", {{"in_s", 1}, {"out_s", 1}, {"between_cycles", 0}, {"replacement_cycles", 1}}},
                     {"segments", segments}};
    const fs::path file = dir / "class.json";
    std::ofstream(file) << playlist.dump(2);
    return file;
}

}  // namespace

TEST_CASE("Broken clips become a card and a media_error, and the class goes on", "[integration][bad-media]") {
    const std::vector<std::string> files{"h264_aac_320x240_30fps.mp4", "empty.mp4", "not_a_video.mp4",
                                         "truncated.mp4", "corrupt_middle.mkv", "no_audio.mp4"};
    auto run = play_virtual("broken", {corpus_class("broken", files).string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);

    auto errors = of_kind(run.events, "media_error");
    auto error_for = [&](const std::string& file) {
        return std::find_if(errors.begin(), errors.end(), [&](const json& e) {
            return e.at("file").get<std::string>().ends_with(file);
        });
    };
    SECTION("files that are not video at all are named in a media_error") {
        for (const char* f : {"empty.mp4", "not_a_video.mp4"}) {
            CAPTURE(f);
            auto e = error_for(f);
            REQUIRE(e != errors.end());
            CHECK_FALSE(e->at("message").get<std::string>().empty());
        }
    }
    SECTION("a damaged clip still shows what it can, and good clips around it play whole") {
        auto ends = of_kind(run.events, "step_end");
        REQUIRE(ends.size() == files.size() + 1);  // the card, then one step a file
        CHECK(ends[1].at("frames") == 60);         // 2 s at 30 fps, before the broken ones
        CHECK(ends[4].at("frames").get<int>() > 0);  // truncated: its first part decodes
        CHECK(ends[5].at("frames").get<int>() > 30); // corrupt in the middle: plays through
        CHECK(ends[6].at("frames") == 60);         // and the class recovered for the last clip
    }
    SECTION("a broken clip's card stays for its step's planned time (here 2 s, under the 5 s cap)") {
        auto ends = of_kind(run.events, "step_end");
        REQUIRE(ends.size() == files.size() + 1);
        for (std::size_t i = 0; i < ends.size(); ++i) {
            CAPTURE(i);
            CHECK(ends[i].at("t").get<double>() == Approx(5.0 + 2.0 * static_cast<double>(i)).margin(0.002));
        }
    }
    SECTION("the class reaches its end") {
        REQUIRE(of_kind(run.events, "class_end").size() == 1);
        CHECK(summary_of(run).at("media_errors").get<int>() >= 2);
    }
}

TEST_CASE("Odd but valid media plays right", "[integration][odd-media]") {
    using Row = std::tuple<std::string, int>;  // file, frames expected in its 2 s step (-1: no video)
    auto [file, frames] = GENERATE(table<std::string, int>({
        Row{"hevc_aac.mp4", 60},
        Row{"vp9_opus.webm", 60},
        Row{"h264_720p_60fps.mp4", 120},
        Row{"odd_318x242_25fps.mp4", 50},
        Row{"vfr.mkv", 60},
        Row{"rotated_90cw.mp4", 60},
        Row{"h264_10bit.mp4", 60},
        Row{"h264_yuv422p.mp4", 60},
        Row{"mono_22050.mp4", 60},
        Row{"surround_51.mkv", 60},
        Row{"no_audio.mp4", 60},
        Row{"audio_only.m4a", 0},
    }));
    CAPTURE(file);
    std::string name = "odd-" + file;
    std::replace(name.begin(), name.end(), '.', '-');
    std::replace(name.begin(), name.end(), '_', '-');
    auto run = play_virtual(name, {corpus_class(name, {file}).string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(of_kind(run.events, "media_error").empty());
    auto ends = of_kind(run.events, "step_end");
    REQUIRE(ends.size() == 2);
    CHECK(std::abs(ends[1].at("frames").get<int>() - frames) <= 2);
    CHECK(summary_of(run).at("frames_dropped") == 0);
}

TEST_CASE("A rotated clip is shown upright", "[integration][odd-media]") {
    const auto png = artifacts_dir() / "rotated.png";
    auto run = play_virtual("rotated-shot", {corpus_class("rotated-shot", {"rotated_90cw.mp4"}).string(),
                                             "--screenshot", "6:" + png.string()});
    REQUIRE(run.exit_code == 0);
    const Image img = read_png(png);
    // A 320x240 picture turned portrait fills the height and leaves black bars left and right.
    const auto left = img.mean(10, 500, 100, 100);
    const auto middle = img.mean(900, 500, 120, 100);
    CHECK(left[0] + left[1] + left[2] < 30);
    CHECK(middle[0] + middle[1] + middle[2] > 60);
}

TEST_CASE("Non-square pixels are shown at the picture's display aspect", "[integration][odd-media]") {
    // 360x240 coded, sample aspect 32:27: a 16:9 picture that fills the clip layout's 16:9
    // picture area edge to edge (x 560..1919 at 1080p, src/ui/class_layout.hpp). Shown with
    // square pixels it would be 3:2, with black bars left and right inside that area.
    const auto png = artifacts_dir() / "anamorphic.png";
    auto run = play_virtual("anamorphic", {corpus_class("anamorphic", {"anamorphic_16x9.mp4"}).string(),
                                           "--screenshot", "6:" + png.string()});
    REQUIRE(run.exit_code == 0);
    const Image img = read_png(png);
    const auto left_edge = img.mean(562, 300, 40, 200);
    CHECK(left_edge[0] + left_edge[1] + left_edge[2] > 60);
}

TEST_CASE("A playlist naming a missing file is refused before anything plays", "[integration][bad-media]") {
    auto file = corpus_class("missing", {"h264_aac_320x240_30fps.mp4", "missing.mp4"});
    auto run = play_virtual("missing", {file.string()});
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.output, Catch::Contains(file.string() + ": $.segments[1].media.clip"));
    CHECK_THAT(run.output, Catch::Contains("missing.mp4 does not exist"));
    CHECK(of_kind(run.events, "class_start").empty());
}

TEST_CASE("A clip whose sound ends before its picture keeps moving to its end, in real time", "[integration][odd-media]") {
    // 1 s of sound under 3 s of picture, played as it is: the sound was the clock, and the
    // picture froze where it ended (30 of 90 frames). BACK at 4.5 s declines the question at the end.
    const fs::path keys = artifacts_dir() / "short-audio.keys", events = artifacts_dir() / "short-audio.jsonl";
    std::ofstream(keys) << "4.5 BACK\n";
    auto run = run_classplayer({"play", (kCorpus / "short_audio.mp4").string(), "--headless", "--keys", keys.string(),
                                "--events", events.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    run.events = read_events(events);
    auto ends = of_kind(run.events, "step_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0].at("frames").get<int>() >= 85);  // of 90
    CHECK(of_kind(run.events, "media_error").empty());
}

TEST_CASE("Two recordings joined end to end: 6 s of picture planned as 25 hours plays as 6 s", "[integration][odd-media]") {
    // The container's duration comes from timestamps that jump 25 hours between the halves: the
    // picture skips the gap rather than freezing in it, and the step ends when the picture does.
    auto run = play_virtual("joined-recordings", {(kCorpus / "joined_recordings.ts").string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    REQUIRE(of_kind(run.events, "clip_gap_skipped").size() == 1);
    REQUIRE(of_kind(run.events, "clip_ran_out").size() == 1);
    const auto ends = of_kind(run.events, "class_end");
    REQUIRE(ends.size() == 1);
    CHECK(ends[0]["t"].get<double>() == Approx(6).margin(0.5));
    CHECK(ends[0]["completed"] == true);
    CHECK(of_kind(run.events, "step_end").at(0)["frames"].get<int>() >= 175);  // both halves seen
    CHECK(summary_of(run)["max_av_drift_ms"].get<double>() < 100);
}
