#!/usr/bin/env bash
# What the fleet agent costs a screen (not a ctest): the kiosk, headless on the real clock, for
# SECONDS each way, on a card (idle: the attract card) and playing a clip, with and without
# --fleet (a broker of its own on 127.0.0.1), alternately, twice each. Prints the player's CPU
# seconds (user + system, from /proc) per run and the difference in % of one core.
# Target (issue 19): the agent adds at most 0.5 % of a core.
#   tests/bench/fleet-agent-cost.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd) seconds=${2:-30}
classplayer=$build/classplayer
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
clip=$build/tests/media/corpus/h264_aac_320x240_30fps.mp4
[[ -x "$classplayer" ]] || { echo "fleet-agent-cost: $classplayer not built" >&2; exit 1; }
[[ -x "$mosquitto" ]] || { echo "fleet-agent-cost: mosquitto not installed (apt install mosquitto)" >&2; exit 1; }
[[ -f "$clip" ]] || { echo "fleet-agent-cost: $clip missing (ctest --test-dir $build -R media.corpus)" >&2; exit 1; }

work=$(mktemp -d /tmp/classplayer-agent-cost-XXXXXX)
broker=""
trap '[[ -n $broker ]] && kill "$broker" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

"$root/platform/fleet/make-certs.sh" "$work/certs" --broker-host 127.0.0.1 --screens bench-1 >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/platform/fleet/make-broker-conf.sh" "$work/broker" --certs "$work/certs" --port "$port" --bind 127.0.0.1 >/dev/null
"$mosquitto" -c "$work/broker/mosquitto.conf" 2>"$work/broker.log" &
broker=$!
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
cat >"$work/fleet.json" <<EOF
{"screen_id": "bench-1", "broker": {"host": "127.0.0.1", "port": $port},
 "tls": {"ca_file": "$work/certs/ca.crt", "cert_file": "$work/certs/bench-1.crt", "key_file": "$work/certs/bench-1.key"},
 "outbox_dir": "$work/outbox"}
EOF
# Idle: an attract card longer than the run. Playing: a 2 s card, then the clip held round and round.
echo "{\"playlists\": [\"$clip\"], \"attract\": {\"seconds\": $((seconds * 4))}, \"resume\": false}" >"$work/idle.json"
echo "{\"playlists\": [\"$clip\"], \"attract\": {\"seconds\": 2}, \"resume\": false}" >"$work/playing.json"

# CPU seconds the kiosk used in SECONDS of wall time.
run() { # config fleet(yes|no)
  local args=(play --kiosk --config "$work/$1.json" --headless --state-dir "$work/state-$1-$2")
  [[ $2 == yes ]] && args+=(--fleet "$work/fleet.json")
  "$classplayer" "${args[@]}" >"$work/run.log" 2>&1 &
  local pid=$!
  sleep "$seconds"
  [[ -r /proc/$pid/stat ]] || { echo "fleet-agent-cost: the kiosk ended early:" >&2; cat "$work/run.log" >&2; exit 1; }
  local ticks
  ticks=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz }'
}

for what in idle playing; do
  without=() with=()
  for _ in 1 2; do
    without+=("$(run "$what" no)")
    with+=("$(run "$what" yes)")
  done
  awk -v what="$what" -v s="$seconds" -v a="${without[*]}" -v b="${with[*]}" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    mx = (x[1] + x[2]) / 2; my = (y[1] + y[2]) / 2
    printf "%-8s without fleet %s + %s CPU s, with %s + %s CPU s in %d s each: the agent adds %.2f %% of a core\n",
           what, x[1], x[2], y[1], y[2], s, 100 * (my - mx) / s
  }'
done
