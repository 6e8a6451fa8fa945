// `classplayer fleet simulate --count N`: N screens' agents in one process, no SDL, each with its
// own connection, identity (certificate) and outbox, answering commands as a player would. For
// the scale benchmark (tests/bench/fleet-scale.sh) and the fleet tests that need a screen
// process to kill.
#include <condition_variable>
#include <cstdio>
#include <iostream>
#include <mutex>

#include <spdlog/spdlog.h>

#include "app/commands.hpp"
#include "app/fleet_command.hpp"
#include "fleet/fleet_client.hpp"
#include "fleet/screen_agent.hpp"

namespace classplayer::app {

namespace fs = std::filesystem;
using namespace classplayer::fleet;

namespace {

// A 16x16 JPEG in the simulated screens' colour (made with ffmpeg -f lavfi -i color=0x336699:s=16x16
// -frames:v 1 -q:v 10): what a simulated screen "shows".
constexpr unsigned char kSimulatedScreen[] = {
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
  0x02, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10,
  0x4c, 0x61, 0x76, 0x63, 0x35, 0x39, 0x2e, 0x33, 0x37, 0x2e, 0x31, 0x30,
  0x30, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x08, 0x14, 0x14, 0x17, 0x14,
  0x17, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x1b, 0x20, 0x1e, 0x20, 0x21, 0x21,
  0x21, 0x20, 0x20, 0x20, 0x20, 0x21, 0x21, 0x21, 0x24, 0x24, 0x24, 0x2a,
  0x2a, 0x2a, 0x24, 0x24, 0x24, 0x21, 0x21, 0x24, 0x24, 0x28, 0x28, 0x2a,
  0x2a, 0x2e, 0x2f, 0x2e, 0x2b, 0x2b, 0x2a, 0x2b, 0x2f, 0x2f, 0x32, 0x32,
  0x32, 0x3c, 0x3c, 0x39, 0x39, 0x46, 0x46, 0x48, 0x56, 0x56, 0x67, 0xff,
  0xc4, 0x00, 0x4c, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x01, 0x01,
  0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x05, 0x06, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11,
  0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x10,
  0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00,
  0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00,
  0x3f, 0x00, 0x9b, 0x01, 0x44, 0x05, 0xff, 0xd9
};

struct Simulated {
    std::unique_ptr<ScreenAgent> agent;
    NowPlaying playing;
    bool rotation = true;
};

const char* const kStepTitles[] = {"Welcome", "Cat-cow", "Child's pose", "Cobra", "Passive backbend", "Lat stretch",
                                   "Standing posture"};

CommandResult handle(Simulated& screen, const Command& command) {
    auto& p = screen.playing;
    switch (command.name) {
    case CommandName::play:
        p = {command.class_id, command.class_id == "middle-back" ? "Middle back stretch" : command.class_id, 0,
             kStepTitles[0], command.conditions, false};
        screen.rotation = false;
        screen.agent->set_now_playing(p);
        return nlohmann::json{{"playing", command.class_id}};
    case CommandName::stop:
        screen.agent->set_now_playing(std::nullopt);
        return nlohmann::json::object();
    case CommandName::next:
        p.step_index = (p.step_index + 1) % 7;
        p.step_title = kStepTitles[p.step_index];
        screen.agent->set_now_playing(p);
        return nlohmann::json{{"step", p.step_index}};
    case CommandName::kiosk:
        screen.rotation = command.rotation_start;
        p.kiosk = command.rotation_start;
        screen.agent->set_now_playing(p);
        return nlohmann::json{{"rotation", command.rotation_start ? "start" : "stop"}};
    case CommandName::screenshot:
        return nlohmann::json{{"format", "jpeg"}, {"width", 16}, {"height", 16},
                              {"jpeg_base64", base64_encode(std::string_view(reinterpret_cast<const char*>(kSimulatedScreen),
                                                                             sizeof kSimulatedScreen))}};
    case CommandName::sync: {
        const auto desired = screen.agent->desired_release();
        if (!desired) return std::unexpected(std::string("no desired release set for this screen"));
        screen.agent->set_release(*desired);  // a simulated screen "has" what it is told at once
        return nlohmann::json{{"release", *desired}};
    }
    }
    return std::unexpected(std::string("not handled"));
}

}  // namespace

int fleet_simulate(const FleetCommand::Options& options) {
    const auto file = fleet_config_path(options, false);
    auto base = load_fleet_config(file);
    if (!base) {
        std::cerr << "fleet simulate: " << base.error();
        return kInvalid;
    }
    std::mutex mutex;
    std::condition_variable woken;
    bool pending = false;
    const auto wake = [&] {
        std::lock_guard lock(mutex);
        pending = true;
        woken.notify_one();
    };
    Catalogue catalogue{{"middle-back"}, {"low-bone-density", "radiating-leg-pain", "no-floor", "balance"}};
    const fs::path outbox_root = options.outbox.value_or(fs::temp_directory_path() / "classplayer-simulate");
    std::vector<Simulated> screens(static_cast<std::size_t>(options.count));
    for (int i = 0; i < options.count; ++i) {
        char id[80];
        std::snprintf(id, sizeof id, "%s-%03d", options.id_prefix.c_str(), i + 1);
        FleetConfig config = *base;
        config.screen_id = id;
        config.cert_file = *options.certs / (std::string(id) + ".crt");
        config.key_file = *options.certs / (std::string(id) + ".key");
        config.outbox_dir = outbox_root / id;
        if (!is_safe_screen_id(id)) {
            std::cerr << "fleet simulate: --id-prefix makes '" << id << "', not a screen id (A-Z a-z 0-9 - _)\n";
            return kUsage;
        }
        auto agent = ScreenAgent::create(config, {.version = CLASSPLAYER_VERSION, .catalogue = catalogue, .wake = wake});
        if (!agent) {
            std::cerr << "fleet simulate: " << agent.error() << "\n";
            return kInvalid;
        }
        auto& screen = screens[static_cast<std::size_t>(i)];
        screen.agent = std::move(*agent);
        screen.playing = {"middle-back", "Middle back stretch", 0, kStepTitles[0], {}, true};
        screen.agent->set_now_playing(screen.playing);
    }
    for (auto& screen : screens)
        if (auto started = screen.agent->start(); !started) {
            std::cerr << "fleet simulate: " << screen.agent->screen_id() << ": " << started.error() << "\n";
            return kInvalid;
        }
    const UntilStopped run(options.seconds);
    std::cout << "simulating " << options.count << " screens" << std::endl;
    while (run.going()) {
        {
            // The wait is bounded only so a signal is seen: commands wake it at once.
            std::unique_lock lock(mutex);
            woken.wait_for(lock, std::chrono::milliseconds(200), [&] { return pending; });
            pending = false;
        }
        for (auto& screen : screens)
            while (auto command = screen.agent->take_command()) screen.agent->answer(command->request_id, handle(screen, *command));
    }
    for (auto& screen : screens) screen.agent->shutdown();
    return kDone;
}

}  // namespace classplayer::app
