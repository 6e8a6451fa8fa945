#pragma once
// Where a class was, kept on disk so a power cut or crash mid-class resumes at the same step.
// Saved atomically (temp file, fsync, rename, fsync of the folder): a file is either the old
// state or the new, never half of each, even if the power goes during the save.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace classplayer::app {

struct ResumePoint {
    std::filesystem::path playlist;       // absolute
    std::vector<std::string> conditions;  // ids, as planned
    int step_index = 0;                   // the step that was running; resuming starts it again
    double position_s = 0;                // how far into that step, class seconds (saved every few seconds)
    // What the person asked for in that step, in order ("easier", "stopped", "tried_again"):
    // the exercise made easier because it hurt stays easier after a power cut.
    std::vector<std::string> changes;
};

class ResumeStore {
public:
    explicit ResumeStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
    // $XDG_STATE_HOME/classplayer, else ~/.local/state/classplayer.
    static std::filesystem::path default_dir();

    std::filesystem::path file() const { return dir_ / "resume.json"; }
    // The saved point, if there is a readable one (a damaged file is reported and ignored).
    std::optional<ResumePoint> load(std::string* problem = nullptr) const;
    // False (with the reason) when it cannot be saved: a full or read-only disk must not stop
    // the class, so the caller logs it and goes on.
    bool save(const ResumePoint& point, std::string* error) const;
    void clear() const;

private:
    std::filesystem::path dir_;
};

// Keeps a class's place in `store` as it goes (PlayOptions::on_step_start): each step as it
// starts, and each EASIER, STOP or try-again in it, saved at once. A failed save is logged and
// the class goes on.
std::function<void(int step_index, std::string_view change)> keep_place(std::shared_ptr<ResumeStore> store,
                                                                        std::filesystem::path playlist,
                                                                        std::vector<std::string> conditions);

}  // namespace classplayer::app
