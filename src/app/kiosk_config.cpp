#include "app/kiosk_config.hpp"

#include <nlohmann/json.hpp>

#include "class/json_path.hpp"
#include "class/playlist.hpp"

namespace classplayer::app {

std::expected<KioskConfig, std::string> load_kiosk_config(const std::filesystem::path& file) {
    Problems problems;
    auto doc = parse_json_file(file, problems);
    if (!doc) return std::unexpected(to_string(problems));
    KioskConfig config;
    config.file = file;
    const std::string name = file.string();
    JsonObject root(*doc, name, "$", problems);
    if (!root.valid()) return std::unexpected(to_string(problems));
    root.reject_unknown({"playlists", "conditions", "attract", "unlock", "resume", "hwdec", "max_height", "loops"});

    const std::filesystem::path base = std::filesystem::absolute(file).parent_path();
    const auto playlists = root.strings("playlists");
    if (root.has("playlists") && playlists.empty() && problems.empty()) root.problem("playlists", "needs at least one playlist");
    for (const auto& playlist : playlists) config.playlists.push_back((base / playlist).lexically_normal());
    if (root.has("conditions")) config.conditions = root.strings("conditions");

    if (auto attract = root.object("attract", false)) {
        attract->reject_unknown({"title", "lines", "seconds"});
        if (auto title = attract->string("title", false)) config.attract_title = *title;
        if (attract->has("lines")) config.attract_lines = attract->strings("lines");
        check_card_lines(*attract, config.attract_lines);
        if (auto seconds = attract->number("seconds", false)) {
            if (*seconds < 1 || *seconds > 3600) attract->problem("seconds", "must be between 1 and 3600");
            config.attract_s = *seconds;
        }
    }
    if (auto unlock = root.object("unlock", false)) {
        unlock->reject_unknown({"hold_back_s", "code", "within_s"});
        if (auto hold = unlock->number("hold_back_s", false)) {
            if (*hold < 1 || *hold > 60) unlock->problem("hold_back_s", "must be between 1 and 60 seconds");
            config.unlock.hold_s = *hold;
        }
        if (unlock->has("code")) {
            config.unlock.code.clear();
            for (const auto& key_name : unlock->strings("code")) {
                if (auto key = input::key_from_name(key_name)) {
                    config.unlock.code.push_back(*key);
                } else {
                    unlock->problem("code", "unknown key \"" + key_name + "\" (keys: UP, DOWN, LEFT, RIGHT, OK, ...)");
                }
            }
            if (config.unlock.code.size() < 2 && problems.empty())
                unlock->problem("code", "needs at least two keys, so a passer-by cannot hit it by chance");
        }
        if (auto within = unlock->number("within_s", false)) {
            if (*within < 1 || *within > 60) unlock->problem("within_s", "must be between 1 and 60 seconds");
            config.unlock.code_within_s = *within;
        }
    }
    if (auto resume = root.boolean("resume", false)) config.resume = *resume;
    if (auto hwdec = root.string("hwdec", false)) config.hwdec = *hwdec;
    if (auto max_height = root.integer("max_height", false)) {
        if (*max_height < 0) root.problem("max_height", "must be 0 (no limit) or a number of lines");
        config.max_height = *max_height;
    }
    if (auto loops = root.integer("loops", false)) {
        if (*loops < 0) root.problem("loops", "must be 0 (forever) or more");
        config.loops = *loops;
    }
    if (!problems.empty()) return std::unexpected(to_string(problems));
    return config;
}

std::filesystem::path find_kiosk_config(const std::filesystem::path& binary) {
    std::error_code ignored;
    for (const auto& candidate : {binary.parent_path() / "kiosk.json", std::filesystem::path("/etc/classplayer/kiosk.json")}) {
        if (std::filesystem::is_regular_file(candidate, ignored)) return candidate;
    }
    return {};
}

Step attract_card(const KioskConfig& config, const std::string& next_title) {
    Step card;
    card.kind = StepKind::Card;
    card.segment_id = "kiosk-attract";
    card.duration_s = config.attract_s;
    card.title = config.attract_title;
    card.lines = config.attract_lines;
    card.lines.push_back("Next: " + next_title);
    return card;
}

}  // namespace classplayer::app
