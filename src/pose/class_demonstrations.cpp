#include "pose/class_demonstrations.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "pose/motion_rules.hpp"

namespace classplayer::pose {

namespace fs = std::filesystem;

namespace {

struct User {
    std::string json_path;  // "$.segments[0].variants[1]"
    std::string title;
    const ClipMedia* media = nullptr;
    const Dose* dose = nullptr;
    std::vector<std::string> tags;
};

std::string seconds(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g s", s);
    return buf;
}

bool same(double a, double b) { return std::abs(a - b) < 1e-6; }

// The clip's timing as the playlist counts it: a rep clip is one rep, and its hold (from
// hold_from_s, for the dose's hold) is where the figure holds still.
void check_timing(const Demonstration& demo, const User& user, const fs::path& playlist_file, Problems& out) {
    const ClipMedia& m = *user.media;
    const std::string where = playlist_file.filename().string() + " " + user.json_path + ".media";
    if (m.loop == LoopMode::Rep && !same(demo.length_s, m.rep_s))
        out.push_back({demo.file.string(), "$.length_s",
                       "is " + seconds(demo.length_s) + ", but " + where + ".rep_s is " + seconds(m.rep_s) +
                           ": a rep clip is exactly one rep"});
    if (m.loop == LoopMode::Rep && (demo.loop != DemoLoop::Rep))
        out.push_back({demo.file.string(), "$.loop", "is \"hold\", but " + where + ".loop is \"rep\""});
    if (m.loop == LoopMode::Hold && demo.loop != DemoLoop::Hold)
        out.push_back({demo.file.string(), "$.loop", "is \"rep\", but " + where + ".loop is \"hold\""});
    const bool playlist_holds = m.loop == LoopMode::Rep && m.hold_from_s > 0 && user.dose && user.dose->hold_s;
    if (playlist_holds) {
        const double from = m.hold_from_s, to = m.hold_from_s + user.dose->hold_s->use;
        if (!demo.hold_from_s || !same(*demo.hold_from_s, from) || !same(*demo.hold_to_s, to))
            out.push_back({demo.file.string(), "$.hold",
                           "must be from " + seconds(from) + " to " + seconds(to) + " (" + where +
                               ".hold_from_s and the dose's hold), so the figure holds while the counter does"});
    } else if (demo.hold_from_s && m.loop == LoopMode::Rep) {
        out.push_back({demo.file.string(), "$.hold", "marks a hold, but " + where + " has no hold_from_s"});
    }
}

}  // namespace

DemonstrationsChecked check_class_demonstrations(const Playlist& playlist) {
    DemonstrationsChecked result;
    // Who plays each clip: one clip may serve several segments or variants, and must suit each.
    std::map<fs::path, std::vector<User>> users;
    for (std::size_t i = 0; i < playlist.segments.size(); ++i) {
        const Segment& s = playlist.segments[i];
        const std::string at = "$.segments[" + std::to_string(i) + "]";
        if (s.media) users[s.media->clip].push_back({at, s.title, &*s.media, &s.dose, s.tags});
        for (std::size_t j = 0; j < s.variants.size(); ++j) {
            const Variant& v = s.variants[j];
            users[v.media.clip].push_back({at + ".variants[" + std::to_string(j) + "]", v.title, &v.media,
                                           v.dose ? &*v.dose : &s.dose, v.tags});
        }
    }
    if (users.empty()) return result;

    std::vector<std::string> known_tags;
    for (const auto& [tag, meaning] : playlist.conditions.tags) known_tags.push_back(tag);
    std::optional<MotionRules> rules;

    std::error_code ec;
    const fs::path real_root = fs::weakly_canonical(playlist.media_root, ec);
    for (const auto& [clip, who] : users) {
        const fs::path file = demonstration_for(playlist.media_root, clip);
        if (!fs::exists(fs::symlink_status(file, ec))) {
            ++result.filmed;
            continue;
        }
        // Confined like the media: a demonstration symlinked out of the root is not read.
        const fs::path real = fs::weakly_canonical(file, ec);
        const auto rel = real.lexically_relative(real_root);
        if (ec || rel.empty() || *rel.begin() == "..") {
            result.problems.push_back({file.string(), "$", "resolves outside the media root " + playlist.media_root.string()});
            continue;
        }
        auto demo = load_demonstration(file);
        if (!demo) {
            result.problems.insert(result.problems.end(), demo.error().begin(), demo.error().end());
            continue;
        }
        if (!rules) {
            auto loaded = load_motion_rules(motion_rules_beside(playlist.conditions.file), known_tags);
            if (!loaded) {
                result.problems.insert(result.problems.end(), loaded.error().begin(), loaded.error().end());
                return result;
            }
            rules = std::move(*loaded);
        }
        ++result.checked;
        for (const auto& user : who) {
            check_timing(*demo, user, playlist.file, result.problems);
            auto wrong = check_motion(*demo, user.tags, *rules,
                                      playlist.file.filename().string() + " " + user.json_path + " (" + user.title + ")");
            result.problems.insert(result.problems.end(), wrong.begin(), wrong.end());
        }
    }
    return result;
}

}  // namespace classplayer::pose
