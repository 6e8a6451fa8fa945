#include "class/playlist.hpp"
#include "class/gentler_order.hpp"
#include "class/text_file.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

namespace classplayer {

namespace fs = std::filesystem;

int units(const Dose& dose) {
    const int reps = dose.reps ? dose.reps->use : 1;
    const int sets = dose.sets ? dose.sets->use : 1;
    const int sides = dose.sides.empty() ? 1 : static_cast<int>(dose.sides.size());
    return reps * sets * sides;
}

double unit_s(const ClipMedia& media, const Dose& dose) {
    switch (media.loop) {
        case LoopMode::Rep: return media.rep_s;
        case LoopMode::Hold: return dose.hold_s ? dose.hold_s->use : 0;
        case LoopMode::Once: return media.once_s;
    }
    return 0;
}

namespace {

// What to do about a missing media file, in the words of whoever has this playlist: a package
// user gets the demo media back with the installed command or by installing the package again,
// a developer makes it with the build's target; a clinic's own class has no generator, only its
// own footage.
std::string how_to_make_media(const fs::path& media_root) {
    std::error_code ec;
    if (!fs::exists(media_root / "generate.sh", ec))
        return " (put the clip or cue there, or point the playlist at one that exists)";
    // The source tree builds its media with CMake; the package ships it made, with the generator
    // (/usr/share/classplayer/media), so a file missing there was removed after installing.
    if (fs::exists(media_root / "CMakeLists.txt", ec))
        return " (make the demo media: cmake --build build --target media)";
    return " (the installed demo media is incomplete: make it again with sudo classplayer-make-media, "
           "or reinstall: sudo apt-get install --reinstall classplayer)";
}

// 30 -> "30", 2.5 -> "2.5": seconds as a person writes them.
std::string seconds_text(double s) {
    char out[32];
    std::snprintf(out, sizeof out, "%g", s);
    return out;
}

constexpr int kMostCount = 1000;          // reps, rounds or sets in one step
// Time caps, each far beyond a real class and far below what overflows a frame count or a
// buffer sized from a duration: 1e308 s used to pass, `plan` printed "-8 s", and the overlay's
// float-to-int conversion was undefined.
constexpr double kMostStepSeconds = 4 * 3600.0;   // one step: a card, a clip step, a rest
constexpr double kMostBreathSeconds = 60.0;       // one breath in or out
constexpr int kMostBreathingCycles = 100;         // one rest (2^31-1 made play abort with bad_alloc)

std::string hours_text(double s) { return seconds_text(s / 3600) + " h"; }

// A number of seconds inside (0, most], or a problem at `key` (NaN cannot come from JSON, but
// a test of `x <= 0` alone would let it through).
bool check_seconds(const JsonObject& o, std::string_view key, double s, double most, bool zero_ok = false) {
    if (!(zero_ok ? s >= 0 : s > 0)) {
        o.problem(key, zero_ok ? "must not be negative" : "must be more than 0 seconds");
        return false;
    }
    if (!(s <= most)) {
        o.problem(key, "is " + seconds_text(s) + " s; at most " + seconds_text(most) + " s");
        return false;
    }
    return true;
}
constexpr std::size_t kMostSides = 4;
// The lines the screen lists under a clip's title: the start position, then the instructions
// (src/ui/overlay.cpp shows no more, so that the picture is not buried).
constexpr std::size_t kMostClipLines = 4;

// A line the screen would never show is refused, not dropped unseen.
void check_clip_lines(const JsonObject& o, const std::string& start_position,
                      const std::vector<std::string>& instructions) {
    const std::size_t room = kMostClipLines - (start_position.empty() ? 0 : 1);
    if (instructions.size() > room)
        o.problem("instructions", "the screen shows " + std::to_string(kMostClipLines) +
                                      " lines under a clip's title, the start position first: at most " +
                                      std::to_string(room) + " instructions here, not " +
                                      std::to_string(instructions.size()));
}

// Loading state shared by the per-part readers below.
struct Loader {
    fs::path file;
    fs::path media_root;  // absolute; empty until known
    LoadOptions options;
    Problems& problems;
    std::vector<MediaReference>& references;
    std::set<std::string> ids;  // segment and variant ids share one namespace

