// The body's kinematics: angles in, points out, as a physiotherapist reads the angles.
#include <cmath>

#include <catch2/catch.hpp>

#include "pose/body.hpp"

using namespace classplayer::pose;

namespace {
Pose hands_and_knees() {
    Pose p;
    p.pelvis = 90;
    p.arm_near = p.arm_far = {90, 0, 90};
    p.leg_near = p.leg_far = {90, 90, 90};
    return p;
}
// How far the middle of the spine sits above the straight line between its ends (m): > 0 when
// the back humps up, < 0 when it sags.
double hump(const Skeleton& s) {
    const Vec a = s.spine[1], b = s.spine[kSpineSegments + 1], mid = s.spine[4];
    const double u = (mid.x - a.x) / (b.x - a.x);
    return mid.y - (a.y + (b.y - a.y) * u);
}
}  // namespace

TEST_CASE("Standing upright stacks head over shoulders over hips over knees over ankles", "[pose][body]") {
    const BodySize& b = body_size();
    const Skeleton s = forward(Pose{}, {0, 1.0});
    CHECK(s.spine[kSpineSegments + 1].x == Approx(0).margin(1e-9));
    CHECK(s.spine[kSpineSegments + 1].y == Approx(1.0 + b.pelvis + kSpineSegments * b.spine_segment));
    CHECK(s.head_centre.y > s.neck_top.y);
    CHECK(s.leg_near.knee.y == Approx(1.0 - b.thigh));
    CHECK(s.leg_near.ankle.y == Approx(1.0 - b.thigh - b.shin));
    // The foot points where the figure faces (+x), flat: heel and toe at the sole's height.
    CHECK(s.leg_near.toe.x > s.leg_near.heel.x);
    CHECK(s.leg_near.toe.y == Approx(s.leg_near.heel.y));
    // Arms hang by the sides.
    CHECK(s.arm_near.wrist.y < s.arm_near.shoulder.y - b.upper_arm);
}

TEST_CASE("Flexing the spine on hands and knees rounds the back up; extending it lets it sag", "[pose][body]") {
    Pose flat = hands_and_knees(), cat = flat, cow = flat;
    cat.spine = {6, 8, 9, 9, 8, 6};
    cow.spine = {-5, -7, -7, -6, -4, -3};
    CHECK(hump(forward(flat)) == Approx(0).margin(1e-9));
    CHECK(hump(forward(cat)) > 0.03);
    CHECK(hump(forward(cow)) < -0.02);
    CHECK(cat.spine_flexion() == Approx(46));
    CHECK(cow.spine_flexion() == Approx(-32));
}

TEST_CASE("Shoulder, elbow, hip and knee bend the way joints do", "[pose][body]") {
    Pose p;
    p.arm_near = {90, 0, 0};  // arm raised forward
    Skeleton s = forward(p);
    CHECK(s.arm_near.wrist.x > s.arm_near.shoulder.x + 0.5);
    p.arm_near = {0, 90, 0};  // elbow bent: the forearm comes forward, not back
    s = forward(p);
    CHECK(s.arm_near.wrist.x > s.arm_near.elbow.x + 0.2);
    p.leg_near = {90, 90, 0};  // sitting: the thigh forward, the shin down
    s = forward(p);
    CHECK(s.leg_near.knee.x == Approx(body_size().thigh));
    CHECK(s.leg_near.ankle.y < s.leg_near.knee.y - 0.4);
    CHECK(s.leg_near.ankle.x == Approx(s.leg_near.knee.x).margin(1e-9));
}

TEST_CASE("Blending two poses moves every angle in a straight line", "[pose][body]") {
    Pose a = hands_and_knees(), b = a;
    b.spine = {10, 10, 10, 10, 10, 10};
    b.neck = 30;
    const Pose half = blend(a, b, 0.5);
    CHECK(half.spine[3] == Approx(5));
    CHECK(half.neck == Approx(15));
    CHECK(blend(a, b, 0).spine_flexion() == Approx(0));
    CHECK(blend(a, b, 1).spine_flexion() == Approx(60));
}

TEST_CASE("An arm reaches a point it can reach, elbow bending the right way, and says how short it falls", "[pose][body]") {
    Skeleton s = forward(Pose{}, {0, 1});
    const Vec shoulder = s.arm_near.shoulder;
    SECTION("within reach: the wrist lands on the target, upper arm and forearm keep their lengths") {
        const Vec target = shoulder + Vec{0.25, -0.35};
        CHECK(reach(s, Side::Near, target, 90) == Approx(0));
        CHECK(s.arm_near.wrist.x == Approx(target.x).margin(1e-9));
        CHECK(s.arm_near.wrist.y == Approx(target.y).margin(1e-9));
        CHECK(length(s.arm_near.elbow - shoulder) == Approx(body_size().upper_arm));
        CHECK(length(s.arm_near.wrist - s.arm_near.elbow) == Approx(body_size().forearm));
        // A forward reach bends the elbow down and back, below the line to the wrist, as a real
        // elbow does (never up and forward).
        const Vec to_wrist = target - shoulder, to_elbow = s.arm_near.elbow - shoulder;
        CHECK(to_wrist.x * to_elbow.y - to_wrist.y * to_elbow.x < 0);
    }
    SECTION("out of reach: the arm points straight at it and the shortfall is told") {
        const Vec target = shoulder + Vec{0.8, 0};
        CHECK(reach(s, Side::Near, target, 90) == Approx(0.8 - 0.56).margin(1e-6));
        CHECK(s.arm_near.wrist.y == Approx(shoulder.y).margin(1e-3));
    }
}
