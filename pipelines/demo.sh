#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# demo.sh [OUTPUT.webm] [FRAMES]
#
# The main job, with no data files: the synthetic scene at 1280x720 and its
# class mask at a quarter of that (320x180) go into sisegment, which splits
# the classes into instances and draws them; the result is encoded to WebM.
# FRAMES defaults to 150 (5 s at 30 fps).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

OUT=${1:-demo.webm}
FRAMES=${2:-150}

gst-launch-1.0 -q \
  sisegment name=s \
    ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
    ! filesink location="$OUT" \
  sisegtestsrc num-buffers="$FRAMES" \
    ! video/x-raw,width=1280,height=720,framerate=30/1 ! s.sink \
  sisegtestsrc output=mask num-buffers="$FRAMES" \
    ! video/x-raw,width=320,height=180,framerate=30/1 ! s.mask

echo "demo: wrote $OUT ($FRAMES frames, 1280x720)"
