#!/usr/bin/env bash
# Frames dropped while a big release downloads (not a ctest: frame drops depend on the machine).
# One kiosk, headless on the real clock, in a fleet of its own on 127.0.0.1 (Mosquitto, nginx),
# plays a one-class rotation (the corpus' 1280x720 60 fps clip held HOLD seconds) from release
# r1; mid-class the clinic sets release r2, the same class plus MB megabytes of other media,
# which the screen fetches in the background and switches to at the next attract card.
# Prints, per class (the kiosk writes a `summary` at the end of each round, and a round is one
# class here), frames presented and dropped and the longest gap between steps, marked before /
# DURING the download / after the switch.
#   tests/bench/fleet-release-switch.sh [BUILD_DIR] [--mb MB] [--hold SECONDS]
# The extra media are random bytes: the screen fetches, hashes and writes them as it would a
# video, and their content does not matter to that work.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build mb=150 hold=15
while (($#)); do
  case "$1" in
    --mb) mb=${2:?}; shift 2 ;;
    --hold) hold=${2:?}; shift 2 ;;
    *) build=$1; shift ;;
  esac
done
build=$(cd "$build" && pwd)
classplayer=$build/classplayer
mosquitto=$(command -v mosquitto || echo /usr/sbin/mosquitto)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
clip=$build/tests/media/corpus/h264_720p_60fps.mp4
[[ -x "$classplayer" ]] || { echo "fleet-release-switch: $classplayer not built" >&2; exit 1; }
[[ -x "$mosquitto" ]] || { echo "fleet-release-switch: mosquitto not installed (apt install mosquitto)" >&2; exit 1; }
[[ -x "$nginx" ]] || { echo "fleet-release-switch: nginx not installed (apt install nginx-light)" >&2; exit 1; }
[[ -f "$clip" ]] || { echo "fleet-release-switch: $clip missing (ctest --test-dir $build -R media.corpus)" >&2; exit 1; }

work=$(mktemp -d /tmp/classplayer-release-switch-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n "${KEEP:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return; sleep 0.05; done; return 1; }
lines() { [[ -f "$work/events.jsonl" ]] && wc -l <"$work/events.jsonl" || echo 0; }
# Waits up to $1 s for a command to succeed; on a timeout says what for and shows the player's log.
until_ok() {
  local limit=$1 what=$2; shift 2
  for _ in $(seq $((limit * 5))); do "$@" && return; sleep 0.2; done
  echo "fleet-release-switch: $what: not seen in $limit s; the player said:" >&2; cat "$work/player.log" >&2; exit 1
}

# The broker and the web server.
"$root/platform/fleet/make-certs.sh" "$work/certs" --broker-host 127.0.0.1 --screens bench-1 >/dev/null
port=$(free_port)
"$root/platform/fleet/make-broker-conf.sh" "$work/broker" --certs "$work/certs" --port "$port" --bind 127.0.0.1 >/dev/null
"$mosquitto" -c "$work/broker/mosquitto.conf" 2>"$work/broker.log" &
pids+=($!)
wait_port "$port"
web_port=$(free_port)
mkdir -p "$work/web" "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
daemon off; master_process off; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
  default_type application/octet-stream; access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$web_port; root $work/web; }
}
EOF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
wait_port "$web_port"

tls() { printf '"tls": {"ca_file": "%s/certs/ca.crt", "cert_file": "%s/certs/%s.crt", "key_file": "%s/certs/%s.key"}' \
  "$work" "$work" "$1" "$work" "$1"; }
cat >"$work/screen.json" <<EOF
{"screen_id": "bench-1", "broker": {"host": "127.0.0.1", "port": $port}, $(tls bench-1),
 "reconnect_max_s": 2, "outbox_dir": "$work/outbox",
 "content": {"base_url": "http://127.0.0.1:$web_port", "dir": "$work/content"}}
EOF
echo "{\"role\": \"admin\", \"screen_id\": \"fleet.admin\", \"broker\": {\"host\": \"127.0.0.1\", \"port\": $port}, $(tls fleet.admin)}" >"$work/admin.json"

