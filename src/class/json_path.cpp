#include "class/json_path.hpp"
#include "class/text_file.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <set>
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
    auto text = read_small_file(file);
    if (!text) {
        problems.push_back({file.string(), "$", text.error()});
        return std::nullopt;
    }
    return parse_json_text(*text, file, problems);
}

namespace {

// nlohmann keeps the last of two equal keys in an object without a word; a person who wrote
// "duration_s" twice meant one of them, so both are refused, each at its JSON path. A SAX pass
// over text that already parsed, keeping one frame per open object or array.
class DuplicateKeyFinder : public nlohmann::json_sax<nlohmann::json> {
public:
    DuplicateKeyFinder(std::string file, Problems& problems) : file_(std::move(file)), problems_(problems) {}
    bool found() const { return found_; }

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& key) override {
        Frame& f = frames_.back();
        f.key = key;
        if (!f.keys.insert(key).second) {
            found_ = true;
            problems_.push_back({file_, f.path + "." + key,
                                 "is given twice in this object; say it once (JSON would silently keep the last)"});
        }
        return true;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    struct Frame {
        bool array = false;
        std::size_t index = 0;  // arrays: the next element's
        std::string path, key;  // objects: the key whose value comes next
        std::set<std::string> keys;
    };
    std::string child_path() const {
        if (frames_.empty()) return "$";
        const Frame& f = frames_.back();
        return f.array ? f.path + "[" + std::to_string(f.index) + "]" : f.path + "." + f.key;
    }
    bool value() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
        return true;
    }
    bool open(bool array) {
        Frame f;
        f.array = array;
        f.path = child_path();
        frames_.push_back(std::move(f));
        return true;
    }
    bool close() {
        frames_.pop_back();
        return value();
    }

    std::string file_;
    Problems& problems_;
    std::vector<Frame> frames_;
    bool found_ = false;
};

}  // namespace

std::optional<nlohmann::json> parse_json_text(const std::string& text, const std::filesystem::path& file,
                                              Problems& problems) {
    try {
        auto doc = nlohmann::json::parse(text);
        DuplicateKeyFinder duplicates(file.string(), problems);
        nlohmann::json::sax_parse(text, &duplicates);
        if (duplicates.found()) return std::nullopt;
        return doc;
    } catch (const nlohmann::json::parse_error& e) {
        auto [line, column] = line_and_column(text, e.byte);
        std::string what = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix
        // (its line and column count differently from ours).
        if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
        // And its "; last read: '...'": the bytes of a file that is not JSON at all (a conditions
        // path naming /etc/passwd) must not be shown on screen or in a log. The line and column
        // locate the error; what follows is nlohmann's "expected ..." (its own words) at most.
        if (auto quoted = what.find("; last read: "); quoted != std::string::npos) {
            // nlohmann's token names (lexer token_type_name), so nothing read from the file passes.
            static constexpr std::string_view kTokens[] = {
                "'['", "'{'", "']'", "'}'", "':'", "','", "string literal", "number literal", "'null'",
                "'true'", "'false'", "end of input", "'[', '{', or a literal", "<uninitialized>", "<parse error>"};
            std::string tail;
            const std::string_view after = std::string_view(what).substr(quoted);
            for (const std::string_view token : kTokens)
                if (after.ends_with("'; expected " + std::string(token))) tail = "; expected " + std::string(token);
            what = what.substr(0, quoted) + tail;
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

std::size_t characters_in(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

namespace {
// A string longer than a person reads on a screen is refused: drawing one takes memory in
// proportion (a 50 KB line peaked at 1.27 GB).
std::optional<std::string> too_long(const std::string& s) {
    const std::size_t n = characters_in(s);
    if (n <= kMostTextCharacters) return std::nullopt;
    return "is " + std::to_string(n) + " characters long; at most " + std::to_string(kMostTextCharacters) +
           " (text is read on a screen)";
}
}  // namespace

std::optional<std::string> JsonObject::string(std::string_view key, bool required) const {
    auto v = typed(*this, key, required, [](const auto& j) { return j.is_string(); }, "a string");
    if (!v) return std::nullopt;
    auto s = v->get<std::string>();
    if (s.empty()) { problem(key, "must not be empty"); return std::nullopt; }
    if (auto why = too_long(s)) { problem(key, *why); return std::nullopt; }
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
        if (auto why = too_long(item.get_ref<const std::string&>())) {
            problems_->push_back({file_, path_of(key) + "[" + std::to_string(i) + "]", *why});
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
