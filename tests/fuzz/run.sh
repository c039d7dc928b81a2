#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Runs the libFuzzer targets for RUNS inputs each and prints, per target,
# the inputs tried, the crashes and the mismatches (OpenCL and the C
# reference disagreeing). Exits 1 if any.
#
#   run.sh [RUNS] [core|parse ...]     RUNS default 10^6, both targets
#
# The targets live in ./build-fuzz (BUILD_ROOT overrides), made on first
# use: CC=clang-14 meson setup build-fuzz -Dfuzz=enabled
# -Db_sanitize=address,undefined. They start from the seeds in
# tests/fuzz/corpus-*; what they learn goes to a temporary corpus, the
# inputs that fail and their logs to BUILD/tests/fuzz/artifacts-TARGET/.
# After a failure the target starts again (a new seed) on the inputs
# left, up to 10 failures. Kernels are cached in SISEG_CACHE_DIR (default
# BUILD/tests/fuzz/kernel-cache).
set -u

RUNS=${1:-1000000}
case $RUNS in
  '' | *[!0-9]* | 0) echo "usage: run.sh [RUNS] [core|parse ...]" >&2; exit 2 ;;
esac
[ $# -gt 0 ] && shift
TARGETS=${*:-core parse}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_ROOT:-$ROOT/build-fuzz}
export SISEG_CACHE_DIR="${SISEG_CACHE_DIR:-$BUILD/tests/fuzz/kernel-cache}"
# UBSan stops at its first report, as the sanitizer run does; PoCL's own
# allocations at exit are not ours
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$ROOT/tests/fuzz/lsan.supp

if [ ! -f "$BUILD/build.ninja" ]; then
  CC=${CC:-clang-14} meson setup "$BUILD" "$ROOT" -Dfuzz=enabled \
    -Db_lundef=false -Db_sanitize=address,undefined >/dev/null || exit 1
fi
ninja -C "$BUILD" >/dev/null || exit 1

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT INT TERM

status=0
for t in $TARGETS; do
  case $t in
    core) max_len=512 ;;
    parse) max_len=1024 ;;
    *) echo "run.sh: no target $t" >&2; exit 2 ;;
  esac
  bin=$BUILD/tests/fuzz/fuzz-$t
  art=$BUILD/tests/fuzz/artifacts-$t
  mkdir -p "$WORK/$t" "$art"
  left=$RUNS tried=0 crashes=0 mismatches=0 seed=1
  while [ "$left" -gt 0 ] && [ $((crashes + mismatches)) -lt 10 ]; do
    "$bin" -runs="$left" -seed=$seed -max_len=$max_len -timeout=120 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$art/" \
      "$WORK/$t" "$ROOT/tests/fuzz/corpus-$t" >"$WORK/log" 2>&1
    rc=$?
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/log" |
      tail -n 1)
    if [ -z "$n" ]; then
      echo "fuzz-$t: ended without its statistics:" >&2
      tail -n 20 "$WORK/log" >&2
      crashes=$((crashes + 1))
      break
    fi
    tried=$((tried + n))
    left=$((left - n))
    [ $rc -eq 0 ] && break
    if grep -q "siseg-fuzz: mismatch" "$WORK/log"; then
      mismatches=$((mismatches + 1))
    else
      crashes=$((crashes + 1))
    fi
    cp "$WORK/log" "$art/log-$seed"
    grep -E "siseg-fuzz:|ERROR:|runtime error|SUMMARY|Test unit written" \
      "$WORK/log" | head -n 8 >&2
    echo "fuzz-$t: the whole log in $art/log-$seed" >&2
    seed=$((seed + 1))
  done
  echo "fuzz-$t: $tried inputs tried, $crashes crashes, $mismatches mismatches"
  [ $((crashes + mismatches)) -eq 0 ] || status=1
done
exit $status
