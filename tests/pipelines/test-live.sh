#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-live.sh PYTHON CHECK_PY: pipelines/live.sh runs a live source for N
# frames and ends; sisegment writes one JSON line a frame it let through,
# with instances. Then the tee'd model branch, with a stand-in model that
# sees only background.
set -eu
PYTHON=$1
CHECK=$2
PIPELINES=${SOURCE_ROOT:-$(dirname "$0")/../..}/pipelines
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
N=30

"$PIPELINES/live.sh" $N "$TMP/live.jsonl"
# leaky queues drop frames when the machine is slow, never add any
"$PYTHON" "$CHECK" jsonl "$TMP/live.jsonl" 3 $N 10

MODEL="videoscale ! video/x-raw,width=160,height=120 ! videoconvert \
! video/x-raw,format=I420 ! videobalance contrast=0 brightness=-1 \
! videoconvert ! video/x-raw,format=GRAY8" \
  "$PIPELINES/live.sh" $N "$TMP/model.jsonl"
# the model sees only background: no instances
"$PYTHON" "$CHECK" jsonl "$TMP/model.jsonl" 3 $N 0 0
