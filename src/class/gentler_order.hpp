#pragma once
// The gentler order among the versions of one exercise: each variant names, in `gentler_than`,
// the versions it is gentler than (the segment as written, or its other variants). EASIER walks
// it (planner.cpp), so the playlist's loader refuses an order that contradicts itself.
#include <string>
#include <vector>

#include "class/conditions.hpp"
#include "class/json_path.hpp"
#include "class/playlist.hpp"

namespace classplayer {

// Versions are numbered as the planner names them: -1 is the segment as written, 0.. its
// variants in the playlist's order. The segment must outlive the order.
class GentlerOrder {
public:
    explicit GentlerOrder(const Segment& segment);

    // Whether `a` is gentler than `b`, directly or through versions in between.
    bool is_gentler(int a, int b) const;
    int count() const { return static_cast<int>(segment_->variants.size()); }  // variants
    const std::vector<std::string>& tags(int version) const;
    const std::string& title(int version) const;

private:
    const Segment* segment_;
    std::vector<std::vector<int>> harder_;  // [version + 1]: the versions it names, known ids only
};

// The burden tags (conditions.json's `burdens`) among `tags` that `than` does not carry.
std::vector<std::string> added_burdens(const std::vector<std::string>& tags, const std::vector<std::string>& than,
                                       const ConditionBook& book);

// Refuses, each at "$.segments[i].variants[j].gentler_than[k]": an id that is neither this
// segment nor one of its variants, a variant gentler than itself, a variant called gentler that
// adds a burden tag its harder version does not have, and an order that goes round in a circle.
// `variants` are the variants' JSON objects, in the same order as segment.variants.
void check_gentler_order(const Segment& segment, const std::vector<JsonObject>& variants, const ConditionBook& book);

}  // namespace classplayer
