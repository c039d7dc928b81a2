#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: soak.sh MINUTES [OUT_DIR]
#
# A soak: sisegment for MINUTES minutes (a decimal, e.g. 0.5, is fine) on
# the moving synthetic scene at SIZE (default 1920x1080, BGRx) with masks at
# a quarter of its size, tracking=true and a JSON Lines file, into fakesink;
# then it prints:
#   - the RSS slope: least squares over the samples after the first minute
#     (all of them in a shorter run), KiB per minute;
#   - RSS first, last and max, sampled every SAMPLE (default 10) seconds;
#   - frames in and out (pad probes on sisegment's sink and src pads) and
#     the lines of the JSON file.
# Exits 1 if the pipeline failed, frames out != frames in or JSON lines !=
# frames out; 2 on a usage error.
#
# The pipeline runs in tests/bench/soak.py (python3-gi: the pipeline
# gst-launch-1.0 would run, with exact counts; the RSS is that process's).
# Not live: the sources make frames as fast as sisegment takes them, so a
# run is as many frames as the machine can do (more chances to leak than
# 30 fps), and none is dropped by design: live, QoS drops late frames and
# frames in != out would mean nothing. At the end it sends EOS and waits,
# so every frame in flight comes out; Ctrl-C ends it early the same way.
#
# Writes OUT_DIR/rss.tsv (seconds, KiB) and OUT_DIR/out.jsonl; OUT_DIR
# defaults to a temporary folder, removed. SISEG_PROPS adds sisegment
# properties (gst-launch words), e.g. SISEG_PROPS="draw-boxes=true".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  '' | -*) echo "usage: soak.sh MINUTES [OUT_DIR] (see --help)" >&2; exit 2 ;;
esac
MINUTES=$1
if ! SECONDS_TOTAL=$(awk -v m="$MINUTES" \
    'BEGIN { if (m !~ /^[0-9]*\.?[0-9]+$/ || m <= 0) exit 1;
             printf "%.1f", m * 60 }'); then
  echo "soak: MINUTES must be a positive number, not '$MINUTES'" >&2
  exit 2
fi
SIZE=${SIZE:-1920x1080}
SAMPLE=${SAMPLE:-10}
SISEG_PROPS=${SISEG_PROPS:-}
W=${SIZE%x*}
H=${SIZE#*x}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_ROOT:-$ROOT/build}
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$BUILD/gst}"

if [ -n "${2:-}" ]; then
  OUT=$2
  mkdir -p "$OUT"
else
  OUT=$(mktemp -d "${TMPDIR:-/tmp}/siseg-soak-XXXXXX")
  trap 'rm -rf "$OUT"' EXIT
fi
rm -f "$OUT/out.jsonl"

PIPELINE="sisegment name=s tracking=true json-location=$OUT/out.jsonl \
$SISEG_PROPS ! fakesink sync=false \
sisegtestsrc ! video/x-raw,format=BGRx,width=$W,height=$H,framerate=30/1 \
! s.sink \
sisegtestsrc output=mask \
! video/x-raw,width=$((W / 4)),height=$((H / 4)),framerate=30/1 ! s.mask"

echo "soak: $MINUTES min, ${W}x$H BGRx, masks $((W / 4))x$((H / 4)), \
tracking, JSON; sisegment ${SISEG_PROPS:-(defaults)}; $(nproc) cores, \
load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$ROOT/tests/bench/soak.py" "$SECONDS_TOTAL" "$SAMPLE" \
  "$OUT" "$OUT/out.jsonl" "$PIPELINE"
