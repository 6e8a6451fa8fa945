#pragma once
// A scratch copy of the shipped class for the validation tests, and a way to find one problem.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "shipped.hpp"

namespace scratch {

using namespace classplayer;
namespace fs = std::filesystem;
using nlohmann::json;

// A scratch copy of the shipped class in its own folder, with every media file it names
// present (as empty files: validation checks they exist; probing them is `check`'s job).
class ScratchClass {
public:
    ScratchClass() {
        static std::atomic<int> counter{0};
        dir_ = fs::temp_directory_path() / ("classplayer-validation-" + std::to_string(::getpid()) + "-" +
                                            std::to_string(counter++));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "playlists");
        fs::create_directories(dir_ / "media");
        fs::copy_file(CLASSPLAYER_PLAYLISTS_DIR "/conditions.json", dir_ / "playlists/conditions.json");
        std::ifstream in(CLASSPLAYER_PLAYLISTS_DIR "/middle-back.json");
        doc = json::parse(in);
        for (const auto& p : media_paths(doc)) {
            fs::create_directories((dir_ / "media" / p).parent_path());
            std::ofstream(dir_ / "media" / p).put('x');
        }
    }
    ~ScratchClass() { fs::remove_all(dir_); }

    fs::path file() const { return dir_ / "playlists/middle-back.json"; }
    fs::path dir() const { return dir_; }

    // Writes `text` as the playlist (for malformed JSON) or the edited document.
    Problems load_text(const std::string& text) const {
        std::ofstream(file()) << text;
        auto loaded = load_playlist(file());
        return loaded ? Problems{} : loaded.error();
    }
    Problems load() const { return load_text(doc.dump(2)); }

    json doc;

private:
    fs::path dir_;
    static std::vector<std::string> media_paths(const json& j) {
        std::vector<std::string> out;
        if (j.is_object()) {
            for (const auto& [k, v] : j.items()) {
                if ((k == "clip" || k == "audio" || k == "chime") && v.is_string()) out.push_back(v);
                else for (auto& p : media_paths(v)) out.push_back(p);
            }
        } else if (j.is_array()) {
            for (const auto& v : j) for (auto& p : media_paths(v)) out.push_back(p);
        }
        return out;
    }
};

// The one problem at `path`, with the file checked too.
inline const Problem& problem_at(const Problems& problems, const std::string& path, const fs::path& file) {
    INFO(to_string(problems));
    auto it = std::find_if(problems.begin(), problems.end(), [&](const Problem& p) { return p.json_path == path; });
    REQUIRE(it != problems.end());
    CHECK(it->file == file.string());
    return *it;
}

}  // namespace scratch
