#include <catch2/catch.hpp>

#include "input/keys.hpp"

using namespace classplayer::input;

TEST_CASE("Remote keys map to class actions", "[input]") {
    using Row = std::tuple<std::string, Action>;
    auto [name, action] = GENERATE(table<std::string, Action>({
        Row{"PLAYPAUSE", Action::PauseToggle},
        Row{"ok", Action::PauseToggle},
        Row{"RIGHT", Action::NextStep},
        Row{"NEXT", Action::NextStep},
        Row{"LEFT", Action::PreviousStep},
        Row{"RESTART", Action::RestartStep},
        Row{"VOLUP", Action::VolumeUp},
        Row{"QUIT", Action::Quit},
        Row{"BACK", Action::OpenPauseScreen},
        Row{"EASIER", Action::Easier},
        Row{"STOP", Action::Stop},
    }));
    CAPTURE(name);
    auto key = key_from_name(name);
    REQUIRE(key);
    CHECK(class_action(*key) == action);
}

TEST_CASE("A key script is read as timed presses", "[input][keys-script]") {
    SECTION("well formed, with comments and out-of-order lines") {
        auto presses = parse_key_script("# pause for a bit\n30 PLAYPAUSE\n\n12.5 next  # skip the card\n40 playpause\n", "k.txt");
        REQUIRE(presses);
        REQUIRE(presses->size() == 3);
        CHECK((*presses)[0].at_s == Approx(12.5));
        CHECK((*presses)[0].key == Key::Next);
        CHECK((*presses)[2].at_s == Approx(40));
    }
    SECTION("a bad time names the file and line") {
        auto presses = parse_key_script("1 OK\nsoon NEXT\n", "k.txt");
        REQUIRE_FALSE(presses);
        CHECK_THAT(presses.error(), Catch::StartsWith("k.txt:2: \"soon\" is not a time"));
    }
    SECTION("an unknown key lists the known ones") {
        auto presses = parse_key_script("3 JUMP\n", "k.txt");
        REQUIRE_FALSE(presses);
        CHECK_THAT(presses.error(), Catch::Contains("k.txt:1: unknown key \"JUMP\""));
        CHECK_THAT(presses.error(), Catch::Contains("PLAYPAUSE"));
    }
    SECTION("a missing key, a negative time, trailing words") {
        CHECK_FALSE(parse_key_script("3\n", "k.txt"));
        CHECK_FALSE(parse_key_script("-1 OK\n", "k.txt"));
        CHECK_FALSE(parse_key_script("1 OK NOW\n", "k.txt"));
        CHECK_FALSE(parse_key_script("nan OK\n", "k.txt"));
    }
}
