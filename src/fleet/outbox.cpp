#include "fleet/outbox.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <spdlog/spdlog.h>

#include "class/text_file.hpp"

namespace classplayer::fleet {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kSuffix = ".json";

bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return ::fsync(fd) == 0;
}

void sync_dir(const fs::path& dir) {
    if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
}  // namespace

std::expected<std::string, std::string> Outbox::put(const std::string& record_id, const std::string& payload) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return std::unexpected(dir_.string() + ": cannot create: " + ec.message());
    const std::string name = record_id + std::string(kSuffix);
    const fs::path temp = dir_ / ("." + name + ".tmp");  // a dot file: never listed as waiting
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(temp.string() + ": cannot write: " + std::strerror(errno));
    const bool written = write_all(fd, payload);
    const int saved = errno;
    if (::close(fd) != 0 || !written) {
        ::unlink(temp.c_str());
        return std::unexpected(temp.string() + ": cannot write: " + std::strerror(saved));
    }
    if (::rename(temp.c_str(), (dir_ / name).c_str()) != 0)
        return std::unexpected((dir_ / name).string() + ": cannot rename: " + std::strerror(errno));
    sync_dir(dir_);
    return name;
}

std::vector<std::string> Outbox::waiting() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().filename().string();
        if (name.starts_with(".") || !name.ends_with(kSuffix) || !it->is_regular_file()) continue;
        names.push_back(name);
    }
    // Names start with the time in milliseconds, zero-padded: sorted by name is oldest first.
    std::sort(names.begin(), names.end());
    return names;
}

std::expected<std::string, std::string> Outbox::read(const std::string& name) const {
    return read_small_file(dir_ / name);
}

void Outbox::remove(const std::string& name) {
    std::error_code ec;
    // Already gone is fine: a record sent twice is acknowledged twice.
    if (fs::remove(dir_ / name, ec); ec) spdlog::warn("fleet: outbox {}: cannot delete: {}", (dir_ / name).string(), ec.message());
}

}  // namespace classplayer::fleet
