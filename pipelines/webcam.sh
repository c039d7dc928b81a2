#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# webcam.sh [DEVICE | VIDEO_FILE]
#
# People in front of a camera, split into instances: the camera (DEVICE,
# default /dev/video0) or a video file is tee'd into sisegment's sink pad
# and into sisegmodel, which runs a segmentation model (MODEL, default
# models/selfie-segmentation.onnx, MediaPipe's Selfie Segmentation: run
# tools/get-model.sh once) and gives sisegment its class map. The drawn
# video goes to SINK (default autovideosink); JSON, when set, is the JSON
# Lines file of the instances. MODEL_PROPS adds sisegmodel properties
# (another model's input size, mean, class-map ...).
#
# A camera runs live: frames are SIZE (default 640x480), leaky queues drop
# frames rather than build a backlog, sisegment draws with the latest mask
# (mask-policy=reuse). A file runs frame by frame, each with its own mask.
#
#   webcam.sh                                  # /dev/video0, on screen
#   SINK="vp8enc ! webmmux ! filesink location=out.webm" \
#       webcam.sh clip.mp4
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

SOURCE=${1:-/dev/video0}
MODEL=${MODEL:-$ROOT/models/selfie-segmentation.onnx}
MODEL_PROPS=${MODEL_PROPS:-}
SINK=${SINK:-autovideosink}
JSON=${JSON:-}
SIZE=${SIZE:-640x480}

if [ ! -f "$MODEL" ]; then
  echo "webcam: no model $MODEL: run tools/get-model.sh, or set MODEL" >&2
  exit 1
fi

if [ -c "$SOURCE" ]; then
  CAMERA=(v4l2src device="$SOURCE" ! videoconvert ! videoscale
    ! "video/x-raw,width=${SIZE%x*},height=${SIZE#*x}")
  QUEUE=(queue leaky=downstream max-size-buffers=1 max-size-bytes=0
    max-size-time=0)
  POLICY="reuse"
elif [ -f "$SOURCE" ]; then
  CAMERA=(filesrc location="$SOURCE" ! decodebin ! videoconvert)
  QUEUE=(queue)
  POLICY="wait"
else
  echo "webcam: $SOURCE is neither a camera device nor a file" >&2
  exit 1
fi

# shellcheck disable=SC2086 # SINK and MODEL_PROPS are gst-launch words
gst-launch-1.0 -q -e \
  sisegment name=s mask-policy=$POLICY ${JSON:+json-location="$JSON"} \
    ! "${QUEUE[@]}" ! videoconvert ! $SINK \
  "${CAMERA[@]}" ! video/x-raw,format=BGRx ! tee name=t \
  t. ! "${QUEUE[@]}" ! s.sink \
  t. ! "${QUEUE[@]}" ! sisegmodel model="$MODEL" $MODEL_PROPS ! s.mask

echo "webcam: done${JSON:+, wrote $JSON}"
