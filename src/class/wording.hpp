#pragma once
// Small helpers for the words the screen shows, shared by the planner and the player.
#include <string>

namespace classplayer {

// "right" -> "Right"; "ask your clinician" -> "Ask your clinician".
inline std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

// "Balance concerns" -> "balance concerns", for a label in the middle of a sentence.
inline std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

}  // namespace classplayer
