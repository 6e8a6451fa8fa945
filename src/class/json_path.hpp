#pragma once
// Reading JSON documents that people write by hand (playlists, conditions), collecting every
// problem with the file and the JSON path it sits at, so a clinician sees all mistakes at once.
#include <cstddef>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace classplayer {

// One thing wrong with an input file. `json_path` is "$" for the whole document,
// "$.segments[2].dose.reps.use" for a field inside it.
struct Problem {
    std::string file;
    std::string json_path;
    std::string message;

    std::string to_string() const;  // "FILE: $.path: message"
};
using Problems = std::vector<Problem>;

std::string to_string(const Problems& problems);  // one line per problem

// Parses a whole file. On malformed JSON the problem says the line and column.
std::optional<nlohmann::json> parse_json_file(const std::filesystem::path& file, Problems& problems);
// A JSON whole number that fits an int (nlohmann's get<int>() would silently wrap the rest).
bool fits_int(const nlohmann::json& value);

// The same for text already read (`file` only names it in problems).
std::optional<nlohmann::json> parse_json_text(const std::string& text, const std::filesystem::path& file,
                                              Problems& problems);

// The most characters (UTF-8 code points) any one string may hold: a title, a line of a card, a
// cue's caption. The shipped files' longest is 375.
inline constexpr std::size_t kMostTextCharacters = 600;
std::size_t characters_in(std::string_view utf8);

// A cursor on one JSON object: typed field access that records a problem (and returns nothing)
// when a field is missing or of the wrong type. Not owning: the json and problems outlive it.
class JsonObject {
public:
    JsonObject(const nlohmann::json& value, std::string file, std::string path, Problems& problems);

    bool valid() const { return valid_; }  // false when the value was not an object
    const std::string& path() const { return path_; }
    std::string path_of(std::string_view key) const;

    bool has(std::string_view key) const;
    const nlohmann::json* find(std::string_view key) const;

    std::optional<std::string> string(std::string_view key, bool required = true) const;
    std::optional<double> number(std::string_view key, bool required = true) const;
    std::optional<int> integer(std::string_view key, bool required = true) const;
    std::optional<bool> boolean(std::string_view key, bool required = true) const;
    std::vector<std::string> strings(std::string_view key, bool required = true) const;
    std::optional<JsonObject> object(std::string_view key, bool required = true) const;
    // Each element of an array of objects, with its own path ("$.segments[3]").
    std::vector<JsonObject> objects(std::string_view key, bool required = true) const;

    // Records a problem for every key not in `known` (catches typos such as "ofset_s").
    void reject_unknown(std::initializer_list<std::string_view> known) const;

    void problem(std::string_view key, std::string message) const;  // at path_of(key)
    void problem(std::string message) const;                          // at path()

private:
    const nlohmann::json* value_;
    std::string file_;
    std::string path_;
    Problems* problems_;
    bool valid_;
};

}  // namespace classplayer
