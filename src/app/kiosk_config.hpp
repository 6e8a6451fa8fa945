#pragma once
// The kiosk's config file (JSON, like the playlists; the format is in docs/kiosk.md):
// which playlists to rotate through, for which conditions, the attract card shown between
// them, and the combination that leaves. Found at --config, else kiosk.json beside the binary
// (development), else /etc/classplayer/kiosk.json (the installed package).
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "app/kiosk_keys.hpp"
#include "class/planner.hpp"

namespace classplayer::app {

struct KioskConfig {
    std::filesystem::path file;                  // where it was read from (empty: built-in defaults)
    std::vector<std::filesystem::path> playlists;  // absolute; played in turn, round and round
    std::vector<std::string> conditions;         // condition ids for every playlist
    std::string attract_title = "Gentle back class";
    std::vector<std::string> attract_lines{"Join in from your seat at any time.",
                                           "The class starts in a moment."};
    double attract_s = 20;
    KioskUnlock unlock;
    bool resume = true;            // keep where the rotation is; after a power cut start there
    std::string hwdec = "auto";    // as play --hwdec
    int max_height = 1080;         // as play --max-height
    int loops = 0;                 // 0: forever; N: stop after N rounds of the rotation (tests)
};

// Reads and validates a config file; relative playlist paths are relative to the file.
// Every problem is named by file and JSON path, one per line.
std::expected<KioskConfig, std::string> load_kiosk_config(const std::filesystem::path& file);

// --config when given, else the first of kiosk.json beside `binary` and
// /etc/classplayer/kiosk.json that exists; empty when there is none.
std::filesystem::path find_kiosk_config(const std::filesystem::path& binary);

// The card shown before each class of the rotation: the config's words, then "Next: <class>".
Step attract_card(const KioskConfig& config, const std::string& next_title);

}  // namespace classplayer::app
