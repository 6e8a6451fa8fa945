// The sweep: every clip step of the middle-back class, for every shipped profile, at the three
// screen sizes the player is shown at, at each step's start, middle and last second. Nothing
// of the overlay's may be on the picture (the layout says where: src/ui/class_layout.hpp), and
// no words may run off the screen or into the progress line. A person copying the figure
// needs its head, hands, feet and the floor in view at every moment.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "class/planner.hpp"
#include "run_player.hpp"
#include "ui/class_layout.hpp"

using namespace classplayer;
using namespace classplayer::test;
namespace fs = std::filesystem;

namespace {

struct Rgb {
    int r, g, b;
};
// The overlay's text colours (src/ui/theme.hpp): white, soft white, amber (why it changed),
// light blue (next up).
constexpr Rgb kTextColours[] = {{255, 255, 255}, {214, 222, 232}, {255, 196, 77}, {150, 206, 255}};

// Pixels within `tolerance` of any text colour in the box (beside the picture, where the
// ground is the panels' black).
long text_pixels(const Image& img, const ui::Box& box, int tolerance = 24) {
    long n = 0;
    for (int y = std::max(0, box.y); y < std::min(img.height, box.bottom()); ++y)
        for (int x = std::max(0, box.x); x < std::min(img.width, box.right()); ++x) {
            const auto* p = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
            for (const Rgb& c : kTextColours)
                if (std::abs(p[0] - c.r) <= tolerance && std::abs(p[1] - c.g) <= tolerance &&
                    std::abs(p[2] - c.b) <= tolerance) {
                    ++n;
                    break;
                }
        }
    return n;
}

// Pixels in the box that only the overlay draws: its panels' and boxes' black, and its words'
// white. The demonstrations never use either (their darkest outline and lightest highlight are
// calm, and their own guide lines are amber or blue, so those colours cannot tell).
long overlay_pixels(const Image& img, const ui::Box& box) {
    long n = 0;
    for (int y = std::max(0, box.y); y < std::min(img.height, box.bottom()); ++y)
        for (int x = std::max(0, box.x); x < std::min(img.width, box.right()); ++x) {
            const auto* p = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
            const int most = std::max({p[0], p[1], p[2]}), least = std::min({p[0], p[1], p[2]});
            if (most <= 12 || least >= 240) ++n;
        }
    return n;
}

struct Shot {
    fs::path png;
    std::string what;  // "step 4 start" for the failure message
};

// What a clip step's screenshot must show at any moment: the picture clear of the overlay, and
// every word on screen beside it.
void check_clip_shot(const Image& img, int width, int height, const ui::ClipLayout& layout) {
    const ui::Box& picture = layout.picture;
    REQUIRE(img.width == width);
    REQUIRE(img.height == height);
    // Nothing of the overlay's on the picture: no panel black, no word's white.
    CHECK(overlay_pixels(img, picture) == 0);
    // The picture is there: not a panel's plain black across its middle.
    const auto middle = img.mean(picture.x + picture.w / 4, picture.y + picture.h / 4, picture.w / 2, picture.h / 2);
    CHECK(middle[0] + middle[1] + middle[2] > 3 * 20);
    // Every word ends above the progress line: none in the rows just over it, where words
    // running off the column's or band's foot would be cut.
    const int strip_h = std::max(3, img.height / 200);
    CHECK(text_pixels(img, {0, layout.progress.y - strip_h, img.width, strip_h}) == 0);
    // Words are there, beside the picture (the title and step in the column).
    CHECK(text_pixels(img, layout.column_words) > 200);
}

// One run a profile: a screenshot at each clip step's start, middle and last second.
void sweep(int width, int height) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    const ui::ClipLayout layout = ui::lay_out_clip(width, height, 16.0 / 9.0, {});  // the demo clips are 1280x720
    // Between them these profiles play every clip and variant the class has (radiating-leg-pain
    // plays standard's clips less cobra); at the smaller sizes the two with swap reasons, the
    // longest words. One class run each keeps the sweep to a few seconds a run.
    std::vector<std::string> profiles{"low-bone-density,balance", "no-floor"};
    if (width >= 1920) profiles.insert(profiles.begin(), "standard");
    for (const std::string& profile : profiles) {
        CAPTURE(size, profile);
        const Plan plan = shipped_plan(profile);
        std::vector<std::string> args{shipped_playlist().string(), "--profile", profile, "--window", size};
        std::vector<Shot> shots;
        double t = 0;
        for (const auto& step : plan.steps) {
            if (step.kind == StepKind::Clip) {
                const std::pair<const char*, double> moments[] = {
                    {"start", t + 0.5}, {"middle", t + step.duration_s / 2}, {"last second", t + step.duration_s - 0.5}};
                for (const auto& [name, at_s] : moments) {
                    const fs::path png = artifacts_dir() / ("sweep-" + size + "-" + profile + "-" +
                                                            std::to_string(step.index) + "-" + name + ".png");
                    fs::remove(png);
                    args.push_back("--screenshot");
                    args.push_back(std::to_string(at_s) + ":" + png.string());
                    shots.push_back({png, "step " + std::to_string(step.index + 1) + " (" + step.title + ") " + name});
                }
            }
            t += step.duration_s;
        }
        const auto run = play_virtual("sweep-" + size + "-" + profile, args);
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        for (const Shot& shot : shots) {
            CAPTURE(shot.what, shot.png);
            check_clip_shot(read_png(shot.png), width, height, layout);
        }
    }
}

}  // namespace

