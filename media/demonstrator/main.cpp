// classplayer-demonstrate: turns a demonstration (pose keyframes, docs/demonstration-format.md)
// into pictures. media/generate.sh pipes its frames into ffmpeg to make the demo clips.
//
//   classplayer-demonstrate frames DEMO.json [--background '#RRGGBB']
//       every frame of one loop (30 fps, 1280x720), raw BGRA on stdout
//   classplayer-demonstrate check DEMO.json --tags T,T --rules FILE [--used-by TEXT]
//       the motion against the rules those tags leave in force: exit 1, naming the keyframe and
//       the joint, if it shows what they rule out
//   classplayer-demonstrate still DEMO.json --at SECONDS --out FILE.png [--background ...]
//   classplayer-demonstrate drawing-id
//       a hash of the drawing code: generate.sh remakes the clips when it changes
//   classplayer-demonstrate describe DEMO.json
//       where each keyframe puts the hips, shoulders, hands, head, knees (metres), for tuning
//   classplayer-demonstrate sheet OUT.png DEMO.json... [--columns N] [--at-keyframe N]
//       a contact sheet: one still a demonstration, titled
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <cairo.h>
#include <unistd.h>

#include "drawing_id.hpp"
#include "figure_drawing.hpp"
#include "pose/motion_rules.hpp"

namespace fs = std::filesystem;
using namespace classplayer;
using namespace classplayer::demonstrator;

namespace {

constexpr int kFps = 30;
constexpr Rgb kDefaultBackground{48 / 255.0, 84 / 255.0, 96 / 255.0};

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceDeleter>;
using ContextPtr = std::unique_ptr<cairo_t, ContextDeleter>;

std::optional<pose::Demonstration> load_or_say(const fs::path& file) {
    auto demo = pose::load_demonstration(file);
    if (!demo) {
        std::cerr << to_string(demo.error());
        return std::nullopt;
    }
    return *demo;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) out.push_back(item);
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

bool write_all(int fd, const unsigned char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// 0 when the motion obeys every rule the tags leave in force; else the problems are printed.
int check_tags(const pose::Demonstration& demo, const std::string& tags, const fs::path& rules_file,
               const std::string& used_by) {
    auto rules = pose::load_motion_rules(rules_file);
    if (!rules) {
        std::cerr << to_string(rules.error());
        return 1;
    }
    const auto problems = pose::check_motion(demo, split(tags), *rules, used_by.empty() ? "the clip" : used_by);
    if (!problems.empty()) {
        std::cerr << to_string(problems);
        return 1;
    }
    return 0;
}

int frames(const fs::path& file, Rgb background) {
    auto demo = load_or_say(file);
    if (!demo) return 1;
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kWidth, kHeight));
    ContextPtr cr(cairo_create(surface.get()));
    const Camera camera = fit_camera(*demo);
    const int count = static_cast<int>(std::lround(demo->length_s * kFps));
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int f = 0; f < count; ++f) {
        draw_moment(cr.get(), *demo, camera, static_cast<double>(f) / kFps, background);
        cairo_surface_flush(surface.get());
        const unsigned char* data = cairo_image_surface_get_data(surface.get());
        // ARGB32 is native-endian: B, G, R, A bytes on the little-endian machines this runs on.
        for (int y = 0; y < kHeight; ++y)
            if (!write_all(1, data + static_cast<std::ptrdiff_t>(y) * stride, static_cast<std::size_t>(kWidth) * 4)) {
                std::cerr << "classplayer-demonstrate: the frame pipe closed at frame " << f << "\n";
                return 1;
            }
        cairo_surface_mark_dirty(surface.get());
    }
    return 0;
}

int still(const fs::path& file, double at_s, const fs::path& out, Rgb background) {
    auto demo = load_or_say(file);
    if (!demo) return 1;
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kWidth, kHeight));
    ContextPtr cr(cairo_create(surface.get()));
    draw_moment(cr.get(), *demo, fit_camera(*demo), at_s, background);
    if (cairo_surface_write_to_png(surface.get(), out.c_str()) != CAIRO_STATUS_SUCCESS) {
        std::cerr << "classplayer-demonstrate: cannot write " << out.string() << "\n";
        return 1;
    }
    return 0;
}

