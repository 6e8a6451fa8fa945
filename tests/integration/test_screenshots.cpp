// Screenshots at known class times must show what a viewer expects: the right clip (each demo
// clip has its own background colour, listed by the generator in media/clips/colours.tsv),
// a readable card, a breathing circle that grows on the in-breath.
#include <cstdio>
#include <fstream>
#include <map>

#include <catch2/catch.hpp>

#include "class/planner.hpp"
#include "run_player.hpp"

using namespace classplayer;
using namespace classplayer::test;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::array<double, 3>> demo_colours() {
    std::map<std::string, std::array<double, 3>> out;
    std::ifstream in(fs::path(CLASSPLAYER_SOURCE_DIR) / "media/clips/colours.tsv");
    REQUIRE(in);
    std::string file, hex;
    while (in >> file >> hex) {
        unsigned r = 0, g = 0, b = 0;
        REQUIRE(std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b) == 3);
        out[fs::path(file).filename().string()] = {double(r), double(g), double(b)};
    }
    return out;
}

// Brightness: how much of a region is bright text or shape.
double bright_share(const Image& img, int x, int y, int w, int h, int threshold = 200) {
    long bright = 0;
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i) {
            const auto* p = &img.rgb[static_cast<std::size_t>((j * img.width + i) * 3)];
            if (p[0] + p[1] + p[2] > 3 * threshold) ++bright;
        }
    return static_cast<double>(bright) / (w * h);
}

}  // namespace

TEST_CASE("Mid-step screenshots show each step's own clip", "[integration][screenshots]") {
    auto profile = GENERATE(as<std::string>{}, "standard", "low-bone-density,balance", "no-floor");
    CAPTURE(profile);
    const Plan plan = shipped_plan(profile);
    const auto colours = demo_colours();

    std::vector<std::string> args{shipped_playlist().string(), "--profile", profile};
    struct Expect {
        fs::path png;
        std::string clip;
        bool has_reason = false;
    };
    std::vector<Expect> expected;
    double t = 0;
    for (const auto& step : plan.steps) {
        if (step.kind == StepKind::Clip) {
            std::string name = profile;
            std::replace(name.begin(), name.end(), ',', '+');
            const fs::path png = artifacts_dir() / ("clip-" + name + "-" + std::to_string(step.index) + ".png");
            fs::remove(png);
            args.push_back("--screenshot");
            args.push_back(std::to_string(t + step.duration_s / 2) + ":" + png.string());
            expected.push_back({png, step.media->clip.filename().string(), step.reason.has_value()});
        }
        t += step.duration_s;
    }
    auto run = play_virtual("screenshots", args);
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    REQUIRE(of_kind(run.events, "screenshot").size() == expected.size());

    for (const auto& e : expected) {
        CAPTURE(e.clip, e.png);
        const Image img = read_png(e.png);
        REQUIRE(img.width == 1920);
        REQUIRE(img.height == 1080);
        REQUIRE(colours.contains(e.clip));
        // The picture is at the top right, 1360x765 at 1080p (src/ui/class_layout.hpp): the
        // demo clips' right-hand strip (x >= 1190 of 1280) is plain background above the floor
        // (media/demonstrator/figure_drawing.hpp), x >= 1824 here.
        const auto seen = img.mean(1840, 380, 64, 160);
        const auto want = colours.at(e.clip);
        for (std::size_t c = 0; c < 3; ++c) CHECK(std::abs(seen[c] - want[c]) <= 14);
        // In the picture: no words of the clip's own (the demo clips used to carry their title
        // and instructions), and nothing as bright as the overlay's words (the figure's colours
        // are calm; the overlay draws nothing there).
        CHECK(bright_share(img, 576, 16, 1328, 740) < 0.0005);
        // Mid-step the instructions have gone and how to breathe stays, in the column left of
        // the picture, under the title and "Step n of N".
        CHECK(bright_share(img, 30, 100, 500, 700) > 0.01);
    }
}

TEST_CASE("The safety card and the breathing guide read as a viewer expects", "[integration][screenshots]") {
    const auto card = artifacts_dir() / "safety-card.png";
    const auto small = artifacts_dir() / "breathing-start.png";
    const auto large = artifacts_dir() / "breathing-full.png";
    const auto out_end = artifacts_dir() / "breathing-out-end.png";
    const Plan plan = shipped_plan("standard");
    // The first breathing rest starts after the safety card and cat-cow.
    const double rest = plan.steps[0].duration_s + plan.steps[1].duration_s;
    REQUIRE(plan.steps[2].kind == StepKind::Breathing);
    const auto& run = play_virtual_once("card-and-breath",
                            {shipped_playlist().string(), "--screenshot", "6:" + card.string(),
                             "--screenshot", std::to_string(rest + 0.05) + ":" + small.string(),
                             "--screenshot", std::to_string(rest + 3.95) + ":" + large.string(),
                             "--screenshot", std::to_string(rest + 9.9) + ":" + out_end.string()});
    REQUIRE(run.exit_code == 0);

    SECTION("the safety card: bright words in the middle on a dark ground") {
        const Image img = read_png(card);
        const auto corner = img.mean(20, 400, 100, 100);
        CHECK(corner[0] + corner[1] + corner[2] < 3 * 60);
        CHECK(bright_share(img, 480, 360, 960, 400) > 0.02);
    }
    SECTION("the breathing circle is largest at the top of the in-breath") {
        const Image start = read_png(small), full = read_png(large), end = read_png(out_end);
        // The circle fills the middle; compare how much of its square differs from the ground.
        auto filled = [](const Image& img) {
            const auto ground = img.mean(20, 400, 60, 60);
            double n = 0;
            for (int y = 140; y < 700; ++y)
                for (int x = 660; x < 1260; ++x) {
                    const auto* p = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
                    if (std::abs(p[0] - ground[0]) + std::abs(p[1] - ground[1]) + std::abs(p[2] - ground[2]) > 60) ++n;
                }
            return n;
        };
        CHECK(filled(full) > 1.5 * filled(start));
        CHECK(filled(full) > 1.5 * filled(end));
    }
}