TEST_CASE("Sweep at 1920x1080: no word on the picture, every word on screen", "[integration][screenshots][sweep]") {
    sweep(1920, 1080);
}
TEST_CASE("Sweep at 1280x720: no word on the picture, every word on screen", "[integration][screenshots][sweep]") {
    sweep(1280, 720);
}
TEST_CASE("Sweep at 800x480: no word on the picture, every word on screen", "[integration][screenshots][sweep]") {
    sweep(800, 480);
}

// The words a press brings (EASIER's banner naming the swap, the step tried again after STOP)
// are the longest a clip step shows: they too stay beside the picture, at every size.
TEST_CASE("Sweep after EASIER and STOP: the banner and the swapped step keep off the picture",
          "[integration][screenshots][sweep]") {
    const auto [width, height] = GENERATE(std::pair{1920, 1080}, std::pair{1280, 720}, std::pair{800, 480});
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    CAPTURE(size);
    const ui::ClipLayout layout = ui::lay_out_clip(width, height, 16.0 / 9.0, {});
    const Plan plan = shipped_plan("standard");
    auto start_of = [&](const std::string& segment) {
        double t = 0;
        for (const auto& step : plan.steps) {
            if (step.segment_id == segment) return t;
            t += step.duration_s;
        }
        FAIL("no " << segment << " in the standard class");
        return t;
    };
    const double cat_cow = start_of("cat-cow"), cobra = start_of("cobra");
    // EASIER 5 s into cat-cow; STOP 5 s into cobra, BACK ("try again") 10 s later, then EASIER.
    const fs::path keys = artifacts_dir() / ("sweep-presses-" + size + ".keys");
    std::ofstream(keys) << cat_cow + 5 << " EASIER\n" << cobra + 5 << " STOP\n" << cobra + 15 << " BACK\n"
                        << cobra + 20 << " EASIER\n";
    std::vector<std::string> args{shipped_playlist().string(), "--window", size, "--keys", keys.string()};
    std::vector<Shot> shots;
    struct Moment {
        const char* what;
        double at_s;
        bool banner;  // EASIER's banner is up (for 6 s after the press)
    };
    const Moment moments[] = {{"cat-cow made easier, banner up", cat_cow + 6, true},
                              {"cat-cow made easier, banner going", cat_cow + 10, true},
                              {"cat-cow made easier, later", cat_cow + 20, false},
                              {"cobra tried again after STOP", cobra + 16, false},
                              {"cobra made easier, banner up", cobra + 21, true},
                              {"cobra made easier, banner going", cobra + 25, true}};
    for (const auto& [what, at_s, banner] : moments) {
        const fs::path png = artifacts_dir() / ("sweep-presses-" + size + "-" + std::to_string(shots.size()) + ".png");
        fs::remove(png);
        args.push_back("--screenshot");
        args.push_back(std::to_string(at_s) + ":" + png.string());
        shots.push_back({png, what});
    }
    const auto run = play_virtual("sweep-presses-" + size, args);
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    // The presses did what the shots are meant to show: two swaps by EASIER, one STOP tried again.
    int easier = 0, tried_again = 0;
    for (const auto& e : of_kind(run.events, "step_start")) {
        const std::string change = e.contains("change") && e["change"].is_string() ? e["change"].get<std::string>() : "";
        easier += change == "easier" ? 1 : 0;
        tried_again += change == "tried_again" ? 1 : 0;
    }
    CHECK(easier == 2);
    CHECK(tried_again == 1);
    const ui::Box banner = ui::lay_out_clip(width, height, 16.0 / 9.0, {.notice = true}).notice;
    for (std::size_t i = 0; i < shots.size(); ++i) {
        CAPTURE(shots[i].what, shots[i].png);
        const Image img = read_png(shots[i].png);
        check_clip_shot(img, width, height, layout);
        // ... and the banner is seen in its own place while it is up.
        if (moments[i].banner) CHECK(text_pixels(img, banner) > 200);
    }
}
