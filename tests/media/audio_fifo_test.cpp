#include "media/audio_fifo.hpp"

#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

using classplayer::media::AudioFifo;

TEST_CASE("AudioFifo keeps bytes in order and never grows", "[media][audio]") {
  AudioFifo fifo(8);
  std::vector<std::uint8_t> bytes(12);
  std::iota(bytes.begin(), bytes.end(), std::uint8_t{1});
  std::vector<std::uint8_t> out(12, 0);

  SECTION("a write larger than the space takes only what fits") {
    CHECK(fifo.write(bytes.data(), 12) == 8);
    CHECK(fifo.space() == 0);
    CHECK(fifo.read(out.data(), 12) == 8);
    CHECK(out[0] == 1);
    CHECK(out[7] == 8);
    CHECK(fifo.empty());
  }
  SECTION("data that wraps around the end comes out in order") {
    CHECK(fifo.write(bytes.data(), 6) == 6);
    CHECK(fifo.read(out.data(), 4) == 4);  // head now at 4
    CHECK(fifo.write(bytes.data() + 6, 6) == 6);  // wraps
    CHECK(fifo.size() == 8);
    CHECK(fifo.read(out.data(), 8) == 8);
    CHECK(out == std::vector<std::uint8_t>{5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0});
  }
  SECTION("reading an empty fifo copies nothing") {
    CHECK(fifo.read(out.data(), 4) == 0);
  }
}
