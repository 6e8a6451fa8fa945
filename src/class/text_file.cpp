#include "class/text_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

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

std::expected<void, std::string> write_file_atomically(const std::filesystem::path& file, std::string_view text,
                                                       unsigned mode, bool exact_mode) {
    const std::filesystem::path temp = file.string() + ".tmp";
    auto failed = [](const std::filesystem::path& where, const char* what, int error_number) {
        return std::unexpected(where.string() + ": " + what + ": " + std::strerror(error_number));
    };
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) return failed(temp, "cannot write", errno);
    std::size_t done = 0;
    int error = 0;
    while (done < text.size() && error == 0) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) error = n < 0 ? errno : EIO;
        else done += static_cast<std::size_t>(n);
    }
    if (error == 0 && exact_mode && ::fchmod(fd, static_cast<mode_t>(mode)) != 0) error = errno;
    if (error == 0 && ::fsync(fd) != 0) error = errno;  // durable before the rename makes it visible
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error != 0) {
        ::unlink(temp.c_str());
        return failed(temp, "cannot write", error);
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
        error = errno;
        ::unlink(temp.c_str());
        return failed(file, "cannot replace", error);
    }
    // The rename itself must reach the disk, or a power cut could bring back the old file.
    sync_folder(file.parent_path());
    return {};
}

void sync_folder(const std::filesystem::path& folder) {
    // Best effort: where a folder cannot be opened for fsync the rename has still happened.
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace classplayer
