#pragma once
// What the fleet tests share: a Mosquitto broker of their own on 127.0.0.1 (a free port, the
// project's config template and ACL, certificates from platform/fleet/make-certs.sh), started
// and stopped by RAII, and child processes (classplayer fleet simulate) that a test can kill.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fleet/config.hpp"

namespace fleet_test {

using namespace std::chrono_literals;

// A fresh folder under /tmp, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// Runs a program to its end; its exit code (or -1), its output appended to *output.
int run(const std::vector<std::string>& argv, std::string* output = nullptr);

// The certificates every test uses, made once per test binary: the CA, the broker's (for
// 127.0.0.1), fleet.admin, and the screens below.
const std::filesystem::path& certs_dir();
inline const std::vector<std::string> kScreens{"screen-a", "screen-b", "screen-c", "kill-001", "pub-001", "pub-002"};

class Broker {
public:
    Broker();   // started; REQUIREs that it listens within 5 s
    ~Broker();  // stopped
    Broker(const Broker&) = delete;
    Broker& operator=(const Broker&) = delete;
    void stop();       // SIGTERM: it saves its persistence and closes every connection cleanly
    void kill_hard();  // SIGKILL: a crash or a power cut, retained messages since the last save lost
    void start();  // again, on the same port, with the same persistence folder
    int port() const { return port_; }
    std::string log() const;  // its stderr so far

private:
    TempDir dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A screen's or the admin's config for this broker. Screens get their own outbox under `dir`.
classplayer::fleet::FleetConfig screen_config(const Broker& broker, const std::string& id,
                                              const std::filesystem::path& dir);
classplayer::fleet::FleetConfig admin_config(const Broker& broker);
// The same as a JSON file (for a child process).
std::filesystem::path write_config(const classplayer::fleet::FleetConfig& config, const std::filesystem::path& file);

class Process {
public:
    explicit Process(const std::vector<std::string>& argv, const std::filesystem::path& log);
    ~Process();  // SIGTERM, then waits (SIGKILL after 5 s)
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;
    void kill_hard();  // SIGKILL and reap
    pid_t pid() const { return pid_; }
    // Its exit code once it has ended by itself (-1: by a signal); nothing while it runs.
    std::optional<int> exited();

private:
    pid_t pid_ = -1;
};

// Polls `done` every 20 ms until it holds or `timeout` passes.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout);

}  // namespace fleet_test
