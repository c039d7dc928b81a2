#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-oom.sh: a 16384x16384 frame at max-size=16384 under a 6 GiB address
# limit, on the reference and on the default device: the pipeline ends
# with an error (exit status 1) that says how much memory was asked for
# and that max-size lowers it; never an abort. The frame is black, its
# pages touched once by videotestsrc (1 GiB).
set -u
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0

for device in reference auto; do
  (
    ulimit -v 6291456
    timeout 240 gst-launch-1.0 sisegment name=s device=$device max-size=16384 \
      ! fakesink videotestsrc num-buffers=1 pattern=black \
      ! video/x-raw,format=RGBA,width=16384,height=16384 ! s.sink \
      videotestsrc num-buffers=1 pattern=white \
      ! video/x-raw,format=GRAY8,width=64,height=64 ! s.mask
  ) >"$TMP/out" 2>&1
  rc=$?
  echo "device=$device: exit status $rc"
  grep -E "ERROR|Out of memory|GLib" "$TMP/out" | head -5
  if [ $rc -ne 1 ]; then
    echo "FAIL: device=$device: exit status $rc, want 1 (an error)"
    fail=1
  fi
  if ! grep -q "Out of memory: .* asked for .* bytes); a smaller max-size" \
      "$TMP/out"; then
    echo "FAIL: device=$device: no out-of-memory error naming max-size"
    fail=1
  fi
  if grep -q "GLib-ERROR" "$TMP/out"; then
    echo "FAIL: device=$device: GLib aborted"
    fail=1
  fi
done
exit $fail
