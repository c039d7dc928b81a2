#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: live.sh [FRAMES] [OUTPUT.jsonl]
#
# A live source (CAMERA, default the synthetic scene at 640x480, 30 fps, live)
# is tee'd into sisegment's sink pad and into a segmentation branch whose
# class mask goes to sisegment's mask pad. Leaky queues drop frames rather
# than build a backlog; mask-policy=reuse draws with the latest mask when the
# branch falls behind. Per-frame instances go to OUTPUT.jsonl (default
# live.jsonl), the drawn video to SINK (default fakesink). FRAMES (default
# 150; 0: until interrupted) bounds the default camera's run.
#
# MODEL is the segmentation branch as a gst-launch fragment, frames in and
# GRAY8 class masks out (a DeepStream, NNStreamer or ONNX branch, for
# example). siseg ships no model: with MODEL empty (the default) the stand-in
# is a perfect one, a second live sisegtestsrc giving the scene's own class
# mask at a quarter size, in step with the camera.
#
# SISEG_PROPS adds sisegment properties (gst-launch words), e.g.
# SISEG_PROPS="draw-boxes=true tracking=true".
#
#   CAMERA="v4l2src num-buffers=300 ! videoconvert" MODEL="..." \
#       SINK=autovideosink live.sh
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "live: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

FRAMES=${1:-150}
OUT=${2:-live.jsonl}
SEED=${SEED:-0}
NUM_BUFFERS=$FRAMES
[ "$FRAMES" != 0 ] || NUM_BUFFERS=-1
CAMERA=${CAMERA:-sisegtestsrc is-live=true seed=$SEED num-buffers=$NUM_BUFFERS \
! video/x-raw,width=640,height=480,framerate=30/1}
MODEL=${MODEL:-}
SISEG_PROPS=${SISEG_PROPS:-}
SINK=${SINK:-fakesink sync=true}
LEAKY="queue leaky=downstream max-size-buffers=2 max-size-bytes=0 \
max-size-time=0"

if [ -n "$MODEL" ]; then
  MASK_BRANCH="t. ! $LEAKY ! $MODEL ! $LEAKY ! s.mask"
else
  MASK_BRANCH="sisegtestsrc is-live=true output=mask seed=$SEED \
num-buffers=$NUM_BUFFERS ! video/x-raw,width=160,height=120,framerate=30/1 \
! $LEAKY ! s.mask"
fi

# shellcheck disable=SC2086 # the fragments are gst-launch words
gst-launch-1.0 -q -e \
  sisegment name=s mask-policy=reuse json-location="$OUT" $SISEG_PROPS \
    ! $LEAKY ! videoconvert ! $SINK \
  $CAMERA ! tee name=t \
  t. ! $LEAKY ! s.sink \
  $MASK_BRANCH

echo "live: wrote $OUT"
