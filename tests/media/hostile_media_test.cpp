// Files on a USB stick made to look like clips: a text playlist that names files elsewhere on the
// disk, and things that are not files at all (a FIFO). Each must be refused, promptly, with a
// reason, and must not make libavformat open anything else.
#include "media/clip_reader.hpp"
#include "media/probe.hpp"
#include "media_test_support.hpp"

#include <catch2/catch.hpp>

#include <sys/inotify.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>

using namespace classplayer::media;
using namespace std::chrono_literals;
using media_test::corpus;
namespace fs = std::filesystem;

namespace {

// A fresh folder per test, under the build tree's corpus folder's parent.
fs::path scratch_dir(const std::string& name) {
  const fs::path dir = corpus("").parent_path().parent_path() / "hostile" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Tells whether anyone opened a file in a folder since it started watching: the kernel's own
// record (inotify), so it sees an open made from libavformat's threads and through any path.
class OpenWatch {
 public:
  explicit OpenWatch(const fs::path& dir) : fd_(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(::inotify_add_watch(fd_, dir.c_str(), IN_OPEN) >= 0);
  }
  ~OpenWatch() { ::close(fd_); }
  OpenWatch(const OpenWatch&) = delete;
  OpenWatch& operator=(const OpenWatch&) = delete;
  bool anything_opened() const {
    alignas(inotify_event) char buffer[4096];
    return ::read(fd_, buffer, sizeof buffer) > 0;
  }

 private:
  int fd_;
};

}  // namespace

TEST_CASE("A clip that is really a playlist of other files is refused and opens none of them",
          "[media][security]") {
  const fs::path dir = scratch_dir("playlist-as-clip");
  const fs::path root = dir / "media-root", outside = dir / "outside";
  fs::create_directories(root);
  fs::create_directories(outside);
  // A real clip outside the media root: what the hostile "clip" names.
  const fs::path target = outside / "elsewhere.mp4";
  fs::copy_file(corpus("h264_aac_320x240_30fps.mp4"), target);

  const fs::path clip = root / "x.mp4";
  SECTION("an HLS playlist") {
    std::ofstream(clip) << "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n"
                        << "#EXTINF:3.0,\n" << target.string() << "\n#EXT-X-ENDLIST\n";
  }
  SECTION("a DASH manifest") {
    std::ofstream(clip) << "<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" "
                        << "profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\" type=\"static\" "
                        << "mediaPresentationDuration=\"PT3S\" minBufferTime=\"PT1S\"><Period>"
                        << "<AdaptationSet mimeType=\"video/mp4\"><Representation id=\"v\" bandwidth=\"100000\" "
                        << "width=\"320\" height=\"240\" codecs=\"avc1.64000d\"><BaseURL>" << target.string()
                        << "</BaseURL></Representation></AdaptationSet></Period></MPD>\n";
  }
  SECTION("a concat list") {
    std::ofstream(clip) << "ffconcat version 1.0\nfile '" << target.string() << "'\n";
  }
  const OpenWatch watch(outside);

  const auto probed = probe_media(clip);  // check's path
  REQUIRE_FALSE(probed.has_value());
  CHECK(probed.error().category == MediaErrorCategory::Unsupported);
  CHECK_THAT(probed.error().message, Catch::Contains(clip.string()) && Catch::Contains("is refused"));

  const auto reader = ClipReader::open(clip);  // play's path
  REQUIRE_FALSE(reader.has_value());
  CHECK(reader.error().category == MediaErrorCategory::Unsupported);

  CHECK_FALSE(watch.anything_opened());
}

TEST_CASE("A FIFO, a device or a folder named as a clip is refused at once, never waited on",
          "[media][security]") {
  const fs::path dir = scratch_dir("not-a-file");
  fs::path clip;
  SECTION("a FIFO with no writer (open() would block for ever)") {
    clip = dir / "fifo.mp4";
    REQUIRE(::mkfifo(clip.c_str(), 0600) == 0);
  }
  SECTION("a device that never ends") { clip = "/dev/zero"; }
  SECTION("a symlink to a FIFO") {
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    clip = dir / "link.mp4";
    fs::create_symlink(dir / "fifo", clip);
  }
  CAPTURE(clip);
  // On another thread, so that a regression fails here rather than hanging the test binary.
  auto probed = std::async(std::launch::async, [&] { return probe_media(clip); });
  auto opened = std::async(std::launch::async, [&] { return ClipReader::open(clip); });
  const bool probe_done = probed.wait_for(5s) == std::future_status::ready;
  const bool open_done = opened.wait_for(5s) == std::future_status::ready;
  if (!probe_done || !open_done) {
    // Let the blocked open() go (a writer arrives, then leaves: end of file) before failing.
    for (int i = 0; i < 2; ++i) ::close(::open(clip.c_str(), O_WRONLY | O_NONBLOCK));
    FAIL("opening " << clip << " blocked");
  }
  const auto p = probed.get();
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().category == MediaErrorCategory::Invalid);
  CHECK_THAT(p.error().message, Catch::Contains(clip.string()) && Catch::Contains("not a regular file"));
  const auto r = opened.get();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().category == MediaErrorCategory::Invalid);
}

TEST_CASE("A clip larger than 8K is refused, naming its size, before a picture is decoded", "[media][security]") {
  // 8704x4352: each decoded picture 57 MB, held several times over.
  const fs::path clip = corpus("over_8k.mp4");
  const auto p = probe_media(clip);
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().category == MediaErrorCategory::Unsupported);
  CHECK_THAT(p.error().message, Catch::Contains("over_8k.mp4") && Catch::Contains("8704x4352") && Catch::Contains("up to 8K"));
  const auto r = ClipReader::open(clip);
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().message, Catch::Contains("8704x4352"));
  // The 4K clip of the corpus still opens.
  CHECK(ClipReader::open(corpus("mpeg4_4k.mp4")).has_value());
}
