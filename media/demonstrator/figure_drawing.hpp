#pragma once
// Draws one moment of a demonstration with cairo: the floor, the props, the faint outline of the
// start pose, the guides, the figure (rounded limbs, a head that faces where it looks, the spine
// as a line along the back), where the hands, knees, feet and seat rest, an arrow for the way the
// current phase moves, and a ring that fills through a hold.
#include <cstdint>

#include <cairo.h>

#include "pose/demonstration.hpp"

namespace classplayer::demonstrator {

struct Rgb {
    double r = 0, g = 0, b = 0;  // 0..1
};
// "#RRGGBB"; nullopt-like: returns false on anything else.
bool parse_colour(const char* text, Rgb& out);

// Where the world lands on the picture: metres to pixels. One camera a demonstration, fitted
// once to every frame of its loop, so the figure never jumps and the floor stays put.
struct Camera {
    double scale = 400;       // pixels a metre
    double origin_x = 640;    // picture x of world x = 0
    double floor_y = 640;     // picture y of the floor
    double x(double wx) const { return origin_x + wx * scale; }
    double y(double wy) const { return floor_y - wy * scale; }
};

// The picture is 1280x720 (the demo clips' size; any other size scales the same drawing).
inline constexpr int kWidth = 1280, kHeight = 720;
// The figure and props keep inside this box of the 1280x720 picture: a margin on every side,
// and the right-hand strip x >= 1190 above the floor is left as plain wall (tests read the
// clip's colour there).
inline constexpr double kBoxLeft = 90, kBoxRight = 1170, kBoxTop = 70, kFloorY = 640;

Camera fit_camera(const pose::Demonstration& demo);

// Draws the moment `t_s` of the loop onto `cr`, which is kWidth x kHeight in its user space.
void draw_moment(cairo_t* cr, const pose::Demonstration& demo, const Camera& camera, double t_s, Rgb background);

}  // namespace classplayer::demonstrator
