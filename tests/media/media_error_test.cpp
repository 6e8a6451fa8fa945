#include "media/demux.hpp"
#include "media/media_error.hpp"

extern "C" {
#include <libavutil/display.h>
}

#include <catch2/catch.hpp>

#include <cerrno>
#include <tuple>

using namespace classplayer::media;

TEST_CASE("AVERROR codes map to the category a player acts on", "[media][error]") {
  auto [err, expected] = GENERATE(table<int, MediaErrorCategory>({
      // the file is not there
      {AVERROR(ENOENT), MediaErrorCategory::NotFound},
      // damage inside a format we know
      {AVERROR_INVALIDDATA, MediaErrorCategory::Corrupted},
      // real media we cannot decode
      {AVERROR_DECODER_NOT_FOUND, MediaErrorCategory::Unsupported},
      {AVERROR_DEMUXER_NOT_FOUND, MediaErrorCategory::Unsupported},
      {AVERROR_PATCHWELCOME, MediaErrorCategory::Unsupported},
      // reading failed
      {AVERROR(EIO), MediaErrorCategory::IO},
      {AVERROR(EACCES), MediaErrorCategory::IO},
      // the normal end
      {AVERROR_EOF, MediaErrorCategory::EndOfStream},
      {AVERROR(EINVAL), MediaErrorCategory::Invalid},
  }));
  const MediaError error = media_error_from_averror(err, "decoding video", "/clips/cat-cow.mp4");
  CHECK(error.category == expected);
  SECTION("the message names the file and what was being done") {
    CHECK_THAT(error.message, Catch::StartsWith("/clips/cat-cow.mp4: decoding video: "));
  }
}

TEST_CASE("Every error category has a distinct name", "[media][error]") {
  CHECK(to_string(MediaErrorCategory::NotFound) == "not-found");
  CHECK(to_string(MediaErrorCategory::IO) == "io");
  CHECK(to_string(MediaErrorCategory::Corrupted) == "corrupted");
  CHECK(to_string(MediaErrorCategory::Invalid) == "invalid");
  CHECK(to_string(MediaErrorCategory::Unsupported) == "unsupported");
  CHECK(to_string(MediaErrorCategory::EndOfStream) == "end-of-stream");
}

TEST_CASE("A display matrix becomes clockwise quarter turns", "[media][rotation]") {
  // av_display_rotation_set builds the matrix of a clockwise turn by its angle; a phone's
  // portrait clip carries a 90 degree one (ffprobe prints "rotation of -90.00 degrees",
  // counter-clockwise).
  auto [matrix_clockwise_deg, expected_deg] = GENERATE(table<double, int>({
      {0.0, 0},
      {90.0, 90},  // portrait phone clip
      {180.0, 180},
      {-90.0, 270},
      {270.0, 270},
      {88.0, 90},  // not a quarter turn: the nearest one
      {-3.0, 0},
  }));
  std::int32_t matrix[9];
  av_display_rotation_set(matrix, matrix_clockwise_deg);
  CHECK(rotation_deg_from_display_matrix(matrix) == expected_deg);
}
