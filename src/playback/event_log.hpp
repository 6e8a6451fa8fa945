#pragma once
// The class timeline as JSON lines (--events FILE; the contract is in design.md). Each line is
// flushed as written, so a log from a player that was killed is still readable to its last line.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace classplayer::playback {

class EventLog {
public:
    EventLog() = default;  // writes nothing
    static std::unique_ptr<EventLog> open(const std::filesystem::path& file, std::string* error, bool append = false);

    // Writes {"t": t_s, "event": name, ...fields}. Main thread only.
    void write(double t_s, const char* event, nlohmann::json fields = nlohmann::json::object());

    // Also told every line (the session record keeps itself from them), with or without a file.
    using Observer = std::function<void(double t_s, std::string_view event, const nlohmann::json& fields)>;
    void set_observer(Observer observer) { observer_ = std::move(observer); }

private:
    Observer observer_;
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, FileCloser> file_;
};

}  // namespace classplayer::playback
