#pragma once
// The shipped middle-back class, loaded once for the tests. Media existence is not required,
// so these tests run before the demo media is generated.
#include <catch2/catch.hpp>

#include "class/planner.hpp"

namespace classplayer::test {

inline const Playlist& middle_back() {
    static const Playlist playlist = [] {
        auto loaded = load_playlist(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json", {.require_media = false});
        if (!loaded) FAIL("the shipped playlist does not load:\n" << to_string(loaded.error()));
        return *loaded;
    }();
    return playlist;
}

inline Plan plan_for(const std::vector<std::string>& conditions) {
    auto plan = make_plan(middle_back(), conditions);
    if (!plan) FAIL(plan.error());
    return *plan;
}

}  // namespace classplayer::test
