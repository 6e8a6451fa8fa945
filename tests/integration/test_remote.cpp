// The remote in a class, played headless in virtual time with --keys scripts: EASIER, STOP
// and the pause screen, judged by the event log and by screenshots' pixels (kept as artifacts
// in tests/integration/artifacts for a person to look at).
#include <algorithm>
#include <fstream>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path key_script(const std::string& name, const std::string& lines) {
    const auto file = artifacts_dir() / (name + ".keys");
    std::ofstream(file) << lines;
    return file;
}

std::vector<json> starts_of(const Run& run, const std::string& segment) {
    std::vector<json> out;
    for (const auto& e : of_kind(run.events, "step_start"))
        if (e.at("segment") == segment) out.push_back(e);
    return out;
}

bool is_amber(const unsigned char* p) { return p[0] > 225 && p[1] > 165 && p[1] < 225 && p[2] < 120; }
bool is_accent(const unsigned char* p) {
    return std::abs(p[0] - 86) < 16 && std::abs(p[1] - 200) < 16 && std::abs(p[2] - 170) < 16;
}

long count(const Image& img, int x, int y, int w, int h, bool (*match)(const unsigned char*)) {
    long n = 0;
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i)
            if (match(&img.rgb[static_cast<std::size_t>((j * img.width + i) * 3)])) ++n;
    return n;
}

// Rows (y) of the screen's centre column that are the pause screen's highlight colour.
std::pair<int, int> accent_band(const Image& img) {
    int top = -1, bottom = -1;
    for (int y = 0; y < img.height; ++y)
        if (is_accent(&img.rgb[static_cast<std::size_t>((y * img.width + img.width / 2 + 300) * 3)])) {
            if (top < 0) top = y;
            bottom = y;
        }
    return {top, bottom};
}

double mean_difference(const Image& a, const Image& b, int x, int y, int w, int h) {
    double sum = 0;
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i)
            for (int c = 0; c < 3; ++c) {
                const auto k = static_cast<std::size_t>((j * a.width + i) * 3 + c);
                sum += std::abs(a.rgb[k] - b.rgb[k]);
            }
    return sum / (3.0 * w * h);
}

// The standard class: cobra runs from 145 s to 187 s (after the card, cat-cow, child's pose
// and their rests); cat-cow from 12 s to 60 s.
constexpr double kCobraStart_s = 145;

}  // namespace

