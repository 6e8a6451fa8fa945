#include "fuzz_entries.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "class/plan_json.hpp"
#include "class/planner.hpp"
#include "class/playlist.hpp"
#include "input/keys.hpp"

namespace classplayer::fuzz {

std::string playlist_bytes(const std::uint8_t* data, std::size_t size, const std::filesystem::path& file) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    // Media existence is a plain stat; leaving it out keeps each run to the parser and validator.
    auto playlist = load_playlist_text(text, file, {.require_media = false});
    if (!playlist) return to_string(playlist.error());

    // Every subset of the playlist's first four conditions is a profile someone may choose.
    const auto& known = playlist->conditions.conditions;
    const unsigned n = static_cast<unsigned>(std::min<std::size_t>(known.size(), 4));
    for (unsigned subset = 0; subset < (1u << n); ++subset) {
        std::vector<std::string> profile;
        for (unsigned i = 0; i < n; ++i)
            if (subset & (1u << i)) profile.push_back(known[i].id);
        auto plan = make_plan(*playlist, profile);
        if (!plan) return plan.error();
        (void)plan_to_json(*plan).dump();
        (void)plan_to_text(*plan);
    }
    return "";
}

std::string key_script_bytes(const std::uint8_t* data, std::size_t size) {
    auto presses = input::parse_key_script(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.keys");
    if (!presses) return presses.error();
    for (const auto& press : *presses) (void)input::class_action(press.key);
    return "";
}

}  // namespace classplayer::fuzz
