#include "media/clip_reader.hpp"
#include "media_test_support.hpp"

#include <catch2/catch.hpp>

using namespace classplayer::media;
using namespace std::chrono_literals;
using media_test::corpus;

TEST_CASE("A flat colour comes out as its BT.601 limited-range Y'CbCr", "[media][pixels]") {
  // #3366cc = (51, 102, 204). BT.601, limited range:
  //   Y' = 16 + (65.481 R + 128.553 G + 24.966 B) / 255  = 100.5
  //   Cb = 128 + (-37.797 R - 74.203 G + 112.0 B) / 255  = 180.4
  //   Cr = 128 + (112.0 R - 93.786 G - 18.214 B) / 255   =  98.3
  const char* file = GENERATE("solid_3366cc.mp4", "solid_3366cc_10bit.mp4");
  CAPTURE(file);
  auto reader = ClipReader::open(corpus(file));
  REQUIRE(reader.has_value());
  const Picture* picture = (*reader)->wait_picture(5s);
  REQUIRE(picture != nullptr);
  REQUIRE(picture->format == PictureFormat::IYUV);
  CHECK(picture->matrix == YuvMatrix::BT601);
  CHECK_FALSE(picture->full_range);

  const int x = picture->width / 2, y = picture->height / 2;
  const int luma = picture->planes[0][y * picture->pitches[0] + x];
  const int cb = picture->planes[1][(y / 2) * picture->pitches[1] + x / 2];
  const int cr = picture->planes[2][(y / 2) * picture->pitches[2] + x / 2];
  CHECK(luma == Approx(100.5).margin(2.5));
  CHECK(cb == Approx(180.4).margin(2.5));
  CHECK(cr == Approx(98.3).margin(2.5));
}
