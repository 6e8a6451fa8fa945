#include "app/resume_state.hpp"

#include "app/atomic_file.hpp"
#include "class/text_file.hpp"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace classplayer::app {

namespace fs = std::filesystem;

fs::path ResumeStore::default_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return fs::path(state) / "classplayer";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/state/classplayer";
    return fs::temp_directory_path() / "classplayer";
}

std::optional<ResumePoint> ResumeStore::load(std::string* problem) const {
    // A missing file is no resume state; anything else that is not a small regular file (a FIFO
    // would block open() for ever) is said, and the class starts from the beginning.
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(file(), ec))) return std::nullopt;
    auto text = read_small_file(file());
    if (!text) {
        if (problem) *problem = file().string() + ": unreadable resume state, starting from the beginning: " + text.error();
        return std::nullopt;
    }
    try {
        const auto j = nlohmann::json::parse(*text);
        ResumePoint p;
        p.playlist = j.at("playlist").get<std::string>();
        p.conditions = j.at("conditions").get<std::vector<std::string>>();
        p.step_index = j.at("step_index").get<int>();
        if (p.step_index < 0) throw std::out_of_range("step_index is negative");
        p.position_s = j.value("position_s", 0.0);  // absent in files from before it was kept
        p.changes = j.value("changes", std::vector<std::string>{});
        for (const std::string& change : p.changes)
            if (change != "easier" && change != "stopped" && change != "tried_again")
                throw std::out_of_range("changes: '" + change + "' is not easier, stopped or tried_again");
        return p;
    } catch (const std::exception& e) {
        if (problem) *problem = file().string() + ": unreadable resume state, starting from the beginning: " + e.what();
        return std::nullopt;
    }
}

bool ResumeStore::save(const ResumePoint& point, std::string* error) const {
    const nlohmann::json j = {{"playlist", point.playlist.string()},
                              {"conditions", point.conditions},
                              {"step_index", point.step_index},
                              {"position_s", std::round(point.position_s * 1000) / 1000},
                              {"changes", point.changes}};
    return write_file_atomically(dir_, file().filename().string(), j.dump(2) + "\n", error);
}

std::function<void(int, std::string_view)> keep_place(std::shared_ptr<ResumeStore> store, fs::path playlist,
                                                     std::vector<std::string> conditions) {
    auto point = std::make_shared<ResumePoint>(ResumePoint{std::move(playlist), std::move(conditions), 0, 0.0, {}});
    return [store = std::move(store), point](int step_index, std::string_view change) {
        if (change.empty() || step_index != point->step_index) point->changes.clear();
        if (!change.empty()) point->changes.emplace_back(change);
        point->step_index = step_index;
        std::string error;
        if (!store->save(*point, &error)) spdlog::warn("resume state not saved (the class goes on): {}", error);
    };
}

void ResumeStore::clear() const {
    std::error_code ec;
    fs::remove(file(), ec);
}

}  // namespace classplayer::app
