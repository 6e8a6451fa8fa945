// A screen fetching the clinic's releases from a real nginx: what arrives, what is not fetched
// twice, and a download cut off part-way.
#include <catch2/catch.hpp>

#include "clinic.hpp"

using namespace content_test;

namespace {

// Every file of `folder` is in `dir` with its bytes.
void check_release_holds(const fs::path& dir, const Folder& folder) {
    for (const auto& [rel, bytes] : folder) {
        INFO(rel);
        CHECK(read_file(dir / rel) == bytes);
    }
}

std::vector<Request> object_gets(const NginxServer& server) {
    std::vector<Request> out;
    for (const auto& r : server.requests())
        if (r.uri.starts_with("/objects/")) out.push_back(r);
    return out;
}

}  // namespace

SCENARIO("A new screen fetches the clinic's classes and plays them from the release", "[content][sync]") {
    ScratchDir scratch;
    const Folder folder = clinic_classes();
    write_folder(scratch / "classes", folder);
    const Manifest m = publish(scratch / "classes", "2026-12-06.1", scratch / "web");
    NginxServer server(scratch / "web");
    ContentStore store(scratch / "screen");

    WHEN("it syncs the release to an empty store and switches to it") {
        auto synced = store.sync(options_for(server.base_url(), "2026-12-06.1"));
        INFO((synced ? "" : synced.error().message));
        REQUIRE(synced);
        REQUIRE(store.switch_to("2026-12-06.1"));

        THEN("every file is there with its bytes, and current points at it") {
            CHECK(synced->release.files == folder.size());
            CHECK(synced->stats.files_fetched == folder.size());
            CHECK(synced->stats.files_already_had == 0);
            CHECK(synced->stats.bytes_downloaded == m.total_bytes());
            check_release_holds(scratch / "screen/current", folder);
            CHECK(fs::read_symlink(scratch / "screen/current") == "releases/2026-12-06.1");
            REQUIRE(store.current());
            CHECK(store.current()->id == "2026-12-06.1");
            CHECK_FALSE(fs::exists(scratch / "screen/releases/.2026-12-06.1.partial"));
        }
        THEN("the playlist loads from the release, its media (relative paths) all inside it") {
            const fs::path release = fs::canonical(scratch / "screen/current");
            auto playlist = classplayer::load_playlist(scratch / "screen/current/playlists/middle-back.json");
            INFO((playlist ? "" : classplayer::to_string(playlist.error())));
            REQUIRE(playlist);  // media are required: every clip and cue was found
            REQUIRE_FALSE(playlist->media.empty());
            for (const auto& media : playlist->media) {
                const fs::path real = fs::canonical(media.file);
                INFO(real);
                CHECK(real.string().starts_with(release.string() + "/media/"));
            }
        }
    }
}

SCENARIO("A screen asks again and fetches only what changed", "[content][sync]") {
    ScratchDir scratch;
    Folder folder = clinic_classes();
    write_folder(scratch / "classes", folder);
    publish(scratch / "classes", "r1", scratch / "web");
    NginxServer server(scratch / "web");
    ContentStore store(scratch / "screen");
    REQUIRE(store.sync(options_for(server.base_url(), "r1")));
    REQUIRE(store.switch_to("r1"));

    WHEN("it syncs the same release again") {
        server.forget_requests();
        auto again = store.sync(options_for(server.base_url(), "r1"));
        REQUIRE(again);
        THEN("the server answers 304 and no object is fetched") {
            CHECK(again->stats.manifest_not_modified);
            CHECK(to_string(again->stats) == "nothing new (the server said 304); " + std::to_string(folder.size()) + " files here");
            CHECK(again->stats.files_fetched == 0);
            CHECK(again->stats.bytes_downloaded == 0);
            const auto requests = server.requests();
            REQUIRE(requests.size() == 1);
            CHECK(requests[0].uri == "/releases/r1.json");
            CHECK(requests[0].status == 304);
        }
    }
    WHEN("a second release changes one file and renames another") {
        folder["playlists/middle-back.json"] += "\n";
        auto renamed = folder.extract("playlists/motion-rules.json");
        renamed.key() = "playlists/rules/motion-rules.json";
        folder.insert(std::move(renamed));
        write_folder(scratch / "classes", folder);
        const Manifest r2 = publish(scratch / "classes", "r2", scratch / "web");
        server.forget_requests();
        auto synced = store.sync(options_for(server.base_url(), "r2"));
        INFO((synced ? "" : synced.error().message));
        REQUIRE(synced);
        THEN("only the changed file's object is fetched, and r2 holds every file") {
            const auto gets = object_gets(server);
            REQUIRE(gets.size() == 1);
            CHECK(gets[0].uri == "/objects/" + sha256_of(folder.at("playlists/middle-back.json")));
            CHECK(synced->stats.files_fetched == 1);
            CHECK(synced->stats.files_already_had == folder.size() - 1);
            check_release_holds(scratch / "screen/releases/r2", folder);
            CHECK(store.current()->id == "r1");  // not switched until the player says
        }
    }
}

