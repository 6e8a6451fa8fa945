#!/usr/bin/env bash
# CI, after the README's test command: the same suite built with ASan + UBSan (the `asan` preset:
# unit, headless integration, bad-media corpus, a short soak), then each libFuzzer target for a while.
#   platform/run-sanitized-tests.sh                  FUZZ_SECONDS=60 each by default
#   FUZZ_SECONDS=0 platform/run-sanitized-tests.sh   sanitizer suite only
#   SOAK_HOURS=1 platform/run-sanitized-tests.sh     a longer soak in ctest (default 0.25 h of class time)
# The desktop tests (a real Xvfb window) are left to the normal build: they test the window, not
# memory, and every path they drive is also driven headless here.
# On 2 cores (a loaded shared machine) this took about 30 minutes: build 11, ctest 15, fuzz 4
# (docs/reliability.md has the figures); each phase prints its own wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
platform/setup-debian.sh >/dev/null

phase_start=$SECONDS
phase_done() { echo "sanitized: $1 took $((SECONDS - phase_start)) s"; phase_start=$SECONDS; }

cmake --preset asan -DCLASSPLAYER_SOAK_HOURS="${SOAK_HOURS:-0.25}" >/dev/null
cmake --build build-asan -j"$(nproc)"
phase_done "configure and build"
ctest --preset asan -j"$(nproc)" -E '^desktop\.'
phase_done "ctest under ASan + UBSan"

if [[ "${FUZZ_SECONDS:-60}" != 0 ]]; then
  tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"
  phase_done "fuzzing (${FUZZ_SECONDS:-60} s a target)"
fi
