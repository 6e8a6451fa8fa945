#include "playback/event_log.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>

namespace classplayer::playback {

std::unique_ptr<EventLog> EventLog::open(const std::filesystem::path& file, std::string* error, bool append) {
    auto log = std::make_unique<EventLog>();
    log->file_.reset(std::fopen(file.c_str(), append ? "a" : "w"));
    if (!log->file_) {
        if (error) *error = file.string() + ": cannot be written: " + std::strerror(errno);
        return nullptr;
    }
    return log;
}

void EventLog::write(double t_s, const char* event, nlohmann::json fields) {
    if (observer_) observer_(t_s, event, fields);
    if (!file_) return;
    nlohmann::json line = nlohmann::json::object();
    line["t"] = std::round(t_s * 1000) / 1000;  // milliseconds are plenty, and keep lines short
    line["event"] = event;
    for (auto& [k, v] : fields.items()) line[k] = std::move(v);
    const std::string text = line.dump() + "\n";
    std::fwrite(text.data(), 1, text.size(), file_.get());
    std::fflush(file_.get());
}

}  // namespace classplayer::playback
