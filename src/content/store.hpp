#pragma once
// The content store on a screen: the releases of classes it has fetched from the clinic's
// server, and which one is in use.
//
//   ROOT/objects/ab/abcdef...      each file once, named by its SHA-256, read-only
//   ROOT/releases/ID/...           a release: its files as hard links to the objects, laid out
//                                  as the manifest says (a playlist's relative media paths work)
//   ROOT/releases/.ID.partial/     a release being built; renamed to releases/ID when complete,
//                                  so a folder releases/ID is always whole
//   ROOT/manifests/ID.json         the manifest each release was built from, and ID.etag its
//                                  HTTP validators (for "anything new?" without a download)
//   ROOT/tmp/SHA256.part           a download in progress, kept across an interruption and
//                                  resumed with a Range request
//   ROOT/current -> releases/ID    the release in use; ROOT/previous -> the one before
//
// Switching is one rename of a new symlink over `current`, and happens only when the caller asks
// (between classes, never during one). The previous release is kept for a rollback and for a
// class still playing from it. One ContentStore a root at a time (no locking between processes);
// its methods are called from one thread, except that `SyncOptions::cancel` may be set from any.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "content/manifest.hpp"

namespace classplayer::content {

struct ReleaseInfo {
    std::string id;
    std::filesystem::path dir;  // ROOT/releases/ID
    std::size_t files = 0;
    std::uint64_t bytes = 0;
};

struct SyncOptions {
    std::string base_url;    // http(s)://host/path: the manifest is BASE/releases/ID.json, objects BASE/objects/SHA256
    std::string release_id;  // the release to fetch

    // TLS (https): a CA bundle to trust instead of the system's, and a client certificate and
    // key (PEM) where the clinic's server asks for one. Empty: not used.
    std::filesystem::path ca_file;
    std::filesystem::path client_certificate;
    std::filesystem::path client_key;

    // Never hang: a connection not made within connect_timeout fails; a transfer slower than
    // low_speed_bytes_per_s for low_speed_time fails (a server that accepts and says nothing).
    std::chrono::milliseconds connect_timeout{15'000};
    long low_speed_bytes_per_s = 1024;
    std::chrono::seconds low_speed_time{30};

    // Set (from any thread) to stop at once: the sync returns Category::Cancelled, a download
    // in progress is kept as ROOT/tmp/SHA.part for the next sync to resume.
    const std::atomic<bool>* cancel = nullptr;
    // Called on the syncing thread as bytes arrive: the bytes received in this sync so far.
    // It runs inside libcurl's callback, so it must not throw.
    std::function<void(std::uint64_t received_bytes)> on_progress;
};

struct SyncStats {
    bool manifest_not_modified = false;  // the server said 304: nothing new
    std::uint64_t bytes_downloaded = 0;  // object bytes received in this sync
    std::size_t files_fetched = 0;       // objects downloaded (a resumed one counts)
    std::size_t files_resumed = 0;       // of those, continued from a .part with a Range request
    std::size_t files_already_had = 0;   // the release's files whose object was in the store
};
// One line for a log or a status screen: "3 files fetched (1 resumed), 12.4 MB; 40 already here".
std::string to_string(const SyncStats& stats);

struct SyncError {
    enum class Category {
        Usage,        // a bad release id or URL, or a release id reused with other contents
        Network,      // could not connect, connection lost, TLS failure
        Timeout,      // connect timeout or too slow for too long
        Http,         // the server answered with an error (404, 500...)
        Manifest,     // the manifest is invalid (the problems name its URL and JSON path)
        Corrupt,      // a file's bytes do not match the manifest's hash or size
        Disk,         // not enough free space, or a write failed (disk full, I/O error)
        Cancelled,    // SyncOptions::cancel was set
    };
    Category category;
    std::string message;  // names the URL, the file and the reason
    SyncStats stats;      // what happened before it failed
};
std::string_view to_string(SyncError::Category category);

struct SyncResult {
    ReleaseInfo release;
    SyncStats stats;
};

class ContentStore {
public:
    explicit ContentStore(std::filesystem::path root);

    const std::filesystem::path& root() const { return root_; }

    // Fetches a release from the server into the store (not switched to: see switch_to). Only
    // objects the store lacks are downloaded, each checked against its hash before it enters
    // the store. On any failure no releases/ID folder is left, `current` is untouched, and
    // objects already verified stay for the next try (until collect_garbage). A release already in the store is not fetched
    // again; its manifest is asked for conditionally, and a 304 downloads nothing.
    std::expected<SyncResult, SyncError> sync(const SyncOptions& options);

    std::optional<ReleaseInfo> current() const;
    std::optional<ReleaseInfo> previous() const;
    std::optional<ReleaseInfo> release(const std::string& id) const;  // a complete release in the store

    // Makes `id` current in one atomic step; the release that was current becomes previous.
    // Refuses an id with no complete release folder.
    std::expected<void, std::string> switch_to(const std::string& id);
    // Back to the previous release (they swap).
    std::expected<void, std::string> rollback();

    // Removes every release but current and previous (so call it after switch_to, not between a
    // sync and its switch), the manifests of removed releases, releases left half-built by a
    // crash, and objects no release holds any more (objects verified by a sync that failed
    // later included). Downloads in progress (tmp/*.part) are kept for the next sync to resume.
    void collect_garbage();

private:
    std::filesystem::path object_path(const std::string& sha256) const;
    std::optional<std::string> link_target_id(const char* link_name) const;

    std::filesystem::path root_;
};

}  // namespace classplayer::content
