#include "pose/body.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace classplayer::pose {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
}

double length(Vec v) { return std::hypot(v.x, v.y); }
Vec direction(double deg) { return {std::sin(deg * kRad), std::cos(deg * kRad)}; }
double direction_of(Vec from, Vec to) { return std::atan2(to.x - from.x, to.y - from.y) / kRad; }

const char* spine_segment_name(int i) {
    static const char* const names[kSpineSegments] = {"lower lumbar", "upper lumbar", "lower thoracic",
                                                      "mid thoracic", "upper thoracic", "cervicothoracic"};
    return i >= 0 && i < kSpineSegments ? names[i] : "?";
}

double Pose::spine_flexion() const {
    double sum = 0;
    for (double s : spine) sum += s;
    return sum;
}

namespace {
double mix(double a, double b, double u) { return a + (b - a) * u; }
ArmAngles mix(const ArmAngles& a, const ArmAngles& b, double u) {
    return {mix(a.shoulder, b.shoulder, u), mix(a.elbow, b.elbow, u), mix(a.wrist, b.wrist, u)};
}
LegAngles mix(const LegAngles& a, const LegAngles& b, double u) {
    return {mix(a.hip, b.hip, u), mix(a.knee, b.knee, u), mix(a.ankle, b.ankle, u)};
}
}  // namespace

Pose blend(const Pose& a, const Pose& b, double u) {
    Pose p;
    p.pelvis = mix(a.pelvis, b.pelvis, u);
    for (int i = 0; i < kSpineSegments; ++i) p.spine[i] = mix(a.spine[i], b.spine[i], u);
    p.neck = mix(a.neck, b.neck, u);
    p.head = mix(a.head, b.head, u);
    p.arm_near = mix(a.arm_near, b.arm_near, u);
    p.arm_far = mix(a.arm_far, b.arm_far, u);
    p.leg_near = mix(a.leg_near, b.leg_near, u);
    p.leg_far = mix(a.leg_far, b.leg_far, u);
    return p;
}

const BodySize& body_size() {
    static const BodySize size;
    return size;
}

double Capsule::lowest() const { return std::min(a.y, b.y) - radius; }

namespace {

// The shoulder joint sits a little below the base of the neck and in front of the spine.
Vec shoulder_of(const Skeleton& s, double top_direction) {
    const Vec along = direction(top_direction), front = direction(top_direction + 90);
    return s.spine[kSpineSegments + 1] - along * 0.05 + front * 0.035;
}

ArmPoints arm_points(Vec shoulder, double trunk_top, const ArmAngles& a) {
    const BodySize& b = body_size();
    ArmPoints p;
    p.shoulder = shoulder;
    const double upper = trunk_top + 180 - a.shoulder;
    const double fore = upper - a.elbow;
    const double hand = fore - a.wrist;
    p.elbow = p.shoulder + direction(upper) * b.upper_arm;
    p.wrist = p.elbow + direction(fore) * b.forearm;
    p.fingertip = p.wrist + direction(hand) * b.hand;
    return p;
}

LegPoints leg_points(Vec hip, double pelvis, const LegAngles& l) {
    const BodySize& b = body_size();
    LegPoints p;
    p.hip = hip;
    const double thigh = pelvis + 180 - l.hip;
    const double shin = thigh + l.knee;
    const double foot = shin - 90 + l.ankle;
    p.knee = hip + direction(thigh) * b.thigh;
    p.ankle = p.knee + direction(shin) * b.shin;
    // The foot's sole runs from the heel to the toe, a little below the ankle joint.
    const Vec sole = p.ankle + direction(shin) * b.ankle_height;
    p.heel = sole - direction(foot) * b.heel;
    p.toe = sole + direction(foot) * (b.foot - b.heel);
    return p;
}

}  // namespace

