#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
"""Writes the seeds of fuzz-core into corpus-core/ (they are committed;
run it again when fuzz-core.c's input layout changes): a few hand-made
cases in the byte order fuzz-core.c decodes."""
import os

# formats as in siseg.h
RGBA, BGRA, RGBX, BGRX, RGB, BGR, NV12, I420 = range(8)
MASK16, CORNER, FILL, CONTOURS, BOXES, TRACKING, SPAN1, RAW = (
    1 << i for i in range(8))


# as in fuzz-core.c
CAPS = [1280, 0, -1, 5, 24, 40]
MAX_MASK = 128


def mask_byte(n):
    """the byte that decodes to a mask side of n (0: the frame's)"""
    b = -(-(n - 1) * 256 // MAX_MASK) if n else 0
    assert n == 0 or 1 + b * MAX_MASK // 256 == n
    return b


def seed(fmt=RGBA, fw=64, fh=48, flags=FILL | CONTOURS, mw=0, mh=0,
         max_size=1280, ids=(0, 1, 2, 255), bg=0, ignore=3, split=(),
         unsplit=0, params=(3, 48, 102, 77, 42), min_area=45, cbr=1,
         iters=4, band=4, alpha=128, palette=(), visible=None, pads=(0, 0),
         mask_pad=0, frames=1, read=40, rseed=(1, 2), step=(4, 4),
         shapes=()):
    b = [fmt, fw - 1, fh - 1, flags, mask_byte(mw),
         mask_byte(mh), CAPS.index(max_size)]
    for i in ids:
        b += [i & 0xff, i >> 8] if flags & MASK16 else [i]
    b += [bg, ignore, len(split) + 1 if split != () else 0, *split, unsplit]
    b += [*params, min_area, cbr, iters, band, alpha, len(palette)]
    for c in palette:
        b += [c >> 16, (c >> 8) & 0xff, c & 0xff]
    b += [0] if visible is None else [1, *visible]
    b += [*pads, mask_pad, frames - 2 if flags & TRACKING else 0, read,
          *rseed, *step]
    for s in shapes:
        b += s
    return bytes(b)


# shapes: (class index, cx, cy, radius, kind: 0 disc, 1 box), in 1/256ths
two_discs = ([1, 80, 128, 40, 0], [1, 170, 128, 40, 0])
touching = ([1, 90, 128, 60, 0], [1, 166, 128, 60, 0], [2, 40, 40, 20, 1])
SEEDS = {
    "two-discs": seed(shapes=two_discs),
    "touching-cbr-on": seed(cbr=2, flags=FILL | CONTOURS | BOXES,
                            shapes=touching),
    "quarter-mask": seed(fmt=BGRX, fw=64, fh=48, mw=16, mh=16,
                         shapes=touching),
    "large-mask-16": seed(fmt=NV12, fw=33, fh=16, mw=128, mh=97,
                          flags=MASK16 | CONTOURS, ids=(0, 300, 65535, 7),
                          shapes=touching),
    "i420-corner": seed(fmt=I420, fw=33, fh=65, mw=16, mh=23,
                        flags=CORNER | FILL | BOXES, pads=(3, 5),
                        shapes=two_discs),
    "rgb-padded-scaled": seed(fmt=RGB, fw=65, fh=48, max_size=40,
                              pads=(1, 0), mask_pad=3, cbr=3,
                              shapes=touching),
    "tracking-moving": seed(fmt=BGRA, flags=FILL | TRACKING, frames=3,
                            shapes=two_discs),
    "gpu-build": seed(flags=FILL | CONTOURS | SPAN1, cbr=2, shapes=touching),
    "stuff-and-split": seed(split=(2,), unsplit=0, palette=(0xff0000,
                            0x00ff00), shapes=touching),
    "skip-hidden": seed(split=(0x81,), unsplit=2, visible=(0x55, 9),
                        shapes=touching),
    "raw-noise": seed(fmt=RGBX, fw=16, fh=16, flags=RAW | FILL, min_area=0,
                      shapes=([1, 1, 2, 2, 1, 0, 3, 1],)),
    "one-pixel": seed(fmt=BGR, fw=1, fh=1, mw=1, mh=1, shapes=([1, 0, 0, 0,
                                                                0],)),
}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus-core")
os.makedirs(out, exist_ok=True)
for name, data in SEEDS.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
