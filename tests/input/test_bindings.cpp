// Bindings as data: the built-in table, a bindings file's lines, and SDL's keyboard and
// controller events turned into remote keys. HDMI-CEC codes are mapped here too; the libcec
// adapter itself needs a CEC-capable HDMI port and a TV, so it is only exercised by the
// hidden [.cec] test below, run by hand on such a setup.
#include <SDL.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "input/bindings.hpp"
#include "input/remote_input.hpp"
#include "input/sdl_keys.hpp"

using namespace classplayer::input;

namespace {

SDL_Event key_down(SDL_Keycode sym, bool repeat = false) {
    SDL_Event e{};
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = sym;
    e.key.repeat = repeat ? 1 : 0;
    return e;
}

SDL_Event button_down(SDL_GameControllerButton button) {
    SDL_Event e{};
    e.type = SDL_CONTROLLERBUTTONDOWN;
    e.cbutton.button = static_cast<Uint8>(button);
    return e;
}

}  // namespace

TEST_CASE("Keyboard keys, media keys and controller buttons map to remote keys", "[input][bindings]") {
    using Row = std::tuple<SDL_Keycode, std::string>;
    auto [sym, expected] = GENERATE(table<SDL_Keycode, std::string>({
        // arrows, Enter, Escape/Backspace, Space
        Row{SDLK_UP, "UP"}, Row{SDLK_DOWN, "DOWN"}, Row{SDLK_LEFT, "LEFT"}, Row{SDLK_RIGHT, "RIGHT"},
        Row{SDLK_RETURN, "OK"}, Row{SDLK_KP_ENTER, "OK"},
        Row{SDLK_ESCAPE, "BACK"}, Row{SDLK_BACKSPACE, "BACK"}, Row{SDLK_AC_BACK, "BACK"},
        Row{SDLK_SPACE, "PLAYPAUSE"},
        // media keys of USB and Bluetooth remotes
        Row{SDLK_AUDIOPLAY, "PLAYPAUSE"}, Row{SDLK_AUDIONEXT, "NEXT"}, Row{SDLK_AUDIOPREV, "PREV"},
        Row{SDLK_VOLUMEUP, "VOLUP"}, Row{SDLK_VOLUMEDOWN, "VOLDOWN"}, Row{SDLK_MENU, "MENU"},
        // letters
        Row{SDLK_e, "EASIER"}, Row{SDLK_s, "STOP"}, Row{SDLK_q, "QUIT"}, Row{SDLK_n, "NEXT"},
    }));
    CAPTURE(SDL_GetKeyName(sym));
    auto key = key_from_sdl(key_down(sym));
    REQUIRE(key);
    CHECK(to_string(*key) == expected);

    SECTION("an auto-repeat is not a second press") { CHECK_FALSE(key_from_sdl(key_down(sym, true))); }
}

TEST_CASE("Game controller buttons map through the same bindings", "[input][bindings]") {
    const auto& b = Bindings::defaults();
    CHECK(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_A), b)->key == Key::Ok);
    CHECK(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_B), b)->key == Key::Back);
    CHECK(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_DPAD_RIGHT), b)->key == Key::Right);
    CHECK(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_X), b)->key == Key::Easier);
    CHECK(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_Y), b)->key == Key::Stop);
    CHECK(std::string(press_from_sdl(button_down(SDL_CONTROLLER_BUTTON_A), b)->source) == "controller");
    CHECK_FALSE(press_from_sdl(key_down(SDLK_F7), b));  // an unbound key is nothing
}

TEST_CASE("HDMI-CEC user control codes map to remote keys", "[input][bindings][cec]") {
    using Row = std::tuple<std::string, int, std::string>;
    auto [name, code, expected] = GENERATE(table<std::string, int, std::string>({
        Row{"F2_RED", 0x72, "EASIER"},  // the red button: easier
        Row{"F1_BLUE", 0x71, "STOP"},   // the blue button: it hurts
        Row{"SELECT", 0x00, "OK"},
        Row{"UP", 0x01, "UP"},
        Row{"RIGHT", 0x04, "RIGHT"},
        Row{"EXIT", 0x0D, "BACK"},
        Row{"AN_RETURN", 0x91, "BACK"},
        Row{"ROOT_MENU", 0x09, "MENU"},
        Row{"PLAY", 0x44, "PLAYPAUSE"},
        Row{"PAUSE", 0x46, "PLAYPAUSE"},
        Row{"FORWARD", 0x4B, "NEXT"},
        Row{"BACKWARD", 0x4C, "PREV"},
    }));
    CAPTURE(name);
    CHECK(cec_code_from_name(name) == code);
    CHECK(cec_code_name(code) == name);
    auto key = Bindings::defaults().cec(code);
    REQUIRE(key);
    CHECK(to_string(*key) == expected);
    SECTION("the green and yellow buttons are free for a bindings file") {
        CHECK_FALSE(Bindings::defaults().cec(0x73));
        CHECK_FALSE(Bindings::defaults().cec(0x74));
    }
}

