// The board: --hwdec and --max-height as a person running `classplayer play` sees them.
#include <cmath>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;

TEST_CASE("A hardware decoder that cannot start leaves the class playing in software", "[integration][hwdec]") {
    auto run = play_virtual("hwdec-fallback", {std::string(CLASSPLAYER_MEDIA_CORPUS) + "/h264_aac_320x240_30fps.mp4",
                                               "--hwdec", "no-such-decoder"});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    auto decoders = of_kind(run.events, "video_decoder");
    REQUIRE(decoders.size() == 1);
    CHECK(decoders[0].at("decoder") == "h264 (software)");
    CHECK_THAT(decoders[0].at("fallback").get<std::string>(), Catch::Contains("no-such-decoder"));
    CHECK(of_kind(run.events, "media_error").empty());
    CHECK(std::abs(summary_of(run).at("frames_presented").get<int>() - 90) <= 1);
    // One log line says so.
    CHECK_THAT(run.output, Catch::Contains("--hwdec no-such-decoder: decoding in software"));
}

TEST_CASE("A 4K clip plays decoded at 1080 lines with --max-height 1080", "[integration][lowres]") {
    auto run = play_virtual("lowres-4k", {std::string(CLASSPLAYER_MEDIA_CORPUS) + "/mpeg4_4k.mp4", "--max-height", "1080"});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(of_kind(run.events, "media_error").empty());
    CHECK(summary_of(run).at("frames_presented").get<int>() >= 9);
}
