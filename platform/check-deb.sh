#!/usr/bin/env bash
# CI: proves that `apt install ./classplayer_*.deb` on a clean Debian 12 leaves a machine that
# plays the class:
#   platform/check-deb.sh [BUILD_DIR]      (default: build, already built; as root, with network
#                                           to deb.debian.org)
# 1. Packs: the demo media made first if it is not (incremental), then cpack: classplayer_*.deb
#    and classplayer-dbgsym_*.ddeb.
# 2. The package's files, here: everything the class and the kiosk need is in it (media, man
#    page, docs, unit, conffile); its binaries are stripped and their symbols are in the dbgsym
#    package under the same build id; the man page reads with man and documents every command;
#    the unit passes systemd-analyze verify.
# 3. A clean Debian 12 root (debootstrap --variant=minbase bookworm, with its updates and
#    security suites) where `apt-get install --no-install-recommends /tmp/classplayer_*.deb`
#    takes the Depends from deb.debian.org: a dependency the package forgets is missing there.
# 4. In that root (chroot): the postinst made the classplayer system user; the man page and the
#    docs are installed; `classplayer check` passes on the installed class; the service user plays
#    it headless in virtual time to the end (exit 0, class_end completed, no media errors).
# Takes about 3 minutes on 2 cores from nothing, with the media already made (packing 20 s,
# debootstrap 75 s, apt 50 s, the class 10 s, removing the root 35 s; the downloads are about
# 150 MB, so a slow mirror adds to it); about 1.5 minutes with the root kept from an earlier run
# as BUILD_DIR/check-deb-bookworm.tar.gz (the debootstrap result, 60 MB; delete it to start
# again from the archive).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
mirror=http://deb.debian.org/debian
say() { printf 'check-deb: %s\n' "$*"; }
fail() { say "FAIL: $*"; exit 1; }
# Any other command that fails stops the check too (set -e), and says which.
trap 'say "FAIL: line $LINENO: $BASH_COMMAND"' ERR
[[ $(id -u) -eq 0 ]] || fail "run as root (debootstrap, chroot)"
for tool in debootstrap cpack dpkg-deb readelf man jq; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (platform/setup-debian.sh installs it)"
done
started=$SECONDS

