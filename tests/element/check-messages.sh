#!/bin/sh
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The acceptance check as a user runs it: gst-launch-1.0 -m shows one
# "sisegment" message per frame, with instances, and with tracking=true an
# object-id in each instance.
set -eu
N=7
out=$(gst-launch-1.0 -m sisegment name=s tracking=true ! fakesink \
  sisegtestsrc num-buffers=$N num-objects=12 ! \
    video/x-raw,width=160,height=120 ! s.sink \
  sisegtestsrc output=mask num-buffers=$N num-objects=12 ! \
    video/x-raw,width=80,height=60 ! s.mask)
msgs=$(printf '%s\n' "$out" | grep 'from element "s" (element): sisegment,' \
  || true)
n=$(printf '%s\n' "$msgs" | grep 'has-mask=(boolean)true' \
  | grep -c 'instances=(GValueArray)< "instance' || true)
with_ids=$(printf '%s\n' "$msgs" | grep -c 'object-id' || true)
printf '%s\n' "$msgs" | head -n 1
echo "$n messages with a mask and instances for $N frames," \
  "$with_ids with object ids"
[ "$(printf '%s\n' "$msgs" | wc -l)" -eq $N ] && [ "$n" -eq $N ] \
  && [ "$with_ids" -eq $N ]
