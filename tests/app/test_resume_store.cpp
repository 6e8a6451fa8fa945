// The resume state on disk: the position in the step is kept with the step, and a state file
// is always whole - the old one or the new one - whatever moment a save is cut off.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "app/resume_state.hpp"

using namespace classplayer::app;
namespace fs = std::filesystem;

TEST_CASE("Resume store keeps the step and the position in it", "[resume][store]") {
    const fs::path dir = fs::temp_directory_path() / "classplayer-resume-store-test";
    fs::remove_all(dir);
    ResumeStore store(dir);
    std::string error;
    REQUIRE(store.save({"/srv/a.json", {"balance"}, 7, 12.25, {"easier", "easier"}}, &error));
    auto point = store.load();
    REQUIRE(point);
    CHECK(point->step_index == 7);
    CHECK(point->position_s == Approx(12.25));
    CHECK(point->changes == std::vector<std::string>{"easier", "easier"});
    SECTION("a file from before positions were kept still loads, at the step's start") {
        std::ofstream(store.file()) << R"({"playlist": "/srv/a.json", "conditions": [], "step_index": 3})";
        auto old = store.load();
        REQUIRE(old);
        CHECK(old->step_index == 3);
        CHECK(old->position_s == 0);
        CHECK(old->changes.empty());
    }
    SECTION("a change that is not one the player makes is refused, naming the file") {
        std::ofstream(store.file()) << R"({"playlist": "/srv/a.json", "conditions": [], "step_index": 3, "changes": ["harder"]})";
        std::string problem;
        CHECK_FALSE(store.load(&problem));
        CHECK_THAT(problem, Catch::Contains("resume.json") && Catch::Contains("'harder'"));
    }
    SECTION("a save that cannot be written says why and leaves the old state") {
        fs::create_directory(dir / "resume.json.tmp");  // where the new state would be written
        CHECK_FALSE(store.save({"/srv/a.json", {"balance"}, 8, 1.0, {}}, &error));
        CHECK_THAT(error, Catch::Contains("resume.json.tmp"));
        CHECK(store.load()->step_index == 7);
        fs::remove(dir / "resume.json.tmp");
    }
}

TEST_CASE("A player killed in the middle of saving never leaves half a state file", "[resume][store]") {
    const fs::path dir = fs::temp_directory_path() / "classplayer-resume-kill-test";
    fs::remove_all(dir);
    ResumeStore store(dir);
    std::string error;
    REQUIRE(store.save({"/srv/a.json", {"balance"}, 0, 0.0, {}}, &error));
    // A process saving as fast as it can (each save a temp file, fsync, rename), killed outright
    // at an arbitrary moment, twelve times: every time the state file is one whole save.
    {
        for (int round = 0; round < 12; ++round) {
            const pid_t child = ::fork();
            REQUIRE(child >= 0);
            if (child == 0) {
                std::string ignored;
                for (int step = 1;; ++step) store.save({"/srv/a.json", {"balance"}, step, step * 0.5, {}}, &ignored);
            }
            {
                std::this_thread::sleep_for(std::chrono::milliseconds(3 + 7 * round));
                ::kill(child, SIGKILL);
                int status = 0;
                ::waitpid(child, &status, 0);
                {
                    CAPTURE(round);
                    std::string problem;
                    auto point = store.load(&problem);
                    INFO(problem);
                    REQUIRE(point);
                    CHECK(point->playlist == "/srv/a.json");
                    CHECK(point->position_s == Approx(point->step_index * 0.5));
                }
            }
        }
    }
}