SCENARIO("EASIER during cobra swaps it at once and says why", "[integration][remote][easier]") {
    const auto banner = artifacts_dir() / "easier-banner.png";
    const auto later = artifacts_dir() / "easier-later.png";
    const auto keys = key_script("easier", "150 EASIER\n172 QUIT\n");
    const auto& run = play_virtual_once("remote-easier", {shipped_playlist().string(), "--keys", keys.string(),
                                                          "--screenshot", "152:" + banner.string(),
                                                          "--screenshot", "170:" + later.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);

    THEN("the key, then cobra's end and small-range cobra's start, all at the moment pressed") {
        auto keys_pressed = of_kind(run.events, "key");
        REQUIRE(keys_pressed.size() == 2);  // and QUIT once the banner was judged
        CHECK(keys_pressed[0].at("key") == "EASIER");
        CHECK(keys_pressed[0].at("action") == "easier");
        CHECK(keys_pressed[0].at("t").get<double>() == Approx(150));

        auto cobra = starts_of(run, "cobra");
        REQUIRE(cobra.size() == 2);
        CHECK(cobra[0].at("variant").is_null());
        CHECK(cobra[0].at("t").get<double>() == Approx(kCobraStart_s));
        CHECK(cobra[1].at("variant") == "small-range-cobra");
        CHECK(cobra[1].at("change") == "easier");
        CHECK(cobra[1].at("index") == cobra[0].at("index"));
        CHECK(cobra[1].at("reason") ==
              "Easier: cobra is done within a smaller range: elbows stay bent, rib cage lifts only a little");
        CHECK(cobra[1].at("t").get<double>() == Approx(150));
        bool ended_at_press = false;
        for (const auto& e : of_kind(run.events, "step_end"))
            ended_at_press |= e.at("index") == cobra[0].at("index") && std::abs(e.at("t").get<double>() - 150) < 1e-6;
        CHECK(ended_at_press);
    }
    THEN("from then on the gentler version's cues are said, not cobra's") {
        for (const auto& c : of_kind(run.events, "cue")) {
            const double t = c.at("t");
            if (t > 150 && t < 190) CHECK(c.at("id") != "push-up-gently");
        }
        bool lift = false;
        for (const auto& c : of_kind(run.events, "cue")) lift |= c.at("id") == "lift-a-little";
        CHECK(lift);
    }
    THEN("a notice with the reason shows in the band below the picture, and is gone a few seconds later") {
        const Image now = read_png(banner), after = read_png(later);
        // The notice's amber marker, in the band under the picture (y >= 765 at 1080p,
        // src/ui/class_layout.hpp); then the reason stays in the column, amber, beside it.
        CHECK(count(now, 560, 770, 1360, 290, is_amber) > 800);
        CHECK(count(after, 560, 770, 1360, 290, is_amber) < 100);
        CHECK(count(after, 0, 0, 560, 1060, is_amber) > 1000);
    }
}

SCENARIO("STOP ('it hurts') during cat-cow", "[integration][remote][stop]") {
    GIVEN("STOP at 20 s, then OK on the rest at 25 s") {
        const auto offer = artifacts_dir() / "stop-offer.png";
        const auto keys = key_script("stop-skip", "20 STOP\n25 OK\n");
        const auto& run = play_virtual_once("remote-stop-skip", {shipped_playlist().string(), "--keys", keys.string(),
                                                                 "--screenshot", "22:" + offer.string()});
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        THEN("cat-cow stops at once, a breathing rest takes its place, and OK skips the exercise") {
            auto cat_cow = starts_of(run, "cat-cow");
            REQUIRE(cat_cow.size() == 2);
            CHECK(cat_cow[1].at("kind") == "breathing");
            CHECK(cat_cow[1].at("change") == "stopped");
            CHECK(cat_cow[1].at("reason") == "Stopped: Cat-cow - rest and breathe gently");
            CHECK(cat_cow[1].at("t").get<double>() == Approx(20));
            auto keys_pressed = of_kind(run.events, "key");
            REQUIRE(keys_pressed.size() == 2);
            CHECK(keys_pressed[0].at("action") == "stop");
            CHECK(keys_pressed[1].at("action") == "skip_exercise");
            // The class goes on with the rest that followed cat-cow, at 25 s.
            auto starts = of_kind(run.events, "step_start");
            auto next = std::find_if(starts.begin(), starts.end(), [](auto& e) { return e.at("index") == 2; });
            REQUIRE(next != starts.end());
            CHECK(next->at("t").get<double>() == Approx(25));
            CHECK(of_kind(run.events, "class_end").at(0).at("completed") == true);
        }
        THEN("the rest says aloud when to get help, as it begins: a person in pain may not be looking") {
            auto spoken = of_kind(run.events, "cue_spoken");
            auto advice = std::find_if(spoken.begin(), spoken.end(), [](auto& e) { return e.at("id") == "stop-advice"; });
            REQUIRE(advice != spoken.end());
            CHECK(advice->at("t").get<double>() == Approx(20));
            CHECK(advice->at("length_s").get<double>() > 4);  // the whole sentence, not a chime
        }
        THEN("the rest shows the breathing guide and, in large bright words, what OK and BACK do") {
            const Image img = read_png(offer);
            const auto ground = img.mean(20, 400, 60, 60);
            CHECK(ground[0] + ground[1] + ground[2] < 3 * 60);  // the dark breathing ground
            long bright = 0;
            for (int y = 860; y < 1040; ++y)
                for (int x = 480; x < 1440; ++x) {
                    const auto* p = &img.rgb[static_cast<std::size_t>((y * img.width + x) * 3)];
                    bright += p[0] > 230 && p[1] > 230 && p[2] > 230;
                }
            CHECK(bright > 8000);  // two lines of bold white text
        }
    }
    GIVEN("STOP at 20 s, then BACK at 24 s") {
        const auto keys = key_script("stop-again", "20 STOP\n24 BACK\n30 QUIT\n");
        const auto& run = play_virtual_once("remote-stop-again", {shipped_playlist().string(), "--keys", keys.string()});
        REQUIRE(run.exit_code == 0);
        THEN("cat-cow starts again from its beginning") {
            auto cat_cow = starts_of(run, "cat-cow");
            REQUIRE(cat_cow.size() == 3);
            CHECK(cat_cow[2].at("kind") == "clip");
            CHECK(cat_cow[2].at("change") == "tried_again");
            CHECK(cat_cow[2].at("t").get<double>() == Approx(24));
            CHECK(of_kind(run.events, "key").at(1).at("action") == "try_again");
        }
    }
}

SCENARIO("STOP's rest offers the easier version, by the red button or the pause screen", "[integration][remote][stop]") {
    // The pause screen during the rest: Resume, Restart this step, Skip to next, Easier version.
    const auto [name, script] = GENERATE(table<std::string, std::string>({
        {"red", "20 STOP\n23 EASIER\n30 QUIT\n"},
        {"pause-screen", "20 STOP\n22 MENU\n22.2 DOWN\n22.4 DOWN\n22.6 DOWN\n23 OK\n30 QUIT\n"},
    }));
    GIVEN("STOP in cat-cow, then the easier version chosen " + name) {
        const auto keys = key_script("stop-easier-" + name, script);
        const auto& run = play_virtual_once("remote-stop-easier-" + name, {shipped_playlist().string(), "--keys", keys.string()});
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        THEN("neutral-to-cow takes the rest's place, as 'Easier', and nothing is left to try again") {
            auto cat_cow = starts_of(run, "cat-cow");
            REQUIRE(cat_cow.size() == 3);
            CHECK(cat_cow[1].at("change") == "stopped");
            CHECK(cat_cow[2].at("change") == "easier");
            CHECK(cat_cow[2].at("variant") == "neutral-to-cow");
            CHECK(cat_cow[2].at("reason").get<std::string>().starts_with("Easier: "));
        }
    }
}

SCENARIO("STOP while the voice is describing the exercise cuts it off", "[integration][remote][stop]") {
    GIVEN("STOP at 21 s, halfway through a cat-cow cue (said from 20.5 s for about 2.5 s)") {
        const auto keys = key_script("stop-mid-cue", "21 STOP\n30 QUIT\n");
        const auto& run = play_virtual_once("remote-stop-mid-cue", {shipped_playlist().string(), "--keys", keys.string()});
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        const auto spoken = of_kind(run.events, "cue_spoken");
        const auto in_progress = std::find_if(spoken.begin(), spoken.end(), [](const json& e) {
            const double t = e.at("t").get<double>();
            return t < 21 && t + e.at("length_s").get<double>() > 21;
        });
        REQUIRE(in_progress != spoken.end());  // the premise: a cue is being said at 21 s
        THEN("that cue is cut at 21 s, and nothing more of cat-cow is said") {
            const auto cut = of_kind(run.events, "cue_cut");
            REQUIRE(cut.size() == 1);
            CHECK(cut[0].at("id") == in_progress->at("id"));
            CHECK(cut[0].at("t").get<double>() == Approx(21));
            for (const json& e : spoken) {
                if (e.at("t").get<double>() <= 21) continue;
                const std::string id = e.at("id");
                CHECK(id != "exhale-cat");
                CHECK(id != "inhale-cow");
            }
        }
    }
}

SCENARIO("BACK opens the pause screen, where UP/DOWN and OK choose", "[integration][remote][pause-screen]") {
    GIVEN("BACK at 30 s into the class, once with the highlight left on Resume and once moved down twice") {
        const auto first = artifacts_dir() / "pause-screen.png";
        const auto moved = artifacts_dir() / "pause-screen-skip.png";
        // All at session second 30 (the screenshot is taken after the keys of that moment);
        // then the highlighted choice is taken at 32.
        const auto keys_first = key_script("pause-resume", "30 BACK\n32 OK\n40 QUIT\n");
        const auto keys_moved = key_script("pause-skip", "30 BACK\n30 DOWN\n30 DOWN\n32 OK\n40 QUIT\n");
        const auto& resume = play_virtual_once("remote-pause-resume", {shipped_playlist().string(), "--keys", keys_first.string(),
                                                                       "--screenshot", "30:" + first.string()});
        const auto& skip = play_virtual_once("remote-pause-skip", {shipped_playlist().string(), "--keys", keys_moved.string(),
                                                                   "--screenshot", "30:" + moved.string()});
        REQUIRE(resume.exit_code == 0);
        REQUIRE(skip.exit_code == 0);
        THEN("the class pauses, and OK on Resume resumes it where it was") {
            auto keys = of_kind(resume.events, "key");
            REQUIRE(keys.size() == 3);  // the last is the QUIT that ends the run
            CHECK(keys[0].at("action") == "pause_screen");
            CHECK(keys[1].at("action") == "choose");
            CHECK(keys[1].at("choice") == "resume");
            REQUIRE(of_kind(resume.events, "paused").size() == 1);
            CHECK(of_kind(resume.events, "resumed").at(0).at("t").get<double>() == Approx(30));
            CHECK(starts_of(resume, "cat-cow").size() == 1);  // nothing else changed
        }
        THEN("two DOWNs and OK choose 'Skip to next': cat-cow ends at 30 s") {
            auto keys = of_kind(skip.events, "key");
            REQUIRE(keys.size() == 5);
            CHECK(keys[1].at("action") == "menu_down");
            CHECK(keys[3].at("choice") == "skip_to_next");
            bool ended = false;
            for (const auto& e : of_kind(skip.events, "step_end")) ended |= e.at("index") == 1 && e.at("t") == 30.0;
            CHECK(ended);
        }
        THEN("the screen shows the choices with one highlighted bar, which DOWN moves two rows down") {
            const Image a = read_png(first), b = read_png(moved);
            const auto [a_top, a_bottom] = accent_band(a);
            const auto [b_top, b_bottom] = accent_band(b);
            REQUIRE(a_top > 0);
            REQUIRE(b_top > 0);
            const int row_h = a_bottom - a_top + 1;
            CHECK(row_h > 80);    // a row of large type
            CHECK(row_h < 140);
            CHECK(b_bottom - b_top + 1 == row_h);
            CHECK(b_top - a_top > 2 * row_h);  // two rows (and their gaps) further down
            CHECK(b_top - a_top < 2 * row_h + 60);
            // The ground behind the choices is dark: the picture behind is dimmed away.
            const auto corner = a.mean(20, 500, 100, 100);
            CHECK(corner[0] + corner[1] + corner[2] < 3 * 50);
        }
    }
    GIVEN("'End class' chosen from the pause screen") {
        const auto keys = key_script("pause-end", "30 MENU\n31 DOWN\n31 DOWN\n31 DOWN\n31 DOWN\n31 DOWN\n31 DOWN\n32 OK\n");
        const auto& run = play_virtual_once("remote-pause-end", {shipped_playlist().string(), "--keys", keys.string()});
        REQUIRE(run.exit_code == 0);
        THEN("the class ends there, not completed") {
            CHECK(of_kind(run.events, "key").back().at("choice") == "end_class");
            auto ends = of_kind(run.events, "class_end");
            REQUIRE(ends.size() == 1);
            CHECK(ends[0].at("completed") == false);
            CHECK(ends[0].at("t").get<double>() == Approx(30));
        }
    }
}

TEST_CASE("Captions show each cue's words while it is heard, and can be switched off", "[integration][remote][captions]") {
    // Cat-cow starts at 12 s with "Start on your hands and knees"; at 13 s it is being said.
    const auto with = artifacts_dir() / "caption-on.png";
    const auto without = artifacts_dir() / "caption-off-flag.png";
    const auto from_menu = artifacts_dir() / "caption-off-menu.png";
    // On the safety card: BACK, down to "Turn captions off" (the fourth choice: a card has no
    // easier version), OK, BACK. Each run stops at 16 s: what is judged happens before.
    const auto keys = key_script("captions-off", "5 BACK\n5 DOWN\n5 DOWN\n5 DOWN\n5 OK\n6 BACK\n17 QUIT\n");
    const auto quit = key_script("captions-quit", "16 QUIT\n");
    const auto& on = play_virtual_once("captions-on", {shipped_playlist().string(), "--keys", quit.string(),
                                                       "--screenshot", "13:" + with.string()});
    const auto& off = play_virtual_once("captions-off-flag", {shipped_playlist().string(), "--no-captions", "--keys",
                                                             quit.string(), "--screenshot", "13:" + without.string()});
    const auto& menu = play_virtual_once("captions-off-menu", {shipped_playlist().string(), "--keys", keys.string(),
                                                              "--screenshot", "13:" + from_menu.string()});
    REQUIRE(on.exit_code == 0);
    REQUIRE(off.exit_code == 0);
    REQUIRE(menu.exit_code == 0);

    // The caption's rows are in the band under the picture, under the counters (x >= 616,
    // y 845..949 at 1080p: src/ui/class_layout.hpp); elsewhere the three are the same frame.
    const Image a = read_png(with), b = read_png(without), c = read_png(from_menu);
    const int box_x = 610, box_y = 845, box_w = 600, box_h = 52;  // its first line
    SECTION("with captions the cue's words are on screen; --no-captions leaves the same frame without them") {
        CHECK(mean_difference(a, b, box_x, box_y, box_w, box_h) > 20);
        CHECK(mean_difference(a, b, 600, 100, 1200, 500) < 2);  // the picture: the same
    }
    SECTION("'Turn captions off' on the pause screen does what --no-captions does") {
        auto keys_pressed = of_kind(menu.events, "key");
        REQUIRE(keys_pressed.size() == 7);
        CHECK(keys_pressed[4].at("choice") == "captions");
        auto captions = of_kind(menu.events, "captions");
        REQUIRE(captions.size() == 1);
        CHECK(captions[0].at("on") == false);
        CHECK(mean_difference(b, c, box_x, box_y, box_w, box_h) < 2);
    }
    SECTION("the cue itself is still said and logged") {
        bool said = false;
        for (const auto& e : of_kind(off.events, "cue_spoken")) said |= e.at("id") == "start-hands-knees";
        CHECK(said);
    }
}

TEST_CASE("A bad bindings file is refused before the class starts, naming the file and line", "[integration][remote][bindings]") {
    const auto bindings = artifacts_dir() / "bad-bindings.conf";
    std::ofstream(bindings) << "# remote\ncec:F2_RED EASIER\ncec:F9_PURPLE STOP\n";
    const auto events = artifacts_dir() / "bad-bindings.events.jsonl";
    fs::remove(events);
    auto run = run_classplayer({"play", shipped_playlist().string(), "--headless", "--clock", "virtual", "--bindings",
                                bindings.string(), "--events", events.string()});
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.output, Catch::Contains(bindings.string() + ":3: unknown CEC code \"F9_PURPLE\""));
    CHECK((!fs::exists(events) || fs::file_size(events) == 0));  // nothing played
}
