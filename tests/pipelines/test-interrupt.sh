#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-interrupt.sh: Ctrl-C while the kernels are being built. A live
# pipeline starts with empty kernel caches (ours and PoCL's, whose compiler
# runs the system linker) in a session of its own, SIGINT at its default
# as in a terminal's foreground job; as soon as a linker runs (or after
# 10 s, on a device without one) once the pipeline plays, its process
# group gets SIGINT, as a terminal's Ctrl-C sends it. gst-launch -e must
# end the stream and exit 0: never "Final linking ... failed" and an
# abort, never a hang.
#
# The queues are leaky, as in pipelines/live.sh and every live recipe: with
# blocking queues, the first frame's kernel build (seconds on a busy CPU)
# fills them, a source's streaming thread blocks in a push holding its
# stream lock, and gst-launch's EOS (sent holding the pipeline's state lock)
# waits for it while the sink waits for the state change to PLAYING that
# the same lock holds back: a GStreamer deadlock with any element whose
# first buffer is slow, not one of ours.
set -u
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SISEG_CACHE_DIR="$TMP/siseg-cache" POCL_CACHE_DIR="$TMP/pocl-cache"
LEAKY="queue leaky=downstream max-size-buffers=2 max-size-bytes=0 \
max-size-time=0"

setsid env --default-signal=INT,QUIT \
  gst-launch-1.0 -e sisegment name=s ! fakesink sync=true \
  sisegtestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=30/1 \
  ! tee name=t ! $LEAKY ! s.sink \
  sisegtestsrc is-live=true output=mask \
  ! video/x-raw,width=80,height=60,framerate=30/1 ! $LEAKY ! s.mask \
  >"$TMP/out" 2>&1 &
pid=$!

# once PLAYING (gst-launch handles SIGINT from then on), at the first
# linker run for the first frames' kernels, or after 10 s without one
for _ in $(seq 3000); do
  grep -q "Setting pipeline to PLAYING" "$TMP/out" && break
  sleep 0.1
done
linker=no
for _ in $(seq 200); do
  for child in $(pgrep -P $pid); do
    case $(cat /proc/"$child"/comm 2>/dev/null) in
      ld | ld.* | collect2) linker=yes ;;
    esac
  done
  [ $linker = yes ] && break
  sleep 0.05
done
echo "interrupt: linker running: $linker"
kill -INT -- -$pid

# a hang is killed after 120 s; the watchdog ends with the pipeline
( for _ in $(seq 1200); do
    kill -0 $pid 2>/dev/null || exit 0
    sleep 0.1
  done
  kill -KILL -- -$pid ) >/dev/null 2>&1 &
wait $pid
rc=$?
cat "$TMP/out"
echo "interrupt: exit status $rc"
fail=0
if [ $rc -ne 0 ]; then
  echo "FAIL: exit status $rc, want 0 (EOS after the interrupt)"
  fail=1
fi
if grep -qiE "final linking|aborted|GLib-ERROR" "$TMP/out"; then
  echo "FAIL: the interrupt broke a kernel build"
  fail=1
fi
exit $fail
