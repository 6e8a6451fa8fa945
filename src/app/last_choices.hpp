#pragma once
// The home menu's last choices (which class, which conditions), kept beside the resume state
// so the menu opens where the person left it. Saved atomically, like the resume state.
#include <filesystem>
#include <optional>
#include <string>

#include "home/menu.hpp"

namespace classplayer::app {

class LastChoicesStore {
public:
    explicit LastChoicesStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path file() const { return dir_ / "last-choices.json"; }
    // None when nothing was chosen yet; a damaged file is reported in *problem and ignored.
    std::optional<home::Choices> load(std::string* problem = nullptr) const;
    bool save(const home::Choices& choices, std::string* error) const;

private:
    std::filesystem::path dir_;
};

}  // namespace classplayer::app
