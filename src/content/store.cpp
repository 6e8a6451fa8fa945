#include "content/store.hpp"

#include <cerrno>
#include <set>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "content/files.hpp"

namespace classplayer::content {

namespace fs = std::filesystem;

std::string_view to_string(SyncError::Category category) {
    switch (category) {
        case SyncError::Category::Usage: return "usage";
        case SyncError::Category::Network: return "network";
        case SyncError::Category::Timeout: return "timeout";
        case SyncError::Category::Http: return "http";
        case SyncError::Category::Manifest: return "manifest";
        case SyncError::Category::Corrupt: return "corrupt";
        case SyncError::Category::Disk: return "disk";
        case SyncError::Category::Cancelled: return "cancelled";
    }
    return "unknown";
}

std::string to_string(const SyncStats& stats) {
    if (stats.manifest_not_modified) return "nothing new (the server said 304); " + std::to_string(stats.files_already_had) + " files here";
    // Tenths of a megabyte, without floating point's rounding surprises.
    const std::uint64_t tenths = (stats.bytes_downloaded * 10 + (1 << 19)) >> 20;
    return std::to_string(stats.files_fetched) + (stats.files_fetched == 1 ? " file" : " files") + " fetched" +
           (stats.files_resumed ? " (" + std::to_string(stats.files_resumed) + " resumed)" : "") + ", " +
           std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB; " +
           std::to_string(stats.files_already_had) + " already here";
}

ContentStore::ContentStore(fs::path root) : root_(std::move(root)) {}

fs::path ContentStore::object_path(const std::string& sha256) const {
    // Two hex digits of fan-out keep any one folder to a few dozen entries for 10 000 files.
    return root_ / "objects" / sha256.substr(0, 2) / sha256;
}

std::optional<std::string> ContentStore::link_target_id(const char* link_name) const {
    std::error_code ec;
    const fs::path target = fs::read_symlink(root_ / link_name, ec);
    if (ec) return std::nullopt;
    // Only a link this store wrote counts: "releases/ID" with a valid id.
    if (target.parent_path() != "releases") return std::nullopt;
    std::string id = target.filename().string();
    if (release_id_problem(id)) return std::nullopt;
    return id;
}

std::optional<ReleaseInfo> ContentStore::release(const std::string& id) const {
    if (release_id_problem(id)) return std::nullopt;
    ReleaseInfo info{id, root_ / "releases" / id, 0, 0};
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(info.dir, ec))) return std::nullopt;
    for (fs::recursive_directory_iterator it(info.dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        ++info.files;
        info.bytes += it->file_size(ec);
    }
    return info;
}

std::optional<ReleaseInfo> ContentStore::current() const {
    auto id = link_target_id("current");
    return id ? release(*id) : std::nullopt;
}

std::optional<ReleaseInfo> ContentStore::previous() const {
    auto id = link_target_id("previous");
    return id ? release(*id) : std::nullopt;
}

std::expected<void, std::string> ContentStore::switch_to(const std::string& id) {
    if (auto why = release_id_problem(id)) return std::unexpected("release id \"" + id + "\" " + *why);
    if (!release(id))
        return std::unexpected("release " + id + " is not in the store " + root_.string() +
                               " (sync it first; a half-built release is never switched to)");
    const auto was = link_target_id("current");
    if (was == id) return {};
    // `previous` first: a power cut between the two steps leaves both naming the old release,
    // never `current` without the release it replaced being kept.
    if (was)
        if (auto done = replace_symlink(root_ / "previous", fs::path("releases") / *was); !done)
            return std::unexpected(done.error());
    if (auto done = replace_symlink(root_ / "current", fs::path("releases") / id); !done)
        return std::unexpected(done.error());
    spdlog::info("content: {} is now the current release{}", id, was ? " (was " + *was + ")" : "");
    return {};
}

std::expected<void, std::string> ContentStore::rollback() {
    const auto prev = link_target_id("previous");
    if (!prev || !release(*prev)) return std::unexpected("no previous release to go back to in " + root_.string());
    return switch_to(*prev);
}

void ContentStore::collect_garbage() {
    std::set<std::string> keep;
    if (auto id = link_target_id("current")) keep.insert(*id);
    if (auto id = link_target_id("previous")) keep.insert(*id);

    std::error_code ec;
    // Releases (and ".ID.partial" folders a crash left) that neither link names.
    for (const auto& entry : fs::directory_iterator(root_ / "releases", ec)) {
        const std::string name = entry.path().filename().string();
        if (keep.contains(name)) continue;
        std::error_code remove_ec;
        fs::remove_all(entry.path(), remove_ec);
        if (remove_ec) spdlog::warn("content: could not remove {}: {}", entry.path().string(), remove_ec.message());
        else spdlog::info("content: removed release {}", name);
    }
    for (const auto& entry : fs::directory_iterator(root_ / "manifests", ec)) {
        if (!keep.contains(entry.path().stem().string())) fs::remove(entry.path(), ec);
    }
    // An object whose only link is its own name is in no release any more: the releases kept
    // hold a hard link to every object they use.
    std::size_t removed = 0;
    for (const auto& fan : fs::directory_iterator(root_ / "objects", ec)) {
        std::error_code fan_ec;
        for (const auto& object : fs::directory_iterator(fan.path(), fan_ec)) {
            struct stat st {};
            if (::lstat(object.path().c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1) {
                if (::unlink(object.path().c_str()) == 0) ++removed;
            }
        }
        ::rmdir(fan.path().c_str());  // only succeeds once the folder is empty
    }
    if (removed) spdlog::info("content: removed {} objects no release uses", removed);
}

}  // namespace classplayer::content
