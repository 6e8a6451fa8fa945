#pragma once
// Test helpers for the content room: a scratch folder, and a real nginx (Debian's nginx-light)
// serving a web root on 127.0.0.1 only, at a free port, for as long as the object lives.
// A missing or failing nginx fails the test that needs it, saying so: never a quiet skip.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace content_test {

namespace fs = std::filesystem;

// A fresh folder under the temp dir, removed with everything in it at the end.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const fs::path& rel) const { return path_ / rel; }

private:
    fs::path path_;
};

// One line of nginx's access log, in the format the helper configures.
struct Request {
    std::string method;
    std::string uri;
    int status = 0;
    std::string range;  // the Range header asked for, "" when none
    std::uint64_t body_bytes = 0;
};

// https instead of http: the server's certificate and key (PEM), and the CA whose client
// certificates it asks for (empty: none asked).
struct TlsFiles {
    fs::path certificate, key, client_ca;
};

class NginxServer {
public:
    // `extra_server` is added inside nginx's server block (e.g. a location of its own).
    explicit NginxServer(const fs::path& web_root, const std::string& extra_server = "", const TlsFiles* tls = nullptr);
    ~NginxServer();
    NginxServer(const NginxServer&) = delete;
    NginxServer& operator=(const NginxServer&) = delete;

    std::string base_url() const;  // http://127.0.0.1:PORT (https with TlsFiles)
    std::vector<Request> requests() const;  // every request so far, in order
    void forget_requests();                 // empties the access log

private:
    bool start(int port, std::string& why);
    void settle() const;  // returns once every earlier request is in the access log

    ScratchDir dir_;
    fs::path web_root_;
    std::string extra_server_;
    std::string tls_;  // nginx's ssl lines, or empty
    int port_ = 0;
    pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 nobody listens on at this moment (bound to port 0, then closed).
int free_port();

// Writes `bytes` to `file`, making its folders.
void write_file(const fs::path& file, const std::string& bytes);
std::string read_file(const fs::path& file);

}  // namespace content_test
