#include "figure_drawing.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numbers>

namespace classplayer::demonstrator {

using pose::Capsule;
using pose::Skeleton;
using pose::Vec;

bool parse_colour(const char* text, Rgb& out) {
    unsigned r = 0, g = 0, b = 0;
    if (!text || std::strlen(text) != 7 || std::sscanf(text, "#%02x%02x%02x", &r, &g, &b) != 3) return false;
    out = {r / 255.0, g / 255.0, b / 255.0};
    return true;
}

namespace {

// Calm colours with strong contrast against the clips' muted backgrounds. None is "bright" (no
// channel sum above 600 of 765, with room for the encoder's rounding): the picture never
// competes with the overlay's white words.
constexpr Rgb kSkin{226 / 255.0, 186 / 255.0, 150 / 255.0};
constexpr Rgb kSkinFar{196 / 255.0, 154 / 255.0, 124 / 255.0};
constexpr Rgb kOutline{62 / 255.0, 44 / 255.0, 40 / 255.0};
constexpr Rgb kSpine{22 / 255.0, 92 / 255.0, 118 / 255.0};
constexpr Rgb kWood{150 / 255.0, 104 / 255.0, 68 / 255.0};
constexpr Rgb kWoodDark{92 / 255.0, 60 / 255.0, 38 / 255.0};
constexpr Rgb kMat{86 / 255.0, 128 / 255.0, 150 / 255.0};
constexpr Rgb kCounter{128 / 255.0, 128 / 255.0, 136 / 255.0};
// Not the overlay's amber (theme::reason: why a step changed) nor its accent green (progress):
// what the picture shows never reads as what the overlay says.
constexpr Rgb kGuide{220 / 255.0, 215 / 255.0, 130 / 255.0};
constexpr Rgb kArrow{110 / 255.0, 196 / 255.0, 240 / 255.0};

void set(cairo_t* cr, Rgb c, double alpha = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha); }
Rgb darker(Rgb c, double k) { return {c.r * k, c.g * k, c.b * k}; }

void capsule(cairo_t* cr, const Camera& cam, Vec a, Vec b, double width_px) {
    cairo_set_line_width(cr, width_px);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr, cam.x(a.x), cam.y(a.y));
    cairo_line_to(cr, cam.x(b.x), cam.y(b.y));
    cairo_stroke(cr);
}

void rect(cairo_t* cr, const Camera& cam, double x0, double y0, double x1, double y1) {
    cairo_rectangle(cr, cam.x(x0), cam.y(y1), (x1 - x0) * cam.scale, (y1 - y0) * cam.scale);
}

void draw_props(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam) {
    const double px = std::max(2.0, cam.scale * 0.006);
    for (const auto& p : demo.props) {
        cairo_set_line_width(cr, px);
        if (p.type == "mat") {
            rect(cr, cam, p.x0, 0, p.x1, pose::kMatTop + 0.006);
            set(cr, kMat);
            cairo_fill(cr);
        } else if (p.type == "counter") {
            rect(cr, cam, p.x0, 0, p.x1, pose::kCounterTop - 0.04);
            set(cr, kCounter);
            cairo_fill_preserve(cr);
            set(cr, darker(kCounter, 0.6));
            cairo_stroke(cr);
            rect(cr, cam, p.x0 - 0.03, pose::kCounterTop - 0.04, p.x1, pose::kCounterTop);
            set(cr, darker(kCounter, 0.75));
            cairo_fill(cr);
        } else if (p.type == "table") {
            rect(cr, cam, p.x0, pose::kTableTop - 0.04, p.x1, pose::kTableTop);
            set(cr, kWood);
            cairo_fill_preserve(cr);
            set(cr, kWoodDark);
            cairo_stroke(cr);
            for (double leg : {p.x0 + 0.04, p.x1 - 0.08}) {
                rect(cr, cam, leg, 0, leg + 0.04, pose::kTableTop - 0.04);
                set(cr, kWoodDark);
                cairo_fill(cr);
            }
        } else if (p.type == "chair") {
            const double back = p.faces_right ? p.x0 : p.x1 - 0.04;
            // legs, seat, the back's post and its top rail
            for (double leg : {p.x0 + 0.01, p.x1 - 0.04}) {
                rect(cr, cam, leg, 0, leg + 0.03, pose::kChairSeat - 0.04);
                set(cr, kWoodDark);
                cairo_fill(cr);
            }
            rect(cr, cam, back, pose::kChairSeat, back + 0.04, pose::kChairBackTop - 0.02);
            set(cr, kWoodDark);
            cairo_fill(cr);
            rect(cr, cam, back - 0.02, pose::kChairBackTop - 0.08, back + 0.06, pose::kChairBackTop);
            set(cr, kWood);
            cairo_fill_preserve(cr);
            set(cr, kWoodDark);
            cairo_stroke(cr);
            rect(cr, cam, p.x0, pose::kChairSeat - 0.05, p.x1, pose::kChairSeat);
            set(cr, kWood);
            cairo_fill_preserve(cr);
            set(cr, kWoodDark);
            cairo_stroke(cr);
        }
    }
}

