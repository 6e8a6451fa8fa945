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

// Decoder threads: as few as keep up. Frame threads cost CPU and memory (each holds pictures
// of its own), so software decoding starts with one and takes more only when one is seen to
// fall behind, at a keyframe, where a fresh decoder loses no picture.
TEST_CASE("A small clip is decoded with one thread", "[media][threads]") {
  auto reader = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"));
  REQUIRE(reader);
  const auto played = media_test::play(**reader, 20s);
  CHECK(played.ended);
  CHECK(played.picture_pts_s.size() == 90);
  // 320x240 decodes in well under a millisecond a frame: nowhere near 60 % of 33 ms.
  CHECK((*reader)->stats().video_decoder_threads == 1);
  CHECK((*reader)->stats().picture_at_more_threads == 0);
}

TEST_CASE("A decoder one thread cannot keep up with takes more at the next keyframe, losing no picture",
          "[media][threads]") {
  ClipReaderOptions options;
  options.one_thread_budget = 1e-6;  // any decoding at all is "too slow" for one thread
  options.max_decoder_threads = 2;
  auto reader = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"), options);  // keyframes every 30
  REQUIRE(reader);
  CHECK((*reader)->stats().video_decoder_threads == 1);
  const auto played = media_test::play(**reader, 20s);
  CHECK(played.ended);
  CHECK_FALSE(played.error.has_value());
  // Judged over the first 30 packets; the keyframe that opens the second second is packet 30.
  CHECK((*reader)->stats().video_decoder_threads == 2);
  CHECK((*reader)->stats().picture_at_more_threads == 30);
  // Every picture, in order, one frame apart across the switch.
  CHECK(played.picture_pts_s.size() == 90);
  CHECK(played.pts_strictly_increasing());
  CHECK(played.largest_picture_gap_s() < 1.5 / 30);

  // What was learnt holds for the rest of the process: a later clip of that codec and size
  // starts with the threads (the player opens each step's clip afresh).
  ClipReaderOptions plain;
  plain.max_decoder_threads = 2;
  auto later = ClipReader::open(corpus("h264_aac_320x240_30fps.mp4"), plain);
  REQUIRE(later);
  CHECK((*later)->stats().video_decoder_threads == 2);
}

TEST_CASE("A fixed thread count is kept", "[media][threads]") {
  ClipReaderOptions options;
  options.decoder_threads = 3;
  options.one_thread_budget = 1e-6;
  auto reader = ClipReader::open(corpus("odd_318x242_25fps.mp4"), options);
  REQUIRE(reader);
  const auto played = media_test::play(**reader, 20s);
  CHECK(played.ended);
  CHECK((*reader)->stats().video_decoder_threads == 3);
  CHECK((*reader)->stats().picture_at_more_threads == 0);
}
