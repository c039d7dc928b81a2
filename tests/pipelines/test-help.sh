#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
#
# test-help.sh: every script in pipelines/, tools/get-model.sh and
# tests/bench/*.sh answers --help and -h with exit status 0 and its usage
# ("Usage: NAME ...") on stdout, and an unknown option with exit status 2,
# creating no file (demo.sh once wrote a video named --help); the help of
# every pipelines/ script documents SISEG_PROPS.
set -u
ROOT=${SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail=0
n=0

for script in "$ROOT"/pipelines/*.sh "$ROOT"/tools/get-model.sh \
    "$ROOT"/tests/bench/*.sh; do
  name=$(basename "$script")
  for arg in --help -h --no-such-option; do
    mkdir "$TMP/cwd"
    (cd "$TMP/cwd" && timeout 60 "$script" "$arg" >"$TMP/out" 2>"$TMP/err")
    rc=$?
    want=0
    [ "$arg" = --no-such-option ] && want=2
    if [ $rc -ne $want ]; then
      echo "FAIL: $name $arg: exit status $rc, want $want"
      cat "$TMP/err"
      fail=1
    fi
    if [ $want -eq 0 ] && ! head -1 "$TMP/out" | grep -q "^Usage: $name"; then
      echo "FAIL: $name $arg: no 'Usage: $name' line first"
      fail=1
    fi
    if [ -n "$(ls -A "$TMP/cwd")" ]; then
      echo "FAIL: $name $arg created: $(ls -A "$TMP/cwd")"
      fail=1
    fi
    rm -rf "$TMP/cwd"
    [ "$arg" = --help ] && cp "$TMP/out" "$TMP/help"
  done
  case $script in
    */pipelines/*)
      grep -q SISEG_PROPS "$TMP/help" || {
        echo "FAIL: $name --help does not document SISEG_PROPS"; fail=1; } ;;
  esac
  lines=$(wc -l <"$TMP/help")
  echo "$name: --help: $lines lines"
  n=$((n + 1))
done
echo "$n scripts"
[ $n -ge 9 ] || { echo "FAIL: only $n scripts found in $ROOT"; fail=1; }
exit $fail
