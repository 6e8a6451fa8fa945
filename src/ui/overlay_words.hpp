#pragma once
// Small pieces the overlay's drawing files share: the values as the screen shows them, and a
// label formatted on the stack. No SDL here: tested on their own (tests/ui/test_class_layout.cpp).
// Internal to src/ui.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "ui/view.hpp"

namespace classplayer::ui {

// "6 min left": whole minutes, to the nearest, calmer than a ticking clock. A class of 6 min
// 25 s says 6 at its start, not 7; the last half minute still says 1, never "0 min".
inline int whole_minutes_left(double class_left_s) {
    if (!(class_left_s > 0)) return 0;
    return std::max(1, static_cast<int>(std::lround(class_left_s / 60.0)));
}
// The hold countdown: whole seconds, rounded up, so "1" shows during the last second.
inline int whole_seconds_left(double hold_left_s) {
    return static_cast<int>(std::ceil(std::max(0.0, hold_left_s)));
}

// A short label formatted on the stack: the draw path builds "Step 3 of 7" without the heap.
struct Label {
    std::array<char, 256> chars{};
    std::size_t length = 0;

    void append(std::string_view piece) {
        const std::size_t room = chars.size() - 1 - length;
        const std::size_t count = std::min(room, piece.size());
        std::copy_n(piece.data(), count, chars.data() + length);
        length += count;
        chars[length] = '\0';
    }
    template <typename... Args>
    void append_format(const char* format, Args... args) {
        const int written = std::snprintf(chars.data() + length, chars.size() - length, format, args...);
        if (written > 0) length = std::min(chars.size() - 1, length + static_cast<std::size_t>(written));
    }
    std::string_view view() const { return {chars.data(), length}; }
};

inline constexpr std::string_view separator = "   \xC2\xB7   ";  // "   ·   " between label parts

// "Step 3 of 7   ·   6 min left", appended to `where`.
inline void where_label(const View& view, Label& where) {
    if (view.step_count > 0) where.append_format("Step %d of %d", view.step_number, view.step_count);
    if (const int minutes = whole_minutes_left(view.class_left_s); minutes > 0) {
        if (where.length > 0) where.append(separator);
        where.append_format("%d min left", minutes);
    }
}

}  // namespace classplayer::ui
