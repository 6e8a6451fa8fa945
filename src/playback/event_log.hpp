#pragma once
// The class timeline as JSON lines (--events FILE; the contract is in design.md). Each line is
// flushed as written, so a log from a player that was killed is still readable to its last line.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace classplayer::playback {

class EventLog {
public:
    EventLog() = default;  // writes nothing
    static std::unique_ptr<EventLog> open(const std::filesystem::path& file, std::string* error, bool append = false);

    // Writes {"t": t_s, "event": name, ...fields}. Main thread only.
    void write(double t_s, const char* event, nlohmann::json fields = nlohmann::json::object());

private:
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, FileCloser> file_;
};

}  // namespace classplayer::playback