Skeleton forward(const Pose& pose, Vec hip) {
    const BodySize& b = body_size();
    Skeleton s;
    s.hip = hip;
    s.spine[0] = hip;
    double d = pose.pelvis;
    s.spine[1] = hip + direction(d) * b.pelvis;
    for (int i = 0; i < kSpineSegments; ++i) {
        d += pose.spine[i];
        s.spine[i + 2] = s.spine[i + 1] + direction(d) * b.spine_segment;
    }
    const double top = d;
    const double neck = top + pose.neck;
    s.neck_top = s.spine[kSpineSegments + 1] + direction(neck) * b.neck;
    s.head_direction = neck + pose.head;
    s.head_centre = s.neck_top + direction(s.head_direction) * (b.head_radius * 0.75);
    const Vec shoulder = shoulder_of(s, top);
    s.arm_near = arm_points(shoulder, top, pose.arm_near);
    s.arm_far = arm_points(shoulder, top, pose.arm_far);
    s.leg_near = leg_points(hip, pose.pelvis, pose.leg_near);
    s.leg_far = leg_points(hip, pose.pelvis, pose.leg_far);
    return s;
}

std::vector<Capsule> Skeleton::capsules() const {
    const BodySize& b = body_size();
    std::vector<Capsule> out;
    for (Side side : {Side::Far, Side::Near}) {
        const std::string name = side == Side::Near ? "near " : "far ";
        const LegPoints& l = leg(side);
        out.push_back({name + "thigh", "thighs", l.hip, l.knee, b.thigh_radius});
        out.push_back({name + "shin", "knees", l.knee, l.ankle, b.shin_radius});
        out.push_back({name + "foot", "feet", l.heel, l.toe, b.foot_radius});
    }
    out.push_back({"pelvis", "hips", spine[0], spine[1], b.pelvis_radius});
    for (int i = 0; i < kSpineSegments; ++i)
        out.push_back({std::string("spine segment ") + std::to_string(i + 1) + " (" + spine_segment_name(i) + ")",
                       "trunk", spine[i + 1], spine[i + 2], b.trunk_radius});
    out.push_back({"neck", "head", spine[kSpineSegments + 1], neck_top, b.neck_radius});
    out.push_back({"head", "head", head_centre, head_centre, b.head_radius});
    for (Side side : {Side::Far, Side::Near}) {
        const std::string name = side == Side::Near ? "near " : "far ";
        const ArmPoints& a = arm(side);
        out.push_back({name + "upper arm", "arms", a.shoulder, a.elbow, b.upper_arm_radius});
        out.push_back({name + "forearm", "forearms", a.elbow, a.wrist, b.forearm_radius});
        out.push_back({name + "hand", "hands", a.wrist, a.fingertip, b.hand_radius});
    }
    return out;
}

void Skeleton::translate(Vec by) {
    hip = hip + by;
    for (auto& p : spine) p = p + by;
    neck_top = neck_top + by;
    head_centre = head_centre + by;
    for (ArmPoints* a : {&arm_near, &arm_far})
        for (Vec* p : {&a->shoulder, &a->elbow, &a->wrist, &a->fingertip}) *p = *p + by;
    for (LegPoints* l : {&leg_near, &leg_far})
        for (Vec* p : {&l->hip, &l->knee, &l->ankle, &l->heel, &l->toe}) *p = *p + by;
}

double reach(Skeleton& skeleton, Side side, Vec wrist, double hand_direction) {
    const BodySize& b = body_size();
    ArmPoints& a = skeleton.arm(side);
    const double l1 = b.upper_arm, l2 = b.forearm;
    const double wanted = length(wrist - a.shoulder);
    // Straight arms lock at a hair short of full length, so the solution never flips.
    const double d = std::clamp(wanted, std::abs(l1 - l2) + 1e-6, l1 + l2 - 1e-6);
    const double to_wrist = direction_of(a.shoulder, wrist);
    const double at_shoulder = std::acos(std::clamp((l1 * l1 + d * d - l2 * l2) / (2 * l1 * d), -1.0, 1.0)) / (std::numbers::pi / 180.0);
    // The forearm turns anticlockwise from the upper arm as an elbow flexes (see arm_points),
    // so the upper arm sits clockwise of the line to the wrist.
    const double upper = to_wrist + at_shoulder;
    a.elbow = a.shoulder + direction(upper) * l1;
    a.wrist = a.elbow + direction(direction_of(a.elbow, wrist)) * l2;
    a.fingertip = a.wrist + direction(hand_direction) * b.hand;
    return std::max(0.0, wanted - (l1 + l2));
}

}  // namespace classplayer::pose
