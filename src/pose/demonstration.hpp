#pragma once
// One demonstration: the props, the keyframes of the figure's pose in time, and what rests on
// what. It is the source of one demo clip (media/demonstrations/NAME.json makes clips/NAME.mp4);
// the format is documented in docs/demonstration-format.md.
#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "class/json_path.hpp"
#include "pose/body.hpp"

namespace classplayer::pose {

// Furniture in the side view. Heights are the usual ones for a firm dining chair, a table and
// a kitchen counter, so that a figure of body_size() fits them as a person would.
struct Prop {
    std::string type;        // "mat", "chair", "table", "counter"
    double x0 = 0, x1 = 0;   // the horizontal extent it takes on the floor
    bool faces_right = true; // chairs: the seat's front edge; the back is on the other side
};
inline constexpr double kMatTop = 0.012, kChairSeat = 0.46, kChairDepth = 0.44, kChairBackTop = 0.90,
                        kTableTop = 0.74, kCounterTop = 0.90;

// A horizontal place a body part can rest on.
struct Surface {
    std::string name;        // "floor", "mat", "chair", "chair-back", "table", "counter"
    double y = 0, x0 = 0, x1 = 0;
};
std::vector<Surface> surfaces_of(const std::vector<Prop>& props);  // the floor first

// "hands:mat": a body group resting on a surface. Groups: hands, hand (the near one only),
// forearms, knees, feet, seat, hips, trunk.
struct Contact {
    std::string group, surface;
    std::string text() const { return group + ":" + surface; }
};

struct Keyframe {
    std::string name;
    double t_s = 0;
    Pose pose;
    std::vector<Contact> contacts;
    std::optional<std::string> arrow;  // a landmark whose move into this keyframe is drawn as an arrow
};

struct Guide {
    std::string type;  // "back-line": the back's line at keyframe `pose`, which the back never rises above
    std::string pose;
};

enum class DemoLoop { Rep, Hold };

struct Demonstration {
    std::filesystem::path file;
    std::string title;
    DemoLoop loop = DemoLoop::Rep;
    double length_s = 0;
    std::optional<double> hold_from_s, hold_to_s;  // the still part of a rep, drawn as a hold
    std::vector<Prop> props;
    std::vector<Surface> surfaces;
    std::string anchor_group;   // the part that stays where it is: knees, feet, seat, hips
    double anchor_x = 0;
    std::string start_pose;     // the keyframe drawn faintly behind the figure
    std::vector<Guide> guides;
    std::vector<Keyframe> keyframes;  // t_s ascending, the first at 0; the last flows into the first

    // Between which keyframes a moment falls and how far along, eased (0..1). Time wraps.
    struct Moment {
        int from = 0, to = 0;
        double u = 0;
    };
    Moment moment(double t_s) const;
    Pose pose_at(double t_s) const;
    // The figure placed in the world at a moment: anchored, planted hands kept where they rest.
    Skeleton skeleton_at(double t_s) const;
    Skeleton skeleton_of(int keyframe) const;
    const Keyframe* keyframe(const std::string& name) const;
    const Surface* surface(const std::string& name) const;
};

// Loads, validates and checks the keyframes against their contacts (each declared contact
// really touches its surface, within 3 cm). Problems name the file, the JSON path and the joint.
std::expected<Demonstration, Problems> load_demonstration(const std::filesystem::path& file);
std::expected<Demonstration, Problems> load_demonstration_text(const std::string& text, const std::filesystem::path& file);

// How far (m) the group's lowest point is above the surface where they overlap; nullopt when
// no part of the group is over the surface. Negative: sunk into it.
std::optional<double> clearance(const Skeleton& s, const std::string& group, const Surface& surface);
// The capsules of a contact group ("hands" is both hands, "hand" the near one).
std::vector<Capsule> group_capsules(const Skeleton& s, const std::string& group);

// Where a landmark is ("mid-back", "belly", "chest", "hips", "head", "hand"), for arrows.
Vec landmark(const Skeleton& s, const std::string& name);
bool is_landmark(const std::string& name);

// The demonstration that makes a clip: media/clips/NAME.mp4 -> media/demonstrations/NAME.json.
std::filesystem::path demonstration_for(const std::filesystem::path& media_root, const std::filesystem::path& clip);

}  // namespace classplayer::pose
