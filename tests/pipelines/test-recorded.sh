#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-recorded.sh PYTHON CHECK_PY: pipelines/recorded.sh, with no data of
# its own, records a video and PNG masks, then overlays them: one output
# frame per frame of the recording.
set -eu
PYTHON=$1
CHECK=$2
PIPELINES=${SOURCE_ROOT:-$(dirname "$0")/../..}/pipelines
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=10
W=1280
H=720

FRAMES=$N "$PIPELINES/recorded.sh" "$TMP/recorded.webm"
test -s "$TMP/recorded.webm"

gst-launch-1.0 -q filesrc location="$TMP/recorded.webm" ! matroskademux \
  ! vp8dec ! videoconvert ! video/x-raw,format=RGBx,width=$W,height=$H \
  ! filesink location="$TMP/out.rgbx"
size=$(stat -c %s "$TMP/out.rgbx")
echo "decoded $size bytes, want $N frames of ${W}x$H RGBx"
test "$size" -eq $((N * W * H * 4))

gst-launch-1.0 -q sisegtestsrc num-buffers=$N \
  ! video/x-raw,format=RGBx,width=$W,height=$H,framerate=30/1 \
  ! filesink location="$TMP/in.rgbx"
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=$N \
  ! video/x-raw,width=$W,height=$H,framerate=30/1 \
  ! filesink location="$TMP/mask.gray"
"$PYTHON" "$CHECK" drawn "$TMP/out.rgbx" "$TMP/in.rgbx" "$TMP/mask.gray" \
  $W $H $((N - 1))
