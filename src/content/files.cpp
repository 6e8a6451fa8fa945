#include "content/files.hpp"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace classplayer::content {

namespace fs = std::filesystem;

std::string file_error(const fs::path& file, int error_number) {
    return file.string() + ": " + std::strerror(error_number);
}

std::expected<void, std::string> write_file_atomically(const fs::path& file, std::string_view text, unsigned mode) {
    const fs::path temp = file.string() + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) return std::unexpected(file_error(temp, errno));
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            ::unlink(temp.c_str());
            return std::unexpected(file_error(temp, error));
        }
        done += static_cast<std::size_t>(n);
    }
    // fchmod: the umask may have taken bits that a web server needs (0644 for the publisher).
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return std::unexpected(file_error(temp, error));
    }
    if (::close(fd) != 0 || ::rename(temp.c_str(), file.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return std::unexpected(file_error(file, error));
    }
    sync_folder(file.parent_path());
    return {};
}

std::expected<void, std::string> replace_symlink(const fs::path& link_name, const fs::path& target) {
    const fs::path temp = link_name.string() + ".new";
    ::unlink(temp.c_str());  // left by a crash between the two steps below
    if (::symlink(target.c_str(), temp.c_str()) != 0) return std::unexpected(file_error(temp, errno));
    // rename(2) replaces link_name atomically: a reader sees the old target or the new one.
    if (::rename(temp.c_str(), link_name.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return std::unexpected(file_error(link_name, error));
    }
    sync_folder(link_name.parent_path());
    return {};
}

void sync_folder(const fs::path& folder) {
    // Best effort: where a folder cannot be opened for fsync the rename has still happened.
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace classplayer::content
