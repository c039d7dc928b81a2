#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: recorded.sh [VIDEO MASKS_DIR] [OUTPUT.webm]
#
# Recorded video with class masks from an offline model run, one PNG a frame
# (8-bit class ids, any size): sisegment pairs each frame with its mask,
# draws the instances, and the result is encoded to WebM, OUTPUT.webm
# (default recorded.webm). VIDEO is any file decodebin reads (MP4, WebM,
# ...). With no VIDEO and MASKS_DIR it first records its own from the
# synthetic scene (FRAMES frames, default 90) in a temporary folder.
#
# Mask names: MASKS_DIR/MASK_PATTERN, a printf pattern of the frame number
# (default %05d.png: 00000.png, 00001.png, ...), numbered from MASK_START
# (default 0) for the video's first frame, one a frame with no gaps; e.g.
# MASK_PATTERN=frame_%06d.png MASK_START=1 for frame_000001.png, ... The
# masks' rate is FPS (default 30/1): set it to the video's. SISEG_PROPS
# adds sisegment properties (gst-launch words), e.g.
# SISEG_PROPS="draw-boxes=true tracking=true".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "recorded: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

FPS=${FPS:-30/1}
FRAMES=${FRAMES:-90}
MASK_PATTERN=${MASK_PATTERN:-%05d.png}
MASK_START=${MASK_START:-0}
SISEG_PROPS=${SISEG_PROPS:-}

record () {
  # $1: folder to record into
  gst-launch-1.0 -q \
    sisegtestsrc num-buffers="$FRAMES" \
      ! video/x-raw,width=1280,height=720,framerate="$FPS" \
      ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
      ! filesink location="$1/video.webm" \
    sisegtestsrc output=mask num-buffers="$FRAMES" \
      ! video/x-raw,width=320,height=180,framerate="$FPS" \
      ! pngenc ! multifilesink location="$1/masks/$MASK_PATTERN" \
        index="$MASK_START"
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

# shellcheck disable=SC2059 # the pattern is the user's printf format
FIRST=$(printf "$MASKS/$MASK_PATTERN" "$MASK_START")
if [ ! -f "$FIRST" ]; then
  echo "recorded: no first mask $FIRST: masks are named MASK_PATTERN" \
    "(now $MASK_PATTERN) from MASK_START (now $MASK_START), see --help" >&2
  exit 1
fi

# shellcheck disable=SC2086 # SISEG_PROPS: gst-launch words
gst-launch-1.0 -q \
  sisegment name=s $SISEG_PROPS \
    ! videoconvert ! vp8enc deadline=1 target-bitrate=4000000 ! webmmux \
    ! filesink location="$OUT" \
  filesrc location="$VIDEO" ! decodebin ! videoconvert ! s.sink \
  multifilesrc location="$MASKS/$MASK_PATTERN" start-index="$MASK_START" \
    caps="image/png,framerate=$FPS" ! pngdec ! s.mask

echo "recorded: wrote $OUT"
