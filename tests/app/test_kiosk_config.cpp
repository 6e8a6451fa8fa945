// The kiosk config file: what a technician writes in /etc/classplayer/kiosk.json.
#include <fstream>

#include <catch2/catch.hpp>

#include "app/kiosk_config.hpp"
#include "playback/next_up.hpp"

using namespace classplayer::app;
namespace fs = std::filesystem;

namespace {

fs::path write_config(const std::string& name, const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / "classplayer-kiosk-config-test";
    fs::create_directories(dir);
    const fs::path file = dir / name;
    std::ofstream(file) << text;
    return file;
}

}  // namespace

TEST_CASE("Kiosk config: a full file is read", "[kiosk][config]") {
    const auto file = write_config("full.json", R"({
        "playlists": ["classes/a.json", "/srv/b.json"],
        "conditions": ["balance", "no-floor"],
        "attract": {"title": "Waiting room class", "lines": ["Join in"], "seconds": 12},
        "unlock": {"hold_back_s": 3, "code": ["LEFT", "RIGHT", "OK"], "within_s": 8},
        "resume": false, "hwdec": "v4l2m2m", "max_height": 720, "loops": 2
    })");
    auto config = load_kiosk_config(file);
    REQUIRE(config);
    REQUIRE(config->playlists.size() == 2);
    CHECK(config->playlists[0] == file.parent_path() / "classes/a.json");  // relative to the config file
    CHECK(config->playlists[1] == "/srv/b.json");
    CHECK(config->conditions == std::vector<std::string>{"balance", "no-floor"});
    CHECK(config->attract_title == "Waiting room class");
    CHECK(config->attract_s == 12);
    CHECK(config->unlock.hold_s == 3);
    CHECK(config->unlock.code == std::vector<classplayer::input::Key>{classplayer::input::Key::Left,
                                                                      classplayer::input::Key::Right,
                                                                      classplayer::input::Key::Ok});
    CHECK(config->unlock.code_within_s == 8);
    CHECK_FALSE(config->resume);
    CHECK(config->hwdec == "v4l2m2m");
    CHECK(config->max_height == 720);
    CHECK(config->loops == 2);
}

TEST_CASE("Kiosk config: mistakes name the file and the field", "[kiosk][config]") {
    struct Case {
        const char* text;
        const char* message;  // expected in the error, after "FILE: "
    };
    const Case c = GENERATE(values<Case>({
        {R"({})", "$.playlists"},
        {R"({"playlists": []})", "$.playlists: needs at least one playlist"},
        {R"({"playlists": ["a.json"], "unlock": {"code": ["UP", "JUMP"]}})", "$.unlock.code: unknown key \"JUMP\""},
        {R"({"playlists": ["a.json"], "unlock": {"code": ["UP"]}})", "$.unlock.code: needs at least two keys"},
        {R"({"playlists": ["a.json"], "attract": {"seconds": 0}})", "$.attract.seconds: must be between 1 and 3600"},
        {R"({"playlists": ["a.json"], "attract": {"lines": ["1", "2", "3", "4", "5", "6", "7", "8", "9"]}})",
         "$.attract.lines: a card shows at most 8 paragraphs, not 9"},
        {R"({"playlists": ["a.json"], "loops": -1})", "$.loops: must be 0"},
        {R"({"playlists": ["a.json"], "max_heigth": 720})", "max_heigth"},
        {R"({"playlists": ["a.json"], "resume": "yes"})", "$.resume"},
        {R"({"playlists": ["a.json"],)", "kiosk.json"},
    }));
    CAPTURE(c.text);
    const auto file = write_config("kiosk.json", c.text);
    auto config = load_kiosk_config(file);
    REQUIRE_FALSE(config);
    CHECK_THAT(config.error(), Catch::Contains(file.string()));
    CHECK_THAT(config.error(), Catch::Contains(c.message));
}

TEST_CASE("Kiosk config: found beside the binary first", "[kiosk][config]") {
    const fs::path dir = fs::temp_directory_path() / "classplayer-kiosk-find-test";
    fs::create_directories(dir);
    fs::remove(dir / "kiosk.json");
    const fs::path beside = find_kiosk_config(dir / "classplayer");
    CHECK(beside != dir / "kiosk.json");  // not there yet: /etc/classplayer/kiosk.json or nothing
    std::ofstream(dir / "kiosk.json") << "{}";
    CHECK(find_kiosk_config(dir / "classplayer") == dir / "kiosk.json");
}

TEST_CASE("Kiosk attract card: says once what comes next, by the class's name", "[kiosk][config]") {
    classplayer::app::KioskConfig config;
    const classplayer::Step card = classplayer::app::attract_card(config, "Middle back stretch");
    int next_lines = 0;
    for (const auto& line : card.lines) next_lines += line.starts_with("Next: ") ? 1 : 0;
    CHECK(next_lines == 1);
    CHECK(card.lines.back() == "Next: Middle back stretch");
    // ... so the screen adds no second "Next:" line naming the class's first step.
    CHECK(classplayer::says_what_is_next(card));
    classplayer::Step rest;
    rest.kind = classplayer::StepKind::Breathing;
    CHECK_FALSE(classplayer::says_what_is_next(rest));
}
