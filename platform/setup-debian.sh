#!/usr/bin/env bash
# Installs every Debian 12 package classplayer needs to build, test and generate its demo media.
# Only what is missing is installed; works as root or through sudo; never asks a question.
#   platform/setup-debian.sh            build + run + test packages
#   platform/setup-debian.sh --check    list what is missing, install nothing (exit 1 if any)
set -euo pipefail

packages=(
  # build
  g++ cmake make pkg-config
  # libraries the player links
  libsdl2-dev libsdl2-mixer-dev libsdl2-ttf-dev
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  # HDMI-CEC remotes (optional at build time: CLASSPLAYER_CEC)
  libcec-dev
  # systemd's notify protocol (READY=1, the watchdog); the .deb's library Depends (dpkg-shlibdeps)
  libsystemd-dev dpkg-dev
  # tests
  catch2
  # the overlay's font
  fonts-dejavu-core
  # demo media generation (and the bad-media corpus the tests make)
  ffmpeg espeak-ng jq
  # fuzzing (tests/fuzz/run.sh): libFuzzer; clang 16, as clang 14 cannot compile std::expected
  clang-16 libclang-rt-16-dev
  # tests "as a person would": a real window under a virtual X server, key presses, screenshots
  xvfb xdotool x11-utils
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ "${1:-}" == "--check" ]]; then
  if ((${#missing[@]})); then printf 'missing: %s\n' "${missing[*]}"; exit 1; fi
  echo "all packages present"; exit 0
fi

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
