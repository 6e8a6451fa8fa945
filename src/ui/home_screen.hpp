#pragma once
// Draws the home menu (src/home's Menu) on the same Screen the class plays on, so starting a
// class never closes and reopens the window. Big type (48 px and up at 1080 lines), light
// text on the card colour, one thick accent frame around whatever OK would act on.
// Thumbnails: the first picture of each class's first clip, decoded once through the media
// layer, scaled into a small texture and kept for as long as the HomeScreen lives.
// Main thread only (the thread that owns the Screen).
#include <expected>
#include <filesystem>
#include <memory>
#include <string>

#include "home/menu.hpp"
#include "ui/screen.hpp"

namespace classplayer::ui {

class HomeScreen {
public:
    // `screen` is borrowed and must outlive the HomeScreen.
    static std::expected<std::unique_ptr<HomeScreen>, std::string> create(
        Screen& screen, const std::filesystem::path& font_dir = "/usr/share/fonts/truetype/dejavu");
    ~HomeScreen();
    HomeScreen(const HomeScreen&) = delete;
    HomeScreen& operator=(const HomeScreen&) = delete;

    // Clears the screen and draws the menu's current page; the caller presents (or saves a
    // screenshot first) through the Screen. now_s ages cached text (menu seconds).
    void draw(const home::Menu& menu, double now_s);

    // Thumbnails decoded so far, including the ones that failed (a plain tile is shown).
    std::size_t thumbnail_count() const;

private:
    struct Parts;
    explicit HomeScreen(std::unique_ptr<Parts>);
    std::unique_ptr<Parts> parts_;
};

}  // namespace classplayer::ui
