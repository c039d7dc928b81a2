#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-cl-failure.sh: an OpenCL call that fails in the middle of a stream
# (injected: SISEG_CL_FAIL=N fails the process's Nth checked call: in the
# first frame for small N, later for larger ones). Each run must end with
# exit status 0, every frame out, one warning naming the C reference, and
# the very JSON of a run without a failure (the reference is bit-exact
# with the kernels), tracking on.
set -u
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

run () {
  timeout 300 gst-launch-1.0 sisegtestsrc num-buffers=30 \
    ! video/x-raw,width=160,height=120 ! s.sink \
    sisegtestsrc output=mask num-buffers=30 \
    ! video/x-raw,width=40,height=30 ! s.mask \
    sisegment name=s device=auto tracking=true json-location="$1" \
    ! fakesink >"$1.out" 2>&1
}

run "$TMP/clean.json"
rc=$?
[ $rc -eq 0 ] || { echo "FAIL: without a failure: exit status $rc"; fail=1; }
grep -q "C reference" "$TMP/clean.json.out" && {
  echo "FAIL: a warning without a failure"; fail=1; }

# the first frames' calls, one late in the stream, and one past its end
for n in 60 400 1500 1000000; do
  SISEG_CL_FAIL=$n run "$TMP/$n.json"
  rc=$?
  warned=$(grep -c "OpenCL failed; going on with the C reference" \
    "$TMP/$n.json.out")
  echo "SISEG_CL_FAIL=$n: exit status $rc, warnings $warned," \
    "$(wc -l <"$TMP/$n.json") frames"
  [ $rc -eq 0 ] || { echo "FAIL: exit status $rc"; cat "$TMP/$n.json.out"; fail=1; }
  want=1
  [ $n -eq 1000000 ] && want=0
  [ "$warned" -eq $want ] || { echo "FAIL: $warned warnings, want $want"; fail=1; }
  cmp -s "$TMP/clean.json" "$TMP/$n.json" || {
    echo "FAIL: the JSON differs from the run without a failure"; fail=1; }
done
exit $fail
