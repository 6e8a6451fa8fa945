#!/usr/bin/env bash
# Makes a clinic's certificates for the fleet broker (EC P-256 keys: small and fast to make on a
# board). Everything is signed by one clinic CA; the broker trusts only that CA, and each
# certificate's CN is the identity the broker's ACL knows (use_identity_as_username).
#   make-certs.sh DIR --broker-host NAME_OR_IP [--admin CN] [--screens ID,ID,...] [--days N]
#   make-certs.sh DIR --screens ID,...      add screens to an existing DIR (its CA is reused)
# Writes DIR/ca.crt, DIR/ca.key (keep this one offline), DIR/broker.crt|key,
# DIR/<admin CN>.crt|key (default fleet.admin) and DIR/<screen id>.crt|key.
# Screen ids are topic levels: [A-Za-z0-9_-] only. The admin CN holds a '.', which no screen id
# can, so a screen certificate can never be mistaken for the admin's.
set -euo pipefail

usage() { echo "usage: $0 DIR [--broker-host NAME_OR_IP] [--admin CN] [--screens ID,ID,...] [--days N]" >&2; exit 2; }
(($# >= 1)) || usage
dir=$1; shift
broker_host="" admin="" screens="" days=825
while (($#)); do
  case "$1" in
    --broker-host) broker_host=${2:?}; shift 2 ;;
    --admin) admin=${2:?}; shift 2 ;;
    --screens) screens=${2:?}; shift 2 ;;
    --days) days=${2:?}; shift 2 ;;
    *) usage ;;
  esac
done
mkdir -p "$dir"
umask 077

if [[ ! -f "$dir/ca.key" ]]; then
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/ca.key"
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days "$days" -subj "/CN=classplayer clinic CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$dir/ca.crt"
fi

# sign NAME CN EXTENSIONS: a key and a certificate signed by the CA.
sign() {
  local name=$1 cn=$2 ext=$3
  openssl ecparam -name prime256v1 -genkey -noout -out "$dir/$name.key"
  openssl req -new -key "$dir/$name.key" -subj "/CN=$cn" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -sha256 \
    -days "$days" -extfile <(printf '%s\n' "$ext") -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr"
}

if [[ -n "$broker_host" ]]; then
  # The screens check the broker's name: an IP address goes in as IP:, a name as DNS:.
  if [[ "$broker_host" =~ ^[0-9.]+$ || "$broker_host" == *:* ]]; then san="IP:$broker_host"; else san="DNS:$broker_host"; fi
  sign broker "$broker_host" "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"
fi
client_ext="basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
if [[ -n "$admin" || -n "$broker_host" ]]; then
  admin=${admin:-fleet.admin}
  sign "$admin" "$admin" "$client_ext"
fi
if [[ -n "$screens" ]]; then
  IFS=, read -ra ids <<<"$screens"
  for id in "${ids[@]}"; do
    [[ "$id" =~ ^[A-Za-z0-9_-]{1,64}$ ]] || { echo "$0: screen id '$id': only A-Z a-z 0-9 - _ (1-64)" >&2; exit 2; }
    sign "$id" "$id" "$client_ext"
  done
fi
chmod 644 "$dir"/*.crt
echo "certificates in $dir"
