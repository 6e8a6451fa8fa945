#!/usr/bin/env bash
# As a waiting room sees it: the kiosk in a real X window (Xvfb), two rounds of a two-clip
# rotation with the attract card before each. The window must stay the same window from the
# first round to the second (a window closed and made again flashes the desktop, and on a
# bare X server, the kiosk its only client, resets the server under the next one), and the
# second round must be on screen, not played to nobody. xprop marks the window to tell.
#   kiosk-in-a-window.sh CLASSPLAYER MEDIA_CORPUS_DIR ARTIFACT_DIR
set -euo pipefail
player=$1 corpus=$2 out=$3
mkdir -p "$out"
events=$out/kiosk-window.events.jsonl
config=$out/kiosk-window.kiosk.json
rm -f "$events"
jq -n --arg a "$corpus/h264_aac_320x240_30fps.mp4" --arg b "$corpus/no_audio.mp4" \
  '{playlists: [$a, $b], attract: {title: "Join in", seconds: 2}, resume: false, loops: 2}' >"$config"

source "$(dirname "$0")/window-harness.sh"
start_display 307
start_player "$out/kiosk-window.log" "$player" play --kiosk --config "$config" --window 1280x720 --events "$events"

# The number of clips (not attract cards) started so far, by the event log.
clips_started() { jq -s '[.[] | select(.event=="step_start" and .segment!="kiosk-attract")] | length' "$events" 2>/dev/null || echo 0; }

for round in 1 2; do
  # A second into the round's first clip (clips 1 and 3 of the four).
  for _ in $(seq 150); do (($(clips_started) >= 2 * round - 1)) && break; sleep 0.2; done
  (($(clips_started) >= 2 * round - 1)) || { echo "FAIL: round $round's first clip never started"; exit 1; }
  sleep 1
  now=$(find_window) || true
  [[ $now == "$window" ]] || { echo "FAIL: round $round is in window '${now}', not the first round's $window"; exit 1; }
  # A mark left on the window in round 1 is still on it in round 2 only if it is the same
  # window (a new one can get the old one's id: the X server hands out ids per connection).
  if ((round == 1)); then
    xprop -id "$window" -f _CLASSPLAYER_TEST_MARK 8s -set _CLASSPLAYER_TEST_MARK round-1
  elif xprop -id "$window" _CLASSPLAYER_TEST_MARK | grep -q round-1; then
    echo "ok   round 2 plays in round 1's window"
  else
    echo "FAIL: round 2 is in a new window (the window was closed and made again between rounds)"; fail=1
  fi
  grab "kiosk-window-round-$round.png"
  # The clip, not a dark window: the mean brightness of the whole X screen (the window is
  # 1280x720 of its 1920x1080; the clip's colour bars alone give about 45).
  luma=$(ffmpeg -hide_banner -i "$out/kiosk-window-round-$round.png" \
    -vf signalstats,metadata=print:key=lavfi.signalstats.YAVG -f null - 2>&1 | sed -n 's/.*YAVG=//p')
  if awk -v y="${luma:-0}" 'BEGIN { exit !(y > 20) }'; then echo "ok   round $round on screen (mean luma $luma)"
  else echo "FAIL: round $round: the screen is dark (mean luma ${luma:-unknown})"; fail=1; fi
done
# Round 2 ends about 9 s after its first clip starts (clip, attract, clip, closing card).
for _ in $(seq 150); do grep -q "round 2 done" "$player_log" && break; sleep 0.2; done
wait_for_exit "two rounds"

expect "two rounds of attract card and clip, twice" \
  '[.[] | select(.event=="step_start") | .segment] | length == 8 and (.[0]=="kiosk-attract") and (.[4]=="kiosk-attract")'
exit $fail
