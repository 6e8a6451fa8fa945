#pragma once
// The home menu as a state machine: which page is showing, which row is highlighted, which
// conditions are ticked, and what each remote key does. Six keys are enough for all of it
// (arrows, OK, BACK); it never needs a keyboard or a pointer. Pure: no SDL, no clock, no I/O,
// so every path a person can take is a unit test.
//
// Pages and keys (LEFT is BACK except on the first page, so a stray LEFT never quits):
//   Resume      "Resume <class> at step n: <title>" / "Choose a class". UP/DOWN choose,
//               OK or RIGHT acts, BACK goes to the class list.
//   Classes     one row a class. UP/DOWN choose, OK or RIGHT opens its conditions (not for a
//               class that cannot be played), BACK quits.
//   Conditions  one checkbox row a condition, then "Continue". OK ticks or unticks a row (on
//               "Continue" it goes on), RIGHT goes on, BACK returns to the classes.
//   Summary     what changes for these conditions, and Start. OK or RIGHT starts, BACK returns.
//   Sessions    "My sessions": the last four weeks at a glance (a row after the classes when
//               the app gives them). Nothing to choose; BACK (or LEFT) returns to the classes.
// QUIT (Escape on a keyboard) quits from any page.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "class/planner.hpp"
#include "home/catalog.hpp"
#include "input/keys.hpp"

namespace classplayer::home {

enum class Page { Resume, Classes, Conditions, Summary, Sessions };
const char* to_string(Page page);  // "resume", "classes", "conditions", "summary", "sessions"

// What was chosen last time (kept on disk by the app), to start the menu where it was left.
struct Choices {
    std::filesystem::path playlist;  // absolute
    std::vector<std::string> conditions;
};

// An unfinished class: the resume point the app keeps while a class plays.
struct ResumeOffer {
    std::filesystem::path playlist;  // absolute
    std::vector<std::string> conditions;
    int step_index = 0;
    std::vector<std::string> changes;  // EASIER, STOP... made in that step (app/resume_state.hpp)
};

enum class DecisionKind { None, Start, Resume, Quit };

struct Decision {
    DecisionKind kind = DecisionKind::None;
    std::filesystem::path playlist;       // Start, Resume
    std::vector<std::string> conditions;  // Start, Resume: ids in the condition book's order
    int first_step = 0;                   // Resume: the step to start again at
    std::vector<std::string> first_step_changes;  // Resume: as ResumeOffer::changes
};

// What one key press did: a name for the event log ("move_down", "toggle", "start", ...;
// "none" when the key means nothing on this page) and what the person decided, if anything.
struct Press {
    const char* action = "none";
    Decision decision;
};

class Menu {
public:
    // my_sessions: the "My sessions" page's lines (history/glance.hpp); none, no such row.
    Menu(std::vector<ClassEntry> classes, std::optional<Choices> last, std::optional<ResumeOffer> resume,
         std::optional<std::vector<std::string>> my_sessions = std::nullopt);

    Press press(input::Key key);

    Page page() const { return page_; }
    int selected() const { return selected_; }  // the highlighted row of this page
    int row_count() const;                      // rows of this page (Conditions: + "Continue")
    const std::vector<ClassEntry>& classes() const { return classes_; }
    // Classes page: the "My sessions" row comes after the classes, at this row (-1: none).
    int sessions_row() const { return my_sessions_ ? static_cast<int>(classes_.size()) : -1; }
    const std::vector<std::string>& my_sessions() const;

    // The class being set up (Conditions, Summary), or the one offered for resuming (Resume).
    const ClassEntry* chosen_class() const;
    // Conditions page: the condition book of the chosen class, and which rows are ticked.
    const std::vector<Condition>& conditions() const;
    bool ticked(int row) const;
    std::vector<std::string> ticked_ids() const;  // in the book's order

    // Summary page: the plan for the ticked conditions, and what it changes, one line per
    // segment ("Low bone density: cat-cow becomes neutral-to-cow, ..."), in class order.
    const Plan* plan() const { return plan_ ? &*plan_ : nullptr; }
    std::vector<std::string> changes() const;
    // "3 changes for you:", "1 change for you:", or "No changes: the class as written".
    std::string changes_heading() const;

    // Resume page.
    bool has_resume_offer() const { return resume_plan_.has_value(); }
    std::string resume_line() const;  // "Resume Middle back stretch at step 4: Seated reach at a table"
    std::string resume_for() const;   // "For: Low bone density", or "The class as written"

private:
    Press on_resume(input::Key key);
    Press on_classes(input::Key key);
    Press on_conditions(input::Key key);
    Press on_summary(input::Key key);
    Press on_sessions(input::Key key);
    const char* move(input::Key key);  // UP/DOWN within the page's rows
    void show(Page page, int row);
    void open_conditions();

    std::vector<ClassEntry> classes_;
    Page page_ = Page::Classes;
    int selected_ = 0;
    int class_row_ = 0;  // the class highlighted (or chosen) on the Classes page
    // Ticks kept per class while the menu is open, so BACK and OK again loses nothing.
    std::map<int, std::set<std::string>> ticks_;
    std::optional<Plan> plan_;  // Summary page

    int resume_class_ = -1;
    ResumeOffer resume_;
    std::optional<Plan> resume_plan_;
    std::optional<std::vector<std::string>> my_sessions_;
};

}  // namespace classplayer::home
