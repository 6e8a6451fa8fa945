// The store on a screen: switching releases between classes without a moment where the
// playlists are missing, keeping the one before, and clearing out what neither uses.
#include <atomic>
#include <thread>

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "clinic.hpp"

using namespace content_test;

namespace {

// Three releases on the server: each has a file of its own, and shares a clip with the next.
struct ThreeReleases {
    ScratchDir scratch;
    NginxServer server{scratch / "web"};
    ContentStore store{scratch / "screen"};
    const std::string shared_12 = clip_bytes(5000, 12), shared_23 = clip_bytes(5000, 23);

    ThreeReleases() {
        const fs::path& s = scratch.path();
        write_file(s / "1/playlists/class.json", "release 1");
        write_file(s / "1/media/a.mp4", shared_12);
        write_file(s / "2/playlists/class.json", "release 2");
        write_file(s / "2/media/a.mp4", shared_12);
        write_file(s / "2/media/b.mp4", shared_23);
        write_file(s / "3/playlists/class.json", "release 3");
        write_file(s / "3/media/renamed-b.mp4", shared_23);
        for (const char* id : {"1", "2", "3"}) {
            publish(s / id, std::string("r") + id, s / "web");
            auto synced = store.sync(options_for(server.base_url(), std::string("r") + id));
            if (!synced) FAIL(synced.error().message);
        }
    }
    fs::path object(const std::string& bytes) const {
        const std::string sha = sha256_of(bytes);
        return scratch / "screen/objects" / sha.substr(0, 2) / sha;
    }
};

}  // namespace

SCENARIO("Switching releases is one atomic step and keeps the one before", "[content][store]") {
    ThreeReleases t;
    const fs::path& s = t.scratch.path();
    REQUIRE(t.store.switch_to("r1"));

    WHEN("a class reads its playlist through `current` while the screen switches 400 times") {
        std::atomic<bool> done{false};
        std::atomic<int> reads{0}, missing{0};
        std::thread player([&] {
            while (!done) {
                const std::string text = read_file(s / "screen/current/playlists/class.json");
                ++reads;
                if (text.empty()) ++missing;
            }
        });
        for (int i = 0; i < 400; ++i) REQUIRE(t.store.switch_to(i % 2 ? "r1" : "r2"));
        done = true;
        player.join();
        THEN("it always finds one release or the other, never nothing") {
            CHECK(reads > 0);
            CHECK(missing == 0);
        }
    }
    WHEN("it switches to r2") {
        REQUIRE(t.store.switch_to("r2"));
        THEN("r2 is current and r1 is kept as previous") {
            CHECK(t.store.current()->id == "r2");
            CHECK(t.store.previous()->id == "r1");
            CHECK(read_file(s / "screen/current/playlists/class.json") == "release 2");
            CHECK(read_file(s / "screen/previous/playlists/class.json") == "release 1");
            CHECK_FALSE(fs::exists(s / "screen/current.new"));
        }
        AND_THEN("a rollback brings r1 back, keeping r2 as previous") {
            REQUIRE(t.store.rollback());
            CHECK(t.store.current()->id == "r1");
            CHECK(t.store.previous()->id == "r2");
        }
    }
    WHEN("it is asked to switch to a release it does not have whole") {
        fs::create_directories(s / "screen/releases/.r9.partial/playlists");
        for (const std::string id : {"r9", ".r9.partial", "../r1", "r4"}) {
            auto switched = t.store.switch_to(id);
            INFO(id);
            REQUIRE_FALSE(switched);
            CHECK_THAT(switched.error(), Catch::Contains(id));
        }
        THEN("current is unchanged") { CHECK(t.store.current()->id == "r1"); }
    }
}

SCENARIO("Garbage collection removes only what neither current nor previous uses", "[content][store]") {
    ThreeReleases t;
    const fs::path& s = t.scratch.path();
    REQUIRE(t.store.switch_to("r2"));
    REQUIRE(t.store.switch_to("r3"));  // current r3, previous r2: r1 is no longer needed
    fs::create_directories(s / "screen/releases/.r4.partial/media");  // left by a power cut
    write_file(s / "screen/tmp/0123.part", "a download to resume");

    t.store.collect_garbage();

    THEN("r1, its own file and the half-built release are gone") {
        CHECK_FALSE(fs::exists(s / "screen/releases/r1"));
        CHECK_FALSE(fs::exists(s / "screen/manifests/r1.json"));
        CHECK_FALSE(fs::exists(t.object("release 1")));
        CHECK_FALSE(fs::exists(s / "screen/releases/.r4.partial"));
    }
    THEN("r2 and r3 are whole, the clip r1 shared with r2 included") {
        CHECK(read_file(s / "screen/releases/r2/media/a.mp4") == t.shared_12);
        CHECK(fs::exists(t.object(t.shared_12)));
        CHECK(read_file(s / "screen/current/media/renamed-b.mp4") == t.shared_23);
        CHECK(read_file(s / "screen/previous/playlists/class.json") == "release 2");
        CHECK(fs::exists(t.object("release 3")));
        CHECK(fs::exists(s / "screen/manifests/r3.json"));
    }
    THEN("a download in progress is kept for the next sync") { CHECK(fs::exists(s / "screen/tmp/0123.part")); }
    AND_WHEN("r1 is synced again") {
        t.server.forget_requests();
        auto again = t.store.sync(options_for(t.server.base_url(), "r1"));
        REQUIRE(again);
        THEN("only its own file is fetched: the shared clip is still in the store") {
            CHECK(again->stats.files_fetched == 1);
            CHECK(count_if_uri(t.server.requests(), "/objects/") == 1);
        }
    }
}
