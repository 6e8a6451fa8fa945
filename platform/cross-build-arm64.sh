#!/usr/bin/env bash
# The player for 64-bit ARM (Raspberry Pi 4/5 and the like), built on an x86-64 Debian 12 machine,
# with its unit tests run under qemu-user:
#   platform/cross-build-arm64.sh [BUILD_DIR]          (default: build-arm64)
# 1. platform/setup-debian.sh --arm64-cross: cross g++, qemu-user, the libraries as :arm64.
# 2. Configure with platform/toolchain-aarch64.cmake; fail if any x86-64 library slipped in.
# 3. Build classplayer (the whole player links for arm64) and the unit test executables; Catch2
#    lists each binary's tests by running it through the toolchain's emulator (qemu-aarch64 -L /).
# 4. The arm64 classplayer under qemu: --version, and plan of the shipped class for a profile.
# 5. ctest runs the unit tests under qemu, each with a timeout that kills (SIGKILL, whole tree).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-arm64}
say() { printf 'cross-build-arm64: %s\n' "$*"; }
fail() { printf 'cross-build-arm64: FAIL: %s\n' "$*" >&2; exit 1; }

# The test suites, by their ctest name prefix (tests/*/CMakeLists.txt).
# Run under qemu: every unit suite, built from these targets...
unit_targets=(app_tests audio_tests class_tests content_tests fuzz_replay_tests history_tests home_tests
              input_tests media_tests playback_tests pose_tests ui_tests)
unit_suites=(app audio class content fuzz history home input media playback pose ui
             # ...and the import check, which reads the arm64 binary with nm (no emulator needed).
             security)
# Not run here, each for a reason:
#   integration  starts the classplayer binary as a child process, which needs binfmt to run an
#                arm64 program (not registered on CI), and plays whole classes: far too slow
#                emulated. The arm64 binary is run below instead, through qemu explicitly.
#   desktop      a real window under Xvfb with xdotool: the host build covers it.
#   soak         hours of class time, meant for the sanitizer build.
#   figure       the demonstrations as drawn (cairo): the demonstrator is a tool of the machine
#                that makes the media, not cross-built (media/CMakeLists.txt).
#   fleet        its broker tests start the classplayer binary (fleet simulate, a kiosk) as child
#                processes, as integration does; the fleet room is built into the arm64 player.
not_run_suites=(integration desktop soak figure fleet)
# ...and so their executables are not built here (ctest lists them as NAME_NOT_BUILT-HASH).
not_built_executables=(integration_tests fleet_tests)

platform/setup-debian.sh --arm64-cross

# A hung build step (Catch2's test listing runs each test binary under qemu) must fail CI rather
# than use up its time: timeout's SIGKILL reaches the whole process group, qemu included.
guard() { timeout -s KILL "$@"; }

say "configure $build (aarch64-linux-gnu-g++, arm64 libraries)"
cmake -S . -B "$build" --toolchain platform/toolchain-aarch64.cmake \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLASSPLAYER_WERROR=ON >/dev/null
# Every library, header and package file found must be the arm64 one (or architecture-free).
if leaked=$(grep -n 'x86_64-linux-gnu' "$build/CMakeCache.txt"); then
  fail "host (x86-64) files found by the arm64 configure in $build/CMakeCache.txt:"$'\n'"$leaked"
fi

say "build classplayer and ${#unit_targets[@]} unit test executables"
guard 40m cmake --build "$build" -j2 --target classplayer "${unit_targets[@]}"

binary_type=$(file -b "$build/classplayer")
[[ $binary_type == *"ARM aarch64"* ]] || fail "$build/classplayer is not an aarch64 program: $binary_type"
say "$build/classplayer: ${binary_type%%,*}, ARM aarch64"

# Every ctest suite is either run or named above with its reason: a new suite cannot be left out
# unnoticed. A Catch2 executable that was not built shows up as TARGET_NOT_BUILT-HASH.
all_tests=$(ctest --test-dir "$build" -N | sed -n 's/^ *Test *#[0-9]*: //p')
while IFS= read -r name; do
  suite=${name%%[.:]*}
  if [[ $suite == *_NOT_BUILT-* ]]; then
    [[ " ${not_built_executables[*]} " == *" ${suite%_NOT_BUILT-*} "* ]] && continue
    fail "test executable ${suite%_NOT_BUILT-*} is not built here: add it to unit_targets in $0, or say why not"
  fi
  if [[ " ${unit_suites[*]} ${not_run_suites[*]} " != *" $suite "* ]]; then
    fail "ctest suite '$suite' ($name) is neither run nor excluded in $0"
  fi
done <<<"$all_tests"

# The player itself on ARM, through the same emulator ctest uses.
qemu=$(command -v qemu-aarch64 || command -v qemu-aarch64-static) || fail "qemu-aarch64 not found (platform/setup-debian.sh --arm64-cross)"
run_arm64() { guard 120 "$qemu" -L / "$build/classplayer" "$@"; }
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
got=$(run_arm64 --version) || fail "arm64 classplayer --version exited $?"
[[ $got == "classplayer $version" ]] || fail "arm64 classplayer --version said '$got', expected 'classplayer $version'"
say "arm64 classplayer --version: $got"

# plan checks that every clip and cue file is there, so the demo media comes first (host tools;
# incremental: seconds when run-tests.sh already made it).
guard 15m media/generate.sh playlists/middle-back.json >/dev/null
plan=$(run_arm64 plan playlists/middle-back.json --profile low-bone-density) \
  || fail "arm64 classplayer plan exited $?:"$'\n'"$plan"
printf '%s\n' "$plan"
grep -q 'for low-bone-density' <<<"$plan" || fail "the arm64 plan does not name the profile low-bone-density"
grep -q 'why: Low bone density' <<<"$plan" || fail "the arm64 plan swapped nothing for low bone density"

# Media tests decode clips that the host's ffmpeg generates (media.corpus, a ctest fixture).
# --timeout applies to tests that set no TIMEOUT of their own; ctest kills with SIGKILL, which a
# hung qemu cannot ignore.
regex="^($(IFS='|'; echo "${unit_suites[*]}"))[.:]"
say "unit tests under qemu: ctest -R '$regex'"
ctest --test-dir "$build" --output-on-failure -j2 --timeout 300 -R "$regex"
