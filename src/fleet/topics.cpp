#include "fleet/topics.hpp"

namespace classplayer::fleet {

std::optional<Topics::Split> Topics::split(std::string_view topic) const {
    const std::string head = prefix_ + "/screens/";
    if (!topic.starts_with(head)) return std::nullopt;
    topic.remove_prefix(head.size());
    const auto slash = topic.find('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    return Split{std::string(topic.substr(0, slash)), std::string(topic.substr(slash + 1))};
}

}  // namespace classplayer::fleet
