#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-oclgrind.sh OCLGRIND TEST-KERNELS: the kernel tests' small cases
# (test-kernels --small: every kernel in both its builds, span 64 and span
# 1, against the C reference) on Oclgrind's simulated device, with its
# memory checks (reads and writes out of any buffer, always on), its API
# checks and its race detector. Fails when a case fails, when the device is
# not Oclgrind's, or on any report in Oclgrind's log but one: the
# read-write races of siseg_dfm_jump, which walks its pointers in place by
# design (any value it reads is an ancestor, so a race only shortens a
# path; see kernels/dfm.cl).
#
# Oclgrind 21.10 runs LLVM's unoptimised code: on optimised code it turns
# (a <= b) & 1 of 16 lanes into 255 where it holds (siseg_cbr_band_rows
# then fails here, not on PoCL). One worker thread, so that its reports
# interleave less in the log; a fresh kernel cache, so that no binary
# built with other options is loaded.
set -u
oclgrind=$1
kernels=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

SISEG_TEST_DEVICE=Oclgrind SISEG_CACHE_DIR=$TMP/cache \
  "$oclgrind" --check-api --data-races --build-options -cl-opt-disable \
  --num-threads 1 --max-errors 1000000 --log "$TMP/log" \
  "$kernels" --small --tap >"$TMP/out" 2>&1
rc=$?
cat "$TMP/out"
fail=0
[ $rc -eq 0 ] || { echo "FAIL: test-kernels --small: exit status $rc"; fail=1; }
grep -q "^# OpenCL device: Oclgrind" "$TMP/out" || {
  echo "FAIL: the device is not Oclgrind's"; fail=1; }

# Every report names its kind on a line of its own, its details indented
# below it (the kernel's name, source lines); parts of lines can interleave
# in the log, so lines are matched, not parsed as blocks: every kind must
# be the allowed race, every kernel named siseg_dfm_jump.
kinds="race|invalid|uninitiali|error|warning|fatal|oclgrind"
races=$(grep -c "^Read-write data race" "$TMP/log")
others=$(grep -v "^[[:space:]]" "$TMP/log" | grep -v "^Read-write data race" \
  | grep -ciE "$kinds")
elsewhere=$(grep "Kernel:" "$TMP/log" | grep -vc "Kernel: siseg_dfm_jump$")
echo "# Oclgrind: $races races of siseg_dfm_jump (allowed), $others other" \
  "reports, $elsewhere in other kernels"
[ "$others" -eq 0 ] && [ "$elsewhere" -eq 0 ] || {
  echo "FAIL: Oclgrind reported errors (the first, but the allowed races):"
  awk '/^[^ \t]/ { show = !/^Read-write data race/ }
    /^\tKernel: / && $2 != "siseg_dfm_jump" { show = 1 }
    show' "$TMP/log" | head -80
  fail=1
}
exit $fail
