// Publishing: the clinic's folder of classes becomes a release that any static web server can
// serve, holding the classes and nothing else from the folder.
#include <catch2/catch.hpp>

#include "clinic.hpp"

using namespace content_test;

TEST_CASE("Publishing a folder stores each file by its hash and writes its manifest", "[content][publish]") {
    ScratchDir scratch;
    const Folder folder = clinic_classes();
    write_folder(scratch / "classes", folder);
    // What an editor, a desktop or a careless copy leaves beside the classes.
    write_file(scratch / "classes/playlists/middle-back.json~", "old");
    write_file(scratch / "classes/playlists/.middle-back.json.swp", "vim");
    write_file(scratch / "classes/.git/config", "[core]");
    write_file(scratch / "classes/media/#notes#", "emacs");
    write_file(scratch / "classes/media/Thumbs.db", "windows");
    write_file(scratch / "secret.txt", "outside the folder");
    fs::create_symlink(scratch / "secret.txt", scratch / "classes/media/secret.txt");
    fs::create_directory_symlink(scratch.path(), scratch / "classes/media/up");

    const Manifest m = publish(scratch / "classes", "2026-12-06.1", scratch / "web");

    SECTION("the manifest lists exactly the classes' files, with their sizes and hashes") {
        REQUIRE(m.files.size() == folder.size());
        for (const auto& f : m.files) {
            INFO(f.path);
            REQUIRE(folder.contains(f.path));
            CHECK(f.size == folder.at(f.path).size());
            CHECK(f.sha256 == sha256_of(folder.at(f.path)));
            CHECK(read_file(scratch / "web/objects" / f.sha256) == folder.at(f.path));
        }
        auto served = parse_manifest(read_file(scratch / "web/releases/2026-12-06.1.json"), "served");
        REQUIRE(served);
        CHECK(served->files.size() == folder.size());
        CHECK_FALSE(fs::exists(scratch / "web/releases/2026-12-06.1.json.tmp"));
    }
    SECTION("publishing the same files under the same id again changes nothing") {
        const std::string before = read_file(scratch / "web/releases/2026-12-06.1.json");
        publish(scratch / "classes", "2026-12-06.1", scratch / "web");
        CHECK(read_file(scratch / "web/releases/2026-12-06.1.json") == before);
    }
    SECTION("other files under a published id are refused: screens that have it never look again") {
        write_file(scratch / "classes/playlists/extra.json", "{}");
        auto again = make_release(scratch / "classes", "2026-12-06.1", scratch / "web");
        REQUIRE_FALSE(again);
        CHECK_THAT(again.error(), Catch::Contains("already published with other files"));
    }
    SECTION("an id that is not a safe folder name is refused") {
        auto bad = make_release(scratch / "classes", "../x", scratch / "web");
        REQUIRE_FALSE(bad);
        CHECK_THAT(bad.error(), Catch::Contains("release id \"../x\""));
    }
}
