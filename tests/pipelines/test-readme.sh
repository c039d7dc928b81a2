#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-readme.sh PYTHON CHECK_PY README_PY: runs the recipes of README.md
# ("One pipeline per use"), taken from README.md itself, in an empty folder:
# the demo and the id maps as they are; the webcam and RTSP ones with a
# live test source in place of the camera or the stream, the uridecodebin
# one on a file:// URI, the MP4 ones on a short QuickTime file (qtmux and
# qtdemux, MP4's muxer family: Debian's base and good plugins have no
# encoder that mp4mux takes), each with the tiny colour model of
# tests/element in place of the selfie model. Checks what each wrote.
set -eu
PYTHON=$1
CHECK=$2
README_PY=$3
README=${SOURCE_ROOT:-$(dirname "$0")/../..}/README.md
MODEL=$SISEG_TEST_MODELS/colour.onnx
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"
N=10
# a second of live frames: leaky queues drop some while kernels build
LIVE_N=30
CAMERA="sisegtestsrc is-live=true num-buffers=$LIVE_N"

# run NAME [OLD NEW]...: the recipe NAME with OLD replaced by NEW
run () {
  local name=$1
  shift
  "$PYTHON" "$README_PY" "$README" "$name" "$@" >"$name.sh"
  echo "== $name"
  cat "$name.sh"
  if ! timeout 300 bash -eu "$name.sh" >"$name.log" 2>&1; then
    cat "$name.log"
    echo "FAIL: recipe $name"
    exit 1
  fi
}

# frames FILE W H: the number of W x H frames a WebM file decodes to
frames () {
  gst-launch-1.0 -q filesrc location="$1" ! matroskademux ! vp8dec \
    ! videoconvert ! video/x-raw,format=RGBx,width="$2",height="$3" \
    ! filesink location=decoded.rgbx
  echo $(($(stat -c %s decoded.rgbx) / ($2 * $3 * 4)))
}

expect () {
  # $1: what, $2: got, $3: want
  echo "$1: $2 (want $3)"
  [ "$2" = "$3" ] || { echo "FAIL: $1"; exit 1; }
}

run demo num-buffers=150 num-buffers=$N
expect "demo: frames in out.webm" "$(frames out.webm 1280 720)" $N

gst-launch-1.0 -q sisegtestsrc num-buffers=1 ! video/x-raw,width=640,height=480 \
  ! jpegenc ! filesink location=frame.jpg
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=1 \
  ! video/x-raw,width=160,height=120 ! pngenc ! filesink location=mask.png
run ids
"$PYTHON" "$CHECK" png16 640 480 10 ids/00000.png

run webcam "v4l2src device=/dev/video0" "$CAMERA" \
  models/selfie-segmentation.onnx "$MODEL" autovideosink fakesink \
  "sisegment name=s" "sisegment name=s json-location=webcam.jsonl"
"$PYTHON" "$CHECK" jsonl webcam.jsonl 1 $LIVE_N 1

run rtsp \
  "rtspsrc location=rtsp://camera.local:8554/stream latency=200 ! decodebin" \
  "$CAMERA" models/selfie-segmentation.onnx "$MODEL"
"$PYTHON" "$CHECK" jsonl camera.jsonl 1 $LIVE_N 1

# the clip: the scene at 640x480, JPEG in QuickTime; its masks as PNGs
gst-launch-1.0 -q sisegtestsrc num-buffers=$N \
  ! video/x-raw,width=640,height=480,framerate=30/1 ! jpegenc quality=95 \
  ! qtmux ! filesink location=clip.mov
mkdir masks
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=$N \
  ! video/x-raw,width=160,height=120,framerate=30/1 ! pngenc \
  ! multifilesink location=masks/%05d.png

rm -f camera.jsonl
run uri rtsp://camera.local:8554/stream "file://$TMP/clip.mov" \
  models/selfie-segmentation.onnx "$MODEL"
"$PYTHON" "$CHECK" jsonl camera.jsonl 1 $N 1

run mp4-model clip.mp4 clip.mov models/selfie-segmentation.onnx "$MODEL"
"$PYTHON" "$CHECK" jsonl clip.jsonl $N $N 10
expect "mp4-model: frames in clip-drawn.webm" \
  "$(frames clip-drawn.webm 640 480)" $N

rm clip-drawn.webm
run mp4-masks clip.mp4 clip.mov
expect "mp4-masks: frames in clip-drawn.webm" \
  "$(frames clip-drawn.webm 640 480)" $N
gst-launch-1.0 -q sisegtestsrc num-buffers=$N \
  ! video/x-raw,format=RGBx,width=640,height=480,framerate=30/1 \
  ! filesink location=in.rgbx
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=$N \
  ! video/x-raw,width=640,height=480,framerate=30/1 \
  ! filesink location=mask.gray
frames clip-drawn.webm 640 480 >/dev/null
"$PYTHON" "$CHECK" drawn decoded.rgbx in.rgbx mask.gray 640 480 $((N - 1))