    // A media path from the playlist: relative, no "..", and (after following symlinks) still
    // inside the media root, so a playlist on a USB stick cannot reach other files.
    std::optional<fs::path> media_path(const JsonObject& o, std::string_view key, bool required = true) {
        auto text = o.string(key, required);
        if (!text) return std::nullopt;
        if (looks_like_url(*text)) {
            o.problem(key, "\"" + *text + "\" is a URL; classplayer plays only files inside the media root");
            return std::nullopt;
        }
        fs::path rel(*text);
        if (rel.is_absolute()) {
            o.problem(key, "\"" + *text + "\" is an absolute path; media paths are relative to the media root");
            return std::nullopt;
        }
        for (const auto& part : rel)
            if (part == "..") {
                o.problem(key, "\"" + *text + "\" leaves the media root (\"..\" is not allowed)");
                return std::nullopt;
            }
        if (media_root.empty()) return std::nullopt;
        fs::path full = media_root / rel;
        std::error_code ec, root_ec;
        fs::path real = fs::weakly_canonical(full, ec);
        fs::path real_root = fs::weakly_canonical(media_root, root_ec);
        auto [root_end, _] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
        if (ec || root_ec || root_end != real_root.end()) {
            o.problem(key, "\"" + *text + "\" resolves outside the media root " + media_root.string() +
                               " (through a symlink)");
            return std::nullopt;
        }
        if (options.require_media && !fs::is_regular_file(real, ec)) {
            // Something there that is not a file (a FIFO would block the decoder, a folder is
            // no clip) is named for what it is, not called missing.
            if (fs::exists(real, ec))
                o.problem(key, "media file " + full.string() + " is not a regular file (a folder, device or pipe)");
            else
                o.problem(key, "media file " + full.string() + " does not exist" + how_to_make_media(media_root));
        }
        references.push_back({full, o.path_of(key)});
        return full;
    }

    void unique_id(const JsonObject& o, const std::string& id) {
        static const std::regex shape("[a-z0-9]+(-[a-z0-9]+)*");
        if (id.empty()) return;
        if (!std::regex_match(id, shape))
            o.problem("id", "\"" + id + "\" must be lower-case words joined by hyphens, like \"cat-cow\"");
        if (!ids.insert(id).second) o.problem("id", "duplicate id \"" + id + "\"");
    }

    std::vector<std::string> tags(const JsonObject& o, const ConditionBook& book) {
        auto list = o.strings("tags");
        // Without a readable condition file there is no vocabulary to check against; that file's
        // own problem is already reported, and one line says it better than one a tag.
        if (book.file.empty()) return list;
        for (std::size_t i = 0; i < list.size(); ++i)
            if (!book.knows_tag(list[i]))
                problems.push_back({file.string(), o.path_of("tags") + "[" + std::to_string(i) + "]",
                                    "unknown tag \"" + list[i] + "\" (known tags are in " + book.file.string() + ")"});
        return list;
    }

    std::optional<CountRange> count_range(const JsonObject& dose, std::string_view key, const char* default_name) {
        auto o = dose.object(key, false);
        if (!o) return std::nullopt;
        o->reject_unknown({"name", "range", "use"});
        CountRange r;
        r.name = o->string("name", false).value_or(default_name);
        const nlohmann::json* range = o->find("range");
        if (!range || !range->is_array() || range->size() != 2 || !fits_int((*range)[0]) || !fits_int((*range)[1])) {
            o->problem("range", "must be two whole numbers [least, most], as the exercise's dose allows");
            return std::nullopt;
        }
        r.min = (*range)[0].get<int>();
        r.max = (*range)[1].get<int>();
        if (r.min < 1 || r.max < r.min) {
            o->problem("range", "must be [least, most] with 1 <= least <= most");
            return std::nullopt;
        }
        // A step's units are reps x sets x sides, counted in int: these bounds keep that exact.
        if (r.max > kMostCount) {
            o->problem("range", "must be [least, most] with most at most " + std::to_string(kMostCount));
            return std::nullopt;
        }
        auto use = o->integer("use");
        if (!use) return std::nullopt;
        r.use = *use;
        if (r.use < r.min || r.use > r.max) {
            o->problem("use", std::to_string(r.use) + " is outside its range " + std::to_string(r.min) + "-" +
                                  std::to_string(r.max));
            return std::nullopt;
        }
        return r;
    }

