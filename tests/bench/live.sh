#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: live.sh [SECONDS]     seconds a run (default 10)
#
# The live benchmark: bench-live (tests/bench/live.c) at 640x480, 1280x720
# and 1920x1080, masks at full and at a quarter of the size, on a quiet
# machine and on a busy one (two shell loops loading both cores, for the
# run only); then 30 s at 640x480 with the load on for the middle 10 s,
# the latency answered each second: it follows the load, then comes back.
#
# Prints one line a run (see live.c) and writes nothing. The machine is
# shared: the figures are what it gave then, not a test. bench-live builds
# its own pipeline: SISEG_PROPS does not reach it.
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "live: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

S=${1:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_ROOT:-$ROOT/build}
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$BUILD/gst}"
BENCH="$BUILD/tests/bench/bench-live"
LOAD=""

load_on () {
  sh -c 'while :; do :; done' & LOAD="$!"
  sh -c 'while :; do :; done' & LOAD="$LOAD $!"
}

load_off () {
  # shellcheck disable=SC2086 # two process ids
  [ -z "$LOAD" ] || kill $LOAD
  LOAD=""
}
trap load_off EXIT INT TERM

runs () {
  for size in 640x480 1280x720 1920x1080; do
    for k in 1 4; do
      "$BENCH" --size $size --mask-scale $k --seconds "$S"
    done
  done
}

echo "live: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== quiet"
runs
echo "== busy (two busy loops)"
load_on
runs
load_off
echo "== 640x480, masks 1/1, busy from 10 s to 20 s"
( sleep 10; load_on; sleep 10; load_off ) &
"$BENCH" --size 640x480 --seconds 30 --timeline
wait
