// The home menu as a person walks it with six keys: which page, which row, what got ticked,
// what the summary says, and what the menu decides.
#include <sstream>

#include <catch2/catch.hpp>

#include "home/menu.hpp"

using namespace classplayer;
using namespace classplayer::home;
using input::Key;

namespace {

const Playlist& middle_back() {
    static const Playlist playlist = [] {
        auto loaded = load_playlist(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json", {.require_media = false});
        if (!loaded) FAIL("the shipped playlist does not load:\n" << to_string(loaded.error()));
        return *loaded;
    }();
    return playlist;
}

ClassEntry playable(const std::string& file, const std::string& title) {
    ClassEntry entry;
    entry.file = file;
    entry.title = title;
    entry.playlist = middle_back();
    return entry;
}

ClassEntry unplayable(const std::string& file) {
    ClassEntry entry;
    entry.file = file;
    entry.title = "broken";
    entry.problem = "Cannot be played: " + file + ": $.segments: is missing";
    return entry;
}

// The list a catalog gives: playable classes first. Row 0 is the shipped class.
std::vector<ClassEntry> two_classes() { return {playable("/p/middle-back.json", "Middle back stretch"), unplayable("/p/broken.json")}; }

// "OK DOWN RIGHT" -> the presses, in order; the last one's action is returned.
std::string press_all(Menu& menu, const std::string& keys, Decision* decision = nullptr) {
    std::istringstream words(keys);
    std::string word, action = "none";
    while (words >> word) {
        const auto key = input::key_from_name(word);
        REQUIRE(key);
        const Press press = menu.press(*key);
        action = press.action;
        if (decision) *decision = press.decision;
    }
    return action;
}

}  // namespace

TEST_CASE("Arrows, OK and BACK move through the pages", "[home][menu]") {
    auto [keys, page, row, action] = GENERATE(table<std::string, Page, int, std::string>({
        // The class list: UP/DOWN stop at the ends, LEFT does nothing on the first page.
        {"", Page::Classes, 0, "none"},
        {"UP", Page::Classes, 0, "none"},
        {"DOWN", Page::Classes, 1, "move_down"},
        {"DOWN DOWN", Page::Classes, 1, "none"},
        {"DOWN UP", Page::Classes, 0, "move_up"},
        {"LEFT", Page::Classes, 0, "none"},
        {"DOWN OK", Page::Classes, 1, "cannot_play"},
        {"DOWN RIGHT", Page::Classes, 1, "cannot_play"},
        // Into the conditions checklist (4 conditions, then the Continue row).
        {"OK", Page::Conditions, 0, "open"},
        {"RIGHT", Page::Conditions, 0, "open"},
        {"OK DOWN", Page::Conditions, 1, "move_down"},
        {"OK DOWN DOWN DOWN DOWN", Page::Conditions, 4, "move_down"},
        {"OK DOWN DOWN DOWN DOWN DOWN", Page::Conditions, 4, "none"},
        {"OK BACK", Page::Classes, 0, "back"},
        {"OK LEFT", Page::Classes, 0, "back"},
        // On to the summary: OK on Continue, or RIGHT from any row; BACK lands on Continue.
        {"OK DOWN DOWN DOWN DOWN OK", Page::Summary, 0, "continue"},
        {"OK RIGHT", Page::Summary, 0, "continue"},
        {"OK DOWN RIGHT", Page::Summary, 0, "continue"},
        {"OK RIGHT UP", Page::Summary, 0, "none"},
        {"OK RIGHT BACK", Page::Conditions, 4, "back"},
        {"OK RIGHT LEFT", Page::Conditions, 4, "back"},
        {"OK RIGHT BACK BACK", Page::Classes, 0, "back"},
    }));
    CAPTURE(keys);
    Menu menu(two_classes(), std::nullopt, std::nullopt);
    CHECK(press_all(menu, keys) == action);
    CHECK(menu.page() == page);
    CHECK(menu.selected() == row);
}

TEST_CASE("What the menu decides", "[home][menu]") {
    Menu menu(two_classes(), std::nullopt, std::nullopt);
    Decision decision;
    SECTION("OK on the summary starts the chosen class with the ticked conditions") {
        CHECK(press_all(menu, "OK OK DOWN DOWN DOWN OK RIGHT OK", &decision) == "start");
        CHECK(decision.kind == DecisionKind::Start);
        CHECK(decision.playlist == "/p/middle-back.json");
        CHECK(decision.conditions == std::vector<std::string>{"low-bone-density", "balance"});
        CHECK(decision.first_step == 0);
    }
    SECTION("Nothing ticked starts the class as written") {
        press_all(menu, "OK RIGHT OK", &decision);
        CHECK(decision.kind == DecisionKind::Start);
        CHECK(decision.conditions.empty());
    }
    SECTION("BACK on the class list quits") {
        CHECK(press_all(menu, "BACK", &decision) == "quit");
        CHECK(decision.kind == DecisionKind::Quit);
    }
    SECTION("QUIT quits from any page") {
        const std::string to_page = GENERATE(as<std::string>{}, "", "OK", "OK RIGHT");
        press_all(menu, to_page);
        CHECK(press_all(menu, "QUIT", &decision) == "quit");
        CHECK(decision.kind == DecisionKind::Quit);
    }
    SECTION("Keys that mean nothing in the menu decide nothing") {
        const std::string key = GENERATE(as<std::string>{}, "PLAYPAUSE", "NEXT", "VOLUP", "MENU");
        CHECK(press_all(menu, "OK " + key, &decision) == "none");
        CHECK(decision.kind == DecisionKind::None);
        CHECK(menu.page() == Page::Conditions);
    }
}

TEST_CASE("OK ticks and unticks a condition, and ticks survive going back and forth", "[home][menu]") {
    Menu menu(two_classes(), std::nullopt, std::nullopt);
    press_all(menu, "OK");
    REQUIRE(menu.conditions().size() == 4);
    CHECK(menu.ticked_ids().empty());

    CHECK(press_all(menu, "OK") == "toggle");
    CHECK(menu.ticked(0));
    CHECK(menu.ticked_ids() == std::vector<std::string>{"low-bone-density"});

    SECTION("a second OK unticks") {
        press_all(menu, "OK");
        CHECK_FALSE(menu.ticked(0));
        CHECK(menu.ticked_ids().empty());
    }
    SECTION("ticks come out in the book's order, whatever order they were ticked in") {
        press_all(menu, "DOWN DOWN DOWN OK UP UP OK");
        CHECK(menu.ticked_ids() == std::vector<std::string>{"low-bone-density", "radiating-leg-pain", "balance"});
    }
    SECTION("BACK to the list and OK again keeps them") {
        press_all(menu, "BACK OK");
        CHECK(menu.page() == Page::Conditions);
        CHECK(menu.ticked_ids() == std::vector<std::string>{"low-bone-density"});
    }
    SECTION("OK on Continue goes on instead of ticking") {
        press_all(menu, "DOWN DOWN DOWN DOWN OK");
        CHECK(menu.page() == Page::Summary);
        CHECK(menu.ticked_ids() == std::vector<std::string>{"low-bone-density"});
    }
}

TEST_CASE("The summary counts the changes for you and says each", "[home][menu]") {
    auto [ticks, heading] = GENERATE(table<std::string, std::string>({
        {"", "No changes: the class as written"},
        // Cobra skipped is a card and a breathing rest: one change for the person.
        {"DOWN OK", "1 change for you:"},
        {"OK", "2 changes for you:"},
        {"OK DOWN OK", "3 changes for you:"},
    }));
    CAPTURE(ticks);
    Menu menu(two_classes(), std::nullopt, std::nullopt);
    press_all(menu, "OK " + ticks + " RIGHT");
    REQUIRE(menu.page() == Page::Summary);
    CHECK(menu.changes_heading() == heading);
    REQUIRE(menu.plan());
    // One line per changed segment, in class order, each the planner's own reason.
    std::vector<std::string> expected;
    std::set<std::string> seen;
    for (const auto& step : menu.plan()->steps)
        if (step.reason && seen.insert(step.segment_id).second) expected.push_back(*step.reason);
    CHECK(menu.changes() == expected);
    if (ticks == "OK") {
        CHECK(menu.changes()[0].starts_with("Low bone density: cat-cow becomes neutral-to-cow"));
        CHECK(menu.changes()[1].starts_with("Low bone density: child's pose becomes"));
    }
}

TEST_CASE("The menu opens where the person left it", "[home][menu]") {
    std::vector<ClassEntry> classes{playable("/p/a.json", "Another class"), playable("/p/middle-back.json", "Middle back stretch")};
    SECTION("on the class chosen last, with its conditions ticked again") {
        Menu menu(classes, Choices{"/p/middle-back.json", {"balance", "low-bone-density"}}, std::nullopt);
        CHECK(menu.page() == Page::Classes);
        CHECK(menu.selected() == 1);
        press_all(menu, "OK");
        CHECK(menu.chosen_class()->file == "/p/middle-back.json");
        CHECK(menu.ticked_ids() == std::vector<std::string>{"low-bone-density", "balance"});
        SECTION("another class starts with nothing ticked") {
            press_all(menu, "BACK UP OK");
            CHECK(menu.chosen_class()->file == "/p/a.json");
            CHECK(menu.ticked_ids().empty());
        }
    }
    SECTION("a condition the class no longer knows is not ticked") {
        Menu menu(classes, Choices{"/p/middle-back.json", {"gone", "balance"}}, std::nullopt);
        press_all(menu, "OK");
        CHECK(menu.ticked_ids() == std::vector<std::string>{"balance"});
    }
    SECTION("a class that is no longer there: the top of the list") {
        Menu menu(classes, Choices{"/p/removed.json", {"balance"}}, std::nullopt);
        CHECK(menu.selected() == 0);
    }
}

SCENARIO("A class stopped part-way is offered first, to resume", "[home][menu]") {
    GIVEN("the resume point of middle-back for low bone density at its 4th step") {
        const ResumeOffer offer{"/p/middle-back.json", {"low-bone-density"}, 3, {"easier"}};
        Menu menu(two_classes(), std::nullopt, offer);
        THEN("the menu opens on the offer, naming the class, the step and its title") {
            CHECK(menu.page() == Page::Resume);
            CHECK(menu.selected() == 0);
            CHECK(menu.resume_line() == "Resume Middle back stretch at step 4: Seated reach at a table");
            CHECK(menu.resume_for() == "For: Low bone density");
        }
        WHEN("OK is pressed") {
            Decision decision;
            CHECK(press_all(menu, "OK", &decision) == "resume");
            THEN("it resumes that class, those conditions, at that step") {
                CHECK(decision.kind == DecisionKind::Resume);
                CHECK(decision.playlist == "/p/middle-back.json");
                CHECK(decision.conditions == std::vector<std::string>{"low-bone-density"});
                CHECK(decision.first_step == 3);
                AND_THEN("made easier again, as it was before the class stopped") {
                    CHECK(decision.first_step_changes == std::vector<std::string>{"easier"});
                }
            }
        }
        WHEN("the person would rather choose") {
            const std::string keys = GENERATE(as<std::string>{}, "DOWN OK", "DOWN RIGHT", "BACK");
            press_all(menu, keys);
            THEN("the class list shows") { CHECK(menu.page() == Page::Classes); }
        }
    }
    GIVEN("a resume point that no longer fits") {
        auto [offer, why] = GENERATE(table<ResumeOffer, std::string>({
            {{"/p/removed.json", {}, 3, {}}, "the class is gone"},
            {{"/p/broken.json", {}, 3, {}}, "the class cannot be played"},
            {{"/p/middle-back.json", {}, 40, {}}, "the step is past the end"},
            {{"/p/middle-back.json", {"unknown-condition"}, 3, {}}, "a condition is unknown"},
        }));
        CAPTURE(why);
        Menu menu(two_classes(), std::nullopt, offer);
        THEN("no offer: the class list") {
            CHECK_FALSE(menu.has_resume_offer());
            CHECK(menu.page() == Page::Classes);
        }
    }
}

TEST_CASE("An empty playlists folder: nothing to choose, BACK still quits", "[home][menu]") {
    Menu menu({}, Choices{"/p/middle-back.json", {}}, ResumeOffer{"/p/middle-back.json", {}, 2, {}});
    CHECK(menu.page() == Page::Classes);
    CHECK(menu.row_count() == 0);
    CHECK(press_all(menu, "DOWN") == "none");
    CHECK(press_all(menu, "UP") == "none");
    CHECK(press_all(menu, "OK") == "none");
    CHECK(menu.chosen_class() == nullptr);
    Decision decision;
    CHECK(press_all(menu, "BACK", &decision) == "quit");
    CHECK(decision.kind == DecisionKind::Quit);
}

TEST_CASE("My sessions: the row after the classes opens the last four weeks, BACK returns", "[home][menu][sessions]") {
    const std::vector<std::string> weeks{"This week: 2 classes, both finished", "Last week: none"};
    auto [keys, page, row, action] = GENERATE(table<std::string, Page, int, std::string>({
        {"DOWN DOWN", Page::Classes, 2, "move_down"},
        {"DOWN DOWN DOWN", Page::Classes, 2, "none"},
        {"DOWN DOWN OK", Page::Sessions, 0, "my_sessions"},
        {"DOWN DOWN RIGHT", Page::Sessions, 0, "my_sessions"},
        {"DOWN DOWN OK OK", Page::Sessions, 0, "none"},  // nothing to choose there
        {"DOWN DOWN OK DOWN", Page::Sessions, 0, "none"},
        {"DOWN DOWN OK BACK", Page::Classes, 2, "back"},
        {"DOWN DOWN OK LEFT", Page::Classes, 2, "back"},
        {"DOWN DOWN OK BACK UP UP OK", Page::Conditions, 0, "open"},  // the classes are still there
    }));
    CAPTURE(keys);
    Menu menu(two_classes(), std::nullopt, std::nullopt, weeks);
    CHECK(menu.sessions_row() == 2);
    CHECK(press_all(menu, keys) == action);
    CHECK(menu.page() == page);
    CHECK(menu.selected() == row);
    CHECK(menu.my_sessions() == weeks);
}

TEST_CASE("Without a record to show, the class list has no My sessions row", "[home][menu][sessions]") {
    Menu menu(two_classes(), std::nullopt, std::nullopt);
    CHECK(menu.sessions_row() == -1);
    CHECK(press_all(menu, "DOWN DOWN OK") == "cannot_play");
    CHECK(menu.page() == Page::Classes);
}
