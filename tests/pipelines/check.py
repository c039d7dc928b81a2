# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
"""Checks what the pipeline scripts wrote. Standard library only, so any
python3 runs it.

  check.py png16 WIDTH HEIGHT MIN_IDS FILE...   16-bit grey PNGs of that size,
                                                each with at least MIN_IDS ids
  check.py drawn OUT IN MASK WIDTH HEIGHT FRAME  raw RGBx video OUT differs
                                                from IN on MASK's objects
  check.py jsonl FILE MIN_LINES MAX_LINES MIN_OBJECTS [MAX_OBJECTS]
                                                JSON Lines, one frame a line,
                                                timestamps rising, at least
                                                MIN_OBJECTS in some frame and
                                                MAX_OBJECTS in none
Exits 1 with a message on the first failure.
"""
import json
import struct
import sys
import zlib


def fail(msg):
    print("check: FAIL: " + msg)
    sys.exit(1)


def png_chunks(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 12 + length


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter_row(kind, row, prev, bpp):
    out = bytearray(row)
    for i in range(len(out)):
        a = out[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            out[i] = (out[i] + a) & 255
        elif kind == 2:
            out[i] = (out[i] + b) & 255
        elif kind == 3:
            out[i] = (out[i] + (a + b) // 2) & 255
        elif kind == 4:
            out[i] = (out[i] + paeth(a, b, c)) & 255
    return out


def png16_values(path):
    """(width, height, set of values) of a 16-bit greyscale PNG."""
    with open(path, "rb") as f:
        chunks = list(png_chunks(f.read()))
    header = dict(chunks)[b"IHDR"]
    width, height, depth, colour, _, _, interlace = struct.unpack(
        ">IIBBBBB", header)
    if depth != 16 or colour != 0 or interlace != 0:
        fail("%s: depth %d colour type %d, want 16-bit grey" %
             (path, depth, colour))
    raw = zlib.decompress(b"".join(d for k, d in chunks if k == b"IDAT"))
    stride = 2 * width
    prev, values = bytearray(stride), set()
    for y in range(height):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        prev = unfilter_row(line[0], line[1:], prev, 2)
        values.update(struct.unpack(">%dH" % width, bytes(prev)))
    return width, height, values


def check_png16(args):
    width, height, min_ids = int(args[0]), int(args[1]), int(args[2])
    if not args[3:]:
        fail("no PNG files")
    for path in args[3:]:
        w, h, values = png16_values(path)
        if (w, h) != (width, height):
            fail("%s: %dx%d, want %dx%d" % (path, w, h, width, height))
        ids = len(values - {0})
        if ids < min_ids:
            fail("%s: %d ids, want at least %d" % (path, ids, min_ids))
        print("check: %s: %dx%d, %d ids" % (path, w, h, ids))


def check_drawn(args):
    out_path, in_path, mask_path = args[:3]
    width, height, frame = int(args[3]), int(args[4]), int(args[5])
    size = width * height

    def frame_bytes(path, bpp):
        with open(path, "rb") as f:
            f.seek(frame * size * bpp)
            data = f.read(size * bpp)
        if len(data) != size * bpp:
            fail("%s: no frame %d" % (path, frame))
        return data

    out, src = frame_bytes(out_path, 4), frame_bytes(in_path, 4)
    mask = frame_bytes(mask_path, 1)
    diff = [[0, 0], [0, 0]]     # [background, object] x [sum, count]
    for i in range(0, size, 3):
        d = sum(abs(out[4 * i + c] - src[4 * i + c]) for c in range(3))
        cell = diff[mask[i] > 0]
        cell[0] += d
        cell[1] += 1
    bg, obj = (s / max(n, 1) for s, n in diff)
    print("check: mean |out - in|: %.1f on objects, %.1f on background" %
          (obj, bg))
    if obj < 12 or obj < 2 * bg:
        fail("the instances are not drawn on the objects")


def check_jsonl(args):
    path, lo, hi, min_objects = args[0], int(args[1]), int(args[2]), \
        int(args[3])
    max_objects = int(args[4]) if args[4:] else 1 << 30
    with open(path) as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if not lo <= len(lines) <= hi:
        fail("%s: %d lines, want %d..%d" % (path, len(lines), lo, hi))
    stamps = [line["timestamp"] for line in lines]
    if stamps != sorted(set(stamps)):
        fail("%s: timestamps repeat or go back: %s" % (path, stamps))
    objects = [len(line["objects"]) for line in lines]
    print("check: %s: %d frames, %d..%d objects" %
          (path, len(lines), min(objects), max(objects)))
    if max(objects) < min_objects:
        fail("%s: fewer than %d objects in every frame" % (path, min_objects))
    if max(objects) > max_objects:
        fail("%s: more than %d objects in a frame" % (path, max_objects))


def main():
    what, args = sys.argv[1], sys.argv[2:]
    if what == "png16":
        check_png16(args)
    elif what == "drawn":
        check_drawn(args)
    elif what == "jsonl":
        check_jsonl(args)
    else:
        fail("unknown check " + what)


if __name__ == "__main__":
    main()
