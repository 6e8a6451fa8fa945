// ContentStore::sync: the manifest and the objects over HTTP(S) with libcurl, into the store.
#include <algorithm>
#include <cctype>
#include <fstream>
#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "class/text_file.hpp"
#include "content/files.hpp"
#include "content/sha256.hpp"
#include "content/store.hpp"

namespace classplayer::content {

namespace fs = std::filesystem;
using Category = SyncError::Category;

namespace {

// What the server may not exceed, and room left for the player's own state after a release.
constexpr std::uint64_t kFreeSpaceReserveBytes = std::uint64_t{32} << 20;
constexpr long kMostRedirects = 5;

struct CurlFree {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHandle = std::unique_ptr<CURL, CurlFree>;
using HeaderList = std::unique_ptr<curl_slist, SlistFree>;

// Where a response's bytes go. The callbacks below return a short count to stop curl; `stop`
// then says why, which curl's own code (CURLE_WRITE_ERROR) cannot.
struct Sink {
    enum class Stop { None, Cancelled, WriteFailed, TooLarge };
    Stop stop = Stop::None;
    int write_errno = 0;

    std::string* memory = nullptr;  // the manifest
    int fd = -1;                    // an object's .part file
    std::uint64_t offset = 0;       // bytes in the memory or file so far
    std::uint64_t limit = 0;        // the most it may hold
    bool ranged = false;            // asked for the rest of a .part
    bool first = true;
    bool restarted = false;         // the server ignored the Range and sent the whole file
    long status = 0;                // the last response's HTTP status, once it is over

    CURL* curl = nullptr;
    const SyncOptions* options = nullptr;
    std::uint64_t* received = nullptr;  // this sync's object bytes, for on_progress and the stats

    // Response headers of the last response (redirects each have their own).
    std::string etag, last_modified;
};

bool cancelled(const SyncOptions& o) { return o.cancel && o.cancel->load(std::memory_order_relaxed); }

std::size_t on_write(char* data, std::size_t size, std::size_t count, void* user) {
    auto& sink = *static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (cancelled(*sink.options)) { sink.stop = Sink::Stop::Cancelled; return 0; }
    if (sink.first) {
        sink.first = false;
        long code = 0;
        curl_easy_getinfo(sink.curl, CURLINFO_RESPONSE_CODE, &code);
        if (sink.ranged && code == 200 && sink.fd >= 0) {
            // The whole file instead of the rest: start the .part again.
            if (::ftruncate(sink.fd, 0) != 0 || ::lseek(sink.fd, 0, SEEK_SET) != 0) {
                sink.write_errno = errno;
                sink.stop = Sink::Stop::WriteFailed;
                return 0;
            }
            sink.offset = 0;
            sink.restarted = true;
        }
    }
    // The manifest's size is the most this file may be, whatever the server says (a chunked
    // response has no Content-Length for CURLOPT_MAXFILESIZE to check).
    if (sink.offset + n > sink.limit) { sink.stop = Sink::Stop::TooLarge; return 0; }
    if (sink.memory) {
        sink.memory->append(data, n);
    } else {
        std::size_t done = 0;
        while (done < n) {
            const ssize_t w = ::write(sink.fd, data + done, n - done);
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) {
                sink.write_errno = errno;
                sink.stop = Sink::Stop::WriteFailed;
                return 0;
            }
            done += static_cast<std::size_t>(w);
        }
    }
    sink.offset += n;
    if (sink.received) {
        *sink.received += n;
        if (sink.options->on_progress) sink.options->on_progress(*sink.received);
    }
    return n;
}

// Called about once a second even while nothing arrives, so a cancel is seen on a stalled link.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& sink = *static_cast<Sink*>(user);
    if (cancelled(*sink.options)) { sink.stop = Sink::Stop::Cancelled; return 1; }
    return 0;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    return std::string(s);
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& sink = *static_cast<Sink*>(user);
    const std::string_view line(data, size * count);
    auto value_of = [&](std::string_view name) -> std::optional<std::string> {
        if (line.size() <= name.size() || line[name.size()] != ':') return std::nullopt;
        for (std::size_t i = 0; i < name.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return std::nullopt;
        return trimmed(line.substr(name.size() + 1));
    };
    if (line.starts_with("HTTP/")) { sink.etag.clear(); sink.last_modified.clear(); }
    else if (auto etag = value_of("etag")) sink.etag = *etag;
    else if (auto modified = value_of("last-modified")) sink.last_modified = *modified;
    return size * count;
}

class Fetcher {
public:
    Fetcher(const SyncOptions& options, SyncStats& stats) : options_(options), stats_(stats) {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        curl_.reset(curl_easy_init());
    }

