#!/usr/bin/env bash
# As a person would: the real player in a real X window (Xvfb), driven by key presses from
# xdotool, judged by its event log and a screenshot of the screen kept as an artifact.
#   remote-in-a-window.sh CLASSPLAYER PLAYLIST ARTIFACT_DIR
set -euo pipefail
player=$1 playlist=$2 out=$3
mkdir -p "$out"
events=$out/window.events.jsonl
rm -f "$events"

source "$(dirname "$0")/window-harness.sh"
start_display 0
start_player "$out/window.log" "$player" play "$playlist" --profile low-bone-density --window 1280x720 --events "$events"

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
wait_for_exit Q

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
# Run again by ctest with each GPU renderer: it must be that one that drew, not a fallback.
if [[ -n ${SDL_RENDER_DRIVER:-} ]]; then
  expect "$SDL_RENDER_DRIVER drew the class" "[.[] | select(.event==\"class_start\")][0].renderer==\"$SDL_RENDER_DRIVER\""
fi
exit $fail
