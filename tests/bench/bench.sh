#!/usr/bin/env bash
# The performance benchmark: classplayer beside ffplay and the decode-only floor
# (`ffmpeg -i CLIP -f null -`), on the same generated clips, with the same SDL drivers
# (offscreen video, dummy audio), in one run. Prints a Markdown table; not part of ctest,
# because a shared, noisy machine makes timings a poor pass/fail test.
#   tests/bench/bench.sh CLASSPLAYER OUTDIR
# Figures (see docs/performance.md for what each target is):
#   CPU s      user+sys of the whole process (GNU time), per clip
#   RSS MiB    peak resident set of the whole process
#   dropped    frames dropped in real time with the player pinned to one core (taskset -c 0)
#   gap ms     the largest transition gap between consecutive clips, beyond one frame interval
#   first ms   process start to the first picture on screen
#   idle %     CPU of one core while paused for 10 s, and for 10 s on a card (the safety card)
#   RSS growth across 100 transitions (NEXT pressed 100 times through a six-clip playlist)
#   Ir ratio   callgrind instruction count, classplayer / floor, on a short clip (noise-free)
set -euo pipefail
player=$(realpath "$1")
out=$(mkdir -p "$2" && realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

for tool in ffmpeg ffplay /usr/bin/time taskset valgrind jq c++; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install ffmpeg time util-linux valgrind jq g++)" >&2; exit 1; }
done

export SDL_VIDEODRIVER=offscreen SDL_AUDIODRIVER=dummy
ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# ---- clips (made once; bump clips_version when what is made below changes) -----------------
clips_version=1
clips=$out/clips
stamp=$clips/.stamp-v$clips_version
if [[ ! -e $stamp ]]; then
  rm -rf "$clips"; mkdir -p "$clips"
  echo "bench: making clips in $clips" >&2
  # testsrc2 moves every frame, so inter frames really predict; a tone keeps the audio busy.
  src() { echo "testsrc2=size=$1:rate=$2:duration=$3"; }
  tone() { echo "sine=frequency=440:sample_rate=48000:duration=$1"; }
  ff -f lavfi -i "$(src 1920x1080 30 20)" -f lavfi -i "$(tone 20)" -c:v libx264 -preset medium \
     -b:v 6M -maxrate 6M -bufsize 12M -pix_fmt yuv420p -c:a aac -b:a 128k -movflags +faststart "$clips/1080p30-h264.mp4"
  ff -f lavfi -i "$(src 1920x1080 60 20)" -f lavfi -i "$(tone 20)" -c:v libx264 -preset medium \
     -b:v 9M -maxrate 9M -bufsize 18M -pix_fmt yuv420p -c:a aac -b:a 128k -movflags +faststart "$clips/1080p60-h264.mp4"
  ff -f lavfi -i "$(src 1280x720 30 20)" -f lavfi -i "$(tone 20)" -c:v libx265 -preset fast -x265-params log-level=error \
     -b:v 3M -tag:v hvc1 -pix_fmt yuv420p -c:a aac -b:a 128k -movflags +faststart "$clips/720p30-hevc.mp4"
  # Six short clips, each its own colour, for the transitions playlist.
  mkdir -p "$clips/six"
  colours=(0x2255aa 0xaa5522 0x22aa55 0x8833aa 0xaaaa22 0x22aaaa)
  for i in 0 1 2 3 4 5; do
    ff -f lavfi -i "color=c=${colours[$i]}:size=1280x720:rate=30:duration=3" -f lavfi -i "$(tone 3)" \
       -vf "drawbox=x='mod(t*400,1180)':y=300:w=100:h=100:color=white:t=fill" -c:v libx264 -preset veryfast \
       -pix_fmt yuv420p -c:a aac -b:a 96k -movflags +faststart "$clips/six/clip$i.mp4"
  done
  touch "$stamp"
fi