// For an author tuning angles: where each keyframe puts the joints that matter, in metres.
int describe(const fs::path& file) {
    auto demo = load_or_say(file);
    if (!demo) return 1;
    auto at = [](pose::Vec v) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "(%.2f, %.2f)", v.x, v.y);
        return std::string(buf);
    };
    for (std::size_t i = 0; i < demo->keyframes.size(); ++i) {
        const auto& k = demo->keyframes[i];
        const pose::Skeleton s = demo->skeleton_at(k.t_s);
        const double elbow = std::remainder(pose::direction_of(s.arm_near.shoulder, s.arm_near.elbow) -
                                                pose::direction_of(s.arm_near.elbow, s.arm_near.wrist), 360.0);
        std::printf("%-16s t=%5.2f hip %s shoulder %s elbow bend %5.1f wrist %s head %s knee %s ankle %s spine %+.0f\n",
                    k.name.c_str(), k.t_s, at(s.hip).c_str(), at(s.arm_near.shoulder).c_str(), elbow,
                    at(s.arm_near.wrist).c_str(), at(s.head_centre).c_str(), at(s.leg_near.knee).c_str(),
                    at(s.leg_near.ankle).c_str(), k.pose.spine_flexion());
    }
    return 0;
}

// The moment that shows a demonstration best: the middle of its hold (cobra pressed up), else
// the keyframe furthest from where it starts (cat at its top), unless a keyframe is asked for.
double telling_moment(const pose::Demonstration& d, int keyframe) {
    if (d.keyframes.size() < 2) return 0;
    if (keyframe >= 0)
        return d.keyframes[static_cast<std::size_t>(std::min<int>(keyframe, static_cast<int>(d.keyframes.size()) - 1))].t_s;
    if (d.hold_from_s && d.hold_to_s) return (*d.hold_from_s + *d.hold_to_s) / 2;
    auto distance = [](const pose::Pose& a, const pose::Pose& b) {
        double sum = std::abs(a.pelvis - b.pelvis) + std::abs(a.neck - b.neck) + std::abs(a.head - b.head);
        for (int i = 0; i < pose::kSpineSegments; ++i) sum += std::abs(a.spine[i] - b.spine[i]);
        sum += std::abs(a.leg_near.hip - b.leg_near.hip) + std::abs(a.leg_near.knee - b.leg_near.knee);
        sum += std::abs(a.arm_near.shoulder - b.arm_near.shoulder) + std::abs(a.arm_near.elbow - b.arm_near.elbow);
        return sum;
    };
    std::size_t best = 1;
    for (std::size_t k = 1; k < d.keyframes.size(); ++k)
        if (distance(d.keyframes[k].pose, d.keyframes[0].pose) > distance(d.keyframes[best].pose, d.keyframes[0].pose)) best = k;
    return d.keyframes[best].t_s;
}

