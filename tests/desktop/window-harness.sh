# Sourced by the desktop tests: a person at a real X window (Xvfb), pressing keys through
# xdotool, with screenshots kept and the event log judged at the end.
#   source window-harness.sh; start_display SEED; start_player LOG ARGS...; press KEY SECONDS;
#   grab FILE.png; wait_for_exit WHAT; expect DESCRIPTION JQ-FILTER; exit $fail
# Needs $out (the artifacts folder) and $events (the player's --events file) set first.

for tool in Xvfb xdotool xprop jq ffmpeg; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (platform/setup-debian.sh installs it)"; exit 1; }
done

player_pid= xvfb= window= display= player_log= fail=0
cleanup() { [[ -n $player_pid ]] && kill "$player_pid" 2>/dev/null; [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# A display number nobody else uses (SEED keeps two tests that run at once apart), and the
# server gone however the test ends.
start_display() {
  display=:$((100 + ($$ + $1) % 400))
  Xvfb "$display" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  export DISPLAY=$display
  for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
}

find_window() { xdotool search --name classplayer 2>/dev/null | head -1; }

# The player in the background, and its window once it shows (10 s at most). No sound card
# here: SDL's dummy audio driver still runs the mixer in real time. The window counts once
# the same one is found twice in a row: SDL makes the window again when the renderer it
# picks needs an OpenGL one, and keys sent to the first would go nowhere (BadWindow).
start_player() {
  player_log=$1; shift
  SDL_AUDIODRIVER=dummy "$@" >"$player_log" 2>&1 &
  player_pid=$!
  local seen=
  for _ in $(seq 50); do
    window=$(find_window) || true  # none yet
    [[ -n $window && $window == "$seen" ]] && break
    seen=$window; window=
    sleep 0.2
  done
  [[ -n $window ]] || { echo "FAIL: no classplayer window appeared"; cat "$player_log"; exit 1; }
}

# A key that makes the player quit can close the window between its press and its release:
# xdotool then fails on the release, which is fine when the window is gone (wait_for_exit
# judges the exit); any other failure is the test's.
press() {
  if ! xdotool key --window "$window" "$1"; then
    if xdotool getwindowname "$window" >/dev/null 2>&1; then echo "FAIL: xdotool could not press $1"; exit 1; fi
  fi
  sleep "$2"
}
grab() { ffmpeg -v error -y -f x11grab -video_size 1920x1080 -i "$display" -frames:v 1 "$out/$1"; }

# The player must be gone within 10 s of the keys that end it, with exit status 0.
wait_for_exit() {
  for _ in $(seq 100); do kill -0 "$player_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$player_pid" 2>/dev/null; then echo "FAIL: the player did not exit after $1"; exit 1; fi
  local status=0
  wait "$player_pid" || status=$?
  player_pid=
  [[ $status -eq 0 ]] || { echo "FAIL: exit status $status"; cat "$player_log"; exit 1; }
}

expect() {  # expect DESCRIPTION JQ-FILTER: the filter must print true
  if [[ $(jq -s "$2" "$events") == true ]]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
