#!/usr/bin/env bash
# Soak: the middle-back class looped for HOURS of class time in one player process (headless,
# virtual clock), with seeded random remote presses, sampling its RSS as it goes. Meant for the
# ASan build (tests/soak/CMakeLists.txt wires it to ctest with a short length):
#   tests/soak/soak.sh BINARY HOURS [SEED] [OUT_DIR]
#   e.g. nice -n 10 tests/soak/soak.sh build-asan/classplayer 4 7 /tmp/soak-4h     (the 4-hour run)
# Passes when the class ends normally (exit 0, class_end) after at least HOURS of class time, the
# player logged no error, the sanitizers report nothing (a leak makes LeakSanitizer fail the exit
# code), and RSS is flat: the last quarter's highest sample is at most SOAK_RSS_GROWTH_KB (default
# 20480) above the highest of the second quarter. Writes OUT_DIR/rss.tsv (wall_s class_s rss_kb)
# and prints the figures (docs/reliability.md keeps the last 4-hour ones).
set -euo pipefail
binary=$(realpath "$1"); hours=$2; seed=${3:-1}
source_dir=${CLASSPLAYER_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
out=${4:-$(mktemp -d /tmp/classplayer-soak.XXXXXX)}
growth_limit_kb=${SOAK_RSS_GROWTH_KB:-20480}
sample_s=${SOAK_SAMPLE_S:-2}
mkdir -p "$out"
shipped="$source_dir/playlists/middle-back.json"
# LeakSanitizer runs at exit by default on Linux x86-64; say so rather than rely on it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Not grep -q: it stops reading early, ldd dies of SIGPIPE, and pipefail calls the build plain.
if ldd "$binary" | grep libasan >/dev/null; then sanitizers="ASan+UBSan, ASAN_OPTIONS=$ASAN_OPTIONS"
else sanitizers="none (not an asan-preset build: no leak or memory checks)"; fi

# One class is ~7 minutes; the soak playlist repeats its segments until HOURS are covered, with a
# tenth more as NEXT presses cut steps short.
one_class_s=$("$binary" plan "$shipped" --json | jq '.total_s')
loops=$(awk -v h="$hours" -v c="$one_class_s" 'BEGIN { n = int(1.1 * h * 3600 / c) + 1; print n }')
# The soak playlist lives in OUT_DIR but names this tree's media and conditions: list the tree as
# a folder a playlist may use (docs/playlist-format.md), as an operator would.
export CLASSPLAYER_MEDIA_ROOTS="$source_dir${CLASSPLAYER_MEDIA_ROOTS:+:$CLASSPLAYER_MEDIA_ROOTS}"
jq --argjson loops "$loops" --arg media "$source_dir/media" --arg conditions "$source_dir/playlists/conditions.json" '
  .id = "soak" | .media_root = $media | .conditions = $conditions
  | .segments as $one
  | .segments = [range(0; $loops) as $n | $one[]
      | .id += "-loop\($n)"
      | if .variants then .variants |= map(.id += "-loop\($n)"
          | if .gentler_than then .gentler_than |= map(. + "-loop\($n)") else . end) else . end]
' "$shipped" >"$out/soak.json"
class_s=$("$binary" plan "$out/soak.json" --json | jq '.total_s')

# Seeded presses through the whole session, a press every 20-120 s of session time. Pauses come in
# pairs (the class must go on); NEXT and PREV equally likely, so the class keeps its length.
# BACK and MENU open the pause screen at "Resume", where DOWN walks towards "End class" (the fifth
# or sixth entry): at most three DOWNs follow a key that can open or close it, so a soak never
# ends its own class; every other entry still gets chosen by an OK.
awk -v seed="$seed" -v until_s="$(awk -v c="$class_s" 'BEGIN { print c * 1.5 }')" 'BEGIN {
  srand(seed); t = 5; downs = 0
  split("NEXT PREV RESTART VOLUP VOLDOWN UP DOWN PLAYPAUSE OK LEFT RIGHT BACK MENU EASIER STOP", keys, " ")
  while (t < until_s) {
    k = keys[1 + int(rand() * 15)]
    if (k == "DOWN" && ++downs > 3) k = "UP"
    if (k == "BACK" || k == "MENU" || k == "PLAYPAUSE" || k == "OK") downs = 0
    if (k == "PLAYPAUSE" || k == "OK") { printf "%.2f %s\n%.2f %s\n", t, k, t + 2 + rand() * 30, k; t += 32 }
    else printf "%.2f %s\n", t, k
    t += 20 + rand() * 100
  }
}' >"$out/soak.keys"
echo "soak: sanitizers: $sanitizers"
echo "soak: $loops loops of the class, $(awk -v s="$class_s" 'BEGIN { printf "%.2f", s / 3600 }') h of class time planned, $(wc -l <"$out/soak.keys") presses (seed $seed), in $out"

