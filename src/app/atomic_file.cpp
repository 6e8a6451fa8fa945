#include "app/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace classplayer::app {

namespace fs = std::filesystem;

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

bool write_file_atomically(const fs::path& dir, const std::string& name, const std::string& text, std::string* error) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        if (error) *error = dir.string() + ": cannot create: " + ec.message();
        return false;
    }
    const fs::path file = dir / name;
    const fs::path temp = dir / (name + ".tmp");
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return fail(error, temp, "cannot write");
    const bool written = write_durably(fd, text);
    if (::close(fd) != 0 || !written) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        return fail(error, temp, "cannot write");
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) return fail(error, file, "cannot replace");
    // The rename itself must reach the disk, or a power cut could bring back the old file.
    if (const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
    return true;
}

}  // namespace classplayer::app
