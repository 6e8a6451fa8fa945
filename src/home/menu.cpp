#include "home/menu.hpp"

#include <algorithm>

namespace classplayer::home {

using input::Key;

namespace {
const std::vector<Condition> kNoConditions;

bool is_back(Key key) { return key == Key::Back || key == Key::Left; }
bool is_forward(Key key) { return key == Key::Ok || key == Key::Right; }

Decision quit() {
    Decision decision;
    decision.kind = DecisionKind::Quit;
    return decision;
}
}  // namespace

const char* to_string(Page page) {
    switch (page) {
        case Page::Resume: return "resume";
        case Page::Classes: return "classes";
        case Page::Conditions: return "conditions";
        case Page::Summary: return "summary";
        case Page::Sessions: return "sessions";
    }
    return "classes";
}

Menu::Menu(std::vector<ClassEntry> classes, std::optional<Choices> last, std::optional<ResumeOffer> resume,
           std::optional<std::vector<std::string>> my_sessions)
    : classes_(std::move(classes)), my_sessions_(std::move(my_sessions)) {
    const auto index_of = [&](const std::filesystem::path& file) {
        for (std::size_t i = 0; i < classes_.size(); ++i)
            if (classes_[i].playable() && classes_[i].file == file) return static_cast<int>(i);
        return -1;
    };
    if (last) {
        if (const int row = index_of(last->playlist); row >= 0) {
            class_row_ = row;
            // Only conditions this class still knows are ticked again.
            const ConditionBook& book = classes_[static_cast<std::size_t>(row)].playlist->conditions;
            for (const auto& id : last->conditions)
                if (book.find(id)) ticks_[row].insert(id);
        }
    }
    if (resume) {
        // Offered only when the class is still here, its conditions still plan, and the step
        // is still inside the plan: anything else would resume somewhere the person never was.
        if (const int row = index_of(resume->playlist); row >= 0) {
            auto plan = make_plan(*classes_[static_cast<std::size_t>(row)].playlist, resume->conditions);
            if (plan && resume->step_index >= 0 && resume->step_index < static_cast<int>(plan->steps.size())) {
                resume_class_ = row;
                resume_ = *resume;
                resume_plan_ = std::move(*plan);
            }
        }
    }
    if (resume_plan_) show(Page::Resume, 0);
    else show(Page::Classes, class_row_);
}

int Menu::row_count() const {
    switch (page_) {
        case Page::Resume: return 2;
        case Page::Classes: return static_cast<int>(classes_.size()) + (my_sessions_ ? 1 : 0);
        case Page::Conditions: return static_cast<int>(conditions().size()) + 1;
        case Page::Summary: return 1;
        case Page::Sessions: return 0;
    }
    return 0;
}

const ClassEntry* Menu::chosen_class() const {
    if (page_ == Page::Resume) return &classes_[static_cast<std::size_t>(resume_class_)];
    if (class_row_ < 0 || class_row_ >= static_cast<int>(classes_.size())) return nullptr;
    return &classes_[static_cast<std::size_t>(class_row_)];
}

const std::vector<std::string>& Menu::my_sessions() const {
    static const std::vector<std::string> none;
    return my_sessions_ ? *my_sessions_ : none;
}

const std::vector<Condition>& Menu::conditions() const {
    const ClassEntry* entry = chosen_class();
    return entry && entry->playable() ? entry->playlist->conditions.conditions : kNoConditions;
}

bool Menu::ticked(int row) const {
    const auto& book = conditions();
    if (row < 0 || row >= static_cast<int>(book.size())) return false;
    const auto it = ticks_.find(class_row_);
    return it != ticks_.end() && it->second.contains(book[static_cast<std::size_t>(row)].id);
}

std::vector<std::string> Menu::ticked_ids() const {
    std::vector<std::string> out;
    const auto& book = conditions();
    for (int row = 0; row < static_cast<int>(book.size()); ++row)
        if (ticked(row)) out.push_back(book[static_cast<std::size_t>(row)].id);
    return out;
}

std::vector<std::string> Menu::changes() const {
    std::vector<std::string> out;
    if (!plan_) return out;
    // A skipped segment is two steps (its card and the rest standing in) with one reason:
    // one change for the person.
    std::set<std::string> seen;
    for (const auto& step : plan_->steps)
        if (step.reason && seen.insert(step.segment_id).second) out.push_back(*step.reason);
    return out;
}

std::string Menu::changes_heading() const {
    const auto n = changes().size();
    if (n == 0) return "No changes: the class as written";
    return std::to_string(n) + (n == 1 ? " change for you:" : " changes for you:");
}

std::string Menu::resume_line() const {
    if (!resume_plan_) return {};
    const Step& step = resume_plan_->steps[static_cast<std::size_t>(resume_.step_index)];
    return "Resume " + classes_[static_cast<std::size_t>(resume_class_)].title + " at step " +
           std::to_string(resume_.step_index + 1) + ": " + step.title;
}

std::string Menu::resume_for() const {
    if (!resume_plan_) return {};
    const ConditionBook& book = classes_[static_cast<std::size_t>(resume_class_)].playlist->conditions;
    std::string labels;
    for (const auto& id : resume_.conditions)
        if (const Condition* condition = book.find(id)) labels += (labels.empty() ? "" : ", ") + condition->label;
    return labels.empty() ? "The class as written" : "For: " + labels;
}

void Menu::show(Page page, int row) {
    page_ = page;
    selected_ = std::clamp(row, 0, std::max(0, row_count() - 1));
}

void Menu::open_conditions() { show(Page::Conditions, 0); }

const char* Menu::move(Key key) {
    if (row_count() == 0) return "none";  // an empty folder: nothing to move between
    const int before = selected_;
    if (key == Key::Up) selected_ = std::max(0, selected_ - 1);
    if (key == Key::Down) selected_ = std::min(row_count() - 1, selected_ + 1);
    if (page_ == Page::Classes) class_row_ = selected_;
    if (selected_ == before) return "none";  // at the top or bottom already: nothing moves
    return key == Key::Up ? "move_up" : "move_down";
}

Press Menu::press(Key key) {
    if (key == Key::Quit) return {"quit", quit()};
    switch (page_) {
        case Page::Resume: return on_resume(key);
        case Page::Classes: return on_classes(key);
        case Page::Conditions: return on_conditions(key);
        case Page::Summary: return on_summary(key);
        case Page::Sessions: return on_sessions(key);
    }
    return {};
}

Press Menu::on_resume(Key key) {
    if (key == Key::Up || key == Key::Down) return {move(key), {}};
    if (key == Key::Back) {
        show(Page::Classes, class_row_);
        return {"back", {}};
    }
    if (!is_forward(key)) return {};
    if (selected_ == 1) {
        show(Page::Classes, class_row_);
        return {"choose_class", {}};
    }
    return {"resume",
            {.kind = DecisionKind::Resume,
             .playlist = resume_.playlist,
             .conditions = resume_.conditions,
             .first_step = resume_.step_index,
             .first_step_changes = resume_.changes}};
}

Press Menu::on_classes(Key key) {
    if (key == Key::Up || key == Key::Down) return {move(key), {}};
    if (key == Key::Back) return {"quit", quit()};
    if (!is_forward(key) || row_count() == 0) return {};
    if (selected_ == sessions_row()) {
        show(Page::Sessions, 0);
        return {"my_sessions", {}};
    }
    class_row_ = selected_;
    if (!classes_[static_cast<std::size_t>(class_row_)].playable()) return {"cannot_play", {}};
    open_conditions();
    return {"open", {}};
}

Press Menu::on_conditions(Key key) {
    if (key == Key::Up || key == Key::Down) return {move(key), {}};
    if (is_back(key)) {
        show(Page::Classes, class_row_);
        return {"back", {}};
    }
    const int continue_row = static_cast<int>(conditions().size());
    if (key == Key::Ok && selected_ < continue_row) {
        auto& ticks = ticks_[class_row_];
        const std::string& id = conditions()[static_cast<std::size_t>(selected_)].id;
        if (!ticks.erase(id)) ticks.insert(id);
        return {"toggle", {}};
    }
    if (!is_forward(key)) return {};
    auto plan = make_plan(*chosen_class()->playlist, ticked_ids());
    if (!plan) return {};  // ids come from the class's own book, so this does not happen
    plan_ = std::move(*plan);
    show(Page::Summary, 0);
    return {"continue", {}};
}

Press Menu::on_summary(Key key) {
    if (is_back(key)) {
        show(Page::Conditions, static_cast<int>(conditions().size()));
        return {"back", {}};
    }
    if (!is_forward(key)) return {};
    return {"start", {.kind = DecisionKind::Start, .playlist = chosen_class()->file, .conditions = ticked_ids(), .first_step = 0, .first_step_changes = {}}};
}

Press Menu::on_sessions(Key key) {
    if (!is_back(key)) return {};
    show(Page::Classes, sessions_row());
    return {"back", {}};
}

}  // namespace classplayer::home
