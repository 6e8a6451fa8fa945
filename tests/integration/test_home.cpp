// The home menu as a person uses it, headless in virtual time: `classplayer home` driven by a
// key script, judged by its event log (the choices, then the class that played) and by
// screenshots of each page, checked by pixels and kept in the artifacts folder to look at.
#include <cstdio>
#include <fstream>
#include <functional>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Rgb {
    int r, g, b;
};
// Colours the home pages are drawn in (src/ui/theme.hpp and home_screen.cpp).
constexpr Rgb accent{86, 200, 170}, amber{255, 196, 77}, plain_tile{58, 78, 100};

// The demo cat-cow clip's wall, as the generator listed it (media/clips/colours.tsv): the
// class's picture in the menu is that clip's first frame.
Rgb demo_clip_colour(const std::string& clip = "cat-cow-round.mp4") {
    std::ifstream in(fs::path(CLASSPLAYER_SOURCE_DIR) / "media/clips/colours.tsv");
    std::string file, hex;
    while (in >> file >> hex) {
        unsigned r = 0, g = 0, b = 0;
        if (fs::path(file).filename() == clip && std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b) == 3)
            return {int(r), int(g), int(b)};
    }
    FAIL("no colour for " << clip << " in media/clips/colours.tsv");
    return {};
}

// Pixels within `tolerance` of `colour` in the rectangle.
long count_near(const Image& img, Rgb colour, int x, int y, int w, int h, int tolerance = 24) {
    long n = 0;
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i) {
            const auto* p = &img.rgb[static_cast<std::size_t>((j * img.width + i) * 3)];
            if (std::abs(p[0] - colour.r) <= tolerance && std::abs(p[1] - colour.g) <= tolerance &&
                std::abs(p[2] - colour.b) <= tolerance)
                ++n;
        }
    return n;
}

// Rows between the first and the last that hold bright (text) pixels, in a band.
int text_height(const Image& img, int x, int y, int w, int h) {
    int first = -1, last = -1;
    for (int j = y; j < y + h; ++j)
        for (int i = x; i < x + w; ++i) {
            const auto* p = &img.rgb[static_cast<std::size_t>((j * img.width + i) * 3)];
            if (p[0] > 230 && p[1] > 230 && p[2] > 230) {
                if (first < 0) first = j;
                last = j;
                break;
            }
        }
    return first < 0 ? 0 : last - first + 1;
}

struct HomeRun {
    Run run;
    fs::path state;
};

// `classplayer home` headless in virtual time with a key script (menu seconds).
HomeRun run_home(const std::string& name, const std::string& keys, std::vector<std::string> args,
                 const std::function<void(const fs::path& state)>& prepare_state = {}) {
    const fs::path dir = artifacts_dir();
    const fs::path events = dir / ("home-" + name + ".events.jsonl"), key_file = dir / ("home-" + name + ".keys");
    const fs::path state = dir / ("home-" + name + "-state");
    fs::remove(events);
    fs::remove_all(state);
    fs::create_directories(state);
    if (prepare_state) prepare_state(state);
    std::ofstream(key_file) << keys;
    for (const std::string& a : std::vector<std::string>{"--headless", "--clock", "virtual", "--keys", key_file.string(),
                                                         "--events", events.string(), "--state-dir", state.string()})
        args.push_back(a);
    args.insert(args.begin(), "home");
    HomeRun out{run_classplayer(args), state};
    std::ifstream in(events);
    for (std::string line; std::getline(in, line);) out.run.events.push_back(json::parse(line));
    return out;
}

fs::path shot(const std::string& name) { return artifacts_dir() / ("home-" + name + ".png"); }

