// A power cut mid-class: the player is killed outright (SIGKILL: no chance to tidy up), then
// started again with --resume. It must start at the step it was on, and finish the class.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

extern char** environ;

namespace {

int last_started(const std::vector<json>& events) {
    int index = -1;
    for (const auto& e : events)
        if (e.at("event") == "step_start") index = e.at("index");
    return index;
}

}  // namespace

SCENARIO("A power cut mid-class resumes at the same step", "[integration][resume]") {
    const fs::path state = artifacts_dir() / "resume-state";
    const fs::path first_log = artifacts_dir() / "resume-1.events.jsonl";
    fs::remove_all(state);
    fs::remove(first_log);

    GIVEN("a resumable class killed while step 4 or later is running") {
        std::vector<std::string> args{CLASSPLAYER_BINARY, "play", shipped_playlist().string(), "--profile", "balance",
                                      "--headless", "--clock", "virtual", "--resume", "--state-dir", state.string(),
                                      "--events", first_log.string()};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (last_started(read_events(first_log)) < 4 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status));

        const auto killed_log = read_events(first_log);
        const int logged = last_started(killed_log);
        REQUIRE(logged >= 4);
        const json saved = json::parse(std::ifstream(state / "resume.json"));
        const int saved_step = saved.at("step_index");
        CHECK(saved_step >= logged);      // saved before it was logged
        CHECK(saved_step <= logged + 1);  // and at most the one step the kill interrupted
        // The kill may land inside a write, leaving the half-made temp file beside a whole
        // resume.json; make that the case every run, so the next run is seen not to read it.
        std::ofstream(state / "resume.json.tmp") << "{\"playlist\": \"half-writ";

        WHEN("it is started again with --resume") {
            auto run = play_virtual("resume-2", {shipped_playlist().string(), "--profile", "balance", "--resume",
                                                 "--state-dir", state.string()});
            INFO(run.output);
            REQUIRE(run.exit_code == 0);
            THEN("it starts at the saved step, at that step's planned time, and finishes the class") {
                CHECK_THAT(run.output, Catch::Contains("Resuming at step " + std::to_string(saved_step + 1)));
                auto starts = of_kind(run.events, "step_start");
                REQUIRE_FALSE(starts.empty());
                CHECK(starts[0].at("index") == saved_step);
                auto plan = json::parse(run_classplayer({"plan", shipped_playlist().string(), "--profile", "balance", "--json"}).output);
                double planned = 0;
                for (int i = 0; i < saved_step; ++i) planned += plan.at("steps")[static_cast<std::size_t>(i)].at("duration_s").get<double>();
                CHECK(starts[0].at("t").get<double>() == Approx(planned));
                auto end = of_kind(run.events, "class_end");
                REQUIRE(end.size() == 1);
                CHECK(end[0].at("completed") == true);
                CHECK(of_kind(run.events, "class_start")[0].at("first_step") == saved_step);
                // ... and the screen says so as it starts.
                auto notices = of_kind(run.events, "notice");
                REQUIRE_FALSE(notices.empty());
                CHECK(notices[0].at("text") == "Resumed where it stopped: step " + std::to_string(saved_step + 1) + " of " +
                                                   std::to_string(plan.at("steps").size()));
                CHECK(notices[0].at("t").get<double>() == Approx(planned));
                // A completed class leaves nothing to resume.
                CHECK_FALSE(fs::exists(state / "resume.json"));
                CHECK_FALSE(fs::exists(state / "resume.json.tmp"));
            }
        }
    }
}

TEST_CASE("Resume state is only used for the same class and profile", "[integration][resume]") {
    const fs::path state = artifacts_dir() / "resume-other";
    fs::remove_all(state);
    fs::create_directories(state);
    std::ofstream(state / "resume.json") << json{{"playlist", shipped_playlist().string()},
                                                 {"conditions", {"no-floor"}},
                                                 {"step_index", 5}}.dump();
    auto run = play_virtual("resume-other", {shipped_playlist().string(), "--profile", "balance", "--resume",
                                             "--state-dir", state.string()});
    REQUIRE(run.exit_code == 0);
    CHECK(of_kind(run.events, "step_start")[0].at("index") == 0);

    SECTION("and a damaged state file is reported, not trusted") {
        std::ofstream(state / "resume.json") << "{\"playlist\": \"x\", \"step_in";
        auto again = play_virtual("resume-damaged", {shipped_playlist().string(), "--resume", "--state-dir", state.string()});
        REQUIRE(again.exit_code == 0);
        CHECK_THAT(again.output, Catch::Contains("unreadable resume state"));
        CHECK(of_kind(again.events, "step_start")[0].at("index") == 0);
    }
}

