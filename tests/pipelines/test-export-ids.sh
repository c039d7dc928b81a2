#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-export-ids.sh PYTHON CHECK_PY: pipelines/export-ids.sh writes 16-bit
# PNG id maps with many instances, from the synthetic scene and from a
# folder of frames with a folder of masks (names kept).
set -eu
PYTHON=$1
CHECK=$2
PIPELINES=${SOURCE_ROOT:-$(dirname "$0")/../..}/pipelines
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=3

"$PIPELINES/export-ids.sh" "$TMP/ids" $N
test "$(find "$TMP/ids" -name '*.png' | wc -l)" -eq $N
"$PYTHON" "$CHECK" png16 640 480 10 "$TMP"/ids/*.png

# folders: frames as PNG named like a data set's, masks at a quarter size
mkdir -p "$TMP/frames" "$TMP/masks"
for i in 436 437; do
  gst-launch-1.0 -q sisegtestsrc seed=$i num-buffers=1 \
    ! video/x-raw,width=480,height=360 ! pngenc \
    ! filesink location="$TMP/frames/000$i.png"
  gst-launch-1.0 -q sisegtestsrc seed=$i output=mask num-buffers=1 \
    ! video/x-raw,width=120,height=90 ! pngenc \
    ! filesink location="$TMP/masks/000$i.png"
done
"$PIPELINES/export-ids.sh" "$TMP/frames" "$TMP/masks" "$TMP/out"
"$PYTHON" "$CHECK" png16 480 360 10 "$TMP/out/000436.png" \
  "$TMP/out/000437.png"