    // One GET into `sink`. On failure the error says what and where; `url` names the resource.
    std::expected<long, SyncError> get(const std::string& url, Sink& sink, std::uint64_t max_bytes,
                                       const curl_slist* headers, const std::string& range) {
        CURL* c = curl_.get();
        if (!c) return std::unexpected(error(Category::Network, "libcurl could not start"));
        curl_easy_reset(c);  // keeps the open connection for the next object
        char message[CURL_ERROR_SIZE] = {};
        sink.curl = c;
        sink.options = &options_;
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_ERRORBUFFER, message);
        // Only the web, also after a redirect: never file://, ftp:// or anything else a
        // hostile server might point at.
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(c, CURLOPT_MAXREDIRS, kMostRedirects);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts in the player's threads
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_bytes_per_s);
        curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options_.low_speed_time.count()));
        curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);  // an error page is never written as a file
        curl_easy_setopt(c, CURLOPT_USERAGENT, "classplayer-content/1");
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(max_bytes));
        if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
        if (!options_.client_certificate.empty())
            curl_easy_setopt(c, CURLOPT_SSLCERT, options_.client_certificate.c_str());
        if (!options_.client_key.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY, options_.client_key.c_str());
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &sink);
        if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
        if (!range.empty()) curl_easy_setopt(c, CURLOPT_RANGE, range.c_str());

        const CURLcode result = curl_easy_perform(c);
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        sink.status = code;
        if (result == CURLE_OK) return code;

        std::string why = message[0] ? trimmed(message) : curl_easy_strerror(result);
        switch (sink.stop) {
            case Sink::Stop::Cancelled: return std::unexpected(error(Category::Cancelled, url + ": cancelled"));
            case Sink::Stop::WriteFailed: return std::unexpected(error(Category::Disk, std::strerror(sink.write_errno)));
            case Sink::Stop::TooLarge:
                return std::unexpected(error(Category::Corrupt, url + ": the server sent more than " +
                                                                    std::to_string(sink.limit) + " bytes"));
            case Sink::Stop::None: break;
        }
        switch (result) {
            case CURLE_OPERATION_TIMEDOUT:
                return std::unexpected(error(Category::Timeout, url + ": " + why));
            case CURLE_HTTP_RETURNED_ERROR:
                return std::unexpected(error(Category::Http, url + ": the server answered " + std::to_string(code)));
            case CURLE_FILESIZE_EXCEEDED:
                return std::unexpected(error(Category::Corrupt, url + ": the server's file is larger than " +
                                                                    std::to_string(max_bytes) + " bytes"));
            case CURLE_UNSUPPORTED_PROTOCOL:
                // A redirect to file://, ftp:// and the like (the base URL was checked before).
                return std::unexpected(error(Category::Network, url + ": " + why + " (only http and https are allowed)"));
            case CURLE_URL_MALFORMAT:
                return std::unexpected(error(Category::Usage, url + ": " + why));
            default: return std::unexpected(error(Category::Network, url + ": " + why));
        }
    }

    SyncError error(Category category, std::string message) const { return {category, std::move(message), stats_}; }

private:
    const SyncOptions& options_;
    SyncStats& stats_;
    CurlHandle curl_;
};

struct Validators {
    std::string etag, last_modified;
};

