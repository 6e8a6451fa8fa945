#include "content/manifest.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace classplayer::content {

std::uint64_t Manifest::total_bytes() const {
    std::uint64_t total = 0;
    for (const auto& f : files) total += f.size;  // each is at most 4 GiB and there are at most 10 000
    return total;
}

namespace {
bool id_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
}
}  // namespace

std::optional<std::string> release_id_problem(std::string_view id) {
    if (id.empty()) return "is empty";
    if (id.size() > kMostIdCharacters)
        return "is " + std::to_string(id.size()) + " characters long; at most " + std::to_string(kMostIdCharacters);
    for (char c : id)
        if (!id_character(c))
            return "may hold only letters, digits, '.', '_' and '-' (it becomes a folder name on each screen)";
    if (id.front() == '.') return "must not start with '.' (the store's own folders do)";
    return std::nullopt;
}

std::optional<std::string> release_path_problem(std::string_view path) {
    if (path.empty()) return "is empty";
    if (path.size() > kMostPathBytes)
        return "is " + std::to_string(path.size()) + " bytes long; at most " + std::to_string(kMostPathBytes);
    if (path.front() == '/') return "is an absolute path; a release's paths are relative to its folder";
    for (char c : path) {
        if (c == '\\') return "holds a backslash; paths are '/'-separated";
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "holds a control character";
    }
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        const std::string_view part = path.substr(start, slash - start);
        if (part.empty()) return "has an empty component (a doubled or trailing '/')";
        if (part == "..") return "leaves the release folder (\"..\" is not allowed)";
        if (part == ".") return "has a \".\" component; name each file once, plainly";
        start = slash + 1;
    }
    return std::nullopt;
}

bool is_sha256_hex(std::string_view text) {
    if (text.size() != 64) return false;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

namespace {

// A size: a whole number from 0 to kMostFileBytes (JsonObject::integer stops at INT_MAX, and
// clips are larger than 2 GiB).
std::optional<std::uint64_t> file_size(const JsonObject& o) {
    const nlohmann::json* v = o.find("size");
    if (!v) {
        if (o.valid()) o.problem("size", "is missing (expected a whole number of bytes)");
        return std::nullopt;
    }
    if (v->is_number_integer() && !v->is_number_unsigned() && v->get<std::int64_t>() < 0) {
        o.problem("size", "is negative");
        return std::nullopt;
    }
    if (!v->is_number_unsigned()) {
        o.problem("size", "must be a whole number of bytes");
        return std::nullopt;
    }
    const auto size = v->get<std::uint64_t>();
    if (size > kMostFileBytes) {
        o.problem("size", "is " + std::to_string(size) + " bytes; a file may be at most " +
                              std::to_string(kMostFileBytes) + " (4 GiB)");
        return std::nullopt;
    }
    return size;
}

}  // namespace

std::expected<Manifest, Problems> parse_manifest(const std::string& text, const std::string& source) {
    Problems problems;
    if (text.size() > kMostManifestBytes) {
        problems.push_back({source, "$", "is " + std::to_string(text.size()) + " bytes; a manifest may be at most " +
                                             std::to_string(kMostManifestBytes)});
        return std::unexpected(std::move(problems));
    }
    auto doc = parse_json_text(text, source, problems);
    if (!doc) return std::unexpected(std::move(problems));

    Manifest m;
    JsonObject root(*doc, source, "$", problems);
    root.reject_unknown({"format", "id", "created", "files"});
    if (auto format = root.string("format"); format && *format != kManifestFormat)
        root.problem("format", "is \"" + *format + "\"; this player reads \"" + std::string(kManifestFormat) + "\"");
    if (auto id = root.string("id")) {
        if (auto why = release_id_problem(*id)) root.problem("id", *why);
        else m.id = *id;
    }
    if (auto created = root.string("created")) m.created = *created;

    const nlohmann::json* files = root.find("files");
    if (root.valid() && !files) root.problem("files", "is missing (expected an array of files)");
    else if (files && !files->is_array()) root.problem("files", "must be an array of files");
    else if (files && files->size() > kMostFiles)
        root.problem("files", "lists " + std::to_string(files->size()) + " files; a release may hold at most " +
                                  std::to_string(kMostFiles));
    else if (files) {
        std::set<std::string, std::less<>> paths;
        std::set<std::string, std::less<>> folders;  // every folder some path needs
        m.files.reserve(files->size());
        for (std::size_t i = 0; i < files->size(); ++i) {
            JsonObject f((*files)[i], source, "$.files[" + std::to_string(i) + "]", problems);
            if (!f.valid()) continue;
            f.reject_unknown({"path", "size", "sha256"});
            ManifestFile entry;
            bool ok = true;
            // Not JsonObject::string: its 600-character cap is for words on a screen.
            const nlohmann::json* path = f.find("path");
            if (!path || !path->is_string()) {
                f.problem("path", path ? "must be a string" : "is missing (expected a relative path)");
                ok = false;
            } else if (auto why = release_path_problem(path->get<std::string>())) {
                f.problem("path", "\"" + path->get<std::string>().substr(0, 200) + "\" " + *why);
                ok = false;
            } else {
                entry.path = path->get<std::string>();
                if (paths.contains(entry.path)) {
                    f.problem("path", "\"" + entry.path + "\" is listed twice");
                    ok = false;
                } else if (folders.contains(entry.path)) {
                    f.problem("path", "\"" + entry.path + "\" is also a folder of another file");
                    ok = false;
                } else {
                    for (auto slash = entry.path.find('/'); slash != std::string::npos;
                         slash = entry.path.find('/', slash + 1)) {
                        const std::string folder = entry.path.substr(0, slash);
                        if (paths.contains(folder)) {
                            f.problem("path", "\"" + entry.path + "\" needs \"" + folder +
                                                  "\" to be a folder, but it is listed as a file");
                            ok = false;
                        }
                        folders.insert(folder);
                    }
                    paths.insert(entry.path);
                }
            }
            if (auto size = file_size(f)) entry.size = *size;
            else ok = false;
            if (auto hash = f.string("sha256")) {
                if (is_sha256_hex(*hash)) entry.sha256 = *hash;
                else {
                    f.problem("sha256", "must be 64 lowercase hex digits (a SHA-256)");
                    ok = false;
                }
            } else {
                ok = false;
            }
            if (ok) m.files.push_back(std::move(entry));
        }
    }
    if (!problems.empty()) return std::unexpected(std::move(problems));
    return m;
}

std::string manifest_text(const Manifest& manifest) {
    nlohmann::ordered_json doc;
    doc["format"] = kManifestFormat;
    doc["id"] = manifest.id;
    doc["created"] = manifest.created;
    auto files = nlohmann::ordered_json::array();
    for (const auto& f : manifest.files)
        files.push_back(nlohmann::ordered_json{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    doc["files"] = std::move(files);
    return doc.dump(1) + "\n";
}

}  // namespace classplayer::content
