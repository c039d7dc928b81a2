#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: model-speed.sh [MODEL] [N] [RUNS]
#
# sisegmodel and sisegment together at 640x480, as pipelines/webcam.sh runs
# them (tee, a queue on each branch), into fakesink without sync; and each
# of them alone. Prints the frames per second of RUNS runs and their median;
# writes nothing but a temporary folder, removed.
#
# MODEL: default models/selfie-segmentation.onnx (tools/get-model.sh).
# N frames a run (default 150), RUNS runs (default 3). The frames: 8 frames
# of people walking (../shared/eval/mots09, the centre cropped to 4:3) when
# the evaluation sets are there, else sisegtestsrc's scene (no people: the
# splitting then has little to do); pre-rendered once to raw BGRx files and
# looped, so that decoding is not what is measured. SISEG_PROPS adds
# sisegment properties, MODEL_PROPS sisegmodel's (gst-launch words), e.g.
# SISEG_PROPS="tracking=true" MODEL_PROPS="keep-aspect=true".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "model-speed: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODEL=${1:-$ROOT/models/selfie-segmentation.onnx}
N=${2:-150}
RUNS=${3:-3}
SISEG_PROPS=${SISEG_PROPS:-}
MODEL_PROPS=${MODEL_PROPS:-}
W=640
H=480
K=8
FPS=30/1
BUILD=${BUILD_ROOT:-$ROOT/build}
EVAL=${EVAL_DIR:-$ROOT/../shared/eval}
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$BUILD/gst}"
PY=/usr/bin/python3
RATE="$ROOT/tests/bench/launch-rate.py"

if [ ! -f "$MODEL" ]; then
  echo "model-speed: no $MODEL (tools/get-model.sh makes it)" >&2
  exit 1
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/siseg-model-speed-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

FRAME_CAPS="video/x-raw,format=BGRx,width=$W,height=$H,framerate=$FPS"
if [ -d "$EVAL/mots09/frames" ]; then
  SCENE="mots09 frames 300-307"
  gst-launch-1.0 -q multifilesrc location="$EVAL/mots09/frames/%06d.jpg" \
      start-index=300 stop-index=$((300 + K - 1)) caps=image/jpeg \
    ! jpegdec ! videocrop left=240 right=240 ! videoscale ! videoconvert \
    ! "$FRAME_CAPS" ! multifilesink location="$TMP/frame-%d.raw"
else
  SCENE="sisegtestsrc (no people)"
  gst-launch-1.0 -q sisegtestsrc num-buffers=$K ! "$FRAME_CAPS" \
    ! multifilesink location="$TMP/frame-%d.raw"
fi

# the model's masks of those frames, for sisegment alone
# shellcheck disable=SC2086 # MODEL_PROPS: gst-launch words
gst-launch-1.0 -q multifilesrc location="$TMP/frame-%d.raw" \
    stop-index=$((K - 1)) caps="$FRAME_CAPS" \
  ! rawvideoparse use-sink-caps=true \
  ! sisegmodel model="$MODEL" $MODEL_PROPS \
  ! multifilesink location="$TMP/mask-%d.raw"
# shellcheck disable=SC2086 # MODEL_PROPS: gst-launch words
MASK_CAPS=$(gst-launch-1.0 -v multifilesrc location="$TMP/frame-%d.raw" \
    stop-index=0 caps="$FRAME_CAPS" ! rawvideoparse use-sink-caps=true \
  ! sisegmodel model="$MODEL" $MODEL_PROPS ! fakesink 2>/dev/null \
  | sed -n 's/.*sisegmodel0.GstPad:src: caps = \(.*\)$/\1/p' | head -1 \
  | sed 's/(string)//g; s/(int)//g; s/(fraction)//g; s/ //g')

src () {
  echo multifilesrc location="$TMP/$1-%d.raw" loop=true \
      stop-index=$((K - 1)) num-buffers="$N" caps="$2" \
    ! rawvideoparse use-sink-caps=true
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "OpenCL: $(clinfo -l 2>/dev/null | sed -n 's/.*Device #[0-9]*: //p' | head -1)"
echo "model: $MODEL, class map $MASK_CAPS"
echo "frames: ${W}x$H BGRx, $SCENE, $K looped, $N a run, $RUNS runs"

echo "sisegmodel alone:"
# shellcheck disable=SC2046,SC2086 # gst-launch words
"$PY" "$RATE" --runs "$RUNS" $(src frame "$FRAME_CAPS") \
  ! sisegmodel model="$MODEL" $MODEL_PROPS ! fakesink sync=false silent=false

echo "sisegment alone, on the model's masks:"
# shellcheck disable=SC2046,SC2086 # gst-launch words
"$PY" "$RATE" --runs "$RUNS" sisegment name=s $SISEG_PROPS \
    ! fakesink sync=false silent=false $(src frame "$FRAME_CAPS") ! s.sink \
  $(src mask "$MASK_CAPS") ! s.mask

echo "together: tee ! sisegmodel ! sisegment (pipelines/webcam.sh):"
# shellcheck disable=SC2046,SC2086 # gst-launch words
"$PY" "$RATE" --runs "$RUNS" sisegment name=s $SISEG_PROPS \
    ! fakesink sync=false silent=false $(src frame "$FRAME_CAPS") ! tee name=t \
  t. ! queue max-size-buffers=2 ! s.sink \
  t. ! queue max-size-buffers=2 ! sisegmodel model="$MODEL" $MODEL_PROPS \
    ! s.mask