TEST_CASE("A resume state that cannot be written is reported and the class goes on", "[integration][resume]") {
    const fs::path state = artifacts_dir() / "resume-unwritable";
    fs::remove_all(state);
    std::string why;
    SECTION("the state folder's place is taken by a file") {
        std::ofstream(state) << "not a folder\n";
        why = "cannot create";
    }
    SECTION("the disk is full") {
        // Every write into the state file lands on /dev/full: the kernel's own "no space left".
        fs::create_directories(state);
        fs::create_symlink("/dev/full", state / "resume.json.tmp");
        why = "No space left on device";
    }
    // NEXT every second: every step starts (and tries to save) without playing the whole class.
    const fs::path keys = artifacts_dir() / "resume-unwritable.keys";
    {
        std::ofstream out(keys);
        for (int s = 1; s <= 40; ++s) out << s << " NEXT\n";
    }
    const auto plan = json::parse(run_classplayer({"plan", shipped_playlist().string(), "--json"}).output);
    auto run = play_virtual("resume-unwritable", {shipped_playlist().string(), "--resume", "--state-dir",
                                                  state.string(), "--keys", keys.string()});
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("resume state not saved (the class goes on)") && Catch::Contains(why));
    CHECK(last_started(run.events) == static_cast<int>(plan.at("steps").size()) - 1);
    CHECK(of_kind(run.events, "class_end").size() == 1);
}

SCENARIO("An exercise made easier stays easier when the class resumes", "[integration][resume]") {
    const fs::path state = artifacts_dir() / "resume-easier-state";
    fs::remove_all(state);
    GIVEN("cat-cow made easier with EASIER at 20 s, then the class cut off at 25 s") {
        const fs::path keys = artifacts_dir() / "resume-easier.keys";
        std::ofstream(keys) << "20 EASIER\n25 QUIT\n";
        auto first = play_virtual("resume-easier-1", {shipped_playlist().string(), "--resume", "--state-dir", state.string(),
                                                      "--keys", keys.string()});
        INFO(first.output);
        REQUIRE(first.exit_code == 0);
        const auto first_starts = of_kind(first.events, "step_start");
        REQUIRE(first_starts.size() >= 2);
        const json made_easier = first_starts.back();
        REQUIRE(made_easier.at("segment") == "cat-cow");
        REQUIRE(made_easier.at("change") == "easier");
        const json saved = json::parse(std::ifstream(state / "resume.json"));
        CHECK(saved.at("step_index") == made_easier.at("index"));
        CHECK(saved.at("changes") == json::array({"easier"}));

        WHEN("it is started again with --resume") {
            std::ofstream(artifacts_dir() / "resume-easier-quit.keys") << "5 QUIT\n";
            auto run = play_virtual("resume-easier-2", {shipped_playlist().string(), "--resume", "--state-dir", state.string(),
                                                        "--keys", (artifacts_dir() / "resume-easier-quit.keys").string()});
            THEN("cat-cow comes back as the easier version, with its reason, at the step's start") {
                INFO(run.output);
                REQUIRE(run.exit_code == 0);
                const auto starts = of_kind(run.events, "step_start");
                REQUIRE(starts.size() >= 2);
                CHECK(starts[0].at("index") == made_easier.at("index"));
                CHECK(starts[1].at("index") == made_easier.at("index"));
                CHECK(starts[1].at("change") == "easier");
                CHECK(starts[1].at("variant") == made_easier.at("variant"));
                CHECK(starts[1].at("reason") == made_easier.at("reason"));
                CHECK(starts[1].at("t").get<double>() == Approx(starts[0].at("t").get<double>()));
            }
        }
    }
}
