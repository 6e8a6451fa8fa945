#include "nginx_server.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace content_test {

ScratchDir::ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "classplayer-content-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) FAIL("cannot make a scratch folder under " << fs::temp_directory_path());
    path_ = pattern;
    // nginx may read it as another user.
    fs::permissions(path_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec);
}

ScratchDir::~ScratchDir() {
    std::error_code ec;
    // The store makes objects read-only; remove_all unlinks them all the same.
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& file, const std::string& bytes) {
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << bytes;
    REQUIRE(out.good());
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(s >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(s);
    return ntohs(address.sin_port);
}

namespace {

fs::path find_nginx() {
    std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
    path += ":/usr/sbin:/sbin";  // where Debian puts it, often not on a user's PATH
    std::stringstream folders(path);
    for (std::string folder; std::getline(folders, folder, ':');)
        if (!folder.empty() && ::access((fs::path(folder) / "nginx").c_str(), X_OK) == 0) return fs::path(folder) / "nginx";
    return {};
}

bool accepts_connections(int port) {
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(s);
    return ok;
}

}  // namespace

NginxServer::NginxServer(const fs::path& web_root, const std::string& extra_server, const TlsFiles* tls)
    : web_root_(web_root), extra_server_(extra_server) {
    if (tls) {
        tls_ = "    ssl_certificate " + tls->certificate.string() + ";\n    ssl_certificate_key " + tls->key.string() + ";\n";
        if (!tls->client_ca.empty())
            tls_ += "    ssl_client_certificate " + tls->client_ca.string() + ";\n    ssl_verify_client on;\n";
    }
    std::string why;
    // Another test binary may take the port between free_port() and nginx's bind: try again.
    for (int attempt = 0; attempt < 5; ++attempt)
        if (start(free_port(), why)) return;
    FAIL("nginx would not start: " << why);
}

bool NginxServer::start(int port, std::string& why) {
    const fs::path nginx = find_nginx();
    if (nginx.empty())
        FAIL("nginx is not installed (Debian: nginx-light, see platform/setup-debian.sh); "
             "the content sync tests need a real web server");
    port_ = port;
    const fs::path p = dir_.path();
    fs::create_directories(p / "temp");
    // One process (no master, no daemon) so the pid we hold is the server; every file it
    // writes is in the scratch folder; only 127.0.0.1 is listened on.
    std::ofstream(p / "nginx.conf") << "daemon off;\nmaster_process off;\npid " << (p / "nginx.pid").string()
                                    << ";\nerror_log " << (p / "error.log").string() << " info;\n"
                                    << "events { worker_connections 64; }\n"
                                    << "http {\n"
                                    << "  default_type application/octet-stream;\n"
                                    << "  log_format t '$request_method\\t$uri\\t$status\\t$http_range\\t$body_bytes_sent';\n"
                                    << "  access_log " << (p / "access.log").string() << " t;\n"
                                    << "  client_body_temp_path " << (p / "temp").string() << ";\n"
                                    << "  proxy_temp_path " << (p / "temp").string() << ";\n"
                                    << "  fastcgi_temp_path " << (p / "temp").string() << ";\n"
                                    << "  uwsgi_temp_path " << (p / "temp").string() << ";\n"
                                    << "  scgi_temp_path " << (p / "temp").string() << ";\n"
                                    << "  server {\n    listen 127.0.0.1:" << port << (tls_.empty() ? "" : " ssl") << ";\n" << tls_
                                    << "    root " << web_root_.string() << ";\n" << extra_server_ << "\n  }\n}\n";
    std::ofstream(p / "access.log");
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        const std::string out = (p / "stderr.log").string();
        if (FILE* f = std::freopen(out.c_str(), "w", stderr)) (void)f;
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        ::execl(nginx.c_str(), "nginx", "-p", p.c_str(), "-c", (p / "nginx.conf").c_str(), "-e", "stderr",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            why = read_file(p / "stderr.log") + read_file(p / "error.log");
            return false;
        }
        if (accepts_connections(port)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    why = "not listening on 127.0.0.1:" + std::to_string(port) + " after 10 s";
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return false;
}

NginxServer::~NginxServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 250; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
}

std::string NginxServer::base_url() const {
    return (tls_.empty() ? "http://127.0.0.1:" : "https://127.0.0.1:") + std::to_string(port_);
}

// nginx writes a request's log line as it finishes the request, which may be just after the
// client has the last byte: a test reading the log at once could miss it. So a marker request
// of our own goes after them, and the log is read once the marker's line is in it (nginx, one
// process, finishes a request before it reads the next connection's).
void NginxServer::settle() const {
    static int counter = 0;
    const std::string marker = "/.settle-" + std::to_string(++counter);
    const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port_));
    REQUIRE(::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    const std::string request = "GET " + marker + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    REQUIRE(::send(s, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size()));
    char buffer[1024];
    while (::recv(s, buffer, sizeof buffer, 0) > 0) {
    }
    ::close(s);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (read_file(dir_.path() / "access.log").find(marker + "\t") == std::string::npos) {
        if (std::chrono::steady_clock::now() > deadline) FAIL("nginx never logged " << marker);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::vector<Request> NginxServer::requests() const {
    settle();
    std::vector<Request> out;
    std::stringstream lines(read_file(dir_.path() / "access.log"));
    for (std::string line; std::getline(lines, line);) {
        if (line.find("\t/.settle-") != std::string::npos) continue;
        std::stringstream fields(line);
        Request r;
        std::string status, bytes;
        std::getline(fields, r.method, '\t');
        std::getline(fields, r.uri, '\t');
        std::getline(fields, status, '\t');
        std::getline(fields, r.range, '\t');
        std::getline(fields, bytes, '\t');
        if (r.range == "-") r.range.clear();
        r.status = std::atoi(status.c_str());
        r.body_bytes = std::strtoull(bytes.c_str(), nullptr, 10);
        out.push_back(r);
    }
    return out;
}

void NginxServer::forget_requests() {
    settle();
    std::ofstream(dir_.path() / "access.log", std::ios::trunc);
}

}  // namespace content_test
