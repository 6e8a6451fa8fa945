#!/usr/bin/env bash
# README command 2: set up a fresh Debian 12 machine, build, and run every test with ctest.
# The tests generate what media they need themselves (ctest fixtures), so this is all it takes.
set -euo pipefail
cd "$(dirname "$0")/.."

platform/setup-debian.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLASSPLAYER_WERROR=ON >/dev/null
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