std::string shipped_playlists() { return (fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists").string(); }

// Choose middle-back, tick low bone density, start; the class plays to its end; then quit.
// `name` keeps the files of test cases that ctest runs side by side apart.
HomeRun start_with_low_bone_density(const std::string& name) {
    return run_home(name,
                                        "1 OK        # open middle-back\n"
                                        "2 OK        # tick the first condition: low bone density\n"
                                        "3 RIGHT     # on to the summary\n"
                                        "4 OK        # Start\n"
                                        "5 QUIT      # back in the menu after the class: quit\n",
                                        {"--playlists", shipped_playlists(),
                                         "--screenshot", "0.5:" + shot(name + "-classes").string(),
                                         "--screenshot", "1.5:" + shot(name + "-conditions").string(),
                                         "--screenshot", "2.5:" + shot(name + "-conditions-ticked").string(),
                                         "--screenshot", "3.5:" + shot(name + "-summary").string(),
                                         "--screenshot", "4.5:" + shot(name + "-after-class").string()});
}

}  // namespace

TEST_CASE("Home: choose middle-back with low bone density and start it", "[integration][home]") {
    static const HomeRun home = start_with_low_bone_density("start");  // once for all sections
    const Run& run = home.run;
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const auto& events = run.events;
    REQUIRE(!events.empty());

    SECTION("the keys are logged with what they did on which page") {
        const auto keys = of_kind(events, "key");
        REQUIRE(keys.size() == 5);
        const std::vector<std::pair<std::string, std::string>> expected{
            {"OK", "open"}, {"OK", "toggle"}, {"RIGHT", "continue"}, {"OK", "start"}, {"QUIT", "quit"}};
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(keys[i]["key"] == expected[i].first);
            CHECK(keys[i]["action"] == expected[i].second);
            CHECK(keys[i]["source"] == "script");
        }
        CHECK(keys[3]["page"] == "summary");
    }
    SECTION("the choice, then the class with that condition, its swap, and back to the menu") {
        const auto choices = of_kind(events, "home_choice");
        REQUIRE(choices.size() == 2);
        CHECK(choices[0]["choice"] == "start");
        CHECK(choices[0]["conditions"] == json::array({"low-bone-density"}));
        CHECK(fs::path(choices[0]["playlist"].get<std::string>()).filename() == "middle-back.json");
        CHECK(choices[1]["choice"] == "quit");

        const auto starts = of_kind(events, "class_start");
        REQUIRE(starts.size() == 1);
        CHECK(starts[0]["playlist"] == "middle-back");
        CHECK(starts[0]["conditions"] == json::array({"low-bone-density"}));
        bool swapped = false;
        for (const auto& step : of_kind(events, "step_start"))
            if (step["segment"] == "cat-cow")
                swapped = step["variant"] == "neutral-to-cow" && step["reason"].get<std::string>().starts_with("Low bone density");
        CHECK(swapped);
        const auto ends = of_kind(events, "class_end");
        REQUIRE(ends.size() == 1);
        CHECK(ends[0]["completed"] == true);

        // In order: the menu, the choice, the class, the menu again, the end.
        std::vector<std::string> order;
        for (const auto& e : events)
            if (e["event"] != "key" && e["event"] != "step_start" && e["event"] != "step_end" && e["event"] != "cue" &&
                e["event"] != "cue_spoken" && e["event"] != "screenshot")
                order.push_back(e["event"]);
        CHECK(order == std::vector<std::string>{"home_open", "home_choice", "class_start", "class_end", "summary",
                                                "home_return", "home_open", "home_choice", "home_end"});
    }
    SECTION("the choices are remembered; a finished class leaves nothing to resume") {
        std::ifstream in(home.state / "last-choices.json");
        REQUIRE(in);
        const json last = json::parse(in);
        CHECK(last["conditions"] == json::array({"low-bone-density"}));
        CHECK(fs::path(last["playlist"].get<std::string>()).filename() == "middle-back.json");
        CHECK_FALSE(fs::exists(home.state / "resume.json"));
    }
}

TEST_CASE("Home pages on screen: big, high-contrast, the chosen thing framed", "[integration][home][screenshots]") {
    static const HomeRun home = start_with_low_bone_density("pages");  // once for all sections
    REQUIRE(home.run.exit_code == 0);
    for (const char* name : {"classes", "conditions", "conditions-ticked", "summary", "after-class"})
        REQUIRE(fs::exists(shot(std::string("pages-") + name)));

    SECTION("the class list: a large heading, light on dark, the class's picture, its row framed") {
        const Image img = read_png(shot("pages-classes"));
        REQUIRE(img.width == 1920);
        REQUIRE(img.height == 1080);
        // "Choose a class": capitals over 55 px tall at 1080 lines, white on the dark card colour.
        CHECK(text_height(img, 96, 0, 900, 140) >= 55);
        const auto background = img.mean(0, 0, 60, 60);
        CHECK(background[0] + background[1] + background[2] < 3 * 50);
        // The thumbnail: the first clip's own picture (the demo cat-cow clip's background).
        CHECK(count_near(img, demo_clip_colour(), 100, 140, 420, 400, 12) > 30000);
        // The one class is highlighted with the thick accent frame.
        CHECK(count_near(img, accent, 96, 140, 1728, 400) > 5000);
    }
    SECTION("the checklist: OK fills the first box with a tick") {
        const Image before = read_png(shot("pages-conditions"));
        const Image after = read_png(shot("pages-conditions-ticked"));
        const long box_before = count_near(before, accent, 115, 150, 110, 130);
        const long box_after = count_near(after, accent, 115, 150, 110, 130);
        CHECK(box_after - box_before > 3000);
    }
    SECTION("the summary: the changes in amber, and a filled Start button") {
        const Image img = read_png(shot("pages-summary"));
        CHECK(count_near(img, amber, 96, 140, 1728, 200) > 2000);  // "2 changes for you:"
        CHECK(count_near(img, accent, 1300, 880, 524, 170) > 20000);
    }
    SECTION("after the class, the menu again") {
        const Image img = read_png(shot("pages-after-class"));
        CHECK(count_near(img, demo_clip_colour(), 100, 140, 420, 400, 12) > 30000);
    }
}

