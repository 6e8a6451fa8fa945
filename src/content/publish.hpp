#pragma once
// Publishing a release: the clinic's side (`classplayer fleet publish DIR`). The web root it
// writes is served as plain files by any static web server:
//   WEB_ROOT/objects/SHA256      each file's bytes, named by their hash (so a file renamed
//                                between releases is stored, and fetched by screens, once)
//   WEB_ROOT/releases/ID.json    the manifest (docs/content-release.md)
#include <expected>
#include <filesystem>
#include <string>

#include "content/manifest.hpp"

namespace classplayer::content {

// Builds release `id` from the folder `source_dir` (playlists and their media, laid out as the
// screens will see them). Walks it for regular files: symlinks are skipped (never followed out
// of it), as are hidden files and folders and editor leftovers (foo~, .swp, #foo#, Thumbs.db).
// Each file's bytes go to WEB_ROOT/objects/SHA256 when not already there; the manifest is
// written last, atomically, so a screen never sees a manifest whose objects are missing.
// Publishing the same id again with the same files is harmless (the existing manifest is
// returned); with other files it is refused, as screens that have the release never look again.
// Errors name the file and the reason.
std::expected<Manifest, std::string> make_release(const std::filesystem::path& source_dir, const std::string& id,
                                                  const std::filesystem::path& web_root);

}  // namespace classplayer::content
