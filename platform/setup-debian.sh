#!/usr/bin/env bash
# Installs every Debian 12 package classplayer needs to build, test and generate its demo media.
# Only what is missing is installed; works as root or through sudo; never asks a question.
#   platform/setup-debian.sh                build + run + test packages
#   platform/setup-debian.sh --arm64-cross  also the aarch64 cross build (platform/cross-build-arm64.sh):
#                                           cross g++, qemu-user, and the libraries below as :arm64
#   platform/setup-debian.sh --check [...]  list what is missing, install nothing (exit 1 if any)
set -euo pipefail

check=0 arm64_cross=0
for arg in "$@"; do
  case "$arg" in
    --check) check=1 ;;
    --arm64-cross) arm64_cross=1 ;;
    *) echo "setup-debian.sh: unknown option '$arg' (--check, --arm64-cross)" >&2; exit 2 ;;
  esac
done

# The libraries the player links, with their headers: the arm64 cross build needs each of these
# a second time as :arm64 (Multi-Arch: same, installed side by side with the host's).
libraries=(
  libsdl2-dev libsdl2-mixer-dev libsdl2-ttf-dev
  libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
  libspdlog-dev libfmt-dev
  # HDMI-CEC remotes (optional at build time: CLASSPLAYER_CEC)
  libcec-dev
  # systemd's notify protocol (READY=1, the watchdog)
  libsystemd-dev
  # the session record (src/history/): an embedded database that survives a power cut
  libsqlite3-dev
  # content releases (src/content/): downloads over http(s), and SHA-256 of each file (libcrypto)
  libcurl4-openssl-dev libssl-dev
  # the fleet (src/fleet/): MQTT v5 over TLS to the clinic's broker
  libmosquitto-dev
)
# Header-only and Architecture: all: the one copy serves both architectures.
header_only=(nlohmann-json3-dev libcli11-dev)

# The host's own copy is named with its architecture: with the :arm64 one installed, a bare
# name would count as installed even if the host's were missing.
host_arch=$(dpkg --print-architecture)
packages=(
  # build
  g++ cmake make pkg-config
  "${libraries[@]/%/:$host_arch}" "${header_only[@]}"
  # the .deb: its library Depends (dpkg-shlibdeps), the ELF files CPack strips (file), the man
  # page made from --help (help2man); platform/check-deb.sh installs it into a clean Debian 12
  # made by debootstrap and reads the man page with man
  dpkg-dev file help2man debootstrap man-db
  # tests (strace: the hostile-input test watches which files the player opens)
  catch2 strace
  # the content sync tests serve releases from a real web server on 127.0.0.1 (tests/content/),
  # over https too, with certificates the openssl command makes for each run
  nginx-light
  # the fleet tests start their own Mosquitto broker (tests/fleet/, tests/bench/fleet-scale.sh);
  # mosquitto-clients for looking at a broker by hand; openssl makes the test certificates
  mosquitto mosquitto-clients openssl
  # the overlay's font
  fonts-dejavu-core
  # demo media generation (and the bad-media corpus the tests make): the demonstrations'
  # figure is drawn with cairo (media/demonstrator, a host tool: not cross-built), cues are
  # spoken by Festival's HTS voice, espeak-ng the fallback
  ffmpeg jq "libcairo2-dev:$host_arch" festival festvox-us-slt-hts espeak-ng
  # fuzzing (tests/fuzz/run.sh): libFuzzer; clang 16, as clang 14 cannot compile std::expected
  clang-16 libclang-rt-16-dev
  # tests "as a person would": a real window under a virtual X server, key presses, screenshots
  xvfb xdotool x11-utils
)

if ((arm64_cross)); then
  packages+=(
    # Debian's cross compiler (g++ 12, as the host's) and qemu-user to run the arm64 tests;
    # `file` tells the script the binary really is aarch64.
    g++-aarch64-linux-gnu qemu-user file
  )
  for p in "${libraries[@]}"; do packages+=("$p:arm64"); done
fi

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
arm64_known=1
if ((arm64_cross)) && ! dpkg --print-foreign-architectures | grep -qx arm64; then arm64_known=0; fi

if ((check)); then
  ((arm64_known)) || echo "missing: the arm64 architecture (dpkg --add-architecture arm64)"
  if ((${#missing[@]})); then printf 'missing: %s\n' "${missing[*]}"; exit 1; fi
  ((arm64_known)) || exit 1
  echo "all packages present"; exit 0
fi

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
install=("${missing[@]}")
if ((arm64_cross)); then
  ((arm64_known)) || "${sudo[@]}" dpkg --add-architecture arm64
  # A pkg:arm64 must be the very version of the host's pkg (Multi-Arch: same), and the archive may
  # have moved on since the host's was installed: naming the host's libraries in the same apt-get
  # lets apt upgrade them to match instead of refusing.
  install+=("${libraries[@]}")
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${install[@]}"
