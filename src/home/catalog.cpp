#include "home/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "class/planner.hpp"

namespace classplayer::home {

namespace fs = std::filesystem;

// The classes' data sits beside the playlists that name it: a condition book (conditions.json,
// a "conditions" array) and the motion rules (motion-rules.json, a "rules" array), neither with
// "segments". Anything that does not parse is treated as a playlist, so its error is shown
// rather than the file silently left out.
bool is_class_data(const fs::path& file) {
    std::ifstream in(file);
    const auto j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || j.contains("segments")) return false;
    return (j.contains("conditions") && j["conditions"].is_array()) || (j.contains("rules") && j["rules"].is_array());
}

namespace {

std::string relative_to_media(const fs::path& file, const fs::path& root) {
    const fs::path rel = file.lexically_relative(root);
    return rel.empty() || rel.native().starts_with("..") ? file.string() : rel.string();
}

ClassEntry entry_for(const fs::path& file) {
    ClassEntry entry;
    entry.file = file;
    entry.title = file.stem().string();
    // Media is checked here, not by the loader, so a class with missing clips still lists.
    auto playlist = load_playlist(file, {.require_media = false});
    if (!playlist) {
        const Problem& first = playlist.error().front();
        // The file by its name: the folder is the one the menu reads, and a long path would
        // push the JSON path and the reason off a TV screen.
        const fs::path named = first.file.empty() ? file : fs::path(first.file);
        entry.problem = "Cannot be played: " + named.filename().string() + ": " +
                        (first.json_path.empty() ? std::string("$") : first.json_path) + ": " + first.message;
        if (playlist.error().size() > 1)
            entry.problem += " (and " + std::to_string(playlist.error().size() - 1) + " more)";
        return entry;
    }
    entry.title = playlist->title;
    entry.description = playlist->description;
    if (auto as_written = make_plan(*playlist, {})) {
        entry.length_s = as_written->total_s;
        entry.step_count = static_cast<int>(as_written->steps.size());
    }
    for (const auto& segment : playlist->segments)
        if (segment.media) {
            entry.first_clip = segment.media->clip;
            break;
        }
    std::vector<std::string> missing;
    for (const auto& reference : playlist->media) {
        std::error_code ec;
        if (!fs::is_regular_file(reference.file, ec)) missing.push_back(relative_to_media(reference.file, playlist->media_root));
    }
    if (!missing.empty()) {
        entry.problem = "Media missing: " + missing.front();
        if (missing.size() > 1) entry.problem += " and " + std::to_string(missing.size() - 1) + " more files";
    }
    entry.playlist = std::move(*playlist);
    return entry;
}

}  // namespace

std::expected<std::vector<ClassEntry>, std::string> load_catalog(const fs::path& dir) {
    std::error_code ec;
    const fs::path folder = fs::absolute(dir, ec).lexically_normal();
    fs::directory_iterator it(folder, ec);
    if (ec) return std::unexpected(dir.string() + ": cannot read the playlists folder: " + ec.message());
    std::vector<fs::path> files;
    for (const auto& item : it) {
        if (item.path().extension() != ".json" || !item.is_regular_file(ec)) continue;
        if (is_class_data(item.path())) continue;
        files.push_back(item.path());
    }
    std::vector<ClassEntry> out;
    for (const auto& file : files) out.push_back(entry_for(file));
    // Playable classes first, by title; then the ones that cannot be played.
    std::stable_sort(out.begin(), out.end(), [](const ClassEntry& a, const ClassEntry& b) {
        if (a.playable() != b.playable()) return a.playable();
        return a.title != b.title ? a.title < b.title : a.file < b.file;
    });
    return out;
}

std::string spoken_length(double seconds) {
    const long total = std::lround(std::max(0.0, seconds));
    const long h = total / 3600, min = total % 3600 / 60, s = total % 60;
    std::string out;
    if (h) out += std::to_string(h) + " h";
    if (min) out += (out.empty() ? "" : " ") + std::to_string(min) + " min";
    if (s && !h) out += (out.empty() ? "" : " ") + std::to_string(s) + " s";
    return out.empty() ? "0 s" : out;
}

}  // namespace classplayer::home
