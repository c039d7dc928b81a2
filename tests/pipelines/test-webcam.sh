#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-webcam.sh PYTHON CHECK_PY: pipelines/webcam.sh on a video file, with
# the tiny colour model of tests/element (its argmax is the scene's class):
# one JSON line a frame, instances in them. No download: the selfie model
# is not needed.
set -eu
PYTHON=$1
CHECK=$2
PIPELINES=${SOURCE_ROOT:-$(dirname "$0")/../..}/pipelines
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=15

gst-launch-1.0 -q sisegtestsrc num-buffers=$N \
  ! video/x-raw,width=640,height=480,framerate=30/1 ! videoconvert \
  ! vp8enc deadline=1 target-bitrate=2000000 ! webmmux \
  ! filesink location="$TMP/clip.webm"

MODEL="$SISEG_TEST_MODELS/colour.onnx" SINK="fakesink" JSON="$TMP/out.jsonl" \
  "$PIPELINES/webcam.sh" "$TMP/clip.webm"
"$PYTHON" "$CHECK" jsonl "$TMP/out.jsonl" $N $N 10

# no model: a clear failure
if MODEL="$TMP/none.onnx" SINK=fakesink "$PIPELINES/webcam.sh" \
    "$TMP/clip.webm" 2>"$TMP/err.txt"; then
  echo "webcam.sh ran without a model" >&2
  exit 1
fi
grep -q "tools/get-model.sh" "$TMP/err.txt"
