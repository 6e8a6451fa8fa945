#!/usr/bin/env bash
# CI, after the README's test command: the same suite built with ASan + UBSan (the `asan` preset:
# unit, headless integration, bad-media corpus, soak), then each libFuzzer target for a while.
#   platform/run-sanitized-tests.sh              FUZZ_SECONDS=60 each by default
#   FUZZ_SECONDS=0 platform/run-sanitized-tests.sh   sanitizer suite only
# The desktop test (a real Xvfb window) is left to the normal build: it tests the window, not memory.
set -euo pipefail
cd "$(dirname "$0")/.."
platform/setup-debian.sh >/dev/null

cmake --preset asan >/dev/null
cmake --build build-asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)" -E '^desktop\.'

if [[ "${FUZZ_SECONDS:-60}" != 0 ]]; then
  tests/fuzz/run.sh "${FUZZ_SECONDS:-60}"
fi