TEST_CASE("Home offers an unfinished class first, and OK resumes it at that step", "[integration][home][resume]") {
    const HomeRun home = run_home(
        "resume", "1 OK\n2 QUIT\n", {"--playlists", shipped_playlists(), "--screenshot", "0.5:" + shot("resume").string()},
        [](const fs::path& state) {
            const json point = {{"playlist", (fs::path(shipped_playlists()) / "middle-back.json").string()},
                                {"conditions", {"low-bone-density"}},
                                {"step_index", 3}};
            std::ofstream(state / "resume.json") << point.dump();
        });
    INFO(home.run.output);
    REQUIRE(home.run.exit_code == 0);
    const auto opens = of_kind(home.run.events, "home_open");
    REQUIRE(opens.size() == 2);
    CHECK(opens[0]["page"] == "resume");
    CHECK(opens[0]["resume_offer"] == "Resume Middle back stretch at step 4: Seated reach at a table");
    const auto choices = of_kind(home.run.events, "home_choice");
    REQUIRE(!choices.empty());
    CHECK(choices[0]["choice"] == "resume");
    CHECK(choices[0]["first_step"] == 3);
    const auto starts = of_kind(home.run.events, "class_start");
    REQUIRE(starts.size() == 1);
    CHECK(starts[0]["first_step"] == 3);
    CHECK(starts[0]["conditions"] == json::array({"low-bone-density"}));
    // Finished this time: nothing left to resume, and the menu opens on the class list.
    CHECK_FALSE(fs::exists(home.state / "resume.json"));
    CHECK(opens[1]["page"] == "classes");
    const Image img = read_png(shot("resume"));
    CHECK(count_near(img, demo_clip_colour(), 100, 140, 420, 400, 12) > 30000);
    CHECK(count_near(img, accent, 96, 140, 1728, 300) > 5000);
}

TEST_CASE("Home lists a class with missing media and a broken playlist, each saying what is wrong",
          "[integration][home]") {
    const fs::path folder = artifacts_dir() / "home-broken-playlists";
    fs::remove_all(folder);
    fs::create_directories(folder);
    // A copy of the shipped class away from its media, and a playlist with no segments.
    fs::copy_file(fs::path(shipped_playlists()) / "middle-back.json", folder / "middle-back.json");
    fs::copy_file(fs::path(shipped_playlists()) / "conditions.json", folder / "conditions.json");
    std::ofstream(folder / "unfinished.json")
        << R"({"format": 1, "id": "u", "title": "Unfinished", "media_root": ".", "conditions": "conditions.json"})";

    const HomeRun home = run_home("broken", "1 DOWN\n2 OK\n3 QUIT\n",
                                  {"--playlists", folder.string(), "--screenshot", "0.5:" + shot("broken").string()});
    INFO(home.run.output);
    REQUIRE(home.run.exit_code == 0);
    const auto opens = of_kind(home.run.events, "home_open");
    REQUIRE(opens.size() == 1);
    const json& classes = opens[0]["classes"];
    REQUIRE(classes.size() == 2);
    CHECK(classes[0]["playable"] == true);
    CHECK(classes[0]["problem"].get<std::string>().starts_with("Media missing: "));
    CHECK(classes[1]["playable"] == false);
    CHECK(classes[1]["problem"].get<std::string>().starts_with("Cannot be played: unfinished.json: $"));
    // OK on the broken one starts nothing.
    const auto keys = of_kind(home.run.events, "key");
    REQUIRE(keys.size() == 3);
    CHECK(keys[1]["action"] == "cannot_play");
    CHECK(of_kind(home.run.events, "class_start").empty());

    const Image img = read_png(shot("broken"));
    CHECK(count_near(img, plain_tile, 100, 140, 420, 400, 6) > 30000);  // plain tiles, no picture
    CHECK(count_near(img, amber, 96, 140, 1728, 800) > 3000);           // the problem lines
}

