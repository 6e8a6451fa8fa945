#pragma once
// The screen's side of the fleet: tells the clinic what this screen shows (state, status),
// takes its commands, and sends its session records. The player wires it in:
//
//   auto agent = ScreenAgent::create(config, {.version = ..., .catalogue = ..., .wake = push_sdl_event});
//   (*agent)->start();                       // returns at once; connects in the background
//   agent->set_now_playing(NowPlaying{...}); // at each step; status goes out at most once a second
//   while (auto command = agent->take_command()) { ...; agent->answer(command->request_id, result); }
//
// Threads: every public function may be called from any thread. Commands are parsed and
// validated on the MQTT link's network thread: a bad one is answered with an error there and never
// queued; a good one is queued (at most 16) and `wake` is called, on that thread, so the
// player's loop can wake (it must not block). All shared fields sit behind one mutex private to
// screen_agent.cpp; a status thread of the agent's own publishes the coalesced status.
#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fleet/commands.hpp"
#include "fleet/config.hpp"

namespace classplayer::fleet {

// What the screen plays now, as the status topic shows it.
struct NowPlaying {
    std::string class_id;
    std::string class_title;
    int step_index = 0;          // 0-based, as the plan's steps
    std::string step_title;
    std::vector<std::string> conditions;
    bool kiosk = false;          // part of the waiting-room rotation
};

struct AgentOptions {
    std::string version;                 // the player's version, shown in status
    Catalogue catalogue;                 // what `play` may name (replace later with set_catalogue)
    std::function<void()> wake;          // called on the MQTT thread when a command or a new desired release arrives
    std::chrono::milliseconds status_min_interval{1000};   // coalescing: at most one status a second
    std::chrono::milliseconds status_refresh{60000};       // republished this often anyway (uptime, disk)
    // A TV box at home (classplayer home) rather than a waiting-room screen: the person there
    // chooses and runs the class, so the clinic may only ask it to fetch its release (sync);
    // every other command is refused at once. The status says "place": "home".
    bool at_home = false;
};

class ScreenAgent {
public:
    // Checks the config (role screen, TLS files present) and prepares the connection.
    static std::expected<std::unique_ptr<ScreenAgent>, std::string> create(const FleetConfig& config, AgentOptions options);
    ~ScreenAgent();  // as shutdown()
    ScreenAgent(const ScreenAgent&) = delete;
    ScreenAgent& operator=(const ScreenAgent&) = delete;

    // Starts connecting (never waits for the network).
    std::expected<void, std::string> start();
    // Publishes state "offline" (retained), waits up to 2 s for the broker to take it, then
    // disconnects. Idempotent.
    void shutdown();

    void set_now_playing(std::optional<NowPlaying> playing);  // nothing: nothing plays
    void set_release(std::string release_id);                 // the content release installed
    void set_error(std::string message);                      // the last error; empty clears it
    void set_catalogue(Catalogue catalogue);

    std::optional<Command> take_command();
    // Publishes cmd_result for a command taken from take_command().
    void answer(const std::string& request_id, const CommandResult& result);

    // Writes the record to the outbox first, then publishes it at QoS 1; the file goes when
    // the broker acknowledges it. A JSON object gets "record_id" and "screen" added.
    // False (and logged) only when it could not be written to the outbox.
    bool send_record(nlohmann::json record);
    std::size_t records_waiting() const;  // files in the outbox

    // The last retained desired release id (nothing before one arrived).
    std::optional<std::string> desired_release() const;
    bool connected() const;
    const std::string& screen_id() const;

    struct Shared;  // the mutex and everything it guards (screen_agent.cpp)
private:
    explicit ScreenAgent(std::unique_ptr<Shared> shared);
    std::unique_ptr<Shared> shared_;
};

// A time as the fleet's payloads write it: UTC ISO 8601 to the second ("2026-12-06T10:55:22Z").
std::string utc_iso8601(std::chrono::system_clock::time_point when);

}  // namespace classplayer::fleet
