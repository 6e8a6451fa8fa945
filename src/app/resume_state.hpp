#pragma once
// Where a class was, kept on disk so a power cut or crash mid-class resumes at the same step.
// Saved atomically (temp file, fsync, rename, fsync of the folder): a file is either the old
// state or the new, never half of each, even if the power goes during the save.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace classplayer::app {

struct ResumePoint {
    std::filesystem::path playlist;       // absolute
    std::vector<std::string> conditions;  // ids, as planned
    int step_index = 0;                   // the step that was running; resuming starts it again
    double position_s = 0;                // how far into that step, class seconds (saved every few seconds)
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

}  // namespace classplayer::app
