// `classplayer fleet publish DIR --id ID [--web-root WEB_ROOT] [SCREEN...|--all]`: the clinic's
// folder of classes checked, written to the web root as a release (src/content/publish.hpp),
// then set as the desired release of the screens named. Checking comes first and refuses the
// whole release, so a broken class never reaches the web root, let alone a screen.
#include <algorithm>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/fleet_command.hpp"
#include "class/json_path.hpp"
#include "class/playlist.hpp"
#include "content/manifest.hpp"
#include "content/publish.hpp"
#include "fleet/config.hpp"
#include "fleet/fleet_client.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

namespace {

struct Checked {
    Problems problems;
    std::vector<std::string> classes;  // the ids of the playlists that loaded
};

// Every playlist in DIR/playlists (a *.json whose top level has "segments"; conditions and
// motion rules sit beside them) must load with its media present, as a screen would load it.
// Hidden files and symlinks are passed over as make_release passes over them: they are not
// part of the release.
Checked check_classes(const fs::path& dir) {
    Checked out;
    const fs::path playlists = dir / "playlists";
    std::error_code ec;
    if (!fs::is_directory(playlists, ec)) {
        out.problems.push_back({playlists.string(), "", "no such folder: a release holds playlists/ beside media/"});
        return out;
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(playlists, ec)) {
        const auto name = entry.path().filename().string();
        if (name.starts_with('.') || entry.path().extension() != ".json" || !entry.is_regular_file(ec) ||
            entry.is_symlink(ec))
            continue;
        files.push_back(entry.path());
    }
    if (ec) out.problems.push_back({playlists.string(), "", "could not be read: " + ec.message()});
    std::sort(files.begin(), files.end());

    // A media file outside DIR (an installed class's, or through a symlink) validates here but
    // would not be in the release, so every screen would miss it.
    const fs::path root = fs::weakly_canonical(dir, ec);
    for (const auto& file : files) {
        Problems problems;
        const auto doc = parse_json_file(file, problems);
        if (!doc) {
            out.problems.insert(out.problems.end(), problems.begin(), problems.end());
            continue;
        }
        if (!doc->is_object() || !doc->contains("segments")) continue;
        auto playlist = load_playlist(file, {.require_media = true});
        if (!playlist) {
            out.problems.insert(out.problems.end(), playlist.error().begin(), playlist.error().end());
            continue;
        }
        for (const auto& media : playlist->media) {
            std::error_code link_ec;
            const bool linked = fs::is_symlink(fs::symlink_status(media.file, link_ec));
            if (linked || !is_within(fs::weakly_canonical(media.file, link_ec), root))
                out.problems.push_back({file.string(), media.json_path,
                                        media.file.string() + (linked ? " is a symlink" : " is outside " + dir.string()) +
                                            ", so it would not be in the release"});
        }
        out.classes.push_back(playlist->id);
    }
    if (out.problems.empty() && out.classes.empty())
        out.problems.push_back({playlists.string(), "", "holds no playlist (a .json file with \"segments\")"});
    return out;
}

std::string megabytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

}  // namespace

int fleet_publish(const FleetCommand::Options& options) {
    const auto& screens_named = options.words;
    if (options.all && !screens_named.empty()) {
        std::cerr << "fleet publish: give SCREEN... or --all, not both\n";
        return kUsage;
    }
    for (const auto& id : screens_named)
        if (!fleet::is_safe_screen_id(id)) {
            std::cerr << "fleet publish: '" << id << "' is not a screen id (A-Z a-z 0-9 - _)\n";
            return kUsage;
        }
    if (auto problem = content::release_id_problem(options.release_id)) {
        std::cerr << "fleet publish: --id: " << *problem << "\n";
        return kUsage;
    }
    std::error_code ec;
    if (!fs::is_directory(options.file, ec)) {
        std::cerr << "fleet publish: " << options.file.string() << ": not a folder\n";
        return kUsage;
    }

    // The admin config is read only when needed: a web root given and no roll-out publishes
    // on a machine with no broker at all.
    fs::path web_root;
    if (options.web_root) {
        web_root = *options.web_root;
    } else {
        const auto file = fleet_config_path(options, true);
        const auto config = fleet::load_fleet_config(file);
        if (!config) {
            std::cerr << "fleet publish: no --web-root given, and the fleet config could not be read:\n" << config.error() << "\n";
            return kUsage;
        }
        if (config->content_web_root.empty()) {
            std::cerr << "fleet publish: no --web-root given, and " << file.string() << " has no $.content.web_root\n";
            return kUsage;
        }
        web_root = config->content_web_root;
    }

    const auto checked = check_classes(options.file);
    if (!checked.problems.empty()) {
        std::cerr << "fleet publish: release " << options.release_id << " refused, nothing published:\n"
                  << to_string(checked.problems) << "\n";
        return kInvalid;
    }
    const auto manifest = content::make_release(options.file, options.release_id, web_root);
    if (!manifest) {
        std::cerr << "fleet publish: " << manifest.error() << "\n";
        return kInvalid;
    }
    std::string classes;
    for (const auto& id : checked.classes) classes += (classes.empty() ? "" : ", ") + id;
    std::cout << "release " << manifest->id << ": " << manifest->files.size() << " files, "
              << megabytes(manifest->total_bytes()) << " (" << manifest->total_bytes() << " bytes)\n"
              << "classes: " << classes << "\n"
              << "manifest: " << (web_root / "releases" / (manifest->id + ".json")).string() << "\n";

    if (screens_named.empty() && !options.all) {
        std::cout << "not rolled out: classplayer fleet desire SCREEN|--all " << manifest->id << "\n";
        return kDone;
    }
    auto client = connect_admin(options);
    if (!client) {
        std::cerr << "fleet publish: published, but not rolled out: " << client.error() << "\n";
        return kInvalid;
    }
    const auto screens = options.all ? fleet_targets(**client, options, false) : screens_named;
    if (screens.empty()) {
        std::cerr << "fleet publish --all: published, but no screen has reported to this broker\n";
        return kInvalid;
    }
    return print_outcomes((*client)->desire(screens, manifest->id, std::chrono::milliseconds(options.timeout_ms)), false);
}

}  // namespace classplayer::app
