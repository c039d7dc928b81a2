#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-props.sh PYTHON CHECK_PY: SISEG_PROPS reaches sisegment in every
# script of pipelines/ and in the element benchmarks (a json-location given
# only there gets one line a frame; in live.sh it wins over the script's
# own), MODEL_PROPS reaches sisegmodel, and recorded.sh reads masks named
# by MASK_PATTERN from MASK_START, and names both when the first is missing.
set -eu
PYTHON=$1
CHECK=$2
ROOT=${SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
P=$ROOT/pipelines
MODEL=$SISEG_TEST_MODELS/colour.onnx
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"

SISEG_PROPS="json-location=$TMP/demo.jsonl draw-boxes=true" \
  "$P/demo.sh" demo.webm 4
"$PYTHON" "$CHECK" jsonl demo.jsonl 4 4 10

SISEG_PROPS="json-location=$TMP/ids.jsonl" "$P/export-ids.sh" ids 2
"$PYTHON" "$CHECK" jsonl ids.jsonl 2 2 10

SISEG_PROPS="json-location=$TMP/live-props.jsonl" "$P/live.sh" 10 live.jsonl
"$PYTHON" "$CHECK" jsonl live-props.jsonl 1 10 1
if [ -s live.jsonl ]; then
  echo "FAIL: live.sh's own json-location won over SISEG_PROPS"
  exit 1
fi

# recorded.sh: masks m-005.png, m-006.png, ... and a video of as many frames
mkdir masks
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=6 \
  ! video/x-raw,width=320,height=180,framerate=30/1 ! pngenc \
  ! multifilesink location=masks/m-%03d.png index=5
gst-launch-1.0 -q sisegtestsrc num-buffers=6 \
  ! video/x-raw,width=640,height=360,framerate=30/1 ! videoconvert \
  ! vp8enc deadline=1 ! webmmux ! filesink location=clip.webm
MASK_PATTERN=m-%03d.png MASK_START=5 \
  SISEG_PROPS="json-location=$TMP/recorded.jsonl" \
  "$P/recorded.sh" clip.webm masks recorded.webm
"$PYTHON" "$CHECK" jsonl recorded.jsonl 6 6 10
if "$P/recorded.sh" clip.webm masks none.webm 2>err.txt; then
  echo "FAIL: recorded.sh ran without masks named %05d.png"
  exit 1
fi
cat err.txt
grep -q "MASK_PATTERN (now %05d.png) from MASK_START (now 0)" err.txt

# webcam.sh on a file and on a URI; MODEL_PROPS reaches sisegmodel: a
# property it does not have fails the pipeline
MODEL="$MODEL" SINK=fakesink \
  SISEG_PROPS="json-location=$TMP/webcam.jsonl" MODEL_PROPS="qos=false" \
  "$P/webcam.sh" clip.webm
"$PYTHON" "$CHECK" jsonl webcam.jsonl 6 6 10
if MODEL="$MODEL" SINK=fakesink MODEL_PROPS="no-such-property=1" \
    "$P/webcam.sh" clip.webm 2>err.txt; then
  echo "FAIL: webcam.sh ran with a sisegmodel property that does not exist"
  exit 1
fi
MODEL="$MODEL" SINK=fakesink SISEG_PROPS="json-location=$TMP/uri.jsonl" \
  "$P/webcam.sh" "file://$TMP/clip.webm"
"$PYTHON" "$CHECK" jsonl uri.jsonl 1 6 1

# the benchmarks, as short as they go
SISEG_PROPS="json-location=$TMP/speed.jsonl" \
  "$ROOT/tests/bench/speed-element.sh" 2 >speed.txt
"$PYTHON" "$CHECK" jsonl speed.jsonl 2 2 10
EVAL_DIR=$TMP/none SISEG_PROPS="json-location=$TMP/model.jsonl" \
  "$ROOT/tests/bench/model-speed.sh" "$MODEL" 2 1 >model.txt
"$PYTHON" "$CHECK" jsonl model.jsonl 2 2 1
echo "test-props: OK"
