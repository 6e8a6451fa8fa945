#!/usr/bin/env bash
# As a person would: the real player in a real X window (Xvfb), driven by key presses from
# xdotool, judged by its event log and a screenshot of the screen kept as an artifact.
#   remote-in-a-window.sh CLASSPLAYER PLAYLIST ARTIFACT_DIR
set -euo pipefail
player=$1 playlist=$2 out=$3
mkdir -p "$out"
events=$out/window.events.jsonl
rm -f "$events"

for tool in Xvfb xdotool jq ffmpeg; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (platform/setup-debian.sh installs it)"; exit 1; }
done

# A display number nobody else uses, and the server gone however this script ends.
display=:$((100 + $$ % 400))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
player_pid=
cleanup() { [[ -n $player_pid ]] && kill "$player_pid" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# No sound card here: SDL's dummy audio driver still runs the mixer in real time.
SDL_AUDIODRIVER=dummy "$player" play "$playlist" --profile low-bone-density --window 1280x720 \
  --events "$events" >"$out/window.log" 2>&1 &
player_pid=$!

window=
for _ in $(seq 100); do window=$(xdotool search --name classplayer 2>/dev/null | head -1) && [[ -n $window ]] && break; sleep 0.1; done
[[ -n $window ]] || { echo "FAIL: no classplayer window appeared"; cat "$out/window.log"; exit 1; }

press() { xdotool key --window "$window" "$1"; sleep "$2"; }
grab() { ffmpeg -v error -y -f x11grab -video_size 1920x1080 -i "$display" -frames:v 1 "$out/$1"; }
press Right 1.5      # skip the safety card: cat-cow (as neutral-to-cow) starts
press space 1.0      # pause
grab window-paused.png
press space 1.0      # resume
press e 1.0          # EASIER: neutral-to-cow becomes the seated extension, with its reason
grab window-easier.png
press Escape 1.0     # BACK: the pause screen
grab window-pause-screen.png
press Down 0.3       # Restart this step
press Down 0.3       # Skip to next
press Return 1.0     # choose it: the breathing rest after cat-cow
press q 0.2          # stop the class
for _ in $(seq 100); do kill -0 "$player_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$player_pid" 2>/dev/null; then echo "FAIL: the player did not exit after Q"; exit 1; fi
wait "$player_pid"; status=$?; player_pid=
[[ $status -eq 0 ]] || { echo "FAIL: exit status $status"; cat "$out/window.log"; exit 1; }

fail=0
expect() {  # expect DESCRIPTION JQ-FILTER: the filter must print true
  if [[ $(jq -s "$2" "$events") == true ]]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
expect "RIGHT moved on from the safety card" \
  '[.[] | select(.event=="key")][0] | .key=="RIGHT" and .action=="next_step"'
expect "cat-cow started as neutral-to-cow, with its reason" \
  'any(.[]; .event=="step_start" and .segment=="cat-cow" and .variant=="neutral-to-cow" and (.reason|startswith("Low bone density")))'
expect "space paused, and class time stood still until space again" \
  '([.[] | select(.event=="paused")][0].t) == ([.[] | select(.event=="resumed")][0].t)'
expect "E made cat-cow easier: the seated extension, with its reason" \
  'any(.[]; .event=="key" and .key=="EASIER" and .action=="easier" and .source=="keyboard") and
   any(.[]; .event=="step_start" and .segment=="cat-cow" and .variant=="seated-extension" and .change=="easier" and (.reason|startswith("Easier: ")))'
expect "Escape opened the pause screen, and Down, Down, Return chose Skip to next" \
  '([.[] | select(.event=="key")] | map(.action)) as $a | ($a | index("pause_screen")) != null and
   ([.[] | select(.event=="key" and .action=="choose")][0].choice == "skip_to_next") and
   any(.[]; .event=="step_start" and .index==2 and .kind=="breathing")'
expect "Q stopped the class" 'any(.[]; .event=="key" and .action=="quit") and any(.[]; .event=="class_end" and .completed==false)'
expect "video played in the window" '[.[] | select(.event=="step_end" and .index==1)][0].frames > 10'
expect "the summary came last" '.[-1].event=="summary"'
exit $fail
