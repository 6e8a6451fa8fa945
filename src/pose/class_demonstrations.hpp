#pragma once
// A playlist's demonstrations checked as the class uses them: for every clip a segment or
// variant plays, the demonstration that draws it (media_root/demonstrations/NAME.json, where
// there is one: a clinic's filmed clip has none) must load, keep the clip's timing, and show
// nothing that the tags of that segment or variant rule out (motion-rules.json beside the
// conditions file). `classplayer check` runs this; so does the generator, per clip.
#include <string>
#include <vector>

#include "class/playlist.hpp"

namespace classplayer::pose {

struct DemonstrationsChecked {
    int checked = 0;    // clips drawn from a demonstration, each checked against its users' tags
    int filmed = 0;     // clips without one (the clinic's own footage)
    Problems problems;  // empty: all good
};

DemonstrationsChecked check_class_demonstrations(const Playlist& playlist);

}  // namespace classplayer::pose
