#include "class/conditions.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace classplayer {

const Condition* ConditionBook::find(const std::string& id) const {
    for (const auto& c : conditions)
        if (c.id == id) return &c;
    return nullptr;
}

bool ConditionBook::is_burden(const std::string& tag) const {
    return std::find(burdens.begin(), burdens.end(), tag) != burdens.end();
}

std::expected<ConditionBook, Problems> load_conditions(const std::filesystem::path& file) {
    Problems problems;
    auto doc = parse_json_file(file, problems);
    if (!doc) return std::unexpected(problems);

    ConditionBook book;
    book.file = file;
    JsonObject root(*doc, file.string(), "$", problems);
    root.reject_unknown({"format", "tags", "burdens", "conditions"});
    if (auto format = root.integer("format"); format && *format != 1)
        root.problem("format", "is " + std::to_string(*format) + "; this classplayer reads format 1");

    if (auto tags = root.object("tags")) {
        for (const auto& [name, meaning] : doc->at("tags").items()) {
            if (!meaning.is_string()) {
                tags->problem(name, "must be a string saying what the tag means");
                continue;
            }
            book.tags[name] = meaning.get<std::string>();
        }
    }

    // Required (an empty list is allowed): without it, EASIER could not tell a gentler version
    // from one that sends the person down to the floor.
    book.burdens = root.strings("burdens");
    for (std::size_t i = 0; i < book.burdens.size(); ++i) {
        const std::string at = root.path_of("burdens") + "[" + std::to_string(i) + "]";
        if (!book.knows_tag(book.burdens[i]))
            problems.push_back({file.string(), at, "unknown tag \"" + book.burdens[i] + "\" (not in $.tags)"});
        else if (std::find(book.burdens.begin(), book.burdens.begin() + static_cast<std::ptrdiff_t>(i),
                           book.burdens[i]) != book.burdens.begin() + static_cast<std::ptrdiff_t>(i))
            problems.push_back({file.string(), at, "\"" + book.burdens[i] + "\" is listed twice"});
    }

    std::set<std::string> seen;
    for (const auto& c : root.objects("conditions")) {
        c.reject_unknown({"id", "label", "description", "avoids", "prefers", "skip_advice"});
        Condition condition;
        condition.id = c.string("id").value_or("");
        condition.label = c.string("label").value_or("");
        condition.description = c.string("description").value_or("");
        condition.avoids = c.strings("avoids");
        condition.prefers = c.strings("prefers", false);
        condition.skip_advice = c.string("skip_advice").value_or("");
        if (condition.id == "standard") c.problem("id", "\"standard\" is reserved: it means no conditions");
        if (!condition.id.empty() && !seen.insert(condition.id).second)
            c.problem("id", "duplicate condition id \"" + condition.id + "\"");
        auto check_tags = [&](const std::vector<std::string>& tags, const char* key) {
            for (std::size_t i = 0; i < tags.size(); ++i)
                if (!book.knows_tag(tags[i]))
                    problems.push_back({file.string(), c.path_of(key) + "[" + std::to_string(i) + "]",
                                        "unknown tag \"" + tags[i] + "\" (not in $.tags)"});
        };
        check_tags(condition.avoids, "avoids");
        check_tags(condition.prefers, "prefers");
        book.conditions.push_back(std::move(condition));
    }

    if (!problems.empty()) return std::unexpected(problems);
    return book;
}

std::vector<std::string> split_profile(const std::string& profile) {
    std::vector<std::string> out;
    std::stringstream in(profile);
    std::string item;
    while (std::getline(in, item, ',')) {
        // Trim spaces so "low-bone-density, balance" works as typed.
        auto first = item.find_first_not_of(" \t");
        auto last = item.find_last_not_of(" \t");
        if (first == std::string::npos) continue;
        item = item.substr(first, last - first + 1);
        if (item == "standard") continue;
        if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
    return out;
}

}  // namespace classplayer
