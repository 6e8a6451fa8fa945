#include "broker_fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

extern char** environ;

namespace fleet_test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "classplayer-fleet-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

namespace {
pid_t spawn(const std::vector<std::string>& argv, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) FAIL("cannot start " << argv[0] << ": " << std::strerror(rc));
    return pid;
}

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

void stop_child(pid_t& pid, int signal_number) {
    if (pid <= 0) return;
    ::kill(pid, signal_number);
    for (int i = 0; i < 250; ++i) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            pid = -1;
            return;
        }
        std::this_thread::sleep_for(20ms);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    pid = -1;
}
}  // namespace

int run(const std::vector<std::string>& argv, std::string* output) {
    TempDir dir;
    const auto log = dir.path() / "out";
    const pid_t pid = spawn(argv, log);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (output) *output += slurp(log);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

const fs::path& certs_dir() {
    static TempDir dir;  // lives as long as the test binary
    static const fs::path certs = [] {
        const fs::path out = dir.path() / "certs";
        std::string screens;
        for (const auto& id : kScreens) screens += (screens.empty() ? "" : ",") + id;
        std::string output;
        const int rc = run({"/bin/bash", CLASSPLAYER_FLEET_PLATFORM "/make-certs.sh", out.string(), "--broker-host",
                            "127.0.0.1", "--screens", screens},
                           &output);
        INFO(output);
        REQUIRE(rc == 0);
        return out;
    }();
    return certs;
}

Broker::Broker() {
    // No quiet skip: a machine without the broker fails here and says what to install.
    if (std::string(CLASSPLAYER_MOSQUITTO).empty() || !fs::exists(CLASSPLAYER_MOSQUITTO))
        FAIL("the mosquitto broker is not installed (Debian: apt install mosquitto, or platform/setup-debian.sh); "
             "the fleet tests need it");
    port_ = free_port();
    std::string output;
    const int rc = run({"/bin/bash", CLASSPLAYER_FLEET_PLATFORM "/make-broker-conf.sh", dir_.path().string(), "--certs",
                        certs_dir().string(), "--port", std::to_string(port_), "--bind", "127.0.0.1"},
                       &output);
    INFO(output);
    REQUIRE(rc == 0);
    start();
}

void Broker::start() {
    REQUIRE(pid_ < 0);
    pid_ = spawn({CLASSPLAYER_MOSQUITTO, "-c", (dir_.path() / "mosquitto.conf").string()}, dir_.path() / "broker.log");
    const bool up = eventually([&] { return accepts(port_); }, 5000ms);
    INFO(log());
    REQUIRE(up);
}

void Broker::stop() { stop_child(pid_, SIGTERM); }
void Broker::kill_hard() { stop_child(pid_, SIGKILL); }
Broker::~Broker() { stop(); }
std::string Broker::log() const { return slurp(dir_.path() / "broker.log"); }

classplayer::fleet::FleetConfig screen_config(const Broker& broker, const std::string& id, const fs::path& dir) {
    classplayer::fleet::FleetConfig c;
    c.file = dir / (id + ".json");
    c.screen_id = id;
    c.broker_host = "127.0.0.1";
    c.broker_port = broker.port();
    c.ca_file = certs_dir() / "ca.crt";
    c.cert_file = certs_dir() / (id + ".crt");
    c.key_file = certs_dir() / (id + ".key");
    c.keepalive_s = 5;       // libmosquitto's floor
    c.reconnect_max_s = 2;   // the restart test waits for the backoff
    c.outbox_dir = dir / ("outbox-" + id);
    return c;
}

classplayer::fleet::FleetConfig admin_config(const Broker& broker) {
    auto c = screen_config(broker, "fleet.admin", fs::temp_directory_path());
    c.role = classplayer::fleet::Role::admin;
    return c;
}

fs::path write_config(const classplayer::fleet::FleetConfig& c, const fs::path& file) {
    const nlohmann::json doc{{"role", c.role == classplayer::fleet::Role::admin ? "admin" : "screen"},
                             {"screen_id", c.screen_id},
                             {"broker", {{"host", c.broker_host}, {"port", c.broker_port}}},
                             {"tls", {{"ca_file", c.ca_file}, {"cert_file", c.cert_file}, {"key_file", c.key_file}}},
                             {"keepalive_s", c.keepalive_s},
                             {"reconnect_max_s", c.reconnect_max_s},
                             {"outbox_dir", c.outbox_dir}};
    std::ofstream(file) << doc.dump(2);
    return file;
}

Process::Process(const std::vector<std::string>& argv, const fs::path& log) : pid_(spawn(argv, log)) {}
Process::~Process() { stop_child(pid_, SIGTERM); }
void Process::kill_hard() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

std::optional<int> Process::exited() {
    if (pid_ <= 0) return std::nullopt;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return std::nullopt;
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (done()) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
}

}  // namespace fleet_test
