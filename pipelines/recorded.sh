#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# recorded.sh [VIDEO MASKS_DIR] [OUTPUT.webm]
#
# Recorded video with class masks from an offline model run, one PNG a frame
# (MASKS_DIR/00000.png, 00001.png, ...; 8-bit class ids, any size): sisegment
# pairs each frame with its mask, draws the instances, and the result is
# encoded to WebM. The masks' rate is FPS (default 30/1): set it to the
# video's. With no VIDEO and MASKS_DIR it first records its own from the
# synthetic scene (FRAMES frames, default 90) in a temporary folder.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

FPS=${FPS:-30/1}
FRAMES=${FRAMES:-90}

record () {
  # $1: folder to record into
  gst-launch-1.0 -q \
    sisegtestsrc num-buffers="$FRAMES" \
      ! video/x-raw,width=1280,height=720,framerate="$FPS" \
      ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
      ! filesink location="$1/video.webm" \
    sisegtestsrc output=mask num-buffers="$FRAMES" \
      ! video/x-raw,width=320,height=180,framerate="$FPS" \
      ! pngenc ! multifilesink location="$1/masks/%05d.png"
  echo "recorded: made $1/video.webm and $1/masks/ ($FRAMES frames)"
}

if [ $# -ge 2 ]; then
  VIDEO=$1
  MASKS=$2
  OUT=${3:-recorded.webm}
else
  OUT=${1:-recorded.webm}
  TMP=$(mktemp -d)
  trap 'rm -rf "$TMP"' EXIT
  mkdir -p "$TMP/masks"
  record "$TMP"
  VIDEO=$TMP/video.webm
  MASKS=$TMP/masks
fi

gst-launch-1.0 -q \
  sisegment name=s \
    ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
    ! filesink location="$OUT" \
  filesrc location="$VIDEO" ! decodebin ! videoconvert ! s.sink \
  multifilesrc location="$MASKS/%05d.png" caps="image/png,framerate=$FPS" \
    ! pngdec ! s.mask

echo "recorded: wrote $OUT"
