// The session record and the pain check, as the real binary keeps and asks them: answered with
// scripted keys, killed outright mid-class (kill -9), and with a damaged record file; read back
// with `classplayer history`, as a clinician would.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "run_player.hpp"

using namespace classplayer::test;
using nlohmann::json;
namespace fs = std::filesystem;

extern char** environ;

namespace {

fs::path fresh_dir(const std::string& name) {
    const fs::path dir = artifacts_dir() / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

json history_json(const fs::path& state) {
    const Run run = run_classplayer({"history", "--json", "--state-dir", state.string()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    return json::parse(run.output);
}

}  // namespace

SCENARIO("A class at home asks how the back feels after a STOP and at the end, and keeps the answers",
         "[integration][history][pain]") {
    const fs::path state = fresh_dir("history-pain");
    const fs::path keys = state / "keys.txt";
    GIVEN("STOP in the lat stretch, OK to skip it, then 6 (RIGHT lands on 5, RIGHT again); after the class, 3 and OK") {
        std::ofstream(keys) << "275 STOP\n280 OK\n282 RIGHT\n283 RIGHT\n284 OK\n500 3\n501 OK\n";
        const Run run = play_virtual("history-pain", {shipped_playlist().string(), "--keys", keys.string(),
                                                      "--state-dir", state.string()});
        INFO(run.output);
        REQUIRE(run.exit_code == 0);
        THEN("the timeline has both answers, the class waiting for the first") {
            const auto answers = of_kind(run.events, "pain_check");
            REQUIRE(answers.size() == 2);
            CHECK(answers[0].at("moment") == "after_stop");
            CHECK(answers[0].at("answer") == 6);
            CHECK(answers[1].at("moment") == "after_class");
            CHECK(answers[1].at("answer") == 3);
            CHECK(answers[0].at("t") == Approx(280));  // class time stood still while it was asked
        }
        THEN("`classplayer history` shows the session, the stopped stretch and both answers") {
            const json h = history_json(state);
            REQUIRE(h.at("sessions").size() == 1);
            const json& s = h.at("sessions")[0];
            CHECK(s.at("mode") == "play");
            CHECK(s.at("completed") == true);
            CHECK(s.at("pain").size() == 2);
            CHECK(h.at("summary").at("stopped")[0].at("segment") == "lat-stretch");
            CHECK(h.at("summary").at("pain_after_class").at("latest") == 3);
            const Run text = run_classplayer({"history", "--state-dir", state.string()});
            CHECK_THAT(text.output, Catch::Contains("Stopped (it hurt): Latissimus dorsi stretch once"));
        }
    }
    GIVEN("BACK at the first question") {
        const fs::path state2 = fresh_dir("history-pain-skipped");
        std::ofstream(state2 / "keys.txt") << "275 STOP\n280 OK\n281 BACK\n500 3\n501 OK\n";
        const Run run = play_virtual("history-pain-skipped", {shipped_playlist().string(), "--keys",
                                                              (state2 / "keys.txt").string(), "--state-dir",
                                                              state2.string()});
        REQUIRE(run.exit_code == 0);
        THEN("it is not asked again: one question, skipped, and none at the end") {
            const auto answers = of_kind(run.events, "pain_check");
            REQUIRE(answers.size() == 1);
            CHECK(answers[0].at("answer").is_null());
        }
    }
}

SCENARIO("kill -9 mid-class loses at most the step in progress from the record", "[integration][history]") {
    const fs::path state = fresh_dir("history-kill");
    const fs::path log = state / "events.jsonl";
    GIVEN("a class killed outright while step 6 or later is running") {
        std::vector<std::string> args{CLASSPLAYER_BINARY, "play", shipped_playlist().string(), "--headless",
                                      "--clock", "virtual", "--state-dir", state.string(), "--events", log.string()};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = 0;
        REQUIRE(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) == 0);
        const auto started = [&] {
            int index = -1;
            for (const auto& e : read_events(log))
                if (e.at("event") == "step_start") index = e.at("index");
            return index;
        };
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        while (started() < 6 && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status));
        const auto events = read_events(log);
        const int running = started();
        REQUIRE(running >= 6);
        REQUIRE(of_kind(events, "class_end").empty());

        WHEN("the record is read") {
            const json h = history_json(state);
            THEN("the session is there, not completed, with every exercise the class had moved past") {
                REQUIRE(h.at("sessions").size() == 1);
                const json& s = h.at("sessions")[0];
                CHECK(s.at("completed").is_null());
                std::set<int> before, recorded;
                for (const auto& e : of_kind(events, "step_start"))
                    if (e.at("kind") == "clip" && e.at("index").get<int>() < running) before.insert(e.at("index").get<int>());
                for (const auto& st : s.at("steps")) recorded.insert(st.at("index").get<int>());
                CAPTURE(running);
                // Each exercise is written as the next step starts, a moment before that start is
                // logged: the kill may fall between the two, so the running one may be there too.
                recorded.erase(running);
                CHECK(recorded == before);
                CHECK_FALSE(before.empty());
            }
        }
    }
}

TEST_CASE("A damaged record file: the class plays, says so once, and history names the file", "[integration][history]") {
    const fs::path state = fresh_dir("history-damaged");
    std::ofstream(state / "history.sqlite3") << std::string(8192, 'x');
    const Run run = play_virtual("history-damaged", {shipped_playlist().string(), "--state-dir", state.string()});
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(of_kind(run.events, "class_end").at(0).at("completed") == true);
    const auto said = [&](const std::string& text) {
        std::size_t n = 0;
        for (auto at = run.output.find(text); at != std::string::npos; at = run.output.find(text, at + 1)) ++n;
        return n;
    };
    CHECK(said("session record") == 1);
    const Run history = run_classplayer({"history", "--state-dir", state.string()});
    CHECK(history.exit_code == 1);
    CHECK_THAT(history.output, Catch::Contains((state / "history.sqlite3").string()) && Catch::Contains("damaged"));
}

TEST_CASE("history: a date that is not YYYY-MM-DD is a usage error, and an empty record says so", "[integration][history]") {
    const fs::path state = fresh_dir("history-empty");
    CHECK(run_classplayer({"history", "--since", "last week", "--state-dir", state.string()}).exit_code == 2);
    const Run empty = run_classplayer({"history", "--state-dir", state.string()});
    CHECK(empty.exit_code == 0);
    CHECK_THAT(empty.output, Catch::Contains("No sessions recorded yet"));
}
