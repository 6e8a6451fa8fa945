#!/usr/bin/env bash
# The GPU path a board draws with, compared with the software one: the same class, the same
# remote presses (scripted, in class time) and the same screenshots, in a real X window (Xvfb)
# with SDL's software renderer, then OpenGL ES 2 (what SDL's KMSDRM uses on a Raspberry Pi)
# and desktop OpenGL on Mesa's software GL. Each GPU picture must match the software one
# within tolerance: the YUV texture upload, its colour matrix, the overlay and the banner as a
# board would show them. The virtual clock makes every run draw the same frames.
#   renderers-draw-alike.sh CLASSPLAYER PLAYLIST ARTIFACT_DIR
set -euo pipefail
player=$1 playlist=$2 out=$3
mkdir -p "$out"
events=$out/renderers.events.jsonl  # for the harness's tool check; each run has its own log
source "$(dirname "$0")/window-harness.sh"
start_display 7

# EASIER in cat-cow (a banner, and the seated extension instead), then QUIT once the last
# picture is taken: the class need not run to its end.
keys=$out/renderers.keys
printf '25 EASIER\n100 QUIT\n' >"$keys"
# Class seconds: the safety card; the seated extension with its "Easier:" banner; a
# breathing rest; the seated reach at a table (a hold clip).
shots=(3 30 70 95)

run() {  # run RENDERER: plays to the QUIT with that renderer, screenshots in $out/RENDERER-*.png
  local renderer=$1 args=()
  for at in "${shots[@]}"; do args+=(--screenshot "$at:$out/$renderer-$at.png"); done
  rm -f "$out/$renderer".* "$out/$renderer"-*.png
  if ! SDL_RENDER_DRIVER=$renderer SDL_AUDIODRIVER=dummy timeout 120 "$player" play "$playlist" \
       --profile low-bone-density --window 1280x720 --clock virtual --keys "$keys" \
       --events "$out/$renderer.events.jsonl" "${args[@]}" >"$out/$renderer.log" 2>&1; then
    echo "FAIL: the player with $renderer did not end well"; cat "$out/$renderer.log"; exit 1
  fi
  # SDL falls back to another renderer when the one asked for cannot start; a comparison of
  # software with software would prove nothing.
  local drew
  drew=$(jq -r 'select(.event=="class_start") | .renderer' "$out/$renderer.events.jsonl")
  if [[ $drew == "$renderer" ]]; then echo "ok   $renderer drew the class"
  else echo "FAIL $renderer was asked for, '$drew' drew"; fail=1; fi
}

# PSNR over the whole picture, in dB (identical pictures: inf). Measured 2026-12-06 on Mesa's
# llvmpipe: 62 dB on the card, 46-47 dB on the clips, with both GPU renderers. Desktop OpenGL
# drawing a BT.709 clip with the BT.601 matrix (SDL reads it when the texture is made: see
# use_matrix in src/ui/screen.cpp) gave 36 dB, its backgrounds 8 levels too bright; U and V
# swapped on the GPU upload gave 19-27 dB.
psnr() {
  ffmpeg -v info -i "$1" -i "$2" -lavfi psnr -f null - 2>&1 | sed -n 's/.*average:\([0-9.inf]*\).*/\1/p' | tail -1
}
least_db=40

run software
for renderer in opengles2 opengl; do
  run "$renderer"
  for at in "${shots[@]}"; do
    reference=$out/software-$at.png picture=$out/$renderer-$at.png
    if [[ ! -s $picture || ! -s $reference ]]; then echo "FAIL $renderer: no screenshot at $at s"; fail=1; continue; fi
    db=$(psnr "$reference" "$picture")
    if [[ $db == inf ]] || awk -v d="$db" -v m="$least_db" 'BEGIN { exit !(d >= m) }'; then
      echo "ok   $renderer at $at s: ${db} dB against software"
    else
      echo "FAIL $renderer at $at s: ${db:-no} dB against software (at least $least_db): see $picture"; fail=1
    fi
  done
done

# The presses did the same in every run: EASIER made cat-cow the seated extension.
for renderer in software opengles2 opengl; do
  if jq -se 'any(.[]; .event=="step_start" and .variant=="seated-extension" and .change=="easier")' \
       "$out/$renderer.events.jsonl" >/dev/null; then echo "ok   $renderer: EASIER made cat-cow the seated extension"
  else echo "FAIL $renderer: EASIER did not take effect"; fail=1; fi
done
exit $fail
