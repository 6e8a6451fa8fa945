#pragma once
// A screen's line to the clinic (issue 19, docs/fleet.md): its fleet agent (state, status,
// commands and session records over the clinic's MQTT broker, src/fleet/) and its content
// store (releases over plain HTTP, src/content/), joined to the player's loop.
//
// The player asks take_request() at every turn of its loop: `next` and `screenshot` act inside
// the class; `play`, `stop` and a release ready to switch to end the class (between classes
// only, for a release), and the kiosk then asks what to do next (take_order()). Releases are
// fetched on a thread of their own and never switched to during a class.
//
// Threads: every function here is called from the main thread, except that the agent's wake,
// the screenshot encoder and the release sync run on threads of their own and only touch what
// is guarded inside.
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "class/planner.hpp"
#include "fleet/config.hpp"
#include "playback/player.hpp"

namespace classplayer::app {

// The steps of a played plan that belong to one class (the kiosk's rotation holds several,
// each from its attract card on), for "what plays now" in the status.
struct ClassSpan {
    int first_step = 0, end_step = 0;  // [first, end)
    std::string class_id, title;
    std::vector<std::string> conditions;
    bool after_attract_card = false;  // the kiosk's: its first step is the attract card, between two classes
};

// What the kiosk does once a class has been ended from the clinic.
struct ClinicOrder {
    enum class Kind { GoOn, PlayClass, Standby } kind = Kind::GoOn;
    std::string class_id;                 // PlayClass
    std::vector<std::string> conditions;  // PlayClass
};

class FleetLink {
public:
    // Starts the agent (never waits for the network) and opens the content store when the
    // config names one. An error names the file and what is wrong with it.
    // `at_home`: a TV box's home menu rather than a waiting-room screen (the clinic may only
    // ask it to sync; ScreenAgent refuses the rest).
    static std::expected<std::unique_ptr<FleetLink>, std::string> open(const fleet::FleetConfig& config,
                                                                       std::string version, bool at_home = false);
    ~FleetLink();  // the agent says "offline"; threads are joined
    FleetLink(const FleetLink&) = delete;
    FleetLink& operator=(const FleetLink&) = delete;

    // The folder of the release in use (its playlists/ and media/), when there is one.
    std::optional<std::filesystem::path> release_dir() const;
    // Between classes: switches to a release fetched in the background; true when it did.
    bool switch_if_ready();

    // What `play` may name: the classes of this rotation (ids) and their conditions.
    void set_classes(const std::vector<ClassSpan>& spans, std::vector<std::string> known_conditions);
    // Hooks a play: status at each step (chaining any on_step_start already set), and the
    // clinic's requests at each turn.
    void attach(playback::PlayOptions& play, const Plan& plan, std::vector<ClassSpan> spans);
    // After a play: whether the clinic ended it, and what to do now (taken once).
    bool ended_by_clinic() const { return ended_by_clinic_; }
    ClinicOrder take_order();
    bool rotation_on() const { return rotation_on_; }
    // Standby: nothing plays (the status says so) until the clinic starts the rotation or a class.
    void set_standby(bool standby);

    // A session record (src/history) for the clinic, kept in the outbox until acknowledged.
    void send_record(const nlohmann::json& record);

    // The home menu, between classes: the status says nothing plays, and the clinic's `sync`
    // is answered (a release fetched is switched to when the menu next opens).
    void in_menu();

private:
    struct Parts;
    explicit FleetLink(std::unique_ptr<Parts> parts);
    std::optional<playback::OutsideRequest> take_request();
    void on_step(int step_index);

    std::unique_ptr<Parts> parts_;
    std::vector<ClassSpan> spans_;
    bool ended_by_clinic_ = false;
    bool rotation_on_ = true;
    bool standby_ = false;
    bool at_boundary_ = false;  // on an attract card (or standby): a release may be switched to
};

// The fleet config a kiosk uses: --fleet FILE, else /etc/classplayer/fleet.json when it exists.
std::optional<std::filesystem::path> find_fleet_config(const std::optional<std::filesystem::path>& given);

}  // namespace classplayer::app
