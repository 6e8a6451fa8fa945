#include "class/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace classplayer {

std::expected<std::string, std::string> read_small_file(const std::filesystem::path& file, std::size_t most_bytes) {
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer; fstat then
    // judges what was actually opened (no window for a swap between a stat and the open).
    const int fd = ::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return std::unexpected(std::string("cannot be read (missing or not readable)"));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) != 0) return std::unexpected(std::string("cannot be read (missing or not readable)"));
    if (S_ISDIR(info.st_mode)) return std::unexpected(std::string("is a folder, not a file"));
    if (!S_ISREG(info.st_mode))
        return std::unexpected(std::string("is not a regular file (a FIFO, device or socket); only a plain file is read"));
    const std::string too_large = "is larger than " + std::to_string(most_bytes / 1024) +
                                  " KiB, more than such a file ever needs; refused unread";
    if (static_cast<std::size_t>(info.st_size) > most_bytes) return std::unexpected(too_large);

    // Read to the end rather than trust st_size: a file still being written, or one under /proc
    // that says 0, is read as it is, up to the cap.
    std::string text;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) return std::unexpected(std::string("cannot be read (missing or not readable)"));
        if (got == 0) break;
        text.append(buffer, static_cast<std::size_t>(got));
        if (text.size() > most_bytes) return std::unexpected(too_large);
    }
    return text;
}

}  // namespace classplayer