# Both releases are published before the kiosk starts: the publisher's hashing and copying
# is the clinic's machine's work, never the screen's.
make_class() { # folder
  mkdir -p "$1/playlists" "$1/media/clips"
  cp "$root/playlists/conditions.json" "$1/playlists/"
  cp "$clip" "$1/media/clips/"
  cat >"$1/playlists/bench-class.json" <<EOF
{"format": 1, "id": "bench-class", "title": "Bench class", "media_root": "../media", "conditions": "conditions.json",
 "safety_card": {"title": "Bench class", "lines": ["A class for the benchmark."], "duration_s": 5},
 "breathing": {"in_s": 1, "out_s": 1, "between_cycles": 0, "replacement_cycles": 1},
 "segments": [{"id": "clip", "title": "Bench class clip", "kind": "clip", "tags": [],
   "media": {"clip": "clips/$(basename "$clip")", "loop": "hold"},
   "dose": {"hold_s": {"range": [1, 600], "use": $hold}}}]}
EOF
}
make_class "$work/r1"
make_class "$work/r2"
head -c "$((mb * 1000 * 1000))" /dev/urandom >"$work/r2/media/clips/large-extra.bin"
"$classplayer" fleet publish "$work/r1" --id r1 --web-root "$work/web" >/dev/null
"$classplayer" fleet publish "$work/r2" --id r2 --web-root "$work/web" >/dev/null
"$classplayer" fleet --fleet "$work/admin.json" desire bench-1 r1 >/dev/null

echo "{\"playlists\": [\"$clip\"], \"attract\": {\"seconds\": 2}, \"resume\": false}" >"$work/kiosk.json"
: >"$work/player.log"  # there before the first look at it
"$classplayer" play --kiosk --config "$work/kiosk.json" --fleet "$work/screen.json" --headless \
  --events "$work/events.jsonl" --state-dir "$work/state" >"$work/player.log" 2>&1 &
kiosk=$!
pids+=("$kiosk")

# At least $2 summaries (whole classes) written after line $1 of the events log.
classes_after() {
  (($(tail -n +"$(($1 + 1))" "$work/events.jsonl" | grep -c '"event":"summary"' || true) >= $2))
}
# Mid-class: the last step started is the bench class's own (not the attract card).
mid_class() {
  local last
  last=$(grep '"event":"step_start"\|"event":"class_end"' "$work/events.jsonl" | tail -1)
  [[ $last == *'"event":"step_start"'* && $last == *'"title":"Bench class'* ]]
}

until_ok 120 "release r1 in use" grep -q "now playing from release r1" "$work/player.log"
r1_from=$(lines)
until_ok $((hold * 10 + 120)) "two whole classes of r1" classes_after "$r1_from" 2
until_ok $((hold * 5 + 60)) "the third class under way" mid_class
desired_at=$(lines)
"$classplayer" fleet --fleet "$work/admin.json" desire bench-1 r2 >/dev/null
until_ok 600 "release r2 fetched" grep -q "release r2 ready" "$work/player.log"
ready_at=$(lines)
until_ok $((hold * 5 + 60)) "release r2 in use" grep -q "now playing from release r2" "$work/player.log"
switched_at=$(lines)
until_ok $((hold * 10 + 120)) "two whole classes of r2" classes_after "$switched_at" 2
kill "$kiosk"; wait "$kiosk" 2>/dev/null || true

echo "fleet-release-switch: release r2 of $mb MB fetched while the kiosk played a ${hold} s hold of a 1280x720 60 fps clip"
grep -o "release r2 ready ([^)]*)" "$work/player.log" || true
python3 - "$work/events.jsonl" "$r1_from" "$desired_at" "$ready_at" <<'EOF'
import json, sys
path, r1_from, desired, ready = sys.argv[1], *map(int, sys.argv[2:])
rounds, start, steps = [], None, []
for n, line in enumerate(open(path), 1):
    e = json.loads(line)
    if e["event"] == "class_start": start, steps, completed = n, [], None
    if e["event"] == "step_start": steps.append(e["title"])
    if e["event"] == "class_end": completed = e["completed"]
    if e["event"] == "summary": rounds.append((start, n, steps, completed, e))
print(f"{'class':<8}{'when':<36}{'completed':<11}{'presented':>10}{'dropped':>9}{'max gap ms':>12}{'wall s':>9}")
for i, (a, b, steps, completed, s) in enumerate(rounds, 1):
    if b <= r1_from: continue  # the kiosk's own rotation, before r1 arrived
    if i == len(rounds) and not completed: continue  # the one the benchmark stopped
    if not any(t.startswith("Bench class") for t in steps):
        when = "attract card only (ended to switch)"
    elif b <= desired: when = "before"
    elif a <= ready: when = "DURING the download"
    else: when = "after the switch"  # it comes at the first boundary after the download
    print(f"{i:<8}{when:<36}{str(completed):<11}{s['frames_presented']:>10}{s['frames_dropped']:>9}"
          f"{s['max_transition_gap_ms']:>12}{s['wall_s']:>9}")
EOF
