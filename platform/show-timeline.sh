#!/usr/bin/env bash
# Prints a --events log as a readable class timeline.
set -euo pipefail
jq -r '
  def mmss: (. | floor) as $s | "\($s / 60 | floor):\($s % 60 | tostring | if length < 2 then "0" + . else . end)";
  if .event == "step_start" then
    "\(.t | mmss)  step \(.index + 1): \(.kind) \(.title)" + (if .reason then "\n        why: \(.reason)" else "" end)
  elif .event == "cue" then "\(.t | mmss)      cue: \(.text)"
  elif .event == "media_error" then "\(.t | mmss)  MEDIA ERROR \(.file): \(.message)"
  elif .event == "key" then "\(.t | mmss)  key \(.key) -> \(.action)"
  elif .event == "paused" or .event == "resumed" or .event == "class_start" or .event == "class_end" then "\(.t | mmss)  \(.event)"
  elif .event == "summary" then "summary: \(del(.t, .event) | tostring)"
  else empty end' "$1"
