#include "class/gentler_order.hpp"

#include <algorithm>
#include <functional>
#include <optional>

namespace classplayer {

namespace {

// -1 for the segment's own id, the variant's index, or nullopt for an id of no version here.
std::optional<int> version_of(const Segment& segment, const std::string& id) {
    if (id == segment.id) return -1;
    for (std::size_t i = 0; i < segment.variants.size(); ++i)
        if (segment.variants[i].id == id) return static_cast<int>(i);
    return std::nullopt;
}

std::string in_quotes(const std::string& id) { return "\"" + id + "\""; }

}  // namespace

GentlerOrder::GentlerOrder(const Segment& segment) : segment_(&segment), harder_(segment.variants.size() + 1) {
    for (std::size_t i = 0; i < segment.variants.size(); ++i)
        for (const auto& id : segment.variants[i].gentler_than)
            if (auto v = version_of(segment, id)) harder_[i + 1].push_back(*v);
}

bool GentlerOrder::is_gentler(int a, int b) const {
    // A walk up from `a` through the versions it is gentler than. Loaded playlists have no
    // circles, but the walk marks where it has been all the same, so a hand-made one cannot hang it.
    std::vector<bool> seen(harder_.size(), false);
    std::vector<int> todo{a};
    while (!todo.empty()) {
        const int v = todo.back();
        todo.pop_back();
        for (const int harder : harder_[static_cast<std::size_t>(v + 1)]) {
            if (harder == b) return true;
            if (!seen[static_cast<std::size_t>(harder + 1)]) {
                seen[static_cast<std::size_t>(harder + 1)] = true;
                todo.push_back(harder);
            }
        }
    }
    return false;
}

const std::vector<std::string>& GentlerOrder::tags(int version) const {
    return version < 0 ? segment_->tags : segment_->variants[static_cast<std::size_t>(version)].tags;
}

const std::string& GentlerOrder::title(int version) const {
    return version < 0 ? segment_->title : segment_->variants[static_cast<std::size_t>(version)].title;
}

std::vector<std::string> added_burdens(const std::vector<std::string>& tags, const std::vector<std::string>& than,
                                       const ConditionBook& book) {
    std::vector<std::string> out;
    for (const auto& t : tags)
        if (book.is_burden(t) && std::find(than.begin(), than.end(), t) == than.end()) out.push_back(t);
    return out;
}

void check_gentler_order(const Segment& segment, const std::vector<JsonObject>& variants, const ConditionBook& book) {
    const std::size_t n = std::min(variants.size(), segment.variants.size());
    const auto at = [](std::size_t k) { return "gentler_than[" + std::to_string(k) + "]"; };
    for (std::size_t j = 0; j < n; ++j) {
        const Variant& v = segment.variants[j];
        for (std::size_t k = 0; k < v.gentler_than.size(); ++k) {
            const std::string& id = v.gentler_than[k];
            const auto harder = version_of(segment, id);
            if (!harder) {
                variants[j].problem(at(k), in_quotes(id) + " is neither this exercise (" + in_quotes(segment.id) +
                                               ") nor one of its variants");
            } else if (*harder == static_cast<int>(j)) {
                variants[j].problem(at(k), "a version cannot be gentler than itself");
            } else {
                const auto& harder_tags = *harder < 0 ? segment.tags : segment.variants[static_cast<std::size_t>(*harder)].tags;
                for (const auto& burden : added_burdens(v.tags, harder_tags, book))
                    variants[j].problem(at(k), in_quotes(v.id) + " is called gentler than " + in_quotes(id) + " but adds " +
                                                   in_quotes(burden) + " (a burden in " + book.file.filename().string() +
                                                   "), which " + in_quotes(id) + " does not ask for");
            }
        }
    }

    // A circle (a gentler than b, b gentler than a) is reported once, at the entry that closes it.
    enum class Mark { New, OnPath, Done };
    std::vector<Mark> mark(n, Mark::New);
    std::vector<std::string> path;
    std::function<void(std::size_t)> visit = [&](std::size_t j) {
        mark[j] = Mark::OnPath;
        path.push_back(segment.variants[j].id);
        const auto& names = segment.variants[j].gentler_than;
        for (std::size_t k = 0; k < names.size(); ++k) {
            const auto harder = version_of(segment, names[k]);
            if (!harder || *harder < 0 || static_cast<std::size_t>(*harder) >= n || *harder == static_cast<int>(j))
                continue;  // the segment names nothing, so no circle passes through it
            const auto h = static_cast<std::size_t>(*harder);
            if (mark[h] == Mark::OnPath) {
                std::string circle;
                const auto from = std::find(path.begin(), path.end(), names[k]);
                for (auto it = from; it != path.end(); ++it) circle += in_quotes(*it) + " -> ";
                variants[j].problem(at(k), "the gentler order goes round in a circle (" + circle + in_quotes(names[k]) +
                                               ", each gentler than the next): say which one is gentler");
            } else if (mark[h] == Mark::New) {
                visit(h);
            }
        }
        path.pop_back();
        mark[j] = Mark::Done;
    };
    for (std::size_t j = 0; j < n; ++j)
        if (mark[j] == Mark::New) visit(j);
}

}  // namespace classplayer
