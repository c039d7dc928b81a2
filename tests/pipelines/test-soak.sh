#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-soak.sh: tests/bench/soak.sh for 20 s at 640x480: it must end with
# frames out = frames in = JSON lines (its exit status says so), write an RSS
# sample every 5 s, and pass SISEG_PROPS to sisegment (a labels file whose
# names must then be in the JSON).
set -eu
ROOT=${SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
printf 'background\nsoak-one\nsoak-two\nsoak-three\nsoak-four\n' \
  >"$TMP/labels.txt"

SIZE=640x480 SAMPLE=5 SISEG_PROPS="labels-file=$TMP/labels.txt" \
  "$ROOT/tests/bench/soak.sh" 0.33 "$TMP/out" | tee "$TMP/log"
grep -q "^soak: OK" "$TMP/log"
samples=$(wc -l <"$TMP/out/rss.tsv")
echo "RSS samples: $samples"
[ "$samples" -ge 3 ]
grep -q '"label":"soak-' "$TMP/out/out.jsonl"