// Soft marks on the surfaces where a part rests: where to put the hands, knees, feet, seat.
void draw_rest_marks(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam, const Skeleton& s,
                     const pose::Keyframe& k) {
    for (const auto& c : k.contacts) {
        const pose::Surface* surface = demo.surface(c.surface);
        if (!surface || c.group == "trunk" || c.group == "hips" || c.group == "seat") continue;
        for (const auto& part : pose::group_capsules(s, c.group)) {
            const double x0 = std::clamp(std::min(part.a.x, part.b.x), surface->x0, surface->x1);
            const double x1 = std::clamp(std::max(part.a.x, part.b.x), surface->x0, surface->x1);
            const double mid = (x0 + x1) / 2, half = std::max(0.05, (x1 - x0) / 2 + 0.02);
            cairo_save(cr);
            cairo_translate(cr, cam.x(mid), cam.y(surface->y));
            cairo_scale(cr, half * cam.scale, 0.018 * cam.scale);
            cairo_arc(cr, 0, 0, 1, 0, 2 * std::numbers::pi);
            cairo_restore(cr);
            cairo_set_source_rgba(cr, 0, 0, 0, 0.28);
            cairo_fill(cr);
        }
    }
}

// The back's surface: the spine's points moved out to the side away from the chest.
std::vector<Vec> back_line(const Skeleton& s, double depth) {
    std::vector<Vec> out;
    for (std::size_t i = 1; i < s.spine.size(); ++i) {
        const Vec a = s.spine[std::min(i, s.spine.size() - 2)], b = s.spine[std::min(i + 1, s.spine.size() - 1)];
        const double d = pose::direction_of(a, b);
        out.push_back(s.spine[i] + pose::direction(d - 90) * depth);
    }
    return out;
}

void polyline(cairo_t* cr, const Camera& cam, const std::vector<Vec>& points) {
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (i == 0) cairo_move_to(cr, cam.x(points[i].x), cam.y(points[i].y));
        else cairo_line_to(cr, cam.x(points[i].x), cam.y(points[i].y));
    }
}

// The body's shapes, in the order they overlap: far limbs, trunk and head, near leg, near arm.
void body_layers(const Skeleton& s, std::vector<std::vector<Capsule>>& layers) {
    const auto all = s.capsules();
    layers.assign(4, {});
    for (const auto& c : all) {
        const bool far = c.part.starts_with("far ");
        const bool arm = c.group == "arms" || c.group == "forearms" || c.group == "hands";
        const bool leg = c.group == "thighs" || c.group == "knees" || c.group == "feet";
        if (far) layers[0].push_back(c);
        else if (leg) layers[2].push_back(c);
        else if (arm) layers[3].push_back(c);
        else layers[1].push_back(c);
    }
}

void draw_layer(cairo_t* cr, const Camera& cam, const std::vector<Capsule>& layer, Rgb fill, double outline_px) {
    set(cr, kOutline);
    for (const auto& c : layer) capsule(cr, cam, c.a, c.b, 2 * c.radius * cam.scale + 2 * outline_px);
    set(cr, fill);
    for (const auto& c : layer) capsule(cr, cam, c.a, c.b, 2 * c.radius * cam.scale);
}

void draw_face(cairo_t* cr, const Camera& cam, const Skeleton& s) {
    const double r = pose::body_size().head_radius;
    const Vec face = pose::direction(s.head_direction + 90);  // the face is forward of the crown
    const Vec up = pose::direction(s.head_direction);
    const Vec eye = s.head_centre + face * (r * 0.55) + up * (r * 0.2);
    set(cr, kOutline);
    cairo_arc(cr, cam.x(eye.x), cam.y(eye.y), std::max(2.5, r * cam.scale * 0.11), 0, 2 * std::numbers::pi);
    cairo_fill(cr);
    // The nose, a small bump past the face's edge, says at a glance which way the head looks.
    const Vec nose = s.head_centre + face * (r * 1.02) - up * (r * 0.05);
    cairo_arc(cr, cam.x(nose.x), cam.y(nose.y), r * cam.scale * 0.16, 0, 2 * std::numbers::pi);
    set(cr, kSkin);
    cairo_fill_preserve(cr);
    set(cr, kOutline);
    cairo_set_line_width(cr, 2);
    cairo_stroke(cr);
}

