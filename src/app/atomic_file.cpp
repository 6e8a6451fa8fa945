#include "app/atomic_file.hpp"

#include "class/text_file.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;

bool write_file_atomically(const fs::path& dir, const std::string& name, const std::string& text, std::string* error) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        if (error) *error = dir.string() + ": cannot create: " + ec.message();
        return false;
    }
    auto written = classplayer::write_file_atomically(dir / name, text);
    if (!written && error) *error = written.error();
    return written.has_value();
}

}  // namespace classplayer::app
