#pragma once
// The topic names, in one place, so the screen, the clinic's tools and docs/fleet-topics.md
// cannot drift apart. Everything lives under <prefix>/screens/<screen id>/.
#include <optional>
#include <string>
#include <string_view>

namespace classplayer::fleet {

class Topics {
public:
    explicit Topics(std::string prefix) : prefix_(std::move(prefix)) {}

    std::string state(std::string_view id) const { return leaf(id, "state"); }
    std::string status(std::string_view id) const { return leaf(id, "status"); }
    std::string cmd(std::string_view id, std::string_view name) const { return leaf(id, "cmd/") + std::string(name); }
    std::string cmd_result(std::string_view id) const { return leaf(id, "cmd_result"); }
    std::string desired(std::string_view id) const { return leaf(id, "desired"); }
    std::string records(std::string_view id) const { return leaf(id, "records"); }
    // The same leaf for every screen: "<prefix>/screens/+/state".
    std::string every(std::string_view leaf_name) const { return leaf("+", leaf_name); }

    // "<prefix>/screens/ID/REST" -> {ID, REST}; nothing for a topic outside the prefix.
    struct Split {
        std::string screen_id;
        std::string rest;  // "status", "cmd/play", ...
    };
    std::optional<Split> split(std::string_view topic) const;

private:
    std::string leaf(std::string_view id, std::string_view name) const {
        return prefix_ + "/screens/" + std::string(id) + "/" + std::string(name);
    }
    std::string prefix_;
};

}  // namespace classplayer::fleet
