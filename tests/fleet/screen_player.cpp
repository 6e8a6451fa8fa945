#include "screen_player.hpp"

#include <fstream>
#include <iterator>

#include <catch2/catch.hpp>

namespace fleet_test {

namespace fs = std::filesystem;
using nlohmann::json;

void write_class(const fs::path& release, const std::string& id, const std::string& title, const std::string& clip,
                 int hold_s) {
    const fs::path corpus = CLASSPLAYER_MEDIA_CORPUS;
    fs::create_directories(release / "playlists");
    fs::create_directories(release / "media/clips");
    fs::copy_file(fs::path(CLASSPLAYER_SOURCE_DIR) / "playlists/conditions.json", release / "playlists/conditions.json",
                  fs::copy_options::overwrite_existing);
    fs::copy_file(corpus / clip, release / "media/clips" / clip, fs::copy_options::overwrite_existing);
    const json playlist{
        {"format", 1},
        {"id", id},
        {"title", title},
        {"media_root", "../media"},
        {"conditions", "conditions.json"},
        {"safety_card", {{"title", title}, {"lines", {"A short class for the waiting room."}}, {"duration_s", 5}}},
        {"breathing", {{"in_s", 1}, {"out_s", 1}, {"between_cycles", 0}, {"replacement_cycles", 1}}},
        {"segments",
         {{{"id", "clip"},
           {"title", title + " clip"},
           {"kind", "clip"},
           {"tags", json::array()},
           {"media", {{"clip", "clips/" + clip}, {"loop", "hold"}}},
           {"dose", {{"hold_s", {{"range", {1, 30}}, {"use", hold_s}}}}}}}}};
    std::ofstream(release / "playlists" / (id + ".json")) << playlist.dump(2);
}

std::vector<json> read_events(const fs::path& file) {
    std::vector<json> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        auto event = json::parse(line, nullptr, false);
        if (!event.is_discarded()) out.push_back(std::move(event));
    }
    return out;
}

int count_events(const std::vector<json>& events, const std::string& name) {
    int n = 0;
    for (const auto& e : events) n += e.value("event", "") == name ? 1 : 0;
    return n;
}

std::optional<json> status_of(classplayer::fleet::FleetClient& clinic, const std::string& screen) {
    for (const auto& view : clinic.screens(std::chrono::milliseconds(300)))
        if (view.id == screen && view.online.value_or(false)) return view.status;
    return std::nullopt;
}

std::string release_of(const json& status) {
    return status.contains("release") && status["release"].is_string() ? status["release"].get<std::string>() : "";
}

std::string playing_class(const json& status) {
    if (!status.contains("playing") || status["playing"].is_null()) return "";
    return status["playing"]["class"]["id"].get<std::string>();
}

int playing_step(const json& status) {
    if (!status.contains("playing") || status["playing"].is_null()) return -1;
    return status["playing"]["step"]["index"].get<int>();
}

ScreenPlayer::ScreenPlayer(const Broker& broker, const fs::path& dir, Setup setup)
    : id(setup.id), events(dir / (setup.id + "-events.jsonl")), log_file(dir / (setup.id + "-player.log")),
      state(dir / (setup.id + "-state")) {
    const fs::path fleet_file = dir / (id + ".json");
    json fleet = json::parse(std::ifstream(write_config(screen_config(broker, id, dir), fleet_file)));
    if (!setup.content_base_url.empty())
        fleet["content"] = {{"base_url", setup.content_base_url}, {"dir", (dir / (id + "-content")).string()}};
    std::ofstream(fleet_file) << fleet.dump(2);
    // Until its first release is here (or without a content store), the screen plays what its
    // own config names.
    const fs::path kiosk = dir / (id + "-kiosk.json");
    std::ofstream(kiosk) << json{{"playlists", setup.playlists},
                                 {"attract", {{"title", "Join in"}, {"seconds", setup.attract_s}}},
                                 {"resume", false}}
                                .dump();
    process = std::make_unique<Process>(std::vector<std::string>{CLASSPLAYER_BINARY, "play", "--kiosk", "--config",
                                                                 kiosk.string(), "--fleet", fleet_file.string(),
                                                                 "--headless", "--clock", setup.clock, "--events", events.string(),
                                                                 "--state-dir", state.string()},
                                        log_file);
}

std::string ScreenPlayer::log() const {
    std::ifstream in(log_file);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

json see(classplayer::fleet::FleetClient& clinic, const ScreenPlayer& screen, const std::string& what,
         const std::function<bool(const json&)>& seen, std::chrono::milliseconds within) {
    json last_status;
    const bool ok = eventually([&] {
        auto s = status_of(clinic, screen.id);
        if (!s) return false;
        last_status = *s;
        return seen(*s);
    }, within);
    if (!ok)
        FAIL(screen.id << ": " << what << ": not seen within " << within.count() << " ms; last status: "
                       << last_status.dump() << "\nthe player said:\n" << screen.log());
    return last_status;
}

}  // namespace fleet_test
