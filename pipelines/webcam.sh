#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: webcam.sh [DEVICE | VIDEO_FILE | URI]
#
# People in front of a camera, split into instances: the camera (DEVICE,
# default /dev/video0), a video file or a stream (a URI such as
# rtsp://camera/stream, through uridecodebin) is tee'd into sisegment's
# sink pad and into sisegmodel, which runs a segmentation model (MODEL, default
# models/selfie-segmentation.onnx, MediaPipe's Selfie Segmentation: run
# tools/get-model.sh once) and gives sisegment its class map. The drawn
# video goes to SINK (default autovideosink); JSON, when set, is the JSON
# Lines file of the instances; nothing else is written. SISEG_PROPS adds
# sisegment properties (gst-launch words), e.g. SISEG_PROPS="draw-boxes=true
# tracking=true"; MODEL_PROPS sisegmodel's (another model's input size,
# mean, class-map ...).
#
# A camera or a stream runs live: frames are SIZE (default 640x480), leaky
# queues drop frames rather than build a backlog, sisegment draws with the
# latest mask (mask-policy=reuse). A file runs frame by frame, each with its
# own mask.
#
#   webcam.sh                                  # /dev/video0, on screen
#   webcam.sh rtsp://camera.local:8554/stream  # a network camera
#   SINK="vp8enc ! webmmux ! filesink location=out.webm" \
#       webcam.sh clip.mp4
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "webcam: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

SOURCE=${1:-/dev/video0}
MODEL=${MODEL:-$ROOT/models/selfie-segmentation.onnx}
MODEL_PROPS=${MODEL_PROPS:-}
SINK=${SINK:-autovideosink}
JSON=${JSON:-}
SISEG_PROPS=${SISEG_PROPS:-}
SIZE=${SIZE:-640x480}

if [ ! -f "$MODEL" ]; then
  echo "webcam: no model $MODEL: run tools/get-model.sh, or set MODEL" >&2
  exit 1
fi

# one caps filter after the source: gst-launch-1.0 takes no two in a row
LIVE_QUEUE=(queue leaky=downstream max-size-buffers=1 max-size-bytes=0
  max-size-time=0)
LIVE_CAPS="video/x-raw,format=BGRx,width=${SIZE%x*},height=${SIZE#*x}"
if [ -c "$SOURCE" ]; then
  CAMERA=(v4l2src device="$SOURCE" ! videoconvert ! videoscale)
  CAPS=$LIVE_CAPS
  QUEUE=("${LIVE_QUEUE[@]}")
  POLICY="reuse"
elif [[ $SOURCE == *://* ]]; then
  CAMERA=(uridecodebin uri="$SOURCE" ! videoconvert ! videoscale)
  CAPS=$LIVE_CAPS
  QUEUE=("${LIVE_QUEUE[@]}")
  POLICY="reuse"
elif [ -f "$SOURCE" ]; then
  CAMERA=(filesrc location="$SOURCE" ! decodebin ! videoconvert)
  CAPS="video/x-raw,format=BGRx"
  QUEUE=(queue)
  POLICY="wait"
else
  echo "webcam: $SOURCE is neither a camera device, a file nor a URI" >&2
  exit 1
fi

# shellcheck disable=SC2086 # SINK and the *_PROPS are gst-launch words
gst-launch-1.0 -q -e \
  sisegment name=s mask-policy=$POLICY ${JSON:+json-location="$JSON"} \
    $SISEG_PROPS \
    ! "${QUEUE[@]}" ! videoconvert ! $SINK \
  "${CAMERA[@]}" ! "$CAPS" ! tee name=t \
  t. ! "${QUEUE[@]}" ! s.sink \
  t. ! "${QUEUE[@]}" ! sisegmodel model="$MODEL" $MODEL_PROPS ! s.mask

echo "webcam: done${JSON:+, wrote $JSON}"
