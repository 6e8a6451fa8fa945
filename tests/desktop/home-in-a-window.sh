#!/usr/bin/env bash
# As a person would: `classplayer home` in a real X window (Xvfb), driven by key presses from
# xdotool - choose the class, tick a condition, start, stop part-way, find the resume offer,
# quit - judged by the event log, the window staying the same window, and screenshots kept
# as artifacts.
#   home-in-a-window.sh CLASSPLAYER PLAYLISTS_DIR ARTIFACT_DIR
set -euo pipefail
player=$1 playlists=$2 out=$3
mkdir -p "$out"
events=$out/home-window.events.jsonl
state=$out/home-window-state
rm -rf "$events" "$state"

for tool in Xvfb xdotool jq ffmpeg; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (platform/setup-debian.sh installs it)"; exit 1; }
done

# A display number nobody else uses, and the server gone however this script ends.
display=:$((100 + ($$ + 211) % 400))
Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
player_pid=
cleanup() { [[ -n $player_pid ]] && kill "$player_pid" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# No sound card here: SDL's dummy audio driver still runs the mixer in real time.
SDL_AUDIODRIVER=dummy "$player" home --playlists "$playlists" --state-dir "$state" --window 1280x720 \
  --events "$events" >"$out/home-window.log" 2>&1 &
player_pid=$!

find_window() { xdotool search --name classplayer 2>/dev/null | head -1; }
window=
for _ in $(seq 100); do window=$(find_window) && [[ -n $window ]] && break; sleep 0.1; done
[[ -n $window ]] || { echo "FAIL: no classplayer window appeared"; cat "$out/home-window.log"; exit 1; }

grab() { ffmpeg -v error -y -f x11grab -video_size 1920x1080 -i "$display" -frames:v 1 "$out/$1"; }
press() { xdotool key --window "$window" "$1"; sleep "$2"; }
sleep 1.0             # the class list, with thumbnails decoded
press Return 0.7      # open middle-back: the conditions checklist
press Return 0.7      # tick the first condition, low bone density
press Right 0.7       # on to the summary
grab home-window-summary.png
press Return 1.5      # Start: the safety card, in the same window
[[ $(find_window) == "$window" ]] || { echo "FAIL: starting the class opened another window"; exit 1; }
press Right 2.0       # skip the safety card: cat-cow (as neutral-to-cow) starts
press q 1.5           # stop the class part-way: back to the menu
grab home-window-resume.png
press Escape 0.7      # BACK: from the resume offer to the class list
press Escape 0.2      # BACK on the class list: quit
for _ in $(seq 100); do kill -0 "$player_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$player_pid" 2>/dev/null; then echo "FAIL: classplayer did not exit after Escape, Escape"; exit 1; fi
wait "$player_pid"; status=$?; player_pid=
[[ $status -eq 0 ]] || { echo "FAIL: exit status $status"; cat "$out/home-window.log"; exit 1; }

fail=0
expect() {  # expect DESCRIPTION JQ-FILTER: the filter must print true
  if [[ $(jq -s "$2" "$events") == true ]]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
expect "the menu opened on the class list" '.[0].event=="home_open" and .[0].page=="classes"'
expect "keyboard keys moved through the menu" \
  '[.[] | select(.event=="key" and .source=="keyboard" and .page!=null) | .action][0:4] == ["open","toggle","continue","start"]'
expect "the choice: middle-back with low bone density" \
  'any(.[]; .event=="home_choice" and .choice=="start" and .conditions==["low-bone-density"] and (.playlist|endswith("middle-back.json")))'
expect "the class started with that condition" \
  'any(.[]; .event=="class_start" and .playlist=="middle-back" and .conditions==["low-bone-density"])'
expect "cat-cow became neutral-to-cow, with its reason" \
  'any(.[]; .event=="step_start" and .segment=="cat-cow" and .variant=="neutral-to-cow" and (.reason|startswith("Low bone density")))'
expect "Q stopped the class" 'any(.[]; .event=="class_end" and .completed==false)'
expect "back in the menu, the stopped class was offered to resume" \
  '[.[] | select(.event=="home_open")][1] | .page=="resume" and (.resume_offer|startswith("Resume Middle back stretch at step 2"))'
expect "Escape (BACK) left the resume offer, then quit from the class list" '.[-2].event=="home_choice" and .[-2].choice=="quit" and .[-1].event=="home_end"'
exit $fail
