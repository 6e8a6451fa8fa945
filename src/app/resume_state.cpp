#include "app/resume_state.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace classplayer::app {

namespace fs = std::filesystem;

fs::path ResumeStore::default_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return fs::path(state) / "classplayer";
    if (const char* home = std::getenv("HOME"); home && *home) return fs::path(home) / ".local/state/classplayer";
    return fs::temp_directory_path() / "classplayer";
}

std::optional<ResumePoint> ResumeStore::load(std::string* problem) const {
    std::ifstream in(file());
    if (!in) return std::nullopt;
    try {
        const auto j = nlohmann::json::parse(in);
        ResumePoint p;
        p.playlist = j.at("playlist").get<std::string>();
        p.conditions = j.at("conditions").get<std::vector<std::string>>();
        p.step_index = j.at("step_index").get<int>();
        if (p.step_index < 0) throw std::out_of_range("step_index is negative");
        p.position_s = j.value("position_s", 0.0);  // absent in files from before it was kept
        return p;
    } catch (const std::exception& e) {
        if (problem) *problem = file().string() + ": unreadable resume state, starting from the beginning: " + e.what();
        return std::nullopt;
    }
}

namespace {
bool fail(std::string* error, const fs::path& file, const char* what) {
    if (error) *error = file.string() + ": " + what + ": " + std::strerror(errno);
    return false;
}

// Writes all of `text` to fd, and makes it durable before the rename makes it visible.
bool write_durably(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return ::fsync(fd) == 0;
}
}  // namespace

bool ResumeStore::save(const ResumePoint& point, std::string* error) const {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) {
        if (error) *error = dir_.string() + ": cannot create: " + ec.message();
        return false;
    }
    const nlohmann::json j = {{"playlist", point.playlist.string()},
                              {"conditions", point.conditions},
                              {"step_index", point.step_index},
                              {"position_s", std::round(point.position_s * 1000) / 1000}};
    const std::string text = j.dump(2) + "\n";
    const fs::path temp = dir_ / "resume.json.tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail(error, temp, "cannot write");
    const bool written = write_durably(fd, text);
    if (::close(fd) != 0 || !written) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        return fail(error, temp, "cannot write");
    }
    if (::rename(temp.c_str(), file().c_str()) != 0) return fail(error, file(), "cannot replace");
    // The rename itself must reach the disk, or a power cut could bring back the old file.
    if (const int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return true;
}

void ResumeStore::clear() const {
    std::error_code ec;
    fs::remove(file(), ec);
}

}  // namespace classplayer::app
