#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "audio/ducking.hpp"

using classplayer::audio::Ducking;

namespace {
constexpr int kRate = 48000;

// A steady stereo tone level, as the music bed would be, for `seconds`.
std::vector<std::int16_t> steady(double seconds, std::int16_t level = 8000) {
    return std::vector<std::int16_t>(static_cast<std::size_t>(seconds * kRate) * 2, level);
}

double db(double ratio) { return 20 * std::log10(ratio); }
}  // namespace

SCENARIO("The music bed steps back while a cue speaks and comes back after", "[audio][ducking]") {
    Ducking ducking(kRate);
    GIVEN("a cue starts") {
        auto during = steady(0.2);
        ducking.apply(during.data(), during.size() / 2, 2, true, 1.0);
        THEN("the bed settles about 12 dB down") {
            CHECK(db(during.back() / 8000.0) == Approx(-12).margin(0.1));
        }
        THEN("it glides down rather than jumping: no step between samples bigger than a ramp's share") {
            int largest = 0;
            for (std::size_t i = 2; i < during.size(); i += 2) largest = std::max(largest, std::abs(during[i] - during[i - 2]));
            CHECK(largest <= 8000 / (0.08 * kRate) + 1);
            CHECK(during[2 * static_cast<std::size_t>(0.04 * kRate)] > 2000 + 1000);  // still on its way at 40 ms
        }
        WHEN("the cue ends") {
            auto after = steady(0.2);
            ducking.apply(after.data(), after.size() / 2, 2, false, 1.0);
            THEN("the bed is back at full level") {
                CHECK(after.back() == 8000);
                CHECK(ducking.gain() == Approx(1.0));
            }
        }
    }
}

TEST_CASE("The master volume scales the bed, ducked or not", "[audio][volume]") {
    Ducking ducking(kRate);
    auto full = steady(0.1);
    ducking.apply(full.data(), full.size() / 2, 2, false, 0.5);
    CHECK(full.back() == 4000);
    auto ducked = steady(0.2);
    ducking.apply(ducked.data(), ducked.size() / 2, 2, true, 0.5);
    CHECK(ducked.back() == 1000);
}