    std::optional<SecondsRange> seconds_range(const JsonObject& dose, std::string_view key) {
        auto o = dose.object(key, false);
        if (!o) return std::nullopt;
        o->reject_unknown({"range", "use"});
        const nlohmann::json* range = o->find("range");
        if (!range || !range->is_array() || range->size() != 2 || !(*range)[0].is_number() ||
            !(*range)[1].is_number()) {
            o->problem("range", "must be two numbers of seconds [least, most]");
            return std::nullopt;
        }
        SecondsRange r{(*range)[0].get<double>(), (*range)[1].get<double>(), 0};
        if (!(r.min > 0 && r.max >= r.min && r.max <= kMostStepSeconds)) {
            o->problem("range", "must be [least, most] seconds with 0 < least <= most <= " +
                                    seconds_text(kMostStepSeconds));
            return std::nullopt;
        }
        auto use = o->number("use");
        if (!use) return std::nullopt;
        r.use = *use;
        if (r.use < r.min || r.use > r.max) {
            o->problem("use", seconds_text(r.use) + " s is outside its range " + seconds_text(r.min) +
                                  "-" + seconds_text(r.max) + " s");
            return std::nullopt;
        }
        return r;
    }

    Dose dose(const JsonObject& o) {
        Dose d;
        o.reject_unknown({"reps", "hold_s", "sets", "sides"});
        d.reps = count_range(o, "reps", "reps");
        d.hold_s = seconds_range(o, "hold_s");
        d.sets = count_range(o, "sets", "sets");
        d.sides = o.strings("sides", false);
        if (d.sides.size() > kMostSides) o.problem("sides", "must name at most " + std::to_string(kMostSides) + " sides");
        return d;
    }

    std::optional<ClipMedia> clip_media(const JsonObject& o) {
        o.reject_unknown({"clip", "loop", "rep_s", "hold_from_s"});
        ClipMedia m;
        auto clip = media_path(o, "clip");
        auto loop = o.string("loop");
        if (loop == "rep") {
            m.loop = LoopMode::Rep;
            auto rep_s = o.number("rep_s");
            if (rep_s && !check_seconds(o, "rep_s", *rep_s, kMostStepSeconds)) rep_s.reset();
            m.rep_s = rep_s.value_or(0);
            m.hold_from_s = o.number("hold_from_s", false).value_or(0);
            if (!(m.hold_from_s >= 0 && m.hold_from_s < m.rep_s))
                o.problem("hold_from_s", "must be within the rep (0 to rep_s)");
        } else if (loop == "hold") {
            m.loop = LoopMode::Hold;
            if (o.has("rep_s")) o.problem("rep_s", "only a \"rep\" clip has a rep length");
            if (o.has("hold_from_s")) o.problem("hold_from_s", "only a \"rep\" clip has a hold inside it");
        } else if (loop) {
            o.problem("loop", "is \"" + *loop + "\"; must be \"rep\" (one clip a rep) or \"hold\" (loops for the hold)");
        }
        if (!clip) return std::nullopt;
        m.clip = *clip;
        return m;
    }

    std::optional<Cue> cue(const JsonObject& o, bool timed) {
        if (timed) o.reject_unknown({"id", "text", "audio", "at", "offset_s", "skip_first"});
        else o.reject_unknown({"id", "text", "audio"});
        Cue c;
        c.id = o.string("id").value_or("");
        c.text = o.string("text").value_or("");
        auto audio = media_path(o, "audio");
        if (timed) {
            auto at = o.string("at");
            if (at == "start") c.at = CueAt::Start;
            else if (at == "each-rep") c.at = CueAt::EachRep;
            else if (at == "each-side") c.at = CueAt::EachSide;
            else if (at == "each-set") c.at = CueAt::EachSet;
            else if (at) o.problem("at", "is \"" + *at + "\"; must be start, each-rep, each-side or each-set");
            c.offset_s = o.number("offset_s", false).value_or(0);
            if (!check_seconds(o, "offset_s", c.offset_s, kMostStepSeconds, true)) c.offset_s = 0;
            c.skip_first = o.boolean("skip_first", false).value_or(false);
        }
        if (!audio) return std::nullopt;
        c.audio = *audio;
        return c;
    }

