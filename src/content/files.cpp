#include "content/files.hpp"

#include "class/text_file.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

namespace classplayer::content {

namespace fs = std::filesystem;

std::string file_error(const fs::path& file, int error_number) {
    return file.string() + ": " + std::strerror(error_number);
}

std::expected<void, std::string> write_shared_file(const fs::path& file, std::string_view text) {
    return classplayer::write_file_atomically(file, text, 0644, /*exact_mode=*/true);
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

}  // namespace classplayer::content