Validators read_validators(const fs::path& file) {
    std::error_code ec;
    if (fs::file_size(file, ec) > 4096 || ec) return {};
    try {
        std::ifstream in(file);
        const auto doc = nlohmann::json::parse(in);
        return {doc.value("etag", ""), doc.value("last_modified", "")};
    } catch (const std::exception&) {
        return {};  // then the manifest is simply fetched again
    }
}

bool same_files(const Manifest& a, const Manifest& b) {
    if (a.files.size() != b.files.size()) return false;
    for (std::size_t i = 0; i < a.files.size(); ++i)
        if (a.files[i].path != b.files[i].path || a.files[i].sha256 != b.files[i].sha256 ||
            a.files[i].size != b.files[i].size)
            return false;
    return true;
}

std::uint64_t size_or_zero(const fs::path& file) {
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return 0;
    return static_cast<std::uint64_t>(st.st_size);
}

std::string megabytes(std::uint64_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

// Downloads one object into `part` (asking for the rest when part of it is there already),
// checks its size and hash, and moves it to `object`. A failure says which file and why; a
// .part worth resuming is kept, one that is no use (wrong bytes, disk full) is removed.
std::expected<void, SyncError> fetch_object(Fetcher& fetch, SyncStats& stats, std::uint64_t& received,
                                            const ManifestFile& f, const std::string& url, const fs::path& part,
                                            const fs::path& object, const std::string& not_built) {
    const std::string& sha = f.sha256;
    std::error_code ec;
    std::uint64_t existing = size_or_zero(part);
    if (existing > f.size) { fs::remove(part, ec); existing = 0; }
    const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return std::unexpected(fetch.error(Category::Disk, "could not write " + file_error(part, errno) + not_built));
    Sink sink;
    sink.fd = fd;
    sink.offset = existing;
    sink.limit = f.size;
    sink.ranged = existing > 0;
    sink.received = &received;
    std::expected<long, SyncError> got = 200L;
    if (::lseek(fd, static_cast<off_t>(existing), SEEK_SET) < 0) {
        got = std::unexpected(fetch.error(Category::Disk, std::strerror(errno)));
    } else if (existing < f.size) {
        got = fetch.get(url, sink, f.size, nullptr, existing ? std::to_string(existing) + "-" : "");
    }
    if (::close(fd) != 0 && got) got = std::unexpected(fetch.error(Category::Disk, std::strerror(errno)));
    stats.bytes_downloaded = received;
    if (!got) {
        SyncError e = got.error();
        e.stats = stats;
        if (e.category == Category::Disk) {
            // Disk full or an I/O error: the bytes are no use and the space is needed.
            fs::remove(part, ec);
            e.message = "could not write " + part.string() + " (" + f.path + "): " + e.message + not_built;
        } else if (e.category == Category::Corrupt || (e.category == Category::Http && sink.status == 416)) {
            // 416: the server's file is shorter than what we hold; the .part is no use.
            fs::remove(part, ec);
            e.message = f.path + ": " + e.message + not_built;
        } else {
            // Cancelled, timed out, connection lost: what arrived is kept for a Range request.
            e.message = f.path + ": " + e.message + not_built +
                        (size_or_zero(part) ? " (the part received is kept and resumed next time)" : "");
        }
        return std::unexpected(e);
    }
    ++stats.files_fetched;
    if (existing > 0 && !sink.restarted) ++stats.files_resumed;
    if (sink.offset != f.size) {
        fs::remove(part, ec);
        return std::unexpected(fetch.error(Category::Corrupt, f.path + ": " + url + " sent " +
                                                                  std::to_string(sink.offset) +
                                                                  " bytes, the manifest says " +
                                                                  std::to_string(f.size) + not_built));
    }
    auto hash = sha256_of_file(part);
    if (!hash) return std::unexpected(fetch.error(Category::Disk, "could not read " + hash.error() + not_built));
    if (*hash != sha) {
        fs::remove(part, ec);
        return std::unexpected(fetch.error(Category::Corrupt, f.path + ": the bytes from " + url +
                                                                  " do not match the manifest: expected sha256 " +
                                                                  sha + ", received " + *hash + not_built));
    }
    fs::create_directories(object.parent_path(), ec);
    // Read-only: every release holding it shares these bytes through a hard link.
    if (ec || ::chmod(part.c_str(), 0444) != 0 || ::rename(part.c_str(), object.c_str()) != 0)
        return std::unexpected(fetch.error(Category::Disk, "could not store " +
                                                               file_error(object, ec ? ec.value() : errno) + not_built));
    return {};
}

}  // namespace

