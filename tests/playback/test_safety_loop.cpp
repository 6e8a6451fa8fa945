// The safety loop's promise, proven rather than sampled: for every combination of the shipped
// conditions and every sequence of up to three EASIER / STOP / BACK (try again) presses on
// every exercise of the class, nothing shown carries a tag the person's conditions avoid, no
// EASIER asks more of the body's position (a burden tag: floor, kneeling, ...), and every
// wording names what was on screen. It drives the conductor as the remote does in a class.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "../class/shipped.hpp"
#include "playback/conductor.hpp"

using namespace classplayer;
using namespace classplayer::playback;
using classplayer::test::middle_back;
using classplayer::test::plan_for;

namespace {

enum class Press { Easier, Stop, Back };
const char* name_of(Press p) { return p == Press::Easier ? "EASIER" : p == Press::Stop ? "STOP" : "BACK"; }

std::set<std::string> burdens_of(const Plan& plan, const std::vector<std::string>& tags) {
    std::set<std::string> out;
    for (const auto& t : tags)
        if (std::find(plan.burdens.begin(), plan.burdens.end(), t) != plan.burdens.end()) out.insert(t);
    return out;
}

bool within(const std::set<std::string>& part, const std::set<std::string>& whole) {
    return std::includes(whole.begin(), whole.end(), part.begin(), part.end());
}

bool starts_with(const std::optional<std::string>& text, const std::string& start) {
    return text && text->starts_with(start);
}

// Every sequence of 1 to `most` presses.
std::vector<std::vector<Press>> press_sequences(int most) {
    std::vector<std::vector<Press>> out, last{{}};
    for (int length = 1; length <= most; ++length) {
        std::vector<std::vector<Press>> next;
        for (const auto& seq : last)
            for (Press p : {Press::Easier, Press::Stop, Press::Back}) {
                auto longer = seq;
                longer.push_back(p);
                next.push_back(longer);
            }
        out.insert(out.end(), next.begin(), next.end());
        last = std::move(next);
    }
    return out;
}

// Moves the class one second into step `index`.
void run_into(Conductor& c, int index) {
    double t = 0;
    for (int i = 0; i < index; ++i) t += c.plan().steps[static_cast<std::size_t>(i)].duration_s;
    c.advance_to(t + 1);
    REQUIRE(c.step_index() == index);
}

}  // namespace

TEST_CASE("The safety loop: every condition combination, every press sequence of up to three, every exercise",
          "[conductor][easier][stop][safety]") {
    const auto& book = middle_back().conditions;
    REQUIRE(book.conditions.size() == 4);  // 16 combinations
    REQUIRE_FALSE(book.burdens.empty());
    const auto sequences = press_sequences(3);
    REQUIRE(sequences.size() == 3 + 9 + 27);
    int presses_checked = 0, exercises = 0, easier_swaps = 0;

    for (unsigned mask = 0; mask < (1u << book.conditions.size()); ++mask) {
        std::vector<std::string> combo;
        std::set<std::string> avoided;
        for (std::size_t i = 0; i < book.conditions.size(); ++i)
            if (mask & (1u << i)) {
                combo.push_back(book.conditions[i].id);
                avoided.insert(book.conditions[i].avoids.begin(), book.conditions[i].avoids.end());
            }
        const Plan plan = plan_for(combo);
        const auto avoided_in = [&](const Step& s) {
            return std::any_of(s.tags.begin(), s.tags.end(), [&](const auto& t) { return avoided.contains(t); });
        };
        for (const auto& planned : plan.steps) {
            if (planned.kind != StepKind::Clip) continue;
            // Whatever is pressed, the exercise never asks more of the body's position than planned.
            const auto planned_burdens = burdens_of(plan, planned.tags);
            ++exercises;
            for (const auto& seq : sequences) {
                Conductor c(plan);
                run_into(c, planned.index);
                std::string pressed;
                for (Press press : seq) {
                    pressed += std::string(pressed.empty() ? "" : " ") + name_of(press);
                    CAPTURE(combo, planned.title, pressed);
                    const Step before = c.step();
                    const std::optional<Step> stopped = c.stopped();
                    const std::vector<std::string> offer = stopped ? stop_offer(c.plan(), *stopped) : std::vector<std::string>{};
                    const auto events = press == Press::Easier ? c.easier()
                                         : press == Press::Stop ? c.stop_step()
                                                                : c.try_again();
                    ++presses_checked;
                    const Step& shown = c.step();
                    CAPTURE(shown.title, shown.reason.value_or(""));
                    REQUIRE(c.step_index() == planned.index);  // swaps keep the step's place
                    CHECK_FALSE(avoided_in(shown));
                    if (shown.kind == StepKind::Clip) CHECK(within(burdens_of(plan, shown.tags), planned_burdens));
                    if (events.empty()) {
                        CHECK(shown.title == before.title);  // nothing happened, nothing changed
                        continue;
                    }
                    switch (press) {
                        case Press::Easier: {
                            // The exercise made easier: the one running, or the one STOP stopped.
                            const Step& from = stopped ? *stopped : before;
                            if (shown.kind == StepKind::Clip) {
                                ++easier_swaps;
                                CHECK(within(burdens_of(plan, shown.tags), burdens_of(plan, from.tags)));
                                CHECK(starts_with(shown.reason, "Easier: "));
                                CHECK(shown.title != from.title);
                                // STOP's rest named the version EASIER now shows.
                                if (stopped) CHECK(offer.back() == "RED: try the easier version, " + shown.title);
                            } else {
                                CHECK_FALSE(stopped);  // after STOP, EASIER never gives a second rest
                                CHECK(starts_with(shown.reason, "Skipped: " + from.title + " - "));
                            }
                            break;
                        }
                        case Press::Stop:
                            CHECK(shown.kind == StepKind::Breathing);
                            CHECK(starts_with(shown.reason, "Stopped: " + before.title + " - "));
                            REQUIRE(shown.lines.size() == 1);
                            CHECK_THAT(shown.lines[0], Catch::Contains("doctor or physical therapist"));
                            break;
                        case Press::Back:
                            REQUIRE(stopped);
                            CHECK(shown.title == stopped->title);  // the very exercise stopped, back again
                            CHECK(shown.variant_id == stopped->variant_id);
                            break;
                    }
                }
            }
        }
    }
    CHECK(exercises > 16 * 4);
    CHECK(presses_checked == exercises * (3 + 2 * 9 + 3 * 27));  // every press of every sequence
    CHECK(easier_swaps > 100);  // the order was walked, not only rests
}
