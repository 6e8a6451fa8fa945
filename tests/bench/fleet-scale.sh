#!/usr/bin/env bash
# Fleet scale benchmark (not a ctest): a Mosquitto broker on 127.0.0.1, N simulated screens in
# one process (`classplayer fleet simulate --count N`, each its own TLS connection and identity),
# and the clinic's tools. Prints:
#   - the time from starting the screens until all N are online (their retained "online" seen),
#   - the time for all N to answer one command sent to all (`fleet send --all next`),
#   - the broker's CPU time and peak RSS (/proc/PID/stat and VmHWM).
# Target: all 200 answer within 2 s.
#   tests/bench/fleet-scale.sh [BUILD_DIR] [--count N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build count=200
while (($#)); do
  case "$1" in
    --count) count=${2:?}; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
classplayer=$build/classplayer
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[[ -x "$classplayer" ]] || { echo "fleet-scale: $classplayer not built" >&2; exit 1; }
[[ -x "$mosquitto" ]] || { echo "fleet-scale: mosquitto not installed (apt install mosquitto)" >&2; exit 1; }
command -v mosquitto_sub >/dev/null || { echo "fleet-scale: mosquitto_sub not installed (apt install mosquitto-clients)" >&2; exit 1; }

work=$(mktemp -d /tmp/classplayer-fleet-scale-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
now_ms() { date +%s%3N; }

ids=$(for ((i = 1; i <= count; i++)); do printf 'sim-%03d,' "$i"; done)
t=$(now_ms)
"$root/platform/fleet/make-certs.sh" "$work/certs" --broker-host 127.0.0.1 --screens "${ids%,}" >/dev/null
echo "certificates for $count screens: $(( $(now_ms) - t )) ms"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$root/platform/fleet/make-broker-conf.sh" "$work/broker" --certs "$work/certs" --port "$port" --bind 127.0.0.1 >/dev/null
"$mosquitto" -c "$work/broker/mosquitto.conf" 2>"$work/broker.log" &
broker=$!; pids+=("$broker")
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done

tls() { printf '"tls": {"ca_file": "%s/certs/ca.crt", "cert_file": "%s/certs/%s.crt", "key_file": "%s/certs/%s.key"}' \
  "$work" "$work" "$1" "$work" "$1"; }
echo "{\"screen_id\": \"sim-001\", \"broker\": {\"host\": \"127.0.0.1\", \"port\": $port}, $(tls sim-001), \"keepalive_s\": 30}" >"$work/screen.json"
echo "{\"role\": \"admin\", \"screen_id\": \"fleet.admin\", \"broker\": {\"host\": \"127.0.0.1\", \"port\": $port}, $(tls fleet.admin)}" >"$work/admin.json"

# Every state change, timestamped as it arrives.
mosquitto_sub -h 127.0.0.1 -p "$port" --cafile "$work/certs/ca.crt" --cert "$work/certs/fleet.admin.crt" \
  --key "$work/certs/fleet.admin.key" -V mqttv5 -q 1 -t 'classplayer/v1/screens/+/state' -F '%U %t %p' >"$work/states" &
pids+=($!)
sleep 0.5

ticks() { awk '{ print $14 + $15 }' "/proc/$broker/stat"; }
cpu_before=$(ticks)
start_ms=$(now_ms)
"$classplayer" fleet --fleet "$work/screen.json" simulate --count "$count" --certs "$work/certs" --outbox "$work/outbox" \
  >"$work/simulate.log" 2>&1 &
pids+=($!)

online=0
for _ in $(seq 600); do
  online=$(awk '$3 == "online" { seen[$2] = 1 } END { print length(seen) }' "$work/states")
  ((online >= count)) && break
  sleep 0.1
done
# %U is seconds.nanoseconds; in milliseconds it stays exact in awk's doubles.
last_ms=$(awk '$3 == "online" { split($1, a, "."); t = sprintf("%.0f", a[1] * 1000 + substr(a[2], 1, 3)) } END { print t }' "$work/states")
if ((online < count)); then
  echo "only $online of $count screens came online within 60 s" >&2
  tail -5 "$work/simulate.log" "$work/broker.log" >&2
  exit 1
fi
echo "all $count screens online: $((last_ms - start_ms)) ms after the simulator started"

sleep 1  # let the statuses settle
answers=$("$classplayer" fleet --fleet "$work/admin.json" --timeout-ms 10000 send --all --listen-ms 1500 next 2>&1 >/dev/null | grep 'answered in' || true)
echo "command to all: $answers"
cpu_after=$(ticks)
hz=$(getconf CLK_TCK)
echo "broker CPU: $(awk -v t=$((cpu_after - cpu_before)) -v hz="$hz" 'BEGIN { printf "%.2f", t / hz }') s over the run;" \
  "peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$broker/status")"
echo "simulator peak RSS: $(awk '/VmHWM/ { print $2, $3 }' "/proc/${pids[2]}/status")"