# A ceiling, so that a blow-up fails the soak at once rather than taking the machine down: under
# ASan its hard_rss_limit_mb (the asan test preset sets 3 GiB; ASan's shadow memory makes a
# virtual-memory limit unusable), else 2 GiB of address space (the player peaks near 370 MB of it,
# 100 MB resident).
if ldd "$binary" | grep libasan >/dev/null; then
  [[ ${ASAN_OPTIONS:-} == *hard_rss_limit_mb* ]] || export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=3072"
else
  ulimit -v $((2 * 1024 * 1024))
fi
start=$(date +%s)
"$binary" play "$out/soak.json" --headless --clock virtual --keys "$out/soak.keys" \
  --events "$out/events.jsonl" >"$out/player.log" 2>&1 &
pid=$!
printf 'wall_s\tclass_s\trss_kb\n' >"$out/rss.tsv"
while kill -0 "$pid" 2>/dev/null; do
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
  t=$(tail -c 400 "$out/events.jsonl" 2>/dev/null | tail -n 1 | sed -n 's/.*"t":\([0-9.]*\).*/\1/p' || true)
  [[ -n "$rss" ]] && printf '%s\t%s\t%s\n' "$(($(date +%s) - start))" "${t:-0}" "$rss" >>"$out/rss.tsv"
  sleep "$sample_s"
done
status=0
wait "$pid" || status=$?
wall=$(($(date +%s) - start))

fail=0
if ((status != 0)); then echo "soak: FAIL: the player exited $status"; fail=1; fi
if grep -qE "ERROR: (Address|Leak)Sanitizer|runtime error:" "$out/player.log"; then
  echo "soak: FAIL: a sanitizer report:"; grep -m5 -E "ERROR: |runtime error:" "$out/player.log"; fail=1
fi
if grep -qE '\] \[(error|critical)\]' "$out/player.log"; then
  echo "soak: FAIL: the player logged errors:"; grep -m5 -E '\] \[(error|critical)\]' "$out/player.log"; fail=1
fi
if ! grep -q '"event":"class_end"' "$out/events.jsonl"; then echo "soak: FAIL: the class did not end"; fail=1; fi
summary=$(grep '"event":"summary"' "$out/events.jsonl" || echo '{}')
played_s=$(echo "$summary" | jq '.t // 0')
if awk -v p="$played_s" -v h="$hours" 'BEGIN { exit !(p < h * 3600) }'; then
  echo "soak: FAIL: only $(awk -v s="$played_s" 'BEGIN { printf "%.2f", s / 3600 }') h of class time played, $hours h asked"; fail=1
fi
count() { grep -c "\"event\":\"$1\"" "$out/events.jsonl" || true; }
echo "soak: $(count step_start) steps started, $(count key) presses acted on (of $(wc -l <"$out/soak.keys") scripted), $(count paused) pauses, $(count cue) cues"

# RSS by quarters of the run; the first quarter is warm-up (decoders, fonts, allocator pools).
# Start, middle and end: the samples at 5 %, 50 % and the last one (the first seconds are start-up).
read -r q2 q4 first peak samples start middle end < <(awk -F'\t' 'NR > 1 { n++; wall[n] = $1; rss[n] = $3 }
  END { for (i = 1; i <= n; i++) { q = int(4 * (i - 1) / n) + 1; if (rss[i] > m[q]) m[q] = rss[i]; if (rss[i] > peak) peak = rss[i] }
        print m[2] + 0, m[4] + 0, rss[1] + 0, peak + 0, n, rss[int(n * 0.05) + 1] + 0, rss[int(n * 0.5) + 1] + 0, rss[n] + 0 }' "$out/rss.tsv")
echo "soak: class time played $(awk -v s="$played_s" 'BEGIN { printf "%.2f h", s / 3600 }') in ${wall} s wall, exit $status"
echo "soak: RSS at 5 % ${start} kB, at 50 % ${middle} kB, at the end ${end} kB"
echo "soak: RSS first ${first} kB, highest in 2nd quarter ${q2} kB, highest in last quarter ${q4} kB, peak ${peak} kB ($samples samples)"
echo "soak: summary $(echo "$summary" | jq -c '{frames_presented, frames_dropped, max_transition_gap_ms, media_errors, peak_rss_kb}')"
if ((samples < 8)); then echo "soak: FAIL: only $samples RSS samples"; fail=1
elif ((q4 - q2 > growth_limit_kb)); then echo "soak: FAIL: RSS grew $((q4 - q2)) kB (limit $growth_limit_kb kB)"; fail=1; fi
((fail == 0)) && echo "soak: ok"
exit $fail
