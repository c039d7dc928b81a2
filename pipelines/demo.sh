#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: demo.sh [OUTPUT.webm] [FRAMES]
#
# The main job, with no data files: the synthetic scene at 1280x720 and its
# class mask at a quarter of that (320x180) go into sisegment, which splits
# the classes into instances and draws them; the result is encoded to WebM.
#
# Writes OUTPUT.webm (default demo.webm). FRAMES defaults to 150 (5 s at
# 30 fps). SISEG_PROPS adds sisegment properties (gst-launch words), e.g.
# SISEG_PROPS="draw-boxes=true tracking=true".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "demo: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

OUT=${1:-demo.webm}
FRAMES=${2:-150}
SISEG_PROPS=${SISEG_PROPS:-}

# shellcheck disable=SC2086 # SISEG_PROPS: gst-launch words
gst-launch-1.0 -q \
  sisegment name=s $SISEG_PROPS \
    ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
    ! filesink location="$OUT" \
  sisegtestsrc num-buffers="$FRAMES" \
    ! video/x-raw,width=1280,height=720,framerate=30/1 ! s.sink \
  sisegtestsrc output=mask num-buffers="$FRAMES" \
    ! video/x-raw,width=320,height=180,framerate=30/1 ! s.mask

echo "demo: wrote $OUT ($FRAMES frames, 1280x720)"
