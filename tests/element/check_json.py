#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs sisegment on an odd-sized stream with a smaller mask, writing JSON
Lines and the GRAY16_LE id map, and checks that every line parses, follows
the schema, and that each instance's COCO RLE decodes to exactly the pixels
of its id in the map."""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

W, H, MW, MH, N = 385, 289, 97, 73, 4


def rle_decode(counts, h, w):
    """COCO compressed RLE string -> h x w uint8 mask (column-major runs)."""
    runs, p = [], 0
    while p < len(counts):
        x, k, more = 0, 0, True
        while more:
            c = ord(counts[p]) - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(runs) > 2:
            x += runs[-2]
        runs.append(x)
    assert all(r >= 0 for r in runs), runs
    assert sum(runs) == h * w, (sum(runs), h * w)
    flat = np.zeros(h * w, np.uint8)
    pos = 0
    for i, r in enumerate(runs):
        if i % 2:
            flat[pos:pos + r] = 1
        pos += r
    return flat.reshape((w, h)).T


def run_pipeline(tmp):
    jpath, ipath = os.path.join(tmp, "out.jsonl"), os.path.join(tmp, "ids.raw")
    cmd = ["gst-launch-1.0", "-q",
           "videotestsrc", "num-buffers=%d" % N, "!",
           "video/x-raw,format=RGBA,width=%d,height=%d,framerate=25/1" % (W, H),
           "!", "sisegment", "name=s", "json-location=" + jpath, "!",
           "video/x-raw,format=GRAY16_LE", "!", "filesink", "location=" + ipath,
           "videotestsrc", "num-buffers=%d" % N, "pattern=smpte", "!",
           "video/x-raw,format=GRAY8,width=%d,height=%d,framerate=25/1"
           % (MW, MH), "!", "s.mask"]
    subprocess.run(cmd, check=True, timeout=240)
    return jpath, ipath


def check_object(obj, ids):
    for key in ("x", "y", "w", "h", "id", "object_id", "roi_type",
                "detection", "area", "centroid", "mask_rle"):
        assert key in obj, key
    assert obj["object_id"] == obj["id"], "no tracking: object ids are ids"
    det = obj["detection"]
    assert det["label"] == obj["roi_type"] == "class-%d" % det["label_id"]
    box = det["bounding_box"]
    assert abs(box["x_min"] - obj["x"] / W) < 1e-5
    assert abs(box["y_max"] - (obj["y"] + obj["h"]) / H) < 1e-5
    assert 0.0 <= det["confidence"] <= 1.0
    assert obj["mask_rle"]["size"] == [H, W]
    mask = rle_decode(obj["mask_rle"]["counts"], H, W)
    expected = (ids == obj["id"]).astype(np.uint8)
    assert np.array_equal(mask, expected), "RLE differs from the id map"
    ys, xs = np.nonzero(mask)
    assert len(xs) > 0
    assert obj["x"] <= xs.min() and xs.max() < obj["x"] + obj["w"]
    assert obj["y"] <= ys.min() and ys.max() < obj["y"] + obj["h"]
    assert abs(obj["area"] - len(xs)) <= 0.02 * len(xs) + 1, obj["area"]


def main():
    with tempfile.TemporaryDirectory() as tmp:
        jpath, ipath = run_pipeline(tmp)
        lines = open(jpath).read().splitlines()
        raw = np.fromfile(ipath, np.uint16)
    assert len(lines) == N, len(lines)
    stride = (W * 2 + 3) // 4 * 4 // 2
    frames = raw.reshape((N, H, stride))[:, :, :W]
    total = 0
    for i, line in enumerate(lines):
        frame = json.loads(line)
        assert frame["frame"] == i
        assert frame["timestamp"] == frame["pts"] == i * 40000000
        assert frame["has_mask"] is True
        assert frame["resolution"] == {"width": W, "height": H}
        ids = frames[i]
        listed = {o["id"] for o in frame["objects"]}
        assert listed == set(np.unique(ids)) - {0}, (listed, np.unique(ids))
        for obj in frame["objects"]:
            check_object(obj, ids)
        total += len(frame["objects"])
    assert total >= N, "too few instances: %d" % total
    print("ok: %d frames, %d instances, RLE equal to the id map" % (N, total))


if __name__ == "__main__":
    sys.exit(main())
