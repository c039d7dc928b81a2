#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: speed-element.sh [N]     N frames a run (default 120)
#
# The element end to end through gst-launch-1.0: sisegment on 1920x1080
# frames with masks at full and at quarter size, into fakesink without
# sync. Prints frames per second, time to first frame and peak memory;
# writes nothing but a temporary folder, removed.
#
# The frames and masks come from sisegtestsrc, pre-rendered once to raw
# files (8 distinct frames, read back in a loop by multifilesrc and
# rawvideoparse), so that rendering the scene is not what is measured; the
# rate of rendering alone is printed too. SISEG_PROPS adds sisegment
# properties (gst-launch words), e.g. SISEG_PROPS="draw-boxes=true".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "speed-element: unknown option $1 (see --help)" >&2; exit 2 ;;
esac
N=${1:-120}
case $N in
  '' | *[!0-9]* | 0) echo "usage: speed-element.sh [N]" >&2; exit 2 ;;
esac
SISEG_PROPS=${SISEG_PROPS:-}
W=1920
H=1080
K=8
FPS=30/1
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_ROOT:-$ROOT/build}
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$BUILD/gst}"
PY=/usr/bin/python3
TIME=/usr/bin/time

if [ ! -x "$TIME" ]; then
  echo "speed-element: $TIME is missing (Debian package 'time')" >&2
  exit 1
fi
if ! gst-inspect-1.0 sisegment >/dev/null 2>&1; then
  echo "speed-element: no sisegment element in $GST_PLUGIN_PATH" >&2
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/siseg-speed-element-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

# Runs gst-launch-1.0 -v "$@" and prints its rates (launch-rate.py).
measure () {
  "$PY" "$ROOT/tests/bench/launch-rate.py" "$@"
}

# pre_render OUTPUT CAPS NAME: K buffers of sisegtestsrc into NAME-%d.raw
pre_render () {
  gst-launch-1.0 -q sisegtestsrc output="$1" num-buffers="$K" ! "$2" ! \
      multifilesink location="$TMP/$3-%d.raw"
}

# src NAME CAPS: the pre-rendered files, looped, N buffers with timestamps.
# No queue: each source pushes from its own thread into the element's pad,
# which holds one buffer, so reading runs beside processing; a queue only
# adds 1080p frames held in memory (a default one up to 10 MB).
src () {
  echo multifilesrc location="$TMP/$1-%d.raw" loop=true stop-index=$((K - 1)) \
      num-buffers="$N" caps="$2" ! rawvideoparse use-sink-caps=true
}

FRAME_CAPS="video/x-raw,format=BGRx,width=$W,height=$H,framerate=$FPS"
MASK_CAPS="video/x-raw,format=GRAY8,width=$W,height=$H,framerate=$FPS"
QMASK_CAPS="video/x-raw,format=GRAY8,width=$((W / 4)),height=$((H / 4)),framerate=$FPS"

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "OpenCL: $(clinfo -l 2>/dev/null | sed -n 's/.*Device #[0-9]*: //p' | head -1)"
echo "sisegment: $N frames ${W}x${H} BGRx, $K distinct frames looped" \
  "${SISEG_PROPS:+, $SISEG_PROPS}"

echo "rendering alone (sisegtestsrc ! fakesink, frames):"
measure sisegtestsrc output=frame num-buffers="$N" ! "$FRAME_CAPS" ! \
    fakesink sync=false silent=false

pre_render frame "$FRAME_CAPS" frame
pre_render mask "$MASK_CAPS" mask
pre_render mask "$QMASK_CAPS" qmask

echo "reading back alone (frames and masks, no sisegment):"
# shellcheck disable=SC2046
measure $(src frame "$FRAME_CAPS") ! fakesink sync=false silent=false \
    $(src mask "$MASK_CAPS") ! fakesink sync=false

echo "sisegment, masks ${W}x${H}:"
# shellcheck disable=SC2046,SC2086 # gst-launch words
measure sisegment name=seg $SISEG_PROPS ! fakesink sync=false silent=false \
    $(src frame "$FRAME_CAPS") ! seg.sink $(src mask "$MASK_CAPS") ! seg.mask

echo "sisegment, masks $((W / 4))x$((H / 4)):"
# shellcheck disable=SC2046,SC2086 # gst-launch words
measure sisegment name=seg $SISEG_PROPS ! fakesink sync=false silent=false \
    $(src frame "$FRAME_CAPS") ! seg.sink $(src qmask "$QMASK_CAPS") ! seg.mask