    // STOP's advice on getting help: words to show ("stop_advice": "..."), or words to show and
    // say ("stop_advice": {"id", "text", "audio"}), since a person in pain may not be looking.
    void stop_advice(const JsonObject& o, std::string& text, std::optional<Cue>& spoken) {
        const nlohmann::json* value = o.find("stop_advice");
        if (value == nullptr) return;
        if (value->is_object()) {
            auto advice = o.object("stop_advice");
            if (!advice) return;
            spoken = cue(*advice, false);
            if (spoken) text = spoken->text;
            else if (auto words = advice->string("text")) text = *words;
        } else if (auto words = o.string("stop_advice")) {
            text = *words;
        }
    }

    // Cues must fit the step they belong to: a rep cue inside a rep, a start cue inside the step.
    std::vector<Cue> cues(const JsonObject& owner, const ClipMedia* media, const Dose& d) {
        std::vector<Cue> out;
        std::set<std::string> cue_ids;
        for (const auto& o : owner.objects("cues", false)) {
            auto c = cue(o, true);
            if (!c) continue;
            if (!cue_ids.insert(c->id).second) o.problem("id", "duplicate cue id \"" + c->id + "\" in this list");
            const double step_s = media ? units(d) * unit_s(*media, d) : 0;
            if (c->at == CueAt::EachRep && (!media || media->loop != LoopMode::Rep))
                o.problem("at", "\"each-rep\" needs a clip with \"loop\": \"rep\"");
            else if (c->at == CueAt::EachRep && c->offset_s >= media->rep_s)
                o.problem("offset_s", "is past the end of the rep (" + seconds_text(media->rep_s) + " s)");
            else if (c->at == CueAt::EachSide && d.sides.empty())
                o.problem("at", "\"each-side\" needs a dose with \"sides\"");
            else if (c->at == CueAt::EachSet && !d.sets)
                o.problem("at", "\"each-set\" needs a dose with \"sets\"");
            else if (c->at == CueAt::Start && media && c->offset_s >= step_s)
                o.problem("offset_s", "is past the end of the step (" + seconds_text(step_s) + " s)");
            out.push_back(std::move(*c));
        }
        return out;
    }

    // The dose and media must agree: a hold loop needs a hold time, a hold inside a rep must fit.
    void check_dose_fits(const JsonObject& o, const ClipMedia& m, const Dose& d) {
        // Each part within its cap can still multiply out (1000 reps x 1000 sets x 4 sides).
        if (const double step_s = units(d) * unit_s(m, d); step_s > kMostStepSeconds)
            o.problem("dose", "makes a step of " + hours_text(step_s) + "; one step lasts at most " +
                                  hours_text(kMostStepSeconds));
        if (m.loop == LoopMode::Hold && !d.hold_s)
            o.problem("dose", "a \"hold\" clip needs dose.hold_s (how long the hold lasts)");
        if (m.loop == LoopMode::Rep && d.hold_s && m.hold_from_s + d.hold_s->use > m.rep_s + 1e-9)
            o.problem("dose", "the hold (" + seconds_text(d.hold_s->use) + " s from " +
                                  seconds_text(m.hold_from_s) + " s) does not fit in the rep (" +
                                  seconds_text(m.rep_s) + " s)");
    }

