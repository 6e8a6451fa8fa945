#include "class/json_path.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

namespace classplayer {

std::string Problem::to_string() const { return file + ": " + json_path + ": " + message; }

std::string to_string(const Problems& problems) {
    std::string out;
    for (const auto& p : problems) out += p.to_string() + "\n";
    return out;
}

namespace {
// nlohmann reports a byte offset; people need a line and a column.
std::pair<int, int> line_and_column(const std::string& text, std::size_t byte_offset) {
    int line = 1, column = 1;
    const std::size_t end = std::min(byte_offset, text.size());
    for (std::size_t i = 0; i + 1 < end; ++i) {
        if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    return {line, column};
}

}  // namespace

bool fits_int(const nlohmann::json& v) {
    if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max());
    if (!v.is_number_integer()) return false;
    const auto n = v.get<std::int64_t>();
    return n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max();
}

namespace {
const char* type_name(const nlohmann::json& v) {
    return v.is_object() ? "an object" : v.is_array() ? "an array" : v.is_string() ? "a string"
         : v.is_boolean() ? "true/false" : v.is_number() ? "a number" : "null";
}
}  // namespace

std::optional<nlohmann::json> parse_json_file(const std::filesystem::path& file, Problems& problems) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        problems.push_back({file.string(), "$", "cannot be read (missing or not readable)"});
        return std::nullopt;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_json_text(buffer.str(), file, problems);
}

std::optional<nlohmann::json> parse_json_text(const std::string& text, const std::filesystem::path& file,
                                              Problems& problems) {
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        auto [line, column] = line_and_column(text, e.byte);
        std::string what = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
        if (auto colon = what.find(": "); colon != std::string::npos) {
            if (auto second = what.find(": ", colon + 2); second != std::string::npos) what = what.substr(second + 2);
        }
        problems.push_back({file.string(), "$",
                            "malformed JSON at line " + std::to_string(line) + ", column " +
                                std::to_string(column) + ": " + what});
        return std::nullopt;
    } catch (const nlohmann::json::exception& e) {
        // A number too large for a double (1E999) is out_of_range, thrown while parsing: found by
        // fuzzing, it used to end the player through std::terminate.
        std::string what = e.what();
        if (auto bracket = what.find("] "); bracket != std::string::npos) what = what.substr(bracket + 2);
        problems.push_back({file.string(), "$", "malformed JSON: " + what});
        return std::nullopt;
    }
}

JsonObject::JsonObject(const nlohmann::json& value, std::string file, std::string path, Problems& problems)
    : value_(&value), file_(std::move(file)), path_(std::move(path)), problems_(&problems),
      valid_(value.is_object()) {
    if (!valid_) problem("must be an object, found " + std::string(type_name(value)));
}

std::string JsonObject::path_of(std::string_view key) const { return path_ + "." + std::string(key); }

bool JsonObject::has(std::string_view key) const { return find(key) != nullptr; }

const nlohmann::json* JsonObject::find(std::string_view key) const {
    if (!valid_) return nullptr;
    auto it = value_->find(key);
    return it == value_->end() ? nullptr : &*it;
}

void JsonObject::problem(std::string_view key, std::string message) const {
    problems_->push_back({file_, path_of(key), std::move(message)});
}
void JsonObject::problem(std::string message) const { problems_->push_back({file_, path_, std::move(message)}); }

namespace {
template <class Check>
const nlohmann::json* typed(const JsonObject& o, std::string_view key, bool required, Check is_type,
                            const char* expected) {
    const nlohmann::json* v = o.find(key);
    if (!v) {
        if (required && o.valid()) o.problem(key, "is missing (expected " + std::string(expected) + ")");
        return nullptr;
    }
    if (!is_type(*v)) {
        o.problem(key, "must be " + std::string(expected) + ", found " + type_name(*v));
        return nullptr;
    }
    return v;
}
}  // namespace

std::optional<std::string> JsonObject::string(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_string(); }, "a string");
    if (!v) return std::nullopt;
    auto s = v->get<std::string>();
    if (s.empty()) { problem(key, "must not be empty"); return std::nullopt; }
    return s;
}

std::optional<double> JsonObject::number(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_number(); }, "a number");
    if (!v) return std::nullopt;
    return v->get<double>();
}

std::optional<int> JsonObject::integer(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_number_integer(); }, "a whole number");
    if (!v) return std::nullopt;
    // get<int>() would wrap 4294967297 round to 1: a count that large is a mistake, not a class.
    if (!fits_int(*v)) { problem(key, "is " + v->dump() + ", too large a whole number"); return std::nullopt; }
    return v->get<int>();
}

std::optional<bool> JsonObject::boolean(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_boolean(); }, "true or false");
    if (!v) return std::nullopt;
    return v->get<bool>();
}

std::vector<std::string> JsonObject::strings(std::string_view key, bool required) const {
    std::vector<std::string> out;
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_array(); }, "an array of strings");
    if (!v) return out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const auto& item = (*v)[i];
        if (!item.is_string() || item.get<std::string>().empty()) {
            problems_->push_back({file_, path_of(key) + "[" + std::to_string(i) + "]",
                                  "must be a non-empty string, found " + std::string(type_name(item))});
            continue;
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::optional<JsonObject> JsonObject::object(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_object(); }, "an object");
    if (!v) return std::nullopt;
    return JsonObject(*v, file_, path_of(key), *problems_);
}

std::vector<JsonObject> JsonObject::objects(std::string_view key, bool required) const {
    std::vector<JsonObject> out;
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_array(); }, "an array of objects");
    if (!v) return out;
    for (std::size_t i = 0; i < v->size(); ++i) {
        JsonObject item((*v)[i], file_, path_of(key) + "[" + std::to_string(i) + "]", *problems_);
        if (item.valid()) out.push_back(item);
    }
    return out;
}

void JsonObject::reject_unknown(std::initializer_list<std::string_view> known) const {
    if (!valid_) return;
    for (const auto& [key, _] : value_->items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            problem(key, "unknown field (known fields here: " + list + ")");
        }
    }
}

}  // namespace classplayer
