#include "pose/demonstration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numbers>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace classplayer::pose {

namespace fs = std::filesystem;

namespace {
constexpr double kContactTolerance = 0.03;  // m: a resting part within 3 cm of its surface touches it
constexpr double kLongestDemo = 120;        // s: a loop longer than this is not a demonstration
const std::set<std::string> kGroups = {"hands", "hand", "forearms", "knees", "feet", "seat", "hips", "trunk"};
const std::set<std::string> kPropTypes = {"mat", "chair", "table", "counter"};
const std::set<std::string> kAnchors = {"knees", "feet", "seat", "hips"};

std::string metres(double m) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f cm", m * 100);
    return buf;
}
}  // namespace

std::vector<Surface> surfaces_of(const std::vector<Prop>& props) {
    constexpr double inf = std::numeric_limits<double>::infinity();
    std::vector<Surface> out{{"floor", 0, -inf, inf}};
    for (const auto& p : props) {
        if (p.type == "mat") out.push_back({"mat", kMatTop, p.x0, p.x1});
        if (p.type == "table") out.push_back({"table", kTableTop, p.x0, p.x1});
        if (p.type == "counter") out.push_back({"counter", kCounterTop, p.x0, p.x1});
        if (p.type == "chair") {
            out.push_back({"chair", kChairSeat, p.x0, p.x1});
            // The back rises from the seat's rear edge; a hand rests on its top rail.
            const double back = p.faces_right ? p.x0 : p.x1;
            out.push_back({"chair-back", kChairBackTop, back - 0.05, back + 0.05});
        }
    }
    return out;
}

std::vector<Capsule> group_capsules(const Skeleton& s, const std::string& group) {
    const BodySize& b = body_size();
    if (group == "seat") return {{"seat", "seat", s.hip, s.hip, b.thigh_radius}};
    std::vector<Capsule> out;
    for (auto& c : s.capsules()) {
        if (group == "hand" ? c.part == "near hand" : c.group == group) out.push_back(c);
    }
    return out;
}

namespace {
// The lowest y of a capsule over [x0, x1], or nullopt when it does not overlap that span.
std::optional<double> lowest_over(const Capsule& c, double x0, double x1) {
    std::optional<double> low;
    for (int i = 0; i <= 16; ++i) {
        const double u = i / 16.0;
        const Vec p = c.a + (c.b - c.a) * u;
        if (p.x < x0 || p.x > x1) continue;
        const double y = p.y - c.radius;
        if (!low || y < *low) low = y;
    }
    return low;
}
}  // namespace

std::optional<double> clearance(const Skeleton& s, const std::string& group, const Surface& surface) {
    std::optional<double> low;
    for (const auto& c : group_capsules(s, group)) {
        if (auto y = lowest_over(c, surface.x0, surface.x1); y && (!low || *y < *low)) low = y;
    }
    if (!low) return std::nullopt;
    return *low - surface.y;
}

bool is_landmark(const std::string& name) {
    static const std::set<std::string> names = {"mid-back", "belly", "chest", "hips", "head", "hand"};
    return names.contains(name);
}

Vec landmark(const Skeleton& s, const std::string& name) {
    const BodySize& b = body_size();
    auto surface_point = [&](int segment, double side) {  // side +1 front, -1 back
        const Vec a = s.spine[segment], c = s.spine[segment + 1];
        return (a + c) * 0.5 + direction(direction_of(a, c) + 90) * (side * b.trunk_radius);
    };
    if (name == "mid-back") return surface_point(4, -1);
    if (name == "belly") return surface_point(2, +1);
    if (name == "chest") return surface_point(5, +1);
    if (name == "hips") return s.spine[1];
    if (name == "head") return s.head_centre;
    return s.arm_near.wrist;  // "hand"
}

fs::path demonstration_for(const fs::path& media_root, const fs::path& clip) {
    return media_root / "demonstrations" / (clip.stem().string() + ".json");
}

const Keyframe* Demonstration::keyframe(const std::string& name) const {
    for (const auto& k : keyframes)
        if (k.name == name) return &k;
    return nullptr;
}

const Surface* Demonstration::surface(const std::string& name) const {
    for (const auto& s : surfaces)
        if (s.name == name) return &s;
    return nullptr;
}