TEST_CASE("Home refuses what it cannot use, naming it", "[integration][home]") {
    SECTION("a playlists folder that is not there") {
        const Run run = run_classplayer({"home", "--headless", "--clock", "virtual", "--playlists", "/nonexistent/classes"});
        CHECK(run.exit_code == 1);
        CHECK(run.output.find("/nonexistent/classes: cannot read the playlists folder") != std::string::npos);
    }
    SECTION("a malformed --screenshot") {
        const Run run = run_classplayer({"home", "--headless", "--screenshot", "soon:menu.png"});
        CHECK(run.exit_code == 2);
        CHECK(run.output.find("--screenshot") != std::string::npos);
    }
}

TEST_CASE("Home says what a class is for, and what the keys do where the highlight is", "[integration][home][screenshots]") {
    // Down four times: from the first condition to Continue.
    const HomeRun home = run_home("hints", "1 OK\n2 DOWN\n2 DOWN\n2 DOWN\n2 DOWN\n4 QUIT\n",
                                  {"--playlists", shipped_playlists(), "--screenshot", "0.5:" + shot("hints-classes").string(),
                                   "--screenshot", "1.5:" + shot("hints-on-condition").string(), "--screenshot",
                                   "3:" + shot("hints-on-continue").string()});
    REQUIRE(home.run.exit_code == 0);
    const Image classes = read_png(shot("hints-classes"));
    const Image on_condition = read_png(shot("hints-on-condition"));
    const Image on_continue = read_png(shot("hints-on-continue"));

    SECTION("the class's row carries the playlist's description under its length") {
        // The row's text column, below the title and "6 min 39 s · 12 steps" (about 300 px down):
        // white words, where before there was only the row's fill.
        CHECK(text_height(classes, 500, 330, 1300, 120) > 30);
    }
    SECTION("the hint changes when Continue is highlighted: OK no longer ticks") {
        // The footer's hint, left of the Continue button (bottom 150 rows, left 1300 columns).
        long unlike = 0;
        for (int y = 930; y < 1060; ++y)
            for (int x = 96; x < 1300; ++x) {
                const auto* a = &on_condition.rgb[static_cast<std::size_t>((y * 1920 + x) * 3)];
                const auto* b = &on_continue.rgb[static_cast<std::size_t>((y * 1920 + x) * 3)];
                if (std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) > 60) ++unlike;
            }
        CHECK(unlike > 500);
    }
}

TEST_CASE("Home: My sessions shows the class just done, this week, on a page of its own", "[integration][home][sessions]") {
    const HomeRun home = run_home("sessions",
                                  "1 OK        # open middle-back\n"
                                  "2 RIGHT     # on to the summary, as written\n"
                                  "3 OK        # Start: the class plays to its end\n"
                                  "4 DOWN      # back in the menu: down to My sessions\n"
                                  "5 OK\n"
                                  "6 BACK\n"
                                  "7 QUIT\n",
                                  {"--playlists", shipped_playlists(), "--screenshot", "4.5:" + shot("sessions-row").string(),
                                   "--screenshot", "5.5:" + shot("sessions").string()});
    INFO(home.run.output);
    REQUIRE(home.run.exit_code == 0);
    const auto pages = of_kind(home.run.events, "my_sessions");
    REQUIRE(pages.size() == 1);
    const auto lines = pages[0]["lines"].get<std::vector<std::string>>();
    REQUIRE(lines.size() >= 5);
    CHECK(lines[0] == "This week: 1 class, finished");
    CHECK(lines[4] == "Last class: today, Middle back stretch, finished");
    // On screen: the page's heading as large as the others', its lines in the body type.
    const Image img = read_png(shot("sessions"));
    CHECK(text_height(img, 96, 0, 900, 140) >= 55);
    CHECK(text_height(img, 96, 200, 1700, 100) >= 30);  // "This week: ..."
    // BACK returned to the class list, on the My sessions row.
    const auto keys = of_kind(home.run.events, "key");
    REQUIRE(keys.size() == 7);
    CHECK(keys[4]["action"] == "my_sessions");
    CHECK(keys[5]["action"] == "back");
    CHECK(keys[5]["page"] == "sessions");
}
