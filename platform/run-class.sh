#!/usr/bin/env bash
# README command 1: set up a fresh Debian 12 machine, build, generate the demo media and play the
# "Middle back stretch" class. Fullscreen where there is a display; otherwise headless in
# virtual time, printing the plan and the class timeline.
#   platform/run-class.sh [--profile CONDITIONS] [any other `classplayer play` options]
set -euo pipefail
cd "$(dirname "$0")/.."

platform/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target classplayer
cmake --build build --target media

playlist=playlists/middle-back.json
profile=standard
args=()
while (($#)); do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --profile=*) profile="${1#--profile=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

build/classplayer check "$playlist"
echo
build/classplayer plan "$playlist" --profile "$profile"
echo

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] || [[ -e /dev/dri/card0 && -z "${SSH_CONNECTION:-}" ]]; then
  exec build/classplayer play "$playlist" --profile "$profile" "${args[@]}"
fi

echo "No display here: playing headless in virtual time (the class runs as fast as decoding allows)."
events=build/middle-back-events.jsonl
build/classplayer play "$playlist" --profile "$profile" --headless --clock virtual --events "$events" \
  --screenshot 6:build/middle-back-safety-card.png --screenshot 40:build/middle-back-first-exercise.png "${args[@]}"
platform/show-timeline.sh "$events"
echo "Screenshots: build/middle-back-safety-card.png build/middle-back-first-exercise.png"
