// The middle-back class, played headless in virtual time for each shipped profile: the event
// log must tell the class as planned - steps in order at their times, cues on the beat, rests
// in place, swaps with their reasons, the class ending at its planned length, nothing dropped.
#include <algorithm>
#include <cmath>
#include <fstream>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;

namespace {

json plan_json(const std::string& profile) {
    auto run = run_classplayer({"plan", shipped_playlist().string(), "--profile", profile, "--json"});
    REQUIRE(run.exit_code == 0);
    return json::parse(run.output);
}

}  // namespace

SCENARIO("The middle-back class plays as planned for every shipped profile", "[integration][timeline]") {
    auto profile = GENERATE(as<std::string>{}, "standard", "low-bone-density", "radiating-leg-pain", "no-floor", "balance",
                            "low-bone-density,balance");
    CAPTURE(profile);
    GIVEN("the plan for " + profile) {
        const json plan = plan_json(profile);
        const auto& steps = plan.at("steps");

        WHEN("the class plays headless in virtual time") {
            std::string name = "timeline-" + profile;
            std::replace(name.begin(), name.end(), ',', '+');
            const auto& run = play_virtual_once(name, {shipped_playlist().string(), "--profile", profile});
            INFO(run.output);
            REQUIRE(run.exit_code == 0);

            THEN("every step starts in plan order, at the sum of the steps before it") {
                auto starts = of_kind(run.events, "step_start");
                REQUIRE(starts.size() == steps.size());
                double t = 0;
                for (std::size_t i = 0; i < steps.size(); ++i) {
                    CAPTURE(i);
                    CHECK(starts[i].at("index") == steps[i].at("index"));
                    CHECK(starts[i].at("kind") == steps[i].at("kind"));
                    CHECK(starts[i].at("segment") == steps[i].at("segment"));
                    CHECK(starts[i].at("variant") == steps[i].at("variant"));
                    CHECK(starts[i].at("reason") == steps[i].at("reason"));
                    CHECK(starts[i].at("t").get<double>() == Approx(t).margin(0.002));
                    t += steps[i].at("duration_s").get<double>();
                }
            }
            THEN("the class ends at its planned length with nothing dropped or broken") {
                auto ends = of_kind(run.events, "class_end");
                REQUIRE(ends.size() == 1);
                CHECK(ends[0].at("t").get<double>() == Approx(plan.at("total_s").get<double>()).margin(0.002));
                CHECK(ends[0].at("completed") == true);
                CHECK(of_kind(run.events, "media_error").empty());

                const auto& summary = summary_of(run);
                CHECK(summary.at("frames_dropped") == 0);
                CHECK(summary.at("max_transition_gap_ms").get<double>() <= 34.0);  // one frame at 30 fps
                CHECK(summary.at("max_av_drift_ms").get<double>() <= 45.0);
                // Every clip frame of every clip step was shown: 30 fps for each second of clip.
                double clip_s = 0;
                for (const auto& s : steps)
                    if (s.at("kind") == "clip") clip_s += s.at("duration_s").get<double>();
                CHECK(std::abs(summary.at("frames_presented").get<double>() - 30 * clip_s) <= static_cast<double>(steps.size()));
                CHECK(summary.at("peak_rss_kb").get<long>() > 0);
            }
            THEN("the voice says one cue at a time, and every cue is said or knowingly dropped") {
                auto spoken = of_kind(run.events, "cue_spoken");
                REQUIRE_FALSE(spoken.empty());
                for (std::size_t i = 1; i < spoken.size(); ++i) {
                    CAPTURE(spoken[i - 1].at("id"), spoken[i].at("id"));
                    CHECK(spoken[i].at("t").get<double>() >=
                          spoken[i - 1].at("t").get<double>() + spoken[i - 1].at("length_s").get<double>() - 1e-6);
                }
                CHECK(spoken.size() + of_kind(run.events, "cue_dropped").size() == of_kind(run.events, "cue").size());
                CHECK(of_kind(run.events, "cue_dropped").empty());  // the shipped class leaves room for every cue
            }
            THEN("two exercises never meet without a breathing rest between them") {
                auto starts = of_kind(run.events, "step_start");
                for (std::size_t i = 1; i < starts.size(); ++i)
                    CHECK_FALSE((starts[i].at("kind") == "clip" && starts[i - 1].at("kind") == "clip"));
            }
            THEN("cues follow the plan: breaths every cycle, and never outside their step") {
                auto cues = of_kind(run.events, "cue");
                REQUIRE_FALSE(cues.empty());
                auto starts = of_kind(run.events, "step_start");
                for (const auto& cue : cues) {
                    const double t = cue.at("t");
                    CHECK(t >= 0);
                    CHECK(t < plan.at("total_s").get<double>());
                }
                std::size_t in = 0, out = 0;
                for (const auto& c : cues) {
                    in += c.at("id") == "breathe-in";
                    out += c.at("id") == "breathe-out";
                }
                std::size_t breaths = 0;
                for (const auto& s : steps)
                    if (s.at("kind") == "breathing") breaths += static_cast<std::size_t>(std::lround(s.at("duration_s").get<double>() / 10));
                CHECK(in == breaths);
                CHECK(out == breaths);
            }
        }
    }
}

