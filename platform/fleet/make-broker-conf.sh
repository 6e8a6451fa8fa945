#!/usr/bin/env bash
# Writes a Mosquitto config and ACL for the fleet from mosquitto.conf.in and acl.in.
#   make-broker-conf.sh OUT_DIR --certs DIR [--port 8883] [--bind ADDRESS] [--prefix classplayer/v1] [--admin fleet.admin] [--run-as USER]
# Then: mosquitto -c OUT_DIR/mosquitto.conf
# A clinic runs it once (OUT_DIR /etc/mosquitto/conf.d-style); the tests each run it with their own port.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $0 OUT_DIR --certs DIR [--port N] [--bind ADDRESS] [--prefix P] [--admin CN] [--run-as USER]" >&2; exit 2; }
(($# >= 1)) || usage
out=$1; shift
certs="" port=8883 bind="" prefix=classplayer/v1 admin=fleet.admin run_as=$(id -un)
while (($#)); do
  case "$1" in
    --certs) certs=${2:?}; shift 2 ;;
    --port) port=${2:?}; shift 2 ;;
    --bind) bind=${2:?}; shift 2 ;;
    --prefix) prefix=${2:?}; shift 2 ;;
    --admin) admin=${2:?}; shift 2 ;;
    --run-as) run_as=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
[[ -n "$certs" ]] || usage
[[ "$port" =~ ^[0-9]+$ ]] || { echo "$0: --port must be a number" >&2; exit 2; }
[[ "$prefix" =~ ^[A-Za-z0-9._/-]+$ && "$admin" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "$0: bad --prefix or --admin" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd); certs=$(cd "$certs" && pwd)
sed -e "s|@PORT@|$port|" -e "s|@BIND@|$bind|" -e "s|@CERTS@|$certs|g" -e "s|@DIR@|$out|g" -e "s|@RUN_AS@|$run_as|" \
  "$here/mosquitto.conf.in" >"$out/mosquitto.conf"
sed -e "s|@PREFIX@|$prefix|g" -e "s|@ADMIN@|$admin|g" "$here/acl.in" >"$out/acl"
chmod 600 "$out/acl"
echo "$out/mosquitto.conf"