Demonstration::Moment Demonstration::moment(double t_s) const {
    Moment m;
    if (keyframes.size() < 2 || length_s <= 0) return m;
    double t = std::fmod(t_s, length_s);
    if (t < 0) t += length_s;
    const int n = static_cast<int>(keyframes.size());
    m.from = n - 1;
    for (int i = 0; i < n; ++i)
        if (keyframes[i].t_s <= t) m.from = i;
    m.to = (m.from + 1) % n;
    const double start = keyframes[m.from].t_s;
    const double end = m.to == 0 ? length_s : keyframes[m.to].t_s;
    const double span = end - start;
    const double linear = span > 0 ? std::clamp((t - start) / span, 0.0, 1.0) : 0.0;
    // Eased in and out, as a person moves: slow away from each pose, slow into the next.
    m.u = (1 - std::cos(std::numbers::pi * linear)) / 2;
    return m;
}

Pose Demonstration::pose_at(double t_s) const {
    if (keyframes.empty()) return {};
    const Moment m = moment(t_s);
    return blend(keyframes[m.from].pose, keyframes[m.to].pose, m.u);
}

namespace {

// Moves the skeleton so the anchor group rests on its surface with its joint at anchor_x.
void place(Skeleton& s, const Demonstration& d, double surface_y) {
    Vec joint = s.hip;
    if (d.anchor_group == "knees") joint = s.leg_near.knee;
    if (d.anchor_group == "feet") joint = s.leg_near.ankle;
    double low = std::numeric_limits<double>::infinity();
    for (const auto& c : group_capsules(s, d.anchor_group)) low = std::min(low, c.lowest());
    s.translate({d.anchor_x - joint.x, surface_y - low});
}

double anchor_surface_y(const Demonstration& d, const Keyframe& k) {
    for (const auto& c : k.contacts)
        if (c.group == d.anchor_group)
            if (const Surface* s = d.surface(c.surface)) return s->y;
    return 0;
}

bool rests(const Keyframe& k, const std::string& group, const std::string& surface) {
    return std::any_of(k.contacts.begin(), k.contacts.end(),
                       [&](const Contact& c) { return c.group == group && c.surface == surface; });
}

}  // namespace

Skeleton Demonstration::skeleton_of(int index) const {
    const Keyframe& k = keyframes.at(static_cast<std::size_t>(index));
    Skeleton s = forward(k.pose);
    place(s, *this, anchor_surface_y(*this, k));
    return s;
}

Skeleton Demonstration::skeleton_at(double t_s) const {
    if (keyframes.empty()) return {};
    const Moment m = moment(t_s);
    const Keyframe &a = keyframes[m.from], &b = keyframes[m.to];
    Skeleton s = forward(blend(a.pose, b.pose, m.u));
    place(s, *this, anchor_surface_y(*this, a) + (anchor_surface_y(*this, b) - anchor_surface_y(*this, a)) * m.u);
    // A hand that rests on the same surface at both ends of a move stays where it rested at
    // the first keyframe of that stay (a person's hands do not slide on the mat while the
    // back rounds): the arm bends to keep it there.
    for (const auto& c : a.contacts) {
        if ((c.group != "hands" && c.group != "hand") || !rests(b, c.group, c.surface)) continue;
        const int n = static_cast<int>(keyframes.size());
        int first = m.from;
        for (int step = 0; step < n; ++step) {
            const int prev = (first + n - 1) % n;
            if (step == n - 1) first = 0;  // it rests the whole loop: where it rests at the start
            else if (!rests(keyframes[prev], c.group, c.surface)) break;
            else first = prev;
        }
        // Where the arm reaches at the start of the stay, set down onto the surface: the
        // author's arm angles say where along the mat the hand goes, the surface says how high.
        const Skeleton rest = skeleton_of(first);
        const Surface* surface = this->surface(c.surface);
        for (Side side : {Side::Near, Side::Far}) {
            if (c.group == "hand" && side == Side::Far) continue;
            const ArmPoints& held = rest.arm(side);
            const double lowest = std::min(held.wrist.y, held.fingertip.y) - body_size().hand_radius;
            const Vec down{0, surface ? surface->y - lowest : 0};
            reach(s, side, held.wrist + down, direction_of(held.wrist, held.fingertip));
        }
    }
    return s;
}

// ---- loading -----------------------------------------------------------------------------