    Variant variant(const JsonObject& o, const Segment& segment, const ConditionBook& book) {
        o.reject_unknown({"id", "title", "reason", "start_position", "instructions", "breath", "tags", "media",
                          "cues", "dose", "gentler_than"});
        Variant v;
        v.id = o.string("id").value_or("");
        unique_id(o, v.id);
        v.title = o.string("title").value_or("");
        v.reason = o.string("reason").value_or("");
        v.start_position = o.string("start_position", false).value_or("");
        v.instructions = o.strings("instructions", false);
        check_clip_lines(o, v.start_position, v.instructions);
        v.breath = o.string("breath", false).value_or(segment.breath);
        v.tags = tags(o, book);
        v.gentler_than = o.strings("gentler_than", false);
        if (auto d = o.object("dose", false)) v.dose = dose(*d);
        const Dose& effective = v.dose ? *v.dose : segment.dose;
        if (auto m = o.object("media")) {
            if (auto media = clip_media(*m)) {
                v.media = *media;
                check_dose_fits(o, v.media, effective);
                v.cues = cues(o, &v.media, effective);
            }
        }
        return v;
    }

    Segment segment(const JsonObject& o, const ConditionBook& book) {
        Segment s;
        s.id = o.string("id").value_or("");
        unique_id(o, s.id);
        s.title = o.string("title").value_or("");
        auto kind = o.string("kind");
        if (kind == "clip") {
            s.kind = SegmentKind::Clip;
            o.reject_unknown({"id", "title", "kind", "start_position", "instructions", "breath", "tags",
                              "skip_advice", "stop_advice", "media", "dose", "cues", "variants"});
            s.start_position = o.string("start_position", false).value_or("");
            s.instructions = o.strings("instructions", false);
            check_clip_lines(o, s.start_position, s.instructions);
            s.breath = o.string("breath", false).value_or("");
            s.skip_advice = o.string("skip_advice", false).value_or("");
            stop_advice(o, s.stop_advice, s.stop_advice_cue);
            s.tags = tags(o, book);
            if (auto d = o.object("dose")) s.dose = dose(*d);
            if (auto m = o.object("media")) {
                s.media = clip_media(*m);
                if (s.media) {
                    check_dose_fits(o, *s.media, s.dose);
                    s.cues = cues(o, &*s.media, s.dose);
                }
            }
            const auto variants = o.objects("variants", false);
            for (const auto& v : variants) s.variants.push_back(variant(v, s, book));
            check_gentler_order(s, variants, book);
        } else if (kind == "card") {
            s.kind = SegmentKind::Card;
            o.reject_unknown({"id", "title", "kind", "lines", "duration_s"});
            s.lines = o.strings("lines");
            check_card_lines(o, s.lines);
            s.card_s = o.number("duration_s").value_or(0);
            if (!check_seconds(o, "duration_s", s.card_s, kMostStepSeconds)) s.card_s = 0;
        } else if (kind == "breathing") {
            s.kind = SegmentKind::Breathing;
            o.reject_unknown({"id", "title", "kind", "cycles"});
            s.breathing_cycles = o.integer("cycles").value_or(0);
            if (s.breathing_cycles < 1 || s.breathing_cycles > kMostBreathingCycles)
                o.problem("cycles", "must be 1 to " + std::to_string(kMostBreathingCycles));
        } else if (kind) {
            o.problem("kind", "is \"" + *kind + "\"; must be clip, card or breathing");
        }
        return s;
    }
};

// `path` (from the playlist's `key`, as written: `text`) is inside one of `roots`, after
// following symlinks; else a problem at `key` that names where a playlist may point.
bool confined(const JsonObject& o, std::string_view key, const std::string& text, const fs::path& path,
              const std::vector<fs::path>& roots) {
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(path, ec);
    if (!ec)
        for (const auto& r : roots)
            if (is_within(real, r)) return true;
    std::string list;
    for (const auto& r : roots) list += (list.empty() ? "" : ", ") + r.string();
    o.problem(key, "\"" + text + "\" leads to " + (ec ? path : real).string() +
                       ", outside the folders a playlist may use (" + list +
                       "): its own folder tree, the installed classes, or a folder in " + std::string(kRootsVariable));
    return false;
}

}  // namespace

bool is_within(const fs::path& path, const fs::path& folder) {
    auto [folder_end, _] = std::mismatch(folder.begin(), folder.end(), path.begin(), path.end());
    return folder_end == folder.end();
}

std::vector<fs::path> playlist_roots(const fs::path& playlist_file) {
    std::vector<fs::path> roots;
    std::error_code ec;
    auto add = [&](const fs::path& folder) {
        fs::path real = fs::weakly_canonical(folder, ec);
        // "/" as a root would make every check moot: never one, whatever the layout or the variable.
        if (ec || real.empty() || real == real.root_path()) return;
        if (std::find(roots.begin(), roots.end(), real) == roots.end()) roots.push_back(real);
    };
    // The folder that holds the playlist's folder: playlists/ and media/ side by side, as in this
    // tree, the .deb (/usr/share/classplayer) and a USB stick. A playlist at the top of a disk
    // (its folder's parent is "/") gets its own folder only.
    const fs::path own = fs::absolute(playlist_file, ec).parent_path();
    if (own.has_parent_path() && own.parent_path() != own.root_path()) add(own.parent_path());
    else add(own);
    add(kInstalledDataDir);
    if (const char* listed = std::getenv(kRootsVariable.data()); listed && *listed) {
        std::string_view rest(listed);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            const fs::path folder(rest.substr(0, colon));
            if (folder.is_absolute()) add(folder);  // a relative one would depend on the working folder
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    return roots;
}

// A paragraph the card would never show is refused, not dropped unseen.
void check_card_lines(const JsonObject& o, const std::vector<std::string>& lines) {
    if (lines.size() > kMostCardLines)
        o.problem("lines", "a card shows at most " + std::to_string(kMostCardLines) + " paragraphs, not " +
                               std::to_string(lines.size()));
    std::size_t characters = 0;
    for (const auto& line : lines) characters += characters_in(line);
    if (characters > kMostCardCharacters)
        o.problem("lines", "hold " + std::to_string(characters) + " characters; a card shows at most " +
                               std::to_string(kMostCardCharacters));
}

std::expected<Playlist, Problems> load_playlist(const fs::path& file, LoadOptions options) {
    // Only a regular file, at most 1 MiB: a FIFO would block, /dev/zero would fill memory.
    auto text = read_small_file(file);
    if (!text) return std::unexpected(Problems{{file.string(), "$", text.error()}});
    return load_playlist_text(*text, file, options);
}

bool looks_like_url(std::string_view text) {
    // libavformat's own rule (url_find_protocol): scheme characters, then ':' or ",,".
    static constexpr std::string_view scheme_chars =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.";
    const std::size_t end = text.find_first_not_of(scheme_chars);
    if (end == 0 || end == std::string_view::npos) return false;
    return text[end] == ':' || text.substr(end).starts_with(",,");
}

std::expected<Playlist, Problems> load_playlist_text(const std::string& text, const fs::path& file,
                                                     LoadOptions options) {
    Problems problems;
    auto doc = parse_json_text(text, file, problems);
    if (!doc) return std::unexpected(problems);

    Playlist p;
    p.file = file;
    Loader loader{file, {}, options, problems, p.media, {}};
    JsonObject root(*doc, file.string(), "$", problems);
    if (!root.valid()) return std::unexpected(problems);
    root.reject_unknown({"format", "id", "title", "description", "media_root", "conditions", "safety_card",
                         "breathing", "skip_card_s", "stop_advice", "closing_lines", "segments"});

    if (auto format = root.integer("format"); format && *format != 1)
        root.problem("format", "is " + std::to_string(*format) + "; this classplayer reads format 1");
    p.id = root.string("id").value_or("");
    loader.unique_id(root, p.id);
    p.title = root.string("title").value_or("");
    p.description = root.string("description", false).value_or("");

    const fs::path base = fs::absolute(file).parent_path();
    const std::vector<fs::path> roots = playlist_roots(file);
    if (auto root_dir = root.string("media_root")) {
        p.media_root = (base / *root_dir).lexically_normal();
        std::error_code ec;
        if (!confined(root, "media_root", *root_dir, p.media_root, roots)) {
            // Refused: every media path below would be checked against a root that is itself out.
        } else if (options.require_media && !fs::is_directory(p.media_root, ec)) {
            // One problem for the folder, not one for every file that would be in it.
            root.problem("media_root", "folder " + p.media_root.string() + " does not exist");
        } else {
            loader.media_root = p.media_root;
        }
    }

    if (auto conditions = root.string("conditions"); conditions &&
        confined(root, "conditions", *conditions, (base / *conditions).lexically_normal(), roots)) {
        auto book = load_conditions((base / *conditions).lexically_normal());
        if (book) p.conditions = std::move(*book);
        else problems.insert(problems.end(), book.error().begin(), book.error().end());
    }

    if (auto card = root.object("safety_card")) {
        card->reject_unknown({"title", "lines", "duration_s", "chime"});
        p.safety_card.title = card->string("title").value_or("");
        p.safety_card.lines = card->strings("lines");
        if (p.safety_card.lines.empty() && card->has("lines")) card->problem("lines", "must say something");
        check_card_lines(*card, p.safety_card.lines);
        p.safety_card.duration_s = card->number("duration_s").value_or(0);
        if (p.safety_card.duration_s < 5) card->problem("duration_s", "must be at least 5 seconds, time to read it");
        else check_seconds(*card, "duration_s", p.safety_card.duration_s, kMostStepSeconds);
        if (card->has("chime")) p.safety_card.chime = loader.media_path(*card, "chime");
    }

    if (auto b = root.object("breathing")) {
        b->reject_unknown({"in_s", "out_s", "between_cycles", "replacement_cycles", "cues"});
        p.breathing.in_s = b->number("in_s").value_or(0);
        p.breathing.out_s = b->number("out_s").value_or(0);
        check_seconds(*b, "in_s", p.breathing.in_s, kMostBreathSeconds);
        check_seconds(*b, "out_s", p.breathing.out_s, kMostBreathSeconds);
        p.breathing.between_cycles = b->integer("between_cycles").value_or(0);
        p.breathing.replacement_cycles = b->integer("replacement_cycles").value_or(1);
        if (p.breathing.between_cycles < 0 || p.breathing.between_cycles > kMostBreathingCycles)
            b->problem("between_cycles", "must be 0 to " + std::to_string(kMostBreathingCycles));
        if (p.breathing.replacement_cycles < 1 || p.breathing.replacement_cycles > kMostBreathingCycles)
            b->problem("replacement_cycles", "must be 1 to " + std::to_string(kMostBreathingCycles));
        if (auto cues = b->object("cues", false)) {
            cues->reject_unknown({"in", "out"});
            if (auto in = cues->object("in")) p.breathing.in_cue = loader.cue(*in, false);
            if (auto out = cues->object("out")) p.breathing.out_cue = loader.cue(*out, false);
        }
    }

    p.stop_advice = std::string(kDefaultStopAdvice);
    loader.stop_advice(root, p.stop_advice, p.stop_advice_cue);
    // The words of "Class complete": this class's own, as a teacher would end it.
    if (root.has("closing_lines")) {
        p.closing_lines = root.strings("closing_lines");
        if (p.closing_lines.empty()) root.problem("closing_lines", "must say something, or be left out");
        check_card_lines(root, p.closing_lines);
    }
    p.skip_card_s = root.number("skip_card_s", false).value_or(8);
    if (p.skip_card_s < 3) root.problem("skip_card_s", "must be at least 3 seconds, time to read it");
    else check_seconds(root, "skip_card_s", p.skip_card_s, kMostStepSeconds);

    auto segments = root.objects("segments");
    if (segments.empty() && root.has("segments")) root.problem("segments", "must hold at least one segment");
    for (const auto& s : segments) p.segments.push_back(loader.segment(s, p.conditions));

    if (!problems.empty()) return std::unexpected(problems);
    return p;
}

Playlist single_clip_playlist(const fs::path& clip, double duration_s) {
    Playlist p;
    p.file = clip;
    p.id = "single-clip";
    p.title = clip.filename().string();
    p.media_root = fs::absolute(clip).parent_path();
    p.safety_card.duration_s = 0;  // no safety card: this is a plain file, not a class
    Segment s;
    s.id = "clip";
    s.title = clip.stem().string();
    s.kind = SegmentKind::Clip;
    s.media = ClipMedia{fs::absolute(clip), LoopMode::Once, 0, 0, duration_s};
    p.segments.push_back(std::move(s));
    p.media.push_back({fs::absolute(clip), "$"});
    return p;
}

}  // namespace classplayer
