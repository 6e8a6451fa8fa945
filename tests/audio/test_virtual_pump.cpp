// Virtual time pulls clip audio as class time jumps. A file's timestamps can make that jump
// hours long (a gap in the audio): the pull must stay a bounded piece at a time.
#include <algorithm>
#include <cstdlib>

#include <catch2/catch.hpp>

#include "audio/class_audio.hpp"

using namespace classplayer::audio;

TEST_CASE("Virtual time pulls an hour's jump of clip audio a second at a time", "[audio][virtual]") {
    ::setenv("SDL_AUDIODRIVER", "dummy", 1);  // no sound card here; virtual time never plays it
    auto audio = ClassAudio::open({.virtual_time = true, .rate = 48000, .channels = 2, .volume = 0.8});
    REQUIRE(audio);
    std::size_t largest = 0, pulled = 0;
    (*audio)->set_clip([&](std::uint8_t* out, std::size_t bytes, double* first_pts_s) {
        largest = std::max(largest, bytes);
        std::fill(out, out + bytes, std::uint8_t{0});  // the buffer really is that large
        *first_pts_s = static_cast<double>(pulled) / (48000.0 * 4);
        pulled += bytes;
        return bytes;
    });
    const double got = (*audio)->pump_virtual(3600);
    CHECK(got == Approx(3600));
    CHECK((*audio)->clip_clock_s() == Approx(3600));
    CHECK(largest <= 48000u * 4);  // one second of 48 kHz stereo S16, not 691 MB
    (*audio)->set_clip({});
}