namespace {

void read_arm(const JsonObject& o, ArmAngles& a) {
    o.reject_unknown({"shoulder", "elbow", "wrist"});
    a.shoulder = o.number("shoulder", false).value_or(a.shoulder);
    a.elbow = o.number("elbow", false).value_or(a.elbow);
    a.wrist = o.number("wrist", false).value_or(a.wrist);
}
void read_leg(const JsonObject& o, LegAngles& l) {
    o.reject_unknown({"hip", "knee", "ankle"});
    l.hip = o.number("hip", false).value_or(l.hip);
    l.knee = o.number("knee", false).value_or(l.knee);
    l.ankle = o.number("ankle", false).value_or(l.ankle);
}

// Fields given override `pose` (a keyframe starts from the one before it).
void read_pose(const JsonObject& o, Pose& pose) {
    o.reject_unknown({"pelvis", "spine", "neck", "head", "arms", "arm_near", "arm_far", "legs", "leg_near", "leg_far"});
    pose.pelvis = o.number("pelvis", false).value_or(pose.pelvis);
    if (const auto* spine = o.find("spine")) {
        if (!spine->is_array() || spine->size() != kSpineSegments ||
            !std::all_of(spine->begin(), spine->end(), [](const auto& v) { return v.is_number(); }))
            o.problem("spine", "must be " + std::to_string(kSpineSegments) +
                                   " numbers, the bend of each segment from the pelvis up (+ rounds, - arches)");
        else
            for (int i = 0; i < kSpineSegments; ++i) pose.spine[i] = (*spine)[static_cast<std::size_t>(i)].get<double>();
    }
    pose.neck = o.number("neck", false).value_or(pose.neck);
    pose.head = o.number("head", false).value_or(pose.head);
    if (auto arms = o.object("arms", false)) { read_arm(*arms, pose.arm_near); read_arm(*arms, pose.arm_far); }
    if (auto arm = o.object("arm_near", false)) read_arm(*arm, pose.arm_near);
    if (auto arm = o.object("arm_far", false)) read_arm(*arm, pose.arm_far);
    if (auto legs = o.object("legs", false)) { read_leg(*legs, pose.leg_near); read_leg(*legs, pose.leg_far); }
    if (auto leg = o.object("leg_near", false)) read_leg(*leg, pose.leg_near);
    if (auto leg = o.object("leg_far", false)) read_leg(*leg, pose.leg_far);
}

void read_props(const JsonObject& root, Demonstration& d) {
    for (const auto& p : root.objects("props")) {
        p.reject_unknown({"type", "x", "facing"});
        Prop prop;
        prop.type = p.string("type").value_or("");
        if (!prop.type.empty() && !kPropTypes.contains(prop.type))
            p.problem("type", "\"" + prop.type + "\" is not a prop this demonstrator draws (mat, chair, table, counter)");
        if (prop.type == "chair") {
            // A chair is placed by the middle of its seat.
            const double x = p.number("x").value_or(0);
            prop.x0 = x - kChairDepth / 2;
            prop.x1 = x + kChairDepth / 2;
            const std::string facing = p.string("facing").value_or("right");
            if (facing != "right" && facing != "left") p.problem("facing", "must be \"right\" or \"left\"");
            prop.faces_right = facing == "right";
        } else if (const auto* x = p.find("x"); x && x->is_array() && x->size() == 2 && (*x)[0].is_number() &&
                                                (*x)[1].is_number() && (*x)[0].get<double>() < (*x)[1].get<double>()) {
            prop.x0 = (*x)[0].get<double>();
            prop.x1 = (*x)[1].get<double>();
        } else {
            p.problem("x", "must be [from, to] in metres, from < to");
        }
        d.props.push_back(prop);
    }
    d.surfaces = surfaces_of(d.props);
}

void read_keyframes(const JsonObject& root, Demonstration& d) {
    Pose previous;
    auto frames = root.objects("keyframes");
    if (frames.size() < 2) root.problem("keyframes", "needs at least two keyframes (a movement or a breath)");
    for (const auto& k : frames) {
        k.reject_unknown({"name", "t_s", "same_as", "pose", "contacts", "arrow"});
        Keyframe key;
        key.name = k.string("name").value_or("");
        if (d.keyframe(key.name)) k.problem("name", "\"" + key.name + "\" names an earlier keyframe too");
        key.t_s = k.number("t_s").value_or(0);
        key.pose = previous;
        if (auto same = k.string("same_as", false)) {
            if (const Keyframe* earlier = d.keyframe(*same)) key.pose = earlier->pose;
            else k.problem("same_as", "\"" + *same + "\" is not an earlier keyframe");
        }
        if (auto pose = k.object("pose", !k.has("same_as"))) read_pose(*pose, key.pose);
        const auto contacts = k.strings("contacts");
        for (std::size_t i = 0; i < contacts.size(); ++i) {
            const std::string at = "contacts[" + std::to_string(i) + "]";
            const auto colon = contacts[i].find(':');
            Contact c{contacts[i].substr(0, colon), colon == std::string::npos ? "" : contacts[i].substr(colon + 1)};
            if (!kGroups.contains(c.group))
                k.problem(at, "\"" + c.group + "\" is not a body group (hands, hand, forearms, knees, feet, seat, hips, trunk)");
            else if (!d.surface(c.surface))
                k.problem(at, "\"" + c.surface + "\" is not a surface of this demonstration's props (write GROUP:SURFACE)");
            else
                key.contacts.push_back(c);
        }
        if (auto arrow = k.string("arrow", false)) {
            if (!is_landmark(*arrow)) k.problem("arrow", "\"" + *arrow + "\" is not a landmark (mid-back, belly, chest, hips, head, hand)");
            else key.arrow = arrow;
        }
        previous = key.pose;
        d.keyframes.push_back(std::move(key));
    }
    for (std::size_t i = 0; i < d.keyframes.size(); ++i) {
        const auto& k = d.keyframes[i];
        const std::string at = "$.keyframes[" + std::to_string(i) + "]";
        if (i == 0 && k.t_s != 0) root.problem("keyframes[0].t_s", "the first keyframe is at 0 s");
        if (i > 0 && k.t_s <= d.keyframes[i - 1].t_s) root.problem("keyframes[" + std::to_string(i) + "].t_s", "must be later than the keyframe before it");
        if (k.t_s >= d.length_s) root.problem("keyframes[" + std::to_string(i) + "].t_s",
                                              "must be before length_s (the last keyframe flows back into the first)");
        if (std::none_of(k.contacts.begin(), k.contacts.end(), [&](const Contact& c) { return c.group == d.anchor_group; }))
            root.problem("keyframes[" + std::to_string(i) + "].contacts",
                         "the anchor, " + d.anchor_group + ", must rest on something in every keyframe");
    }
}

// Every contact a keyframe declares must be true of its pose: the part's lowest point over the
// surface within 3 cm of it, and for forearms resting on the mat both ends (the elbow and the
// wrist: a forearm propped on its wrist is not resting). What is not declared is not looked at
// here; the motion rules check what must never touch the floor.
void check_contacts(const JsonObject& root, const Demonstration& d) {
    for (std::size_t i = 0; i < d.keyframes.size(); ++i) {
        const Keyframe& k = d.keyframes[i];
        const Skeleton s = d.skeleton_at(k.t_s);
        for (std::size_t j = 0; j < k.contacts.size(); ++j) {
            const Contact& c = k.contacts[j];
            const Surface* surface = d.surface(c.surface);
            const std::string at = "keyframes[" + std::to_string(i) + "].contacts[" + std::to_string(j) + "]";
            // Both hands, both knees, both feet, both forearms must rest; of the trunk's six
            // segments any one resting will do (the closest is judged).
            auto parts = group_capsules(s, c.group);
            if (c.group == "trunk" && !parts.empty()) {
                auto gap_of = [&](const Capsule& p) {
                    auto low = lowest_over(p, surface->x0, surface->x1);
                    return low ? std::abs(*low - surface->y) : 1e9;
                };
                parts = {*std::min_element(parts.begin(), parts.end(),
                                           [&](const Capsule& a, const Capsule& b) { return gap_of(a) < gap_of(b); })};
            }
            for (const auto& part : parts) {
                auto gap = [&]() -> std::optional<double> {
                    auto low = lowest_over(part, surface->x0, surface->x1);
                    if (!low) return std::nullopt;
                    return *low - surface->y;
                }();
                if (gap && c.group == "forearms") {
                    const double elbow = part.a.y - part.radius - surface->y;
                    if (std::abs(elbow) > std::abs(*gap)) gap = elbow;
                }
                if (!gap)
                    root.problem(at, "keyframe \"" + k.name + "\": the " + part.part + " is not over the " + c.surface);
                else if (std::abs(*gap) > kContactTolerance)
                    root.problem(at, "keyframe \"" + k.name + "\": the " + part.part + " is " + metres(std::abs(*gap)) +
                                         (*gap > 0 ? " above the " : " into the ") + c.surface +
                                         ", not resting on it (within " + metres(kContactTolerance) + ")");
            }
        }
    }
}

}  // namespace

