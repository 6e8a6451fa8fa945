#include "app/last_choices.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "app/atomic_file.hpp"

namespace classplayer::app {

std::optional<home::Choices> LastChoicesStore::load(std::string* problem) const {
    std::ifstream in(file());
    if (!in) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(in);
        return home::Choices{j.at("playlist").get<std::string>(), j.at("conditions").get<std::vector<std::string>>()};
    } catch (const std::exception& e) {
        if (problem) *problem = file().string() + ": unreadable last choices, the menu starts fresh: " + e.what();
        return std::nullopt;
    }
}

bool LastChoicesStore::save(const home::Choices& choices, std::string* error) const {
    const nlohmann::json j = {{"playlist", choices.playlist.string()}, {"conditions", choices.conditions}};
    return write_file_atomically(dir_, file().filename().string(), j.dump(2) + "\n", error);
}

}  // namespace classplayer::app