# Everything this run makes is under $work; the clean root's /proc is unmounted before it goes.
work=$(mktemp -d /tmp/check-deb.XXXXXX)
root=$work/root
cleanup() {
  if mountpoint -q "$root/proc"; then umount "$root/proc" || umount -l "$root/proc"; fi
  # --one-file-system: were anything still mounted in the root, it would be left, not emptied.
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
# Stopped from outside (Ctrl-C, CI's timeout): exit, so that the clean-up above still runs.
trap 'exit 130' INT TERM HUP

# ---- 1. pack --------------------------------------------------------------------------------
# The package holds the demo media; packing refuses without it (platform/debian/package.cmake).
cmake --build "$build" --target media >"$work/media.log" 2>&1 ||
  { tail -n 20 "$work/media.log"; fail "could not make the demo media (cmake --build $build --target media)"; }
rm -f "$build"/classplayer_*.deb "$build"/classplayer-dbgsym_*.ddeb
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$build"/classplayer_*.deb)
ddeb=$(ls "$build"/classplayer-dbgsym_*.ddeb 2>/dev/null) || fail "no classplayer-dbgsym_*.ddeb beside $deb"
say "packed $(basename "$deb") ($(du -k "$deb" | cut -f1) kB) and $(basename "$ddeb") ($(du -k "$ddeb" | cut -f1) kB)"
say "Depends: $(dpkg-deb --field "$deb" Depends)"

# ---- 2. the package's files -----------------------------------------------------------------
contents=$(dpkg-deb --contents "$deb")
# The class's media: every clip and cue the playlist names (media_root ../media).
mapfile -t media < <(jq -r '.. | objects | (.clip?, .audio?, .chime?) | strings' playlists/middle-back.json | sort -u)
((${#media[@]} > 20)) || fail "found only ${#media[@]} media files named in playlists/middle-back.json"
for path in ./usr/bin/classplayer ./usr/bin/classplayer-make-media ./usr/bin/classplayer-demonstrate \
            ./usr/share/classplayer/playlists/middle-back.json ./usr/share/classplayer/playlists/conditions.json \
            ./usr/share/classplayer/playlists/motion-rules.json ./usr/share/classplayer/media/generate.sh \
            ./usr/share/classplayer/media/demonstrations/cat-cow-round.json \
            "${media[@]/#/./usr/share/classplayer/media/}" \
            ./usr/share/man/man1/classplayer.1.gz ./usr/share/doc/classplayer/README.md \
            ./usr/share/doc/classplayer/docs/playlist-format.md \
            ./usr/lib/systemd/system/classplayer.service ./usr/lib/systemd/system/classplayer-records.service \
            ./etc/classplayer/kiosk.json; do
  grep -q " $path\$" <<<"$contents" || fail "missing from the package: $path"
done
if grep -E '\.tmp\.[a-z0-9]+$' <<<"$contents"; then fail "a generator's temporary file is in the package"; fi
# (Outputs are read whole before grep -q: under pipefail, grep leaving early could fail the writer.)
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xOf - ./conffiles)
grep -qx /etc/classplayer/kiosk.json <<<"$conffiles" || fail "/etc/classplayer/kiosk.json is not a conffile"

files=$work/files
dpkg-deb -x "$deb" "$files"
dpkg-deb -x "$ddeb" "$work/dbgsym"
for bin in classplayer classplayer-demonstrate; do
  elf=$files/usr/bin/$bin
  sections=$(readelf -S "$elf")
  if grep -qE '\.debug_info|\.symtab' <<<"$sections"; then fail "/usr/bin/$bin is not stripped"; fi
  id=$(readelf -n "$elf" | awk '/Build ID:/ { print $3 }')
  symbols=$work/dbgsym/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
  [[ -n $id && -f $symbols ]] || fail "no debug symbols for /usr/bin/$bin (build id '$id') in $(basename "$ddeb")"
  sections=$(readelf -S "$symbols" 2>/dev/null)
  grep -q '\.debug_info' <<<"$sections" || fail "$symbols holds no .debug_info"
done
say "binaries stripped; their symbols in $(basename "$ddeb")"

man_text=$(MANWIDTH=100 man -l "$files/usr/share/man/man1/classplayer.1.gz" 2>"$work/man.err")
[[ ! -s $work/man.err ]] || { cat "$work/man.err"; fail "man complains about classplayer.1"; }
for command in plan check play home history fleet; do
  grep -q "classplayer $command" <<<"$man_text" || fail "the man page does not document classplayer $command"
done
grep -q -- '--headless' <<<"$man_text" || fail "the man page has not got play's options"

if command -v systemd-analyze >/dev/null; then
  for name in classplayer classplayer-records; do
    unit=$files/usr/lib/systemd/system/$name.service
    # verify wants ExecStart's binary to exist, and man to find the man page the unit names:
    # the unpacked ones.
    sed "s|/usr/bin/classplayer|$files/usr/bin/classplayer|" "$unit" >"$work/$name.service"
    MANPATH=$files/usr/share/man systemd-analyze verify "$work/$name.service"
  done
  say "units verified"
fi

# ---- 3. a clean Debian 12, and apt installs the package there --------------------------------
kept=$build/check-deb-bookworm.tar.gz
mkdir "$root"
if [[ -f $kept ]]; then
  tar -xzf "$kept" -C "$root" --numeric-owner
  say "clean root from $kept"
else
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log"; fail "debootstrap failed"; }
  rm -rf "$root"/var/cache/apt/archives/*.deb
  tar -czf "$kept.tmp" -C "$root" --numeric-owner . && mv -f "$kept.tmp" "$kept"
  say "clean root by debootstrap ($((SECONDS - started)) s so far; kept as $kept)"
fi
# A Debian 12 as installed: with its point-release updates and security fixes, which the
# libraries this package was linked against may be newer than bookworm's first release of.
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
# No service starts inside the chroot (there is no init to start it under).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
mount -t proc proc "$root/proc"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"; }
cp "$deb" "$root/tmp/"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get update in the clean root failed"; }
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "/tmp/$(basename "$deb")" >>"$work/apt.log" 2>&1 ||
  { tail -n 30 "$work/apt.log"; fail "apt-get install of the package in the clean root failed"; }
[[ $(in_root dpkg-query -W -f='${Status}' classplayer) == 'install ok installed' ]] ||
  fail "classplayer is not installed in the clean root"
say "installed with apt in a clean Debian 12 ($(grep -c '^Setting up' "$work/apt.log") packages set up; $((SECONDS - started)) s so far)"

# ---- 4. in the clean root: the class plays --------------------------------------------------
in_root getent passwd classplayer >/dev/null || fail "the postinst did not make the classplayer user"
for path in /usr/share/man/man1/classplayer.1.gz /usr/share/doc/classplayer/docs/playlist-format.md; do
  [[ -s $root$path ]] || fail "not installed: $path"
done
# What is opened by name, which no linker sees: the font the player draws every word in, and
# the EGL, GLES and GBM libraries and Mesa drivers SDL loads to draw on the console (kmsdrm: the
# kiosk), which a headless run never touches.
for font in DejaVuSans.ttf DejaVuSans-Bold.ttf; do
  [[ -s $root/usr/share/fonts/truetype/dejavu/$font ]] || fail "the font $font is not installed"
done
libraries=$(in_root ldconfig -p)
for library in libEGL.so.1 libGLESv2.so.2 libgbm.so.1; do
  grep -q "^[[:space:]]*$library " <<<"$libraries" || fail "$library (SDL loads it for the console) is not installed"
done
compgen -G "$root/usr/lib/*/dri/*_dri.so" >/dev/null || fail "no Mesa drivers (usr/lib/*/dri) installed"
version=$(in_root classplayer --version 2>&1) ||
  { printf '%s\n' "$version"; fail "the installed classplayer does not start (a library missing from Depends?)"; }
say "$version, installed"
playlist=/usr/share/classplayer/playlists/middle-back.json
in_root classplayer check "$playlist" >"$work/check.log" 2>&1 || { cat "$work/check.log"; fail "classplayer check $playlist failed"; }
# As the kiosk's user: the installed files must be readable by it, not only by root.
status=0
in_root runuser -u classplayer -- env XDG_STATE_HOME=/tmp/state \
  classplayer play "$playlist" --headless --clock virtual --events /tmp/events.jsonl >"$work/play.log" 2>&1 || status=$?
events=$root/tmp/events.jsonl
if ((status != 0)); then tail -n 30 "$work/play.log"; fail "classplayer play exited $status in the clean root"; fi
[[ -s $events ]] || fail "classplayer play wrote no events"
# Read as one array (-s): jq -e on lines answers for the last line only.
jq -e -s 'any(.[]; .event == "class_end" and .completed == true)' "$events" >/dev/null ||
  { tail -n 5 "$events"; fail "the class did not play to its end (no class_end with completed true)"; }
if jq -e -s 'any(.[]; .event == "media_error")' "$events" >/dev/null; then
  jq -c 'select(.event == "media_error")' "$events" | head -n 5; fail "media errors while playing the installed class"
fi
errors=$(jq -r 'select(.event == "summary") | .media_errors' "$events")
[[ $errors == 0 ]] || fail "the summary counts $errors media errors (or has none: '$errors')"
say "played $playlist as user classplayer: completed, $(jq -r 'select(.event == "summary") | "\(.class_s) s of class in \(.wall_s) s"' "$events"), no media errors"
say "ok ($((SECONDS - started)) s)"