SCENARIO("A download cut off part-way resumes where it stopped", "[content][sync][resume]") {
    ScratchDir scratch;
    const std::string clip = clip_bytes(3 << 20, 7);
    write_file(scratch / "classes/media/clips/cat-cow.mp4", clip);
    publish(scratch / "classes", "r1", scratch / "web");
    const std::string sha = sha256_of(clip);
    const fs::path part = scratch / "screen/tmp" / (sha + ".part");
    NginxServer server(scratch / "web");
    ContentStore store(scratch / "screen");
    // Both ways of being cut off end the same: the next sync asks for the rest.
    auto resumes = [&](std::uint64_t had) {
        server.forget_requests();
        auto second = store.sync(options_for(server.base_url(), "r1"));
        INFO((second ? "" : second.error().message));
        REQUIRE(second);
        std::vector<Request> gets;
        for (const auto& r : object_gets(server))
            if (r.uri == "/objects/" + sha) gets.push_back(r);
        REQUIRE(gets.size() == 1);
        CHECK(gets[0].status == 206);
        CHECK(gets[0].range == "bytes=" + std::to_string(had) + "-");
        CHECK(gets[0].body_bytes == clip.size() - had);
        CHECK(second->stats.files_resumed == 1);
        CHECK_THAT(to_string(second->stats), Catch::StartsWith("1 file fetched (1 resumed), ") &&
                                                 Catch::EndsWith(" MB; 0 already here"));
        CHECK(second->stats.bytes_downloaded == clip.size() - had);
        CHECK(sha256_of(read_file(scratch / "screen/releases/r1/media/clips/cat-cow.mp4")) == sha);
        CHECK_FALSE(fs::exists(part));
    };

    GIVEN("a sync cancelled by the player after 512 KB of the clip") {
        std::atomic<bool> cancel{false};
        SyncOptions o = options_for(server.base_url(), "r1");
        o.cancel = &cancel;
        o.on_progress = [&](std::uint64_t received) {
            if (received >= (512u << 10)) cancel = true;
        };
        auto first = store.sync(o);
        REQUIRE_FALSE(first);
        CHECK(first.error().category == SyncError::Category::Cancelled);
        CHECK_THAT(first.error().message, Catch::Contains("media/clips/cat-cow.mp4") && Catch::Contains("kept"));
        CHECK_FALSE(fs::exists(scratch / "screen/releases/r1"));
        const std::uint64_t had = fs::file_size(part);
        CHECK(had >= (512u << 10));
        CHECK(had < clip.size());
        THEN("the next sync asks for the rest with a Range request and the clip is whole") { resumes(had); }
    }
    GIVEN("half the clip left in a .part file by a power cut") {
        write_file(part, clip.substr(0, clip.size() / 2));
        THEN("the next sync asks for the rest with a Range request and the clip is whole") { resumes(clip.size() / 2); }
    }
}

SCENARIO("A server that ignores Range requests still gives a whole, checked file", "[content][sync][resume]") {
    ScratchDir scratch;
    const std::string clip = clip_bytes(1 << 20, 9);
    write_file(scratch / "classes/media/clips/cat-cow.mp4", clip);
    publish(scratch / "classes", "r1", scratch / "web");
    const std::string sha = sha256_of(clip);
    NginxServer server(scratch / "web", "    max_ranges 0;");  // answers every Range with 200 and the whole file
    ContentStore store(scratch / "screen");
    write_file(scratch / "screen/tmp" / (sha + ".part"), clip.substr(0, 300'000));

    auto synced = store.sync(options_for(server.base_url(), "r1"));
    INFO((synced ? "" : synced.error().message));
    REQUIRE(synced);
    const auto gets = object_gets(server);
    REQUIRE(gets.size() == 1);
    CHECK(gets[0].range == "bytes=300000-");
    CHECK(gets[0].status == 200);
    CHECK(synced->stats.files_resumed == 0);
    CHECK(read_file(scratch / "screen/releases/r1/media/clips/cat-cow.mp4") == clip);
}
