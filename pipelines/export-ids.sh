#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: export-ids.sh [OUT_DIR] [FRAMES]
#        export-ids.sh FRAMES_DIR MASKS_DIR OUT_DIR
#
# Writes sisegment's instance-id maps as 16-bit PNGs (0 = no instance), for
# scoring and for other tools: sisegment ! video/x-raw,format=GRAY16_LE.
#
# With no folders the input is the synthetic scene (640x480 frames, masks at
# 160x120; FRAMES, default 30) and OUT_DIR (default ids) gets 00000.png,
# 00001.png, ... With a folder of frames (JPEG or PNG) and a folder of
# 8-bit class masks named alike (NAME.jpg with NAME.png), OUT_DIR/NAME.png
# gets the ids of each frame, as ../shared/tools/pq.py expects. OUT_DIR is
# made when missing. SISEG_PROPS adds sisegment properties (gst-launch
# words), e.g. SISEG_PROPS="min-area=64".
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "export-ids: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export GST_PLUGIN_PATH="${GST_PLUGIN_PATH:-$ROOT/build/gst}"

SISEG_PROPS=${SISEG_PROPS:-}
# pngenc takes 16-bit grey big-endian only
IDS="video/x-raw,format=GRAY16_LE ! videoconvert \
! video/x-raw,format=GRAY16_BE ! pngenc"

export_scene () {
  # $1: output folder, $2: frames
  # shellcheck disable=SC2086
  gst-launch-1.0 -q \
    sisegment name=s $SISEG_PROPS ! $IDS \
      ! multifilesink location="$1/%05d.png" \
    sisegtestsrc num-buffers="$2" \
      ! video/x-raw,width=640,height=480,framerate=30/1 ! s.sink \
    sisegtestsrc output=mask num-buffers="$2" \
      ! video/x-raw,width=160,height=120,framerate=30/1 ! s.mask
}

export_one () {
  # $1: frame file, $2: mask file, $3: output file
  # shellcheck disable=SC2086
  gst-launch-1.0 -q \
    sisegment name=s $SISEG_PROPS ! $IDS ! filesink location="$3" \
    filesrc location="$1" ! decodebin ! videoconvert \
      ! imagefreeze num-buffers=1 ! s.sink \
    filesrc location="$2" ! pngdec ! imagefreeze num-buffers=1 ! s.mask
}

export_folders () {
  # $1: frames folder, $2: masks folder, $3: output folder
  local n=0 frame name
  for frame in "$1"/*; do
    name=$(basename "${frame%.*}")
    if [ ! -f "$2/$name.png" ]; then
      echo "export-ids: no mask $2/$name.png, skipping $frame" >&2
      continue
    fi
    export_one "$frame" "$2/$name.png" "$3/$name.png"
    n=$((n + 1))
  done
  echo "export-ids: $n frames"
}

if [ $# -ge 3 ]; then
  mkdir -p "$3"
  export_folders "$1" "$2" "$3"
  echo "export-ids: wrote $3/"
else
  OUT=${1:-ids}
  mkdir -p "$OUT"
  export_scene "$OUT" "${2:-30}"
  echo "export-ids: wrote $OUT/"
fi
