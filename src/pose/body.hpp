#pragma once
// The demonstrator's body: joint angles in (a Pose), points in the world out (a Skeleton).
// A side view, the figure facing +x, y up, metres, the floor at y = 0.
//
// Angles are degrees as a physiotherapist names them, not screen angles:
//   pelvis   the trunk's lean at its base, from upright: 0 standing, 90 on hands and knees;
//   spine    six segments from the pelvis to the neck, each bent on the one below it:
//            + flexion (rounding forward), - extension (arching back). All zero is neutral;
//   neck, head  + flexion (chin toward the chest);
//   shoulder + flexion (the arm raised forward: 90 points it where the chest faces);
//   elbow    + flexion (0 is a straight arm);  wrist + extension (90: hand flat, fingers forward);
//   hip      + flexion (90 sitting, or on hands and knees);  knee + flexion;
//   ankle    + plantar flexion (0: the foot at right angles to the shin).
// Internally a direction is an angle from straight up, clockwise positive, so that for a
// figure facing +x "forward" is clockwise: a segment's direction d has the unit vector (sin d, cos d).
#include <array>
#include <string>
#include <vector>

namespace classplayer::pose {

struct Vec {
    double x = 0, y = 0;
};
inline Vec operator+(Vec a, Vec b) { return {a.x + b.x, a.y + b.y}; }
inline Vec operator-(Vec a, Vec b) { return {a.x - b.x, a.y - b.y}; }
inline Vec operator*(Vec a, double k) { return {a.x * k, a.y * k}; }
double length(Vec v);
// The unit vector of a direction in degrees (from straight up, clockwise).
Vec direction(double deg);
// The direction (degrees, from straight up, clockwise) from `from` to `to`.
double direction_of(Vec from, Vec to);

inline constexpr int kSpineSegments = 6;
// Names of the spine segments, pelvis upwards, as an error message names a joint.
const char* spine_segment_name(int i);

struct ArmAngles {
    double shoulder = 0, elbow = 0, wrist = 0;
};
struct LegAngles {
    double hip = 0, knee = 0, ankle = 0;
};

struct Pose {
    double pelvis = 0;
    std::array<double, kSpineSegments> spine{};
    double neck = 0, head = 0;
    ArmAngles arm_near, arm_far;   // near: the side toward the viewer, drawn in front
    LegAngles leg_near, leg_far;

    double spine_flexion() const;  // the six segments summed: > 0 rounded, < 0 arched
};

// `u` in [0, 1]: each angle moves in a straight line from a to b (the easing is the caller's).
Pose blend(const Pose& a, const Pose& b, double u);

// An adult of about 1.70 m. Lengths are joint to joint; radii are the limb's half-thickness
// as drawn, and as used to tell whether a part touches a surface.
struct BodySize {
    double pelvis = 0.10;          // hip joint to the base of the lumbar spine
    double spine_segment = 0.077;  // six of them to the base of the neck
    double neck = 0.10, head_radius = 0.105;
    double upper_arm = 0.30, forearm = 0.26, hand = 0.17;
    double thigh = 0.44, shin = 0.43, foot = 0.21, heel = 0.05, ankle_height = 0.07;
    double trunk_radius = 0.11, pelvis_radius = 0.12, neck_radius = 0.05;
    double upper_arm_radius = 0.045, forearm_radius = 0.037, hand_radius = 0.025;
    double thigh_radius = 0.07, shin_radius = 0.052, foot_radius = 0.035;
};
const BodySize& body_size();

enum class Side { Near, Far };

struct ArmPoints {
    Vec shoulder, elbow, wrist, fingertip;
};
struct LegPoints {
    Vec hip, knee, ankle, heel, toe;
};

// A round-ended stroke of the figure: what is drawn and what can touch a surface.
struct Capsule {
    std::string part;   // "near shin", "spine segment 3 (mid thoracic)" ...
    std::string group;  // what a contact or rule names: "hands", "knees", "feet", "seat", "trunk", "head" ...
    Vec a, b;
    double radius = 0;
    double lowest() const;  // the lowest y of its outline
};

struct Skeleton {
    Vec hip;                                  // hip joint (both legs share it in a side view)
    std::array<Vec, kSpineSegments + 2> spine;  // [0] hip joint, [1] lumbar base ... [7] base of the neck
    Vec neck_top, head_centre;
    double head_direction = 0;                // where the crown points; the face is clockwise of it
    ArmPoints arm_near, arm_far;
    LegPoints leg_near, leg_far;

    const ArmPoints& arm(Side s) const { return s == Side::Near ? arm_near : arm_far; }
    ArmPoints& arm(Side s) { return s == Side::Near ? arm_near : arm_far; }
    const LegPoints& leg(Side s) const { return s == Side::Near ? leg_near : leg_far; }

    std::vector<Capsule> capsules() const;
    void translate(Vec by);
};

// The body's points for a pose, its hip joint at `hip`.
Skeleton forward(const Pose& pose, Vec hip = {});

// Bends an arm so that its wrist reaches `wrist` (two-bone inverse kinematics), keeping the
// elbow bending the way elbows bend, then points the hand along `hand_direction`. Where the
// wrist is out of reach the arm points straight at it (the hand then misses: a contact check
// sees it). Returns how far short the wrist stays (0 when reached).
double reach(Skeleton& skeleton, Side side, Vec wrist, double hand_direction);

}  // namespace classplayer::pose
