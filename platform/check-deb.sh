#!/usr/bin/env bash
# CI: packs the .deb and checks it as an installed system would have it:
#   platform/check-deb.sh [BUILD_DIR]        (default: build, already built)
# 1. cpack -G DEB; the package holds the binary, playlists, generator, unit and config.
# 2. Every Depends names a Debian package that is installed here (where it was built and tested).
# 3. dpkg unpacks it into an empty root (its own dpkg database: a clean system, seen by dpkg).
# 4. From that root: classplayer --version, and classplayer check on the installed playlist
#    (with the demo media in place, as classplayer-make-media would leave it).
# 5. systemd-analyze verify on the installed unit, when systemd-analyze is here.
# Takes seconds: no network, no chroot, no debootstrap.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
say() { printf 'check-deb: %s\n' "$*"; }

(cd "$build" && cpack -G DEB >/dev/null)
deb=$(ls -t "$build"/classplayer_*.deb | head -n 1)
say "built $deb ($(du -k "$deb" | cut -f1) kB)"

contents=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/classplayer ./usr/bin/classplayer-make-media \
            ./usr/share/classplayer/playlists/middle-back.json ./usr/share/classplayer/media/generate.sh \
            ./usr/bin/classplayer-demonstrate ./usr/share/classplayer/playlists/motion-rules.json \
            ./usr/share/classplayer/media/demonstrations/cat-cow-round.json \
            ./usr/lib/systemd/system/classplayer.service ./etc/classplayer/kiosk.json; do
  grep -q " $path\$" <<<"$contents" || { say "missing from the package: $path"; exit 1; }
done
dpkg-deb --ctrl-tarfile "$deb" | tar -tf - | grep '^\./conffiles$' >/dev/null || { say "no conffiles"; exit 1; }

depends=$(dpkg-deb --field "$deb" Depends)
say "Depends: $depends"
# Installed packages and the virtual names they provide (libspdlog1.10 provides libspdlog1.10-fmt9).
installed=$(dpkg-query -W -f='${Status}|${Package}, ${Provides}\n' | sed -n 's/^install ok installed|//p' |
            tr ',' '\n' | awk '{print $1}' | sed 's/:.*//' | sort -u)
IFS=',' read -ra groups <<<"$depends"
for group in "${groups[@]}"; do
  found=no
  IFS='|' read -ra alternatives <<<"$group"
  for alternative in "${alternatives[@]}"; do
    name=$(awk '{print $1}' <<<"$alternative")
    name=${name%%:*}
    if grep -qxF "$name" <<<"$installed"; then found=yes; fi
  done
  [[ $found == yes ]] || { say "Depends names a package that is not installed here: $group"; exit 1; }
done

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
# --unpack: files in place, the maintainer scripts (adding the service user) not run here;
# the empty root has none of the Depends, which were checked against this machine above.
dpkg --root="$root" --force-depends --unpack "$deb" >/dev/null
dpkg --root="$root" -s classplayer | grep -q '^Status: install ok unpacked' || { say "dpkg did not unpack it"; exit 1; }

bin="$root/usr/bin/classplayer"
version=$("$bin" --version)
say "$version"
[[ $version == "classplayer "* ]] || { say "unexpected --version: $version"; exit 1; }

# The demo media, where the installed playlist's media_root points.
media="$root/usr/share/classplayer/media"
cp -al media/clips media/cues "$media/" 2>/dev/null || cp -a media/clips media/cues "$media/"
"$bin" check "$root/usr/share/classplayer/playlists/middle-back.json"

if command -v systemd-analyze >/dev/null; then
  unit="$root/usr/lib/systemd/system/classplayer.service"
  # verify wants ExecStart's binary to exist: point it at the unpacked one.
  sed "s|/usr/bin/classplayer|$bin|" "$unit" >"$root/classplayer.service"
  systemd-analyze verify "$root/classplayer.service"
  say "unit verified"
fi
say "ok"
