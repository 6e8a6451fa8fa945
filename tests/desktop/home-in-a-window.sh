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

source "$(dirname "$0")/window-harness.sh"
start_display 211
start_player "$out/home-window.log" "$player" home --playlists "$playlists" --state-dir "$state" --window 1280x720 \
  --events "$events"

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
wait_for_exit "Escape, Escape"

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