std::expected<Demonstration, Problems> load_demonstration_text(const std::string& text, const fs::path& file) {
    Problems problems;
    auto doc = parse_json_text(text, file, problems);
    if (!doc) return std::unexpected(problems);
    Demonstration d;
    d.file = file;
    JsonObject root(*doc, file.string(), "$", problems);
    root.reject_unknown({"format", "title", "view", "loop", "length_s", "hold", "props", "anchor", "start_pose",
                         "guides", "keyframes"});
    if (auto format = root.integer("format"); format && *format != 1)
        root.problem("format", "is " + std::to_string(*format) + "; this classplayer reads format 1");
    d.title = root.string("title").value_or("");
    if (auto view = root.string("view"); view && *view != "side")
        root.problem("view", "\"" + *view + "\": only \"side\" is drawn (it shows the back's rounding and arching)");
    const std::string loop = root.string("loop").value_or("rep");
    if (loop != "rep" && loop != "hold") root.problem("loop", "must be \"rep\" or \"hold\"");
    d.loop = loop == "hold" ? DemoLoop::Hold : DemoLoop::Rep;
    d.length_s = root.number("length_s").value_or(0);
    if (!(d.length_s > 0 && d.length_s <= kLongestDemo))
        root.problem("length_s", "must be more than 0 and at most " + std::to_string(int(kLongestDemo)) + " s");
    if (auto hold = root.object("hold", false)) {
        hold->reject_unknown({"from_s", "to_s"});
        d.hold_from_s = hold->number("from_s");
        d.hold_to_s = hold->number("to_s");
        if (d.hold_from_s && d.hold_to_s && !(0 <= *d.hold_from_s && *d.hold_from_s < *d.hold_to_s && *d.hold_to_s <= d.length_s))
            hold->problem("must lie within the rep: 0 <= from_s < to_s <= length_s");
    }
    read_props(root, d);
    if (auto anchor = root.object("anchor")) {
        anchor->reject_unknown({"part", "x"});
        d.anchor_group = anchor->string("part").value_or("");
        if (!d.anchor_group.empty() && !kAnchors.contains(d.anchor_group))
            anchor->problem("part", "\"" + d.anchor_group + "\" cannot anchor the figure (knees, feet, seat, hips)");
        d.anchor_x = anchor->number("x").value_or(0);
    }
    read_keyframes(root, d);
    d.start_pose = root.string("start_pose", false).value_or(d.keyframes.empty() ? "" : d.keyframes.front().name);
    if (!d.keyframes.empty() && !d.keyframe(d.start_pose))
        root.problem("start_pose", "\"" + d.start_pose + "\" is not a keyframe");
    for (const auto& g : root.objects("guides", false)) {
        g.reject_unknown({"type", "pose"});
        Guide guide{g.string("type").value_or(""), g.string("pose").value_or("")};
        if (guide.type != "back-line") g.problem("type", "\"" + guide.type + "\": the one guide drawn is \"back-line\"");
        if (!d.keyframe(guide.pose)) g.problem("pose", "\"" + guide.pose + "\" is not a keyframe");
        d.guides.push_back(guide);
    }
    if (problems.empty()) check_contacts(root, d);
    if (!problems.empty()) return std::unexpected(problems);
    return d;
}

std::expected<Demonstration, Problems> load_demonstration(const fs::path& file) {
    Problems problems;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        problems.push_back({file.string(), "$", "is not a regular file"});
        return std::unexpected(problems);
    }
    // A demonstration is a few kilobytes; a huge one is not read into memory.
    if (fs::file_size(file, ec) > 1 << 20) {
        problems.push_back({file.string(), "$", "is larger than 1 MiB; a demonstration is a few kilobytes"});
        return std::unexpected(problems);
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return load_demonstration_text(text.str(), file);
}

}  // namespace classplayer::pose