# The six-clip class: back to back, no rests between, so every transition is clip to clip.
six=$out/six-clips.json
cp "$repo/playlists/conditions.json" "$out/conditions.json"
jq -n '{format: 1, id: "six-clips", title: "Six clips", media_root: "clips/six", conditions: "conditions.json",
  safety_card: {title: "Benchmark", lines: ["Six clips back to back."], duration_s: 5},
  breathing: {in_s: 4, out_s: 6, between_cycles: 0, replacement_cycles: 1},
  segments: [range(6) | {id: "clip-\(.)", title: "Clip \(.)", kind: "clip", tags: ["standing"],
    media: {clip: "clip\(.).mp4", loop: "hold"}, dose: {hold_s: {range: [1, 10], use: 3}}, cues: []}]}' >"$six"

# ---- measuring --------------------------------------------------------------------------
# measure NAME CMD...: runs CMD under GNU time; prints "cpu_s rss_kb".
measure() {
  local name=$1; shift
  /usr/bin/time -f '%U %S %M' -o "$out/$name.time" "$@" </dev/null >"$out/$name.log" 2>&1 || {
    echo "bench: $name failed:" >&2; tail -5 "$out/$name.log" >&2; return 1; }
  awk '{printf "%.2f %d\n", $1 + $2, $3}' "$out/$name.time"
}
summary() { jq -c 'select(.event=="summary")' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

rows=()
for clip in 1080p30-h264 1080p60-h264 720p30-hevc; do
  file=$clips/$clip.mp4
  read -r floor_cpu floor_rss < <(measure "$clip.floor" ffmpeg -nostdin -v error -threads 0 -i "$file" -f null -)
  read -r ffplay_cpu ffplay_rss < <(measure "$clip.ffplay" ffplay -v error -autoexit -x 1920 -y 1080 "$file")
  read -r cp_cpu cp_rss < <(measure "$clip.classplayer" "$player" play "$file" --headless --events "$out/$clip.events.jsonl")
  s=$(summary "$out/$clip.events.jsonl")
  rows+=("| $clip | $floor_cpu | $ffplay_cpu | $cp_cpu | $(ratio "$cp_cpu" "$floor_cpu") | $(ratio "$cp_cpu" "$ffplay_cpu") | $((floor_rss / 1024)) | $((ffplay_rss / 1024)) | $((cp_rss / 1024)) | $(ratio "$cp_rss" "$ffplay_rss") | $(jq .frames_dropped <<<"$s") | $(jq .first_picture_ms <<<"$s") |")
done

# Real time on one core: does the 1080p30 clip keep up when the player cannot spread out?
taskset -c 0 "$player" play "$clips/1080p30-h264.mp4" --headless --events "$out/one-core.events.jsonl" >"$out/one-core.log" 2>&1
one_core=$(summary "$out/one-core.events.jsonl")

# Transitions: the six-clip class in real time.
"$player" play "$six" --headless --events "$out/six.events.jsonl" >"$out/six.log" 2>&1
six_summary=$(summary "$out/six.events.jsonl")

# Idle: paused for 10 s, and on a card for 10 s (the six-clip class with a 13 s safety card,
# its progress bar moving as in a class). CPU sampled from /proc from 1.5 s to 11.5 s.
hz=$(getconf CLK_TCK)
# idle_percent NAME PLAYLIST KEYS: plays PLAYLIST with the key script KEYS (text), prints the
# CPU it took from 1.5 s to 11.5 s, as a percentage of one core.
idle_percent() {
  printf '%b' "$3" >"$out/$1.keys"
  "$player" play "$2" --headless --keys "$out/$1.keys" >"$out/$1.log" 2>&1 &
  local pid=$! t0 t1
  sleep 1.5; t0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep 10; t1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  wait "$pid"
  awk -v d=$((t1 - t0)) -v hz="$hz" 'BEGIN { printf "%.2f", 100 * d / hz / 10 }'
}
idle_pct=$(idle_percent idle "$clips/1080p30-h264.mp4" '0.5 PLAYPAUSE\n13 QUIT\n')
jq '.safety_card.duration_s = 13' "$six" >"$out/card.json"
card_pct=$(idle_percent card "$out/card.json" '12 QUIT\n')

# RSS across 100 transitions: NEXT every 0.25 s through the six clips (the class restarts at
# its end by replaying it: each run of the playlist is 7 steps, so 15 runs).
keys=$out/hundred.keys; : >"$keys"
for i in $(seq 1 100); do echo "$(awk -v i="$i" 'BEGIN { printf "%.2f", 1 + i * 0.3 }') NEXT" >>"$keys"; done
rss_at() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
loop_list=$out/hundred.json
jq '.segments = [range(15) as $r | .segments[] | .id = "\(.id)-\($r)"]' "$six" >"$loop_list"
"$player" play "$loop_list" --headless --keys "$keys" --events "$out/hundred.events.jsonl" >"$out/hundred.log" 2>&1 &
pid=$!
sleep 5; rss_early=$(rss_at "$pid")
sleep 26; rss_late=$(rss_at "$pid")
kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
transitions=$(jq -s '[.[] | select(.event=="step_start")] | length' "$out/hundred.events.jsonl")

# Instructions, noise-free: a 3 s clip decoded and played in virtual time (where, as nobody
# watches, the picture is composited once a class second) vs. decoded alone. valgrind 3.19
# cannot run the rdtscp that libhwy's timer calibration uses when libavcodec loads it (via
# libjxl), for ffmpeg and classplayer alike; hwy_timer_shim.cpp, preloaded, replaces that one
# calibration. A count only stands if the program ran to its end under valgrind.
short=$clips/six/clip0.mp4
shim=$out/hwy_timer_shim.so
c++ -O2 -shared -fPIC "$here/hwy_timer_shim.cpp" -o "$shim"
ir() {
  local log=$out/callgrind-$1.log; shift
  if LD_PRELOAD=$shim valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$log"; then
    awk '/Collected/ {print $4}' "$log"
  else
    echo "-"
  fi
}
ir_floor=$(ir floor ffmpeg -nostdin -v error -threads 1 -i "$short" -f null -)
ir_player=$(ir classplayer "$player" play "$short" --headless --clock virtual)
if [[ $ir_floor == - || $ir_player == - ]]; then
  ir_figure="not measured: $(grep -h -m1 -o 'Unrecognised instruction.*\|unhandled instruction.*' "$out"/callgrind-*.log | head -1 || echo 'valgrind failed') (see $out/callgrind-*.log)"
else
  ir_figure="$(ratio "$ir_player" "$ir_floor") ($ir_player / $ir_floor)"
fi

cat <<TABLE
# classplayer benchmark - $(date -u +%Y-%m-%d) - $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)

| clip | floor CPU s | ffplay CPU s | classplayer CPU s | vs floor (<= 1.3) | vs ffplay (<= 0.55) | floor RSS MiB | ffplay RSS MiB | classplayer RSS MiB | RSS vs ffplay (<= 0.5) | dropped | first picture ms (<= 150) |
|---|---|---|---|---|---|---|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

| figure | value | target |
|---|---|---|
| frames dropped, 1080p30 on one core (taskset -c 0) | $(jq .frames_dropped <<<"$one_core") of $(jq '.frames_presented + .frames_dropped' <<<"$one_core") | 0 |
| largest transition gap, six clips back to back (each step's, safety card first) | $(jq .max_transition_gap_ms <<<"$six_summary") ms ($(jq -r '.transition_gaps_ms | map(tostring) | join(", ")' <<<"$six_summary")) | <= one frame interval (33 ms) |
| largest A/V drift, six clips | $(jq .max_av_drift_ms <<<"$six_summary") ms | <= 45 ms |
| CPU while paused 10 s | $idle_pct % of one core | <= 1 % |
| CPU on a card 10 s (the safety card, its progress bar moving) | $card_pct % of one core | <= 1 % |
| RSS after 5 s / after 31 s ($transitions step starts) | $((rss_early / 1024)) / $((rss_late / 1024)) MiB | no growth beyond noise |
| callgrind Ir, classplayer / floor, 3 s 720p clip (virtual time) | $ir_figure | watch over time |
TABLE