TEST_CASE("A bindings file changes the defaults line by line", "[input][bindings]") {
    SECTION("rebinding, adding, ignoring; names with spaces; comments; any case") {
        auto b = Bindings::parse("# kiosk remote\n"
                                 "cec:F3_GREEN  OK\n"
                                 "cec:0x74 menu      # yellow\n"
                                 "key:Q ignore\n"
                                 "key:Keypad 5  EASIER\n"
                                 "pad:X STOP\n"
                                 "\n",
                                 "kiosk.conf");
        REQUIRE(b);
        CHECK(b->cec(0x73) == Key::Ok);
        CHECK(b->cec(0x74) == Key::Menu);
        CHECK_FALSE(b->keyboard("Q"));
        CHECK(b->keyboard("Keypad 5") == Key::Easier);
        CHECK(b->controller("x") == Key::Stop);
        CHECK(b->keyboard("Return") == Key::Ok);  // the defaults stay
        CHECK(b->cec(0x72) == Key::Easier);
    }
    SECTION("every bad line names the file and the line") {
        using Row = std::tuple<std::string, std::string>;
        auto [text, message] = GENERATE(table<std::string, std::string>({
            Row{"key:E\n", "b.conf:1: \"key:E\" needs a remote key after it"},
            Row{"\nE EASIER\n", "b.conf:2: \"E\" names no source"},
            Row{"key:E JUMP\n", "b.conf:1: unknown remote key \"JUMP\""},
            Row{"key:Enterr OK\n", "b.conf:1: unknown keyboard key \"Enterr\""},
            Row{"pad:z OK\n", "b.conf:1: unknown controller button \"z\""},
            Row{"cec:F9_PURPLE OK\n", "b.conf:1: unknown CEC code \"F9_PURPLE\""},
            Row{"ir:POWER OK\n", "b.conf:1: unknown source \"ir\""},
            Row{"key: OK\n", "b.conf:1: \"key:\" has no key name"},
        }));
        CAPTURE(text);
        auto b = Bindings::parse(text, "b.conf");
        REQUIRE_FALSE(b);
        CHECK_THAT(b.error(), Catch::StartsWith(message));
    }
    SECTION("the built-in table is itself a valid bindings file") {
        CHECK(Bindings::parse(default_bindings_text(), "defaults"));
    }
}

TEST_CASE("What a key does depends on the screen", "[input][actions]") {
    using Row = std::tuple<std::string, Context, Action>;
    auto [name, context, action] = GENERATE(table<std::string, Context, Action>({
        // during the class
        Row{"OK", Context::Playing, Action::PauseToggle},
        Row{"BACK", Context::Playing, Action::OpenPauseScreen},
        Row{"MENU", Context::Playing, Action::OpenPauseScreen},
        Row{"EASIER", Context::Playing, Action::Easier},
        Row{"STOP", Context::Playing, Action::Stop},
        Row{"UP", Context::Playing, Action::VolumeUp},
        // on the pause screen: the arrows move, OK chooses, BACK resumes, volume keys still work
        Row{"UP", Context::PauseScreen, Action::MenuUp},
        Row{"DOWN", Context::PauseScreen, Action::MenuDown},
        Row{"OK", Context::PauseScreen, Action::MenuChoose},
        Row{"BACK", Context::PauseScreen, Action::Resume},
        Row{"PLAYPAUSE", Context::PauseScreen, Action::Resume},
        Row{"RIGHT", Context::PauseScreen, Action::None},
        Row{"VOLUP", Context::PauseScreen, Action::VolumeUp},
        // the rest after STOP: OK skips the exercise, BACK tries it again, the rest as usual
        Row{"OK", Context::StopOffer, Action::SkipExercise},
        Row{"BACK", Context::StopOffer, Action::TryAgain},
        Row{"PLAYPAUSE", Context::StopOffer, Action::PauseToggle},
        Row{"RIGHT", Context::StopOffer, Action::NextStep},
    }));
    CAPTURE(name, to_string(action));
    auto key = key_from_name(name);
    REQUIRE(key);
    CHECK(class_action(*key, context) == action);
}

// Needs an HDMI-CEC adapter (a Raspberry Pi's HDMI port, or a Pulse-Eight USB adapter) and a
// TV: run by hand with `input_tests "[.cec]"`, then press the TV remote's red button.
TEST_CASE("A TV remote's red button arrives through HDMI-CEC as EASIER", "[.cec]") {
    REQUIRE(SDL_Init(SDL_INIT_EVENTS) == 0);
    {
        RemoteInput remote(Bindings::defaults(), true);
        std::optional<Press> got;
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        SDL_Event e;
        while (!got && std::chrono::steady_clock::now() < until)
            if (SDL_WaitEventTimeout(&e, 500)) got = remote.on_event(e);
        REQUIRE(got);
        CHECK(std::string(got->source) == "cec");
        CHECK(got->key == Key::Easier);
    }
    SDL_Quit();
}