int sheet(const fs::path& out, const std::vector<fs::path>& files, int columns, int keyframe) {
    constexpr int kThumbW = 480, kThumbH = 270, kLabel = 44, kGap = 16;
    const int rows = (static_cast<int>(files.size()) + columns - 1) / columns;
    const int width = columns * (kThumbW + kGap) + kGap, height = rows * (kThumbH + kLabel + kGap) + kGap;
    SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    ContextPtr cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 0.12, 0.12, 0.14);
    cairo_paint(cr.get());
    int failed = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        auto demo = load_or_say(files[i]);
        if (!demo) { ++failed; continue; }
        const int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
        const double x = kGap + col * (kThumbW + kGap), y = kGap + row * (kThumbH + kLabel + kGap);
        cairo_save(cr.get());
        cairo_translate(cr.get(), x, y);
        cairo_rectangle(cr.get(), 0, 0, kThumbW, kThumbH);
        cairo_clip(cr.get());
        cairo_scale(cr.get(), static_cast<double>(kThumbW) / kWidth, static_cast<double>(kThumbH) / kHeight);
        draw_moment(cr.get(), *demo, fit_camera(*demo), telling_moment(*demo, keyframe), kDefaultBackground);
        cairo_restore(cr.get());
        cairo_select_font_face(cr.get(), "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
        cairo_set_font_size(cr.get(), 24);
        cairo_set_source_rgb(cr.get(), 0.95, 0.95, 0.95);
        cairo_move_to(cr.get(), x + 4, y + kThumbH + 31);
        cairo_show_text(cr.get(), demo->title.c_str());
    }
    if (cairo_surface_write_to_png(surface.get(), out.c_str()) != CAIRO_STATUS_SUCCESS) {
        std::cerr << "classplayer-demonstrate: cannot write " << out.string() << "\n";
        return 1;
    }
    return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"classplayer-demonstrate: draws demonstrations (pose keyframes) for the demo clips"};
    app.require_subcommand(1);
    std::string background_text = "#305460";

    fs::path file, out;
    std::string tags, used_by;
    fs::path rules;
    auto* frames_cmd = app.add_subcommand("frames", "every frame of one loop, raw 1280x720 BGRA on stdout, 30 fps");
    frames_cmd->add_option("demonstration", file, "the demonstration's JSON file")->required();
    frames_cmd->add_option("--background", background_text, "the wall's colour, #RRGGBB");
    // As `check` first, then the frames only if it passes.
    frames_cmd->add_option("--tags", tags, "check first, as `check --tags`");
    frames_cmd->add_option("--rules", rules, "with --tags: the motion rules");
    frames_cmd->add_option("--used-by", used_by, "with --tags: who carries the tags");
    auto* check_cmd = app.add_subcommand("check", "refuses (exit 1) a demonstration whose motion its tags rule out");
    check_cmd->add_option("demonstration", file, "the demonstration's JSON file")->required();
    check_cmd->add_option("--tags", tags, "the tags of the segment or variant that plays it (comma-separated)")->required();
    check_cmd->add_option("--rules", rules, "the motion rules (playlists/motion-rules.json)")->required();
    check_cmd->add_option("--used-by", used_by, "who carries the tags, for the refusal's message");

    double at_s = 0;
    auto* still_cmd = app.add_subcommand("still", "one moment as a PNG");
    still_cmd->add_option("demonstration", file, "the demonstration's JSON file")->required();
    still_cmd->add_option("--at", at_s, "seconds into the loop")->required();
    still_cmd->add_option("--out", out, "the PNG to write")->required();
    still_cmd->add_option("--background", background_text, "the wall's colour, #RRGGBB");

    std::vector<fs::path> files;
    int columns = 4, keyframe = -1;
    auto* sheet_cmd = app.add_subcommand("sheet", "a contact sheet of demonstrations, one still each");
    sheet_cmd->add_option("out", out, "the PNG to write")->required();
    sheet_cmd->add_option("demonstrations", files, "demonstration files")->required();
    sheet_cmd->add_option("--columns", columns, "stills a row")->check(CLI::Range(1, 8));
    sheet_cmd->add_option("--at-keyframe", keyframe, "which keyframe each still shows (default: the hold's middle, else the keyframe furthest from the start)");

    auto* id_cmd = app.add_subcommand("drawing-id", "a hash of how pictures are drawn: clips made by another is stale");
    auto* describe_cmd = app.add_subcommand("describe", "where each keyframe puts the joints (for tuning angles)");
    describe_cmd->add_option("demonstration", file, "the demonstration's JSON file")->required();

    CLI11_PARSE(app, argc, argv);
    Rgb background;
    if (!parse_colour(background_text.c_str(), background)) {
        std::cerr << "classplayer-demonstrate: --background must be #RRGGBB, not '" << background_text << "'\n";
        return 2;
    }
    if (*frames_cmd) {
        if (!tags.empty()) {
            auto demo = load_or_say(file);
            if (!demo) return 1;
            if (const int bad = check_tags(*demo, tags, rules, used_by)) return bad;
        }
        return frames(file, background);
    }
    if (*check_cmd) {
        auto demo = load_or_say(file);
        return demo ? check_tags(*demo, tags, rules, used_by) : 1;
    }
    if (*still_cmd) return still(file, at_s, out, background);
    if (*describe_cmd) return describe(file);
    if (*id_cmd) {
        std::cout << CLASSPLAYER_DRAWING_ID << "\n";
        return 0;
    }
    return sheet(out, files, columns, keyframe);
}
