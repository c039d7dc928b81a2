#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-demo.sh PYTHON CHECK_PY: pipelines/demo.sh writes a WebM that decodes
# to the expected frames, with the instances drawn on the objects.
set -eu
PYTHON=$1
CHECK=$2
PIPELINES=${SOURCE_ROOT:-$(dirname "$0")/../..}/pipelines
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=12
W=1280
H=720

"$PIPELINES/demo.sh" "$TMP/demo.webm" $N
test -s "$TMP/demo.webm"

gst-launch-1.0 -q filesrc location="$TMP/demo.webm" ! matroskademux \
  ! vp8dec ! videoconvert ! video/x-raw,format=RGBx,width=$W,height=$H \
  ! filesink location="$TMP/out.rgbx"
size=$(stat -c %s "$TMP/out.rgbx")
echo "decoded $size bytes, want $N frames of ${W}x$H RGBx"
test "$size" -eq $((N * W * H * 4))

# the scene as it went in, and its class mask at the frame's size
gst-launch-1.0 -q sisegtestsrc num-buffers=$N \
  ! video/x-raw,format=RGBx,width=$W,height=$H,framerate=30/1 \
  ! filesink location="$TMP/in.rgbx"
gst-launch-1.0 -q sisegtestsrc output=mask num-buffers=$N \
  ! video/x-raw,width=$W,height=$H,framerate=30/1 \
  ! filesink location="$TMP/mask.gray"
"$PYTHON" "$CHECK" drawn "$TMP/out.rgbx" "$TMP/in.rgbx" "$TMP/mask.gray" \
  $W $H $((N - 1))
