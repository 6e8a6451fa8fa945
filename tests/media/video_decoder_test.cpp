// --hwdec and --max-height at the media layer: a hardware decoder that cannot work on this
// machine must leave the clip playing in software, saying why; a clip larger than the screen
// comes out decoded smaller where the codec can do that.
#include "media/clip_reader.hpp"
#include "media/video_decoder.hpp"
#include "media_test_support.hpp"

#include <catch2/catch.hpp>

using namespace classplayer::media;
using namespace std::chrono_literals;
using media_test::corpus;

TEST_CASE("Hardware decoding that cannot start falls back to software and says why", "[media][hwdec]") {
  struct Forced {
    const char* hwdec;
    const char* reason_mentions;
  };
  const Forced forced = GENERATE(values<Forced>({
      {"no-such-decoder", "no-such-decoder"},  // not a device type or decoder FFmpeg knows
      {"hevc", "does not decode h264"},        // a decoder, but for another codec
      {"cuda", "cuda"},                        // a device type with no device here (no NVIDIA driver)
  }));
  CAPTURE(forced.hwdec);
  ClipReaderOptions options;
  options.hwdec = forced.hwdec;
  auto reader = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"), options);
  REQUIRE(reader);
  CHECK((*reader)->video_decoder() == "h264 (software)");
  CHECK_THAT((*reader)->video_decoder_fallback(), Catch::Contains(forced.reason_mentions));

  const auto played = media_test::play(**reader, 20s);
  CHECK(played.ended);
  CHECK_FALSE(played.error.has_value());
  CHECK(played.picture_pts_s.size() == 90);
}

TEST_CASE("hwdec auto plays every frame whatever decodes it", "[media][hwdec]") {
  ClipReaderOptions options;
  options.hwdec = "auto";
  auto reader = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"), options);
  REQUIRE(reader);
  INFO("decoder: " << (*reader)->video_decoder() << "; fallback: " << (*reader)->video_decoder_fallback());
  // Software is used exactly when a reason is given for not using hardware.
  CHECK(((*reader)->video_decoder() == "h264 (software)") == !(*reader)->video_decoder_fallback().empty());
  const auto played = media_test::play(**reader, 20s);
  CHECK(played.ended);
  CHECK(played.picture_pts_s.size() == 90);
}

TEST_CASE("hwdec none asks for nothing and reports no fallback", "[media][hwdec]") {
  auto reader = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"));
  REQUIRE(reader);
  CHECK((*reader)->video_decoder() == "h264 (software)");
  CHECK((*reader)->video_decoder_fallback().empty());
}

TEST_CASE("A clip taller than max_height is decoded smaller where the codec can", "[media][lowres]") {
  struct Case {
    const char* file;
    int max_height;
    int width, height;  // of the pictures that come out
  };
  const Case c = GENERATE(values<Case>({
      // 4K MPEG-4: lowres halves (or quarters) it
      {"mpeg4_4k.mp4", 0, 3840, 2160},
      {"mpeg4_4k.mp4", 2160, 3840, 2160},
      {"mpeg4_4k.mp4", 1080, 1920, 1080},
      {"mpeg4_4k.mp4", 720, 960, 540},
      // H.264 has no lowres: full size (the loop filter is skipped on non-reference frames)
      {"h264_720p_60fps.mp4", 480, 1280, 720},
  }));
  CAPTURE(c.file, c.max_height);
  ClipReaderOptions options;
  options.max_height = c.max_height;
  auto reader = ClipReader::open(corpus(c.file), options);
  REQUIRE(reader);
  CHECK((*reader)->width() == c.width);
  CHECK((*reader)->height() == c.height);
  const auto played = media_test::play(**reader, 60s);
  CHECK(played.ended);
  CHECK_FALSE(played.error.has_value());
  REQUIRE_FALSE(played.picture_widths.empty());
  for (std::size_t i = 0; i < played.picture_widths.size(); ++i) {
    CHECK(played.picture_widths[i] == c.width);
    CHECK(played.picture_heights[i] == c.height);
  }
}

TEST_CASE("lowres factor for a height and a limit", "[media][lowres]") {
  const auto [height, max_height, decoder_max, expected] = GENERATE(table<int, int, int, int>({
      {2160, 0, 3, 0},     // no limit
      {1080, 1080, 3, 0},  // fits
      {2160, 1080, 3, 1},
      {2160, 1079, 3, 2},  // 1080 is one line too many
      {4320, 1080, 3, 2},
      {4320, 100, 3, 3},   // capped at what the decoder can
      {2160, 1080, 0, 0},  // a decoder without lowres
      {1081, 1080, 3, 1},  // odd heights round up: 541
  }));
  CAPTURE(height, max_height, decoder_max);
  CHECK(lowres_for(height, max_height, decoder_max) == expected);
}