std::expected<SyncResult, SyncError> ContentStore::sync(const SyncOptions& options) {
    SyncStats stats;
    Fetcher fetch(options, stats);
    const std::string& id = options.release_id;
    if (auto why = release_id_problem(id))
        return std::unexpected(fetch.error(Category::Usage, "release id \"" + id + "\" " + *why));
    std::string base = options.base_url;
    while (base.ends_with('/')) base.pop_back();
    if (!base.starts_with("http://") && !base.starts_with("https://"))
        return std::unexpected(fetch.error(Category::Usage, "content server \"" + base +
                                                                "\" must be an http:// or https:// URL"));
    const std::string not_built = "; release " + id + " not built, the current release is untouched";

    std::error_code ec;
    for (const char* folder : {"objects", "releases", "manifests", "tmp"}) {
        fs::create_directories(root_ / folder, ec);
        if (ec) return std::unexpected(fetch.error(Category::Disk, file_error(root_ / folder, ec.value())));
    }

    // 1. The manifest, conditionally when this release is already here.
    const fs::path stored_manifest = root_ / "manifests" / (id + ".json");
    const fs::path stored_validators = root_ / "manifests" / (id + ".etag");
    const auto have = release(id);
    HeaderList headers;
    if (have && fs::exists(stored_manifest, ec)) {
        const Validators v = read_validators(stored_validators);
        if (!v.etag.empty()) headers.reset(curl_slist_append(headers.release(), ("If-None-Match: " + v.etag).c_str()));
        if (!v.last_modified.empty())
            headers.reset(curl_slist_append(headers.release(), ("If-Modified-Since: " + v.last_modified).c_str()));
    }
    const std::string manifest_url = base + "/releases/" + id + ".json";
    std::string text;
    Sink manifest_sink;
    manifest_sink.memory = &text;
    manifest_sink.limit = kMostManifestBytes;
    auto code = fetch.get(manifest_url, manifest_sink, kMostManifestBytes, headers.get(), "");
    if (!code) {
        if (manifest_sink.stop == Sink::Stop::TooLarge)
            code.error().message = manifest_url + ": a manifest may be at most " + std::to_string(kMostManifestBytes) + " bytes";
        code.error().message += not_built;
        return std::unexpected(code.error());
    }
    if (*code == 304 && have) {
        stats.manifest_not_modified = true;
        stats.files_already_had = have->files;
        spdlog::info("content: release {} unchanged on {} (304)", id, base);
        return SyncResult{*have, stats};
    }
    if (*code != 200)
        return std::unexpected(fetch.error(Category::Http, manifest_url + ": the server answered " +
                                                               std::to_string(*code) + not_built));
    auto parsed = parse_manifest(text, manifest_url);
    if (!parsed) {
        std::string all = to_string(parsed.error());
        if (!all.empty()) all.pop_back();  // the last newline
        return std::unexpected(fetch.error(Category::Manifest, all + not_built));
    }
    Manifest manifest = std::move(*parsed);
    if (manifest.id != id)
        return std::unexpected(fetch.error(Category::Manifest, manifest_url + ": $.id: is \"" + manifest.id +
                                                                   "\", but this is the manifest of release " +
                                                                   id + not_built));
    const std::string validators =
        nlohmann::json{{"etag", manifest_sink.etag}, {"last_modified", manifest_sink.last_modified}}.dump() + "\n";
    if (have) {
        // A release id names one set of files for ever; the same files again is "nothing new".
        std::string old_text;
        if (std::ifstream in(stored_manifest); in) old_text.assign(std::istreambuf_iterator<char>(in), {});
        auto old = parse_manifest(old_text, stored_manifest.string());
        if (old && !same_files(*old, manifest))
            return std::unexpected(fetch.error(Category::Usage, manifest_url + ": release " + id +
                                                                    " is already on this screen with other files; "
                                                                    "a changed release needs a new id"));
        (void)write_shared_file(stored_manifest, text);
        (void)write_shared_file(stored_validators, validators);
        stats.files_already_had = have->files;
        return SyncResult{*have, stats};
    }

    // 2. The objects this store lacks, each once however many paths share it.
    std::map<std::string, const ManifestFile*> missing;
    for (const auto& f : manifest.files) {
        struct stat st {};
        if (::lstat(object_path(f.sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            static_cast<std::uint64_t>(st.st_size) == f.size) {
            ++stats.files_already_had;
            continue;
        }
        auto [it, added] = missing.emplace(f.sha256, &f);
        if (!added && it->second->size != f.size)
            return std::unexpected(fetch.error(Category::Manifest, manifest_url + ": \"" + f.path + "\" and \"" +
                                                                       it->second->path +
                                                                       "\" have the same sha256 but different sizes" +
                                                                       not_built));
    }
    std::uint64_t needed = 0;
    for (const auto& [sha, f] : missing) needed += f->size - std::min(f->size, size_or_zero(root_ / "tmp" / (sha + ".part")));
    const auto space = fs::space(root_, ec);
    if (!ec && needed + kFreeSpaceReserveBytes > space.available)
        return std::unexpected(fetch.error(Category::Disk, "release " + id + " needs " + megabytes(needed) +
                                                               " more, only " + megabytes(space.available) +
                                                               " free on " + root_.string() +
                                                               "; nothing downloaded, the current release is untouched"));

    std::uint64_t received = 0;
    for (const auto& [sha, f] : missing) {
        if (cancelled(options)) return std::unexpected(fetch.error(Category::Cancelled, "cancelled" + not_built));
        auto fetched = fetch_object(fetch, stats, received, *f, base + "/objects/" + sha, root_ / "tmp" / (sha + ".part"),
                                    object_path(sha), not_built);
        if (!fetched) return std::unexpected(fetched.error());
    }

    // 3. The release folder: hard links laid out as the manifest says, built aside and renamed
    // into place whole.
    const fs::path partial = root_ / "releases" / ("." + id + ".partial");
    const fs::path final_dir = root_ / "releases" / id;
    fs::remove_all(partial, ec);
    auto fail = [&](std::string message) {
        std::error_code ignored;
        fs::remove_all(partial, ignored);
        return std::unexpected(fetch.error(Category::Disk, std::move(message) + not_built));
    };
    for (const auto& f : manifest.files) {
        const fs::path dest = partial / f.path;
        fs::create_directories(dest.parent_path(), ec);
        if (ec) return fail("could not make " + file_error(dest.parent_path(), ec.value()));
        if (::link(object_path(f.sha256).c_str(), dest.c_str()) != 0) return fail("could not link " + file_error(dest, errno));
    }
    if (auto w = write_shared_file(stored_manifest, text); !w) return fail("could not write " + w.error());
    if (auto w = write_shared_file(stored_validators, validators); !w) return fail("could not write " + w.error());
    // Everything above on disk before the rename makes the release whole.
    if (const int rootfd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); rootfd >= 0) {
        ::syncfs(rootfd);
        ::close(rootfd);
    }
    if (::rename(partial.c_str(), final_dir.c_str()) != 0) return fail("could not finish " + file_error(final_dir, errno));
    sync_folder(final_dir.parent_path());
    stats.bytes_downloaded = received;
    spdlog::info("content: release {} ready: {} files, {} fetched ({} bytes), {} already here", id,
                 manifest.files.size(), stats.files_fetched, received, stats.files_already_had);
    auto info = release(id);
    if (!info) return fail("release " + id + " vanished after it was built");
    return SyncResult{*info, stats};
}

}  // namespace classplayer::content
