#pragma once
// Session records on their way to the clinic: each one a file in a folder of its own, written
// atomically (temp file, fsync, rename, folder fsync) before it is sent, and deleted only when
// the broker acknowledged it (PUBACK). A record made offline, or before a power cut, waits
// here and goes out at the next connection. Delivery is at least once: a record may arrive
// twice (sent again after a reconnect before its PUBACK came), so each carries a record_id.
//
// Not thread-safe by itself: ScreenAgent calls it under its own mutex.
#include <expected>
#include <filesystem>
#include <string>
#include <vector>

namespace classplayer::fleet {

class Outbox {
public:
    explicit Outbox(std::filesystem::path dir) : dir_(std::move(dir)) {}
    const std::filesystem::path& dir() const { return dir_; }

    // Writes `payload` durably under a new name (also its record id); the name or why not.
    std::expected<std::string, std::string> put(const std::string& record_id, const std::string& payload);
    // The names waiting, oldest first.
    std::vector<std::string> waiting() const;
    std::expected<std::string, std::string> read(const std::string& name) const;
    void remove(const std::string& name);

private:
    std::filesystem::path dir_;
};

}  // namespace classplayer::fleet
