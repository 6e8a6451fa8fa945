#!/usr/bin/env bash
# The demo media generator stopped part-way, as Ctrl-C or a shutdown would (SIGTERM to its whole
# process group), leaves no half-written file: every clip present decodes to its last frame, no
# temporary file is left behind, and the next run makes what is missing and nothing else.
#   generator-interrupted.sh GENERATE.SH PLAYLIST.json
set -euo pipefail
gen=$1 playlist=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "generator-interrupted: FAIL: $*" >&2; exit 1; }

setsid "$gen" --out "$out" "$playlist" >"$out.log" 2>&1 &
pid=$!
# Stop it once some clips are whole and others are being drawn.
for _ in $(seq 1 600); do
  n=$( (find "$out/clips" -name '[!.]*.mp4' 2>/dev/null || true) | wc -l)
  ((n >= 3)) && break
  sleep 0.1
done
((n >= 3)) || fail "three clips were not made in 60 s: $(cat "$out.log")"
sleep 0.3
kill -TERM -- "-$pid"
wait "$pid" && fail "the generator said it finished although it was stopped" || true
rm -f "$out.log"

leftovers=$(find "$out" -name '.*.tmp*')
[[ -z $leftovers ]] || fail "temporary files left behind: $leftovers"
made=$(find "$out/clips" -name '[!.]*.mp4' | wc -l)
for clip in "$out"/clips/*.mp4; do
  frames=$(ffprobe -v error -select_streams v:0 -count_frames -show_entries stream=nb_read_frames -of csv=p=0 "$clip") ||
    fail "$clip does not decode"
  [[ $frames -ge 200 ]] || fail "$clip is cut short: $frames frames"
done
total=$(jq '[.segments[] | (.media.clip // empty), (.variants[]?.media.clip)] | unique | length' "$playlist")
((made < total)) || fail "it was stopped too late to tell: all $total clips were already made"
echo "stopped with $made of $total clips made, no half file"

# What the stopped run finished (each file with its note of what made it) is kept: only the
# rest is made. (A file stopped between its move into place and its note is made again.)
finished=$(find "$out" -name '.*.made' | wc -l)
# (Each of the two workers may have been stopped between a file and its note.)
((finished >= 1 && finished >= made - 2)) || fail "only $finished notes for $made whole clips"
second=$("$gen" --out "$out" "$playlist" 2>&1 | tail -n 1)
echo "$second"
[[ $second =~ ^media:\ [0-9]+\ files\ generated,\ ([0-9]+)\ up\ to\ date ]] && ((BASH_REMATCH[1] == finished)) ||
  fail "the second run did not make just what was missing ($finished files were finished): $second"
[[ $(find "$out/clips" -name '[!.]*.mp4' | wc -l) -eq $total ]] || fail "the second run did not make every clip: $second"
third=$("$gen" --out "$out" "$playlist" 2>&1 | tail -n 1)
[[ $third == "media: 0 files generated"* ]] || fail "a third run still made something: $third"
echo "ok"
