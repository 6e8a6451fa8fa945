#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for SECONDS.
#   tests/fuzz/run.sh [SECONDS]        default 60 each (CI); FUZZ_SECONDS does the same
# Seeds: the shipped playlists, tests/fuzz/seeds/ and every past regression. The growing corpus
# lives in build-fuzz/corpus/ (not committed). A crash stops the run with exit 1 and leaves
# build-fuzz/crash-*: fix it, then copy the input into tests/fuzz/regressions/<target>/ so the
# Catch2 suite replays it for ever.
# clang 16: libstdc++ 12's <expected> needs conditionally trivial special members (P0848), which
# clang 14 lacks; clang 16 has them but still reports __cpp_concepts 201907, so it is told here.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-${FUZZ_SECONDS:-60}}"
build=build-fuzz
cxx=clang++-16
command -v "$cxx" >/dev/null || { echo "fuzz: $cxx missing: run platform/setup-debian.sh" >&2; exit 1; }

flags="-U__cpp_concepts -D__cpp_concepts=202002L -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug \
  -DCLASSPLAYER_FUZZ=ON -DCLASSPLAYER_WERROR=OFF -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build "$build" -j2 --target fuzz_playlist fuzz_key_script >/dev/null

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
run() {  # target, seed folders...
  local target=$1; shift
  local corpus="$build/corpus/$target" regressions="${*: -1}" started="$build/$target.started"
  touch "$started"
  mkdir -p "$corpus"
  for seed in "$@"; do cp -n "$seed"/* "$corpus"/ 2>/dev/null || true; done
  echo "fuzz: $target for ${seconds} s"
  # -timeout: an input that takes 10 s is a hang; -rss_limit_mb: a blow-up is a finding too.
  if ! "$build/tests/fuzz/$target" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$PWD/$build/crash-$target-" -print_final_stats=1 2>"$build/$target.log"; then
    tail -60 "$build/$target.log"
    # The input is the finding: name where it was kept and print it whole (CI's workspace may be
    # gone by the time someone reads the log; max_len keeps it under 64 kB).
    local found=false
    for input in "$PWD/$build/crash-$target-"*; do
      [[ -f "$input" && "$input" -nt "$started" ]] || continue  # not an earlier run's
      found=true
      echo "fuzz: $target FAILED; the input is kept at $input ($(stat -c %s "$input") bytes), base64:"
      base64 -w 100 "$input"
      echo "fuzz: fix it, then copy it into $regressions/ (see this script's header)"
    done
    $found || echo "fuzz: $target FAILED without leaving an input (see $PWD/$build/$target.log)"
    return 1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)" "$build/$target.log" | tr '\n' ' '
  echo
}
status=0
run fuzz_playlist playlists tests/fuzz/regressions/playlist || status=1
run fuzz_key_script tests/fuzz/seeds/keys tests/fuzz/regressions/keys || status=1
exit $status
