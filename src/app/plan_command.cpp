#include <iostream>

#include "app/class_source.hpp"
#include "app/commands.hpp"
#include "class/plan_json.hpp"

namespace classplayer::app {

int plan_command(const PlanOptions& options) {
    auto loaded = load_class(options.playlist, options.profile);
    if (!loaded) {
        std::cerr << "classplayer: " << loaded.error().message << (loaded.error().message.ends_with('\n') ? "" : "\n");
        return loaded.error().exit_code;
    }
    if (options.json) std::cout << plan_to_json(loaded->plan).dump(2) << "\n";
    else std::cout << plan_to_text(loaded->plan);
    return kDone;
}

}  // namespace classplayer::app