void draw_figure(cairo_t* cr, const Camera& cam, const Skeleton& s) {
    std::vector<std::vector<Capsule>> layers;
    body_layers(s, layers);
    const double outline = std::max(2.0, cam.scale * 0.007);
    draw_layer(cr, cam, layers[0], kSkinFar, outline);
    draw_layer(cr, cam, layers[1], kSkin, outline);
    // The spine, drawn just inside the back: its curve is what the exercise is about.
    const auto spine = back_line(s, pose::body_size().trunk_radius * 0.55);
    set(cr, kSpine);
    cairo_set_line_width(cr, std::max(4.0, cam.scale * 0.014));
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    polyline(cr, cam, spine);
    cairo_stroke(cr);
    for (const auto& p : spine) {
        cairo_arc(cr, cam.x(p.x), cam.y(p.y), std::max(4.0, cam.scale * 0.014), 0, 2 * std::numbers::pi);
        cairo_fill(cr);
    }
    draw_face(cr, cam, s);
    draw_layer(cr, cam, layers[2], kSkin, outline);
    draw_layer(cr, cam, layers[3], kSkin, outline);
}

// The start pose, faint: where the movement comes from and goes back to.
void draw_ghost(cairo_t* cr, const Camera& cam, const Skeleton& s) {
    cairo_push_group(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    for (const auto& c : s.capsules()) capsule(cr, cam, c.a, c.b, 2 * c.radius * cam.scale);
    cairo_pop_group_to_source(cr);
    cairo_paint_with_alpha(cr, 0.16);
}

void draw_guides(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam) {
    for (const auto& g : demo.guides) {
        const pose::Keyframe* k = demo.keyframe(g.pose);
        if (!k) continue;
        const Skeleton s = demo.skeleton_of(static_cast<int>(k - demo.keyframes.data()));
        auto line = back_line(s, pose::body_size().trunk_radius + 0.03);
        // Long enough past both ends to read as a line the back stays under.
        const Vec first = line.front(), last = line.back();
        const Vec along = (last - first) * (1.0 / std::max(1e-6, pose::length(last - first)));
        line.insert(line.begin(), first - along * 0.12);
        line.push_back(last + along * 0.12);
        set(cr, kGuide, 0.95);
        cairo_set_line_width(cr, std::max(4.0, cam.scale * 0.012));
        const double dash[] = {cam.scale * 0.045, cam.scale * 0.03};
        cairo_set_dash(cr, dash, 2, 0);
        polyline(cr, cam, line);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
    }
}

Vec outward(const Skeleton& s, const std::string& landmark) {
    // Arrows sit off the body on the side that moves: behind the back, in front of the belly.
    const Vec a = s.spine[3], b = s.spine[5];
    const double d = pose::direction_of(a, b);
    if (landmark == "mid-back") return pose::direction(d - 90);
    if (landmark == "belly" || landmark == "chest") return pose::direction(d + 90);
    if (landmark == "head") return pose::direction(s.head_direction);
    return {0, 0.0};
}

void draw_arrow(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam, double t_s) {
    const auto m = demo.moment(t_s);
    const pose::Keyframe& to = demo.keyframes[static_cast<std::size_t>(m.to)];
    if (!to.arrow) return;
    const Skeleton a = demo.skeleton_of(m.from), b = demo.skeleton_of(m.to);
    Vec p0 = pose::landmark(a, *to.arrow), p1 = pose::landmark(b, *to.arrow);
    Vec move = p1 - p0;
    if (pose::length(move) < 1e-4) return;  // a still phase (a hold) has no arrow
    const Vec dir = move * (1 / pose::length(move));
    // Long and bold enough to read from across a room, however small the move.
    const double shown = std::max(pose::length(move), 0.24);
    const Vec off = outward(a, *to.arrow) * 0.24;
    const Vec mid = (p0 + p1) * 0.5 + off;
    p0 = mid - dir * (shown / 2);
    p1 = mid + dir * (shown / 2);
    // In while the phase moves, out as it settles.
    const double alpha = std::clamp(std::sin(std::numbers::pi * m.u) * 1.8, 0.0, 1.0);
    const double w = std::max(9.0, cam.scale * 0.03), head = w * 3;
    const Vec tip{cam.x(p1.x), cam.y(p1.y)}, tail{cam.x(p0.x), cam.y(p0.y)};
    const double ang = std::atan2(tip.y - tail.y, tip.x - tail.x);
    set(cr, kArrow, alpha);
    cairo_set_line_width(cr, w);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr, tail.x, tail.y);
    cairo_line_to(cr, tip.x - std::cos(ang) * head * 0.8, tip.y - std::sin(ang) * head * 0.8);
    cairo_stroke(cr);
    cairo_move_to(cr, tip.x, tip.y);
    cairo_line_to(cr, tip.x - std::cos(ang - 0.5) * head, tip.y - std::sin(ang - 0.5) * head);
    cairo_line_to(cr, tip.x - std::cos(ang + 0.5) * head, tip.y - std::sin(ang + 0.5) * head);
    cairo_close_path(cr);
    cairo_fill(cr);
}

