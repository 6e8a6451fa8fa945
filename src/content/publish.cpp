#include "content/publish.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <fstream>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "class/text_file.hpp"
#include "content/files.hpp"
#include "content/sha256.hpp"

namespace classplayer::content {

namespace fs = std::filesystem;

namespace {

// Files an editor or a desktop leaves beside the real ones; never part of a class.
bool leftover(const std::string& name) {
    return name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swo") || name.ends_with(".tmp") ||
           name.ends_with(".bak") || name.ends_with(".orig") || (name.starts_with('#') && name.ends_with('#')) ||
           name == "Thumbs.db" || name == "desktop.ini";
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// Copies `source` into the objects folder under a temporary name while hashing what it copies
// (so the name is the hash of the bytes stored, even if the source changes meanwhile), then
// names it by that hash, or drops the copy when that object is already there.
std::expected<ManifestFile, std::string> store_object(const fs::path& source, const std::string& rel,
                                                      const fs::path& objects) {
    const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (in < 0) return std::unexpected("could not read " + file_error(source, errno));
    const fs::path temp = objects / (".incoming-" + std::to_string(::getpid()));
    const int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        const int error = errno;
        ::close(in);
        return std::unexpected("could not write " + file_error(temp, error));
    }
    Sha256 hash;
    std::uint64_t size = 0;
    std::vector<char> buffer(std::size_t{1} << 16);
    std::string failure;
    for (;;) {
        const ssize_t n = ::read(in, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { failure = "could not read " + file_error(source, errno); break; }
        if (n == 0) break;
        hash.update(buffer.data(), static_cast<std::size_t>(n));
        size += static_cast<std::uint64_t>(n);
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) { failure = "could not write " + file_error(temp, errno); break; }
            done += w;
        }
        if (!failure.empty()) break;
        if (size > kMostFileBytes) { failure = source.string() + ": larger than 4 GiB, the most a release file may be"; break; }
    }
    ::close(in);
    if (failure.empty() && (::fchmod(out, 0644) != 0 || ::fsync(out) != 0)) failure = "could not write " + file_error(temp, errno);
    if (::close(out) != 0 && failure.empty()) failure = "could not write " + file_error(temp, errno);
    if (!failure.empty()) {
        ::unlink(temp.c_str());
        return std::unexpected(failure);
    }
    ManifestFile file{rel, size, hash.hex()};
    const fs::path object = objects / file.sha256;
    std::error_code ec;
    if (fs::exists(object, ec)) {
        ::unlink(temp.c_str());
    } else if (::rename(temp.c_str(), object.c_str()) != 0) {
        const int error = errno;
        ::unlink(temp.c_str());
        return std::unexpected("could not write " + file_error(object, error));
    }
    return file;
}

}  // namespace

std::expected<Manifest, std::string> make_release(const fs::path& source_dir, const std::string& id,
                                                  const fs::path& web_root) {
    if (auto why = release_id_problem(id)) return std::unexpected("release id \"" + id + "\" " + *why);
    std::error_code ec;
    if (!fs::is_directory(source_dir, ec)) return std::unexpected(source_dir.string() + ": is not a folder");
    const fs::path objects = web_root / "objects";
    const fs::path releases = web_root / "releases";
    for (const auto& folder : {objects, releases}) {
        fs::create_directories(folder, ec);
        if (ec) return std::unexpected("could not make " + file_error(folder, ec.value()));
    }

    Manifest manifest;
    manifest.id = id;
    manifest.created = utc_now();
    // Directory symlinks are not followed (the iterator's default), so nothing outside is reached.
    fs::recursive_directory_iterator it(source_dir, ec), end;
    if (ec) return std::unexpected("could not read " + file_error(source_dir, ec.value()));
    for (; it != end; it.increment(ec)) {
        if (ec) return std::unexpected("could not read " + file_error(it->path(), ec.value()));
        const std::string name = it->path().filename().string();
        const fs::file_status status = it->symlink_status(ec);
        if (name.starts_with('.') || leftover(name)) {
            if (fs::is_directory(status)) it.disable_recursion_pending();
            continue;
        }
        if (fs::is_symlink(status)) {
            spdlog::warn("publish: {}: a symlink, not published (copy the file in instead)", it->path().string());
            continue;
        }
        if (!fs::is_regular_file(status)) continue;
        const std::string rel = it->path().lexically_relative(source_dir).generic_string();
        if (auto why = release_path_problem(rel)) return std::unexpected(it->path().string() + ": the name " + *why);
        auto stored = store_object(it->path(), rel, objects);
        if (!stored) return std::unexpected(stored.error());
        manifest.files.push_back(std::move(*stored));
        if (manifest.files.size() > kMostFiles)
            return std::unexpected(source_dir.string() + ": more than " + std::to_string(kMostFiles) +
                                   " files; a release may hold at most that many");
    }
    // A stable order: the same folder gives the same manifest.
    std::ranges::sort(manifest.files, {}, &ManifestFile::path);

    const fs::path manifest_file = releases / (id + ".json");
    if (fs::exists(manifest_file, ec)) {
        auto text = read_small_file(manifest_file, kMostManifestBytes);
        auto old = text ? parse_manifest(*text, manifest_file.string()) : std::unexpected(Problems{});
        const bool same = old && std::ranges::equal(old->files, manifest.files, [](const auto& a, const auto& b) {
                              return a.path == b.path && a.size == b.size && a.sha256 == b.sha256;
                          });
        if (same) return *old;
        return std::unexpected(manifest_file.string() + ": release " + id +
                               " is already published with other files; screens that have it never fetch it "
                               "again, so publish the change under a new id");
    }
    if (auto written = write_shared_file(manifest_file, manifest_text(manifest)); !written)
        return std::unexpected("could not write " + written.error());
    spdlog::info("publish: release {}: {} files, {} bytes, in {}", id, manifest.files.size(), manifest.total_bytes(),
                 web_root.string());
    return manifest;
}

}  // namespace classplayer::content
