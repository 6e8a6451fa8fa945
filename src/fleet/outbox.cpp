#include "fleet/outbox.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "class/text_file.hpp"

namespace classplayer::fleet {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view kSuffix = ".json";
}  // namespace

std::expected<std::string, std::string> Outbox::put(const std::string& record_id, const std::string& payload) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) return std::unexpected(dir_.string() + ": cannot create: " + ec.message());
    const std::string name = record_id + std::string(kSuffix);
    // Private to the player's user; its NAME.json.tmp is never listed as waiting.
    if (auto written = write_file_atomically(dir_ / name, payload, 0600); !written) return std::unexpected(written.error());
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