// A ring that fills through the hold, with a pause sign inside: "stay here".
void draw_hold(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam, double t_s) {
    if (!demo.hold_from_s || !demo.hold_to_s) return;
    const double t = std::fmod(t_s, demo.length_s);
    if (t < *demo.hold_from_s || t >= *demo.hold_to_s) return;
    const double done = (t - *demo.hold_from_s) / (*demo.hold_to_s - *demo.hold_from_s);
    const Skeleton s = demo.skeleton_at(t_s);
    const double cx = std::min(cam.x(s.head_centre.x) + 120, kBoxRight - 60), cy = std::max(cam.y(s.head_centre.y) - 60, kBoxTop + 50);
    const double r = 42;
    cairo_set_line_width(cr, 10);
    cairo_set_source_rgba(cr, 0, 0, 0, 0.25);
    cairo_arc(cr, cx, cy, r, 0, 2 * std::numbers::pi);
    cairo_stroke(cr);
    set(cr, kGuide);
    cairo_arc(cr, cx, cy, r, -std::numbers::pi / 2, -std::numbers::pi / 2 + 2 * std::numbers::pi * done);
    cairo_stroke(cr);
    for (double dx : {-11.0, 5.0}) cairo_rectangle(cr, cx + dx, cy - 16, 7, 32);
    cairo_fill(cr);
}

}  // namespace

Camera fit_camera(const pose::Demonstration& demo) {
    double lo_x = std::numeric_limits<double>::infinity(), hi_x = -lo_x, hi_y = 0;
    auto take = [&](double x0, double x1, double y) { lo_x = std::min(lo_x, x0); hi_x = std::max(hi_x, x1); hi_y = std::max(hi_y, y); };
    const int samples = std::max(2, static_cast<int>(demo.length_s * 10));
    for (int i = 0; i < samples; ++i) {
        const Skeleton s = demo.skeleton_at(demo.length_s * i / samples);
        for (const auto& c : s.capsules())
            take(std::min(c.a.x, c.b.x) - c.radius, std::max(c.a.x, c.b.x) + c.radius, std::max(c.a.y, c.b.y) + c.radius);
    }
    for (const auto& p : demo.props) {
        const double top = p.type == "chair" ? pose::kChairBackTop : p.type == "table" ? pose::kTableTop
                          : p.type == "counter" ? pose::kCounterTop : pose::kMatTop;
        take(p.x0, p.x1, top);
    }
    Camera cam;
    // Room above for the arrow and the hold ring; the figure as large as the box allows, but no
    // larger than life-size-looking for a figure on the floor.
    const double width = hi_x - lo_x + 0.3, height = hi_y + 0.3;
    cam.scale = std::min({460.0, (kBoxRight - kBoxLeft) / width, (kFloorY - kBoxTop) / height});
    cam.floor_y = kFloorY;
    cam.origin_x = (kBoxLeft + kBoxRight) / 2 - (lo_x + hi_x) / 2 * cam.scale;
    return cam;
}

void draw_moment(cairo_t* cr, const pose::Demonstration& demo, const Camera& cam, double t_s, Rgb background) {
    cairo_save(cr);
    set(cr, background);
    cairo_paint(cr);
    // The floor: a band a shade darker than the wall, and its edge, wall to wall.
    cairo_rectangle(cr, 0, kFloorY, kWidth, kHeight - kFloorY);
    set(cr, darker(background, 0.72));
    cairo_fill(cr);
    cairo_rectangle(cr, 0, kFloorY - 1.5, kWidth, 3);
    set(cr, darker(background, 0.45));
    cairo_fill(cr);

    draw_props(cr, demo, cam);
    const Skeleton now = demo.skeleton_at(t_s);
    const auto m = demo.moment(t_s);
    // As the figure is at that moment, resting hands set down where they rest.
    if (const pose::Keyframe* start = demo.keyframe(demo.start_pose)) draw_ghost(cr, cam, demo.skeleton_at(start->t_s));
    draw_rest_marks(cr, demo, cam, now, demo.keyframes[static_cast<std::size_t>(m.from)]);
    draw_figure(cr, cam, now);
    draw_guides(cr, demo, cam);
    draw_arrow(cr, demo, cam, t_s);
    draw_hold(cr, demo, cam, t_s);
    cairo_restore(cr);
}

}  // namespace classplayer::demonstrator