TEST_CASE("Swaps and skips reach the event log with their reasons", "[integration][timeline]") {
    SECTION("low bone density: cat-cow is neutral-to-cow, and its rounds are cued on the beat") {
        auto run = play_virtual("swap-lbd", {shipped_playlist().string(), "--profile", "low-bone-density"});
        REQUIRE(run.exit_code == 0);
        auto starts = of_kind(run.events, "step_start");
        auto cat_cow = std::find_if(starts.begin(), starts.end(), [](auto& e) { return e.at("segment") == "cat-cow"; });
        REQUIRE(cat_cow != starts.end());
        CHECK(cat_cow->at("variant") == "neutral-to-cow");
        CHECK(cat_cow->at("reason") == "Low bone density: cat-cow becomes neutral-to-cow, no rounding of the spine");
        const double t0 = cat_cow->at("t");
        std::vector<double> inhales;
        for (const auto& c : of_kind(run.events, "cue"))
            if (c.at("id") == "inhale-cow" && c.at("t").get<double>() < t0 + 48) inhales.push_back(c.at("t"));
        REQUIRE(inhales.size() == 6);
        for (std::size_t r = 0; r < 6; ++r) CHECK(inhales[r] == Approx(t0 + 8.0 * static_cast<double>(r) + 0.5).margin(0.002));
        for (const auto& c : of_kind(run.events, "cue")) CHECK(c.at("id") != "exhale-cat");  // no rounding cued
    }
    SECTION("radiating leg pain: a 'Skipped: Cobra' card, then a breathing rest in its place") {
        auto run = play_virtual("skip-leg", {shipped_playlist().string(), "--profile", "radiating-leg-pain"});
        REQUIRE(run.exit_code == 0);
        auto starts = of_kind(run.events, "step_start");
        auto card = std::find_if(starts.begin(), starts.end(), [](auto& e) { return e.at("segment") == "cobra"; });
        REQUIRE(card != starts.end());
        CHECK(card->at("kind") == "card");
        CHECK(card->at("reason") == "Skipped: Cobra - ask your clinician for an alternative");
        REQUIRE(card + 1 != starts.end());
        CHECK((card + 1)->at("kind") == "breathing");
        CHECK((card + 1)->at("segment") == "cobra");
        for (const auto& c : of_kind(run.events, "cue")) CHECK(c.at("id") != "push-up-gently");
    }
    SECTION("lat stretch: 'Switch sides' at each change of side") {
        auto run = play_virtual("switch-sides", {shipped_playlist().string()});
        std::vector<double> switches;
        for (const auto& c : of_kind(run.events, "cue"))
            if (c.at("id") == "switch-sides") switches.push_back(c.at("t"));
        REQUIRE(switches.size() == 3);
        CHECK(switches[1] - switches[0] == Approx(20));
        CHECK(switches[2] - switches[1] == Approx(20));
    }
}

SCENARIO("A scripted remote pauses, resumes and skips", "[integration][keys]") {
    GIVEN("a key script: pause at 20 s, resume at 26 s, next step at 30 s") {
        const auto keys = artifacts_dir() / "pause-next.keys";
        std::ofstream(keys) << "# session seconds (pauses included)\n20 PLAYPAUSE\n26 PLAYPAUSE\n30 NEXT\n";
        WHEN("the standard class plays with it") {
            auto run = play_virtual("keys", {shipped_playlist().string(), "--keys", keys.string()});
            REQUIRE(run.exit_code == 0);
            THEN("class time stands still while paused, and NEXT cuts cat-cow short") {
                auto paused = of_kind(run.events, "paused");
                auto resumed = of_kind(run.events, "resumed");
                REQUIRE(paused.size() == 1);
                REQUIRE(resumed.size() == 1);
                CHECK(paused[0].at("t").get<double>() == Approx(20));
                CHECK(resumed[0].at("t").get<double>() == Approx(20));
                auto key_events = of_kind(run.events, "key");
                REQUIRE(key_events.size() == 3);
                CHECK(key_events[0].at("key") == "PLAYPAUSE");
                CHECK(key_events[0].at("action") == "pause_toggle");
                CHECK(key_events[2].at("action") == "next_step");
                CHECK(key_events[2].at("t").get<double>() == Approx(24));  // session 30 - 6 s paused

                // Cat-cow (12 s to 60 s as planned) ends at class time 24; the rest follows whole.
                auto ends = of_kind(run.events, "step_end");
                REQUIRE(ends.size() >= 2);
                CHECK(ends[1].at("index") == 1);
                CHECK(ends[1].at("t").get<double>() == Approx(24));
                const json plan = plan_json("standard");
                CHECK(of_kind(run.events, "class_end")[0].at("t").get<double>() ==
                      Approx(plan.at("total_s").get<double>() - (60 - 24)));
            }
        }
    }
}

SCENARIO("After a pause of an inexact length, virtual time still moves at every wake-up", "[integration][keys]") {
    // 159.28 s is not exact in binary: each step end, cue and rest tick afterwards used to round
    // to one ulp before its class time, so the loop woke, found nothing due and stood still for
    // 1000 turns before a nudge (the 4-hour soak logged it dozens of times an hour).
    GIVEN("a key script: pause at 5 s, resume at 164.28 s") {
        const auto keys = artifacts_dir() / "inexact-pause.keys";
        std::ofstream(keys) << "5 PLAYPAUSE\n164.28 PLAYPAUSE\n";
        WHEN("the standard class plays with it") {
            auto run = play_virtual("inexact-pause", {shipped_playlist().string(), "--keys", keys.string()});
            REQUIRE(run.exit_code == 0);
            THEN("no turn of the loop stands still, and the class ends at its planned length") {
                CHECK(run.output.find("stood still") == std::string::npos);
                const json plan = plan_json("standard");
                REQUIRE(of_kind(run.events, "class_end").size() == 1);
                CHECK(of_kind(run.events, "class_end")[0].at("t").get<double>() ==
                      Approx(plan.at("total_s").get<double>()).margin(0.0005));
            }
        }
    }
}
