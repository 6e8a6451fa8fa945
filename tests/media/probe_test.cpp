#include "media/probe.hpp"
#include "media_test_support.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace classplayer::media;
using media_test::corpus;

TEST_CASE("probe_media reports what check needs, from a decoded frame", "[media][probe]") {
  struct Expected {
    const char* file;
    const char* container;  // a name the demuxer reports
    const char* video_codec;  // "" = no video
    int width, height;
    double fps;
    int rotation_deg;
    const char* pixel_format;
    const char* audio_codec;  // "" = no audio
    int sample_rate, channels;
    double duration_s;
  };
  const Expected e = GENERATE(values<Expected>({
      // the reference and the other codecs
      {"h264_aac_320x240_30fps.mp4", "mp4", "h264", 320, 240, 30, 0, "yuv420p", "aac", 48000, 2, 3.0},
      {"hevc_aac.mp4", "mp4", "hevc", 320, 240, 30, 0, "yuv420p", "aac", 48000, 2, 3.0},
      {"vp9_opus.webm", "webm", "vp9", 320, 240, 30, 0, "yuv420p", "opus", 48000, 2, 3.0},
      // frame rates and sizes
      {"h264_720p_60fps.mp4", "mp4", "h264", 1280, 720, 60, 0, "yuv420p", "aac", 48000, 2, 2.0},
      {"odd_318x242_25fps.mp4", "mp4", "h264", 318, 242, 25, 0, "yuv420p", "aac", 48000, 2, 3.0},
      {"vfr.mkv", "matroska", "h264", 320, 240, 30, 0, "yuv420p", "aac", 48000, 2, 3.0},
      // rotation and pixel formats
      {"rotated_90cw.mp4", "mp4", "h264", 320, 240, 30, 90, "yuv420p", "aac", 48000, 2, 2.0},
      {"h264_10bit.mp4", "mp4", "h264", 320, 240, 30, 0, "yuv420p10le", "aac", 48000, 2, 2.0},
      {"h264_yuv422p.mp4", "mp4", "h264", 320, 240, 30, 0, "yuv422p", "aac", 48000, 2, 2.0},
      // audio shapes
      {"mono_22050.mp4", "mp4", "h264", 320, 240, 30, 0, "yuv420p", "aac", 22050, 1, 3.0},
      {"surround_51.mkv", "matroska", "h264", 320, 240, 30, 0, "yuv420p", "aac", 48000, 6, 3.0},
      {"no_audio.mp4", "mp4", "h264", 320, 240, 30, 0, "yuv420p", "", 0, 0, 3.0},
      {"audio_only.m4a", "mp4", "", 0, 0, 0, 0, "", "aac", 44100, 2, 3.0},
  }));
  CAPTURE(e.file);
  const auto info = probe_media(corpus(e.file));
  REQUIRE(info.has_value());
  CHECK_THAT(info->container, Catch::Contains(e.container));
  CHECK(info->duration_s == Approx(e.duration_s).margin(0.1));
  CHECK(info->file_size_bytes > 0);

  CHECK(info->has_video == (std::string(e.video_codec) != ""));
  CHECK(info->video_codec == e.video_codec);
  CHECK(info->width == e.width);
  CHECK(info->height == e.height);
  CHECK(info->fps == Approx(e.fps).margin(0.5));
  CHECK(info->rotation_deg == e.rotation_deg);
  CHECK(info->pixel_format == e.pixel_format);

  CHECK(info->has_audio == (std::string(e.audio_codec) != ""));
  CHECK(info->audio_codec == e.audio_codec);
  CHECK(info->sample_rate == e.sample_rate);
  CHECK(info->channels == e.channels);
}

TEST_CASE("probe_media says why a file cannot be played", "[media][probe][broken]") {
  SECTION("missing file") {
    const auto info = probe_media(corpus("missing.mp4"));
    REQUIRE_FALSE(info.has_value());
    CHECK(info.error().category == MediaErrorCategory::NotFound);
    CHECK_THAT(info.error().message, Catch::Contains("missing.mp4"));
  }
  SECTION("empty file") {
    const auto info = probe_media(corpus("empty.mp4"));
    REQUIRE_FALSE(info.has_value());
    CHECK(info.error().category == MediaErrorCategory::Invalid);
    CHECK_THAT(info.error().message, Catch::Contains("empty.mp4"));
  }
  SECTION("a text file named .mp4") {
    const auto info = probe_media(corpus("not_a_video.mp4"));
    REQUIRE_FALSE(info.has_value());
    CHECK(info.error().category == MediaErrorCategory::Invalid);
  }
  SECTION("video that never decodes") {
    const auto info = probe_media(corpus("video_noise.mkv"));
    REQUIRE_FALSE(info.has_value());
    CHECK(info.error().category == MediaErrorCategory::Corrupted);
  }
  SECTION("a directory") {
    const auto info = probe_media(corpus(""));
    REQUIRE_FALSE(info.has_value());
    CHECK(info.error().category == MediaErrorCategory::Invalid);
  }
}

TEST_CASE("probe_media accepts damaged files whose start still decodes", "[media][probe][broken]") {
  const char* file = GENERATE("truncated.mp4", "corrupt_middle.mkv");
  CAPTURE(file);
  const auto info = probe_media(corpus(file));
  REQUIRE(info.has_value());
  CHECK(info->has_video);
  CHECK(info->width == 320);
}

TEST_CASE("probe_duration_s reads a clip's length from its headers, as probe_media does", "[media][probe]") {
  const char* file = GENERATE("h264_aac_320x240_30fps.mp4", "hevc_aac.mp4", "no_audio.mp4", "mono_22050.mp4");
  CAPTURE(file);
  const auto full = probe_media(corpus(file));
  REQUIRE(full.has_value());
  const auto duration_s = probe_duration_s(corpus(file));
  REQUIRE(duration_s.has_value());
  CHECK(*duration_s > 0);
  CHECK(*duration_s == Approx(full->duration_s).margin(0.001));
}

TEST_CASE("probe_duration_s refuses what is not media at all, naming the file", "[media][probe][broken]") {
  const char* file = GENERATE("missing.mp4", "empty.mp4", "not_a_video.mp4");
  CAPTURE(file);
  const auto duration_s = probe_duration_s(corpus(file));
  REQUIRE_FALSE(duration_s.has_value());
  CHECK_THAT(duration_s.error().message, Catch::Contains(file));
}
