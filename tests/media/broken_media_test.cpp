#include "media/clip_reader.hpp"
#include "media_test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace classplayer::media;
using namespace std::chrono_literals;
using media_test::corpus;

TEST_CASE("open() refuses what cannot be played, fast and with a reason", "[media][reader][broken]") {
  auto [file, expected] = GENERATE(table<const char*, MediaErrorCategory>({
      {"missing.mp4", MediaErrorCategory::NotFound},
      {"empty.mp4", MediaErrorCategory::Invalid},
      {"not_a_video.mp4", MediaErrorCategory::Invalid},
  }));
  CAPTURE(file);
  const auto start = std::chrono::steady_clock::now();
  const auto reader = ClipReader::open(corpus(file));
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error().category == expected);
  CHECK_THAT(reader.error().message, Catch::Contains(file));
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}

TEST_CASE("A damaged clip plays what it can, then ends", "[media][reader][broken]") {
  SECTION("truncated to its first 30%: the start plays, then the clip ends") {
    auto reader = ClipReader::open(corpus("truncated.mp4"));
    REQUIRE(reader.has_value());
    const auto played = media_test::play(**reader, 10s);
    CHECK_FALSE(played.timed_out);
    CHECK((played.ended || played.error.has_value()));
    CHECK(played.picture_pts_s.size() >= 20);  // 30% of 90 frames' bytes
    CHECK(played.pts_strictly_increasing());
  }
  SECTION("noise in the middle: skipped, and most frames still come out") {
    auto reader = ClipReader::open(corpus("corrupt_middle.mkv"));
    REQUIRE(reader.has_value());
    const auto played = media_test::play(**reader, 10s);
    CHECK_FALSE(played.timed_out);
    CHECK((played.ended || played.error.has_value()));
    CHECK(played.picture_pts_s.size() >= 60);  // of 90
    CHECK(played.pts_strictly_increasing());
    CHECK(played.picture_pts_s.back() > 2.5);  // the end of the clip is reached
    const auto stats = (*reader)->stats();
    CHECK(stats.bad_packets_skipped + stats.damaged_pictures > 0);  // the damage was seen, not missed
  }
  SECTION("video that is all noise: error() says so, and the audio still plays") {
    auto reader = ClipReader::open(corpus("video_noise.mkv"));
    REQUIRE(reader.has_value());
    const auto played = media_test::play(**reader, 10s);
    CHECK_FALSE(played.timed_out);
    CHECK(played.ended);
    REQUIRE(played.error.has_value());
    CHECK(played.error->category == MediaErrorCategory::Corrupted);
    CHECK(played.picture_pts_s.empty());
    CHECK(static_cast<double>(played.audio_bytes) == Approx(3.0 * 48000 * 4).epsilon(0.05));
  }
  SECTION("damaged clips also loop without hanging") {
    const char* file = GENERATE("truncated.mp4", "corrupt_middle.mkv", "video_noise.mkv");
    CAPTURE(file);
    auto reader = ClipReader::open(corpus(file), ClipReaderOptions{.loop = true});
    REQUIRE(reader.has_value());
    const auto played = media_test::play(**reader, 20s, 6.0);
    CHECK_FALSE(played.timed_out);
    CHECK(played.pts_strictly_increasing());
  }
}
