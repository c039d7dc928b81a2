#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""sisegmodel in real pipelines (gst-launch-1.0), with the tiny models of
make-models.py: the class maps it gives against sisegtestsrc's own masks,
every input format, the class map, a one-channel model, GRAY16_LE, model
input sizes, the errors of bad models, and a video file through sisegmodel
into sisegment. TAP output.

  test-model.py MODELS_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

MODELS = sys.argv[1] if len(sys.argv) > 1 else "models"
W, H = 64, 48                  # the tiny models' output
TIMEOUT = 300
TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


class Fail(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Fail(msg)


def launch(desc, expect_ok=True):
    """Runs gst-launch-1.0 -q DESC; returns its exit code and output."""
    p = subprocess.run(["gst-launch-1.0", "-q"] + desc.split(),
                       capture_output=True, text=True, timeout=TIMEOUT)
    out = p.stdout + p.stderr
    check(p.returncode >= 0, "gst-launch-1.0 died of signal %d: %s\n%s" %
          (-p.returncode, desc, out[-2000:]))
    if expect_ok:
        check(p.returncode == 0, "failed (%d): %s\n%s" %
              (p.returncode, desc, out[-2000:]))
    return p.returncode, out


def model(name):
    return os.path.join(MODELS, name)


def frames(n=1, w=320, h=240, fmt="RGBx", seed=0):
    return ("sisegtestsrc num-buffers=%d seed=%d ! video/x-raw,width=%d,"
            "height=%d ! videoconvert ! video/x-raw,format=%s"
            % (n, seed, w, h, fmt))


def class_map(src, props, w=W, h=H, dtype=np.uint8, tmp=None):
    """What sisegmodel PROPS gives for SRC, as an array."""
    path = os.path.join(tmp, "out.raw")
    launch("%s ! sisegmodel %s ! filesink location=%s" % (src, props, path))
    data = np.fromfile(path, dtype)
    check(data.size == w * h, "%d values, want %dx%d" % (data.size, w, h))
    return data.reshape(h, w)


def truth(w=W, h=H, seed=0, tmp=None):
    path = os.path.join(tmp, "truth.raw")
    launch("sisegtestsrc output=mask num-buffers=1 seed=%d ! video/x-raw,"
           "width=%d,height=%d ! filesink location=%s" % (seed, w, h, path))
    return np.fromfile(path, np.uint8).reshape(h, w)


def iou(a, b):
    union = (a | b).sum()
    return (a & b).sum() / union if union else 1.0


def check_classes(got, want, pairs=((0, 0), (1, 1), (2, 2), (3, 3)),
                  floor=0.85):
    """Each (got id, truth class) pair overlaps at IoU >= floor."""
    for g, t in pairs:
        v = iou(got == g, want == t)
        check(v >= floor, "class %d against true class %d: IoU %.3f < %.2f"
              % (g, t, v, floor))


@test
def colour_classes_every_format(tmp):
    """argmax of the colour model is sisegtestsrc's class, in any format"""
    want = truth(tmp=tmp)
    for fmt in ["RGBA", "BGRA", "RGBx", "BGRx", "RGB", "BGR", "NV12", "I420"]:
        check_classes(class_map(frames(fmt=fmt), "model=" +
                                model("colour.onnx"), tmp=tmp), want)


@test
def colour_at_its_own_size(tmp):
    """frames at the model's input size are not scaled"""
    got = class_map(frames(w=W, h=H), "model=" + model("colour.onnx"),
                    tmp=tmp)
    check_classes(got, truth(tmp=tmp))


@test
def channel_order_and_class_map(tmp):
    """channel-order=bgr swaps red and blue; class-map swaps them back"""
    want = truth(tmp=tmp)
    m = "model=" + model("colour.onnx")
    check_classes(class_map(frames(), m + " channel-order=bgr", tmp=tmp),
                  want, pairs=((1, 3), (3, 1), (2, 2)))
    check_classes(class_map(frames(), m + " channel-order=bgr "
                            "class-map=0,3,2,1", tmp=tmp), want)


@test
def class_map_names_from_labels(tmp):
    """class-map names are looked up in labels-file"""
    labels = os.path.join(tmp, "labels.txt")
    with open(labels, "w") as f:
        f.write("background\nperson\ncar\ntree\nred\ngreen\nblue\n")
    got = class_map(frames(), "model=%s labels-file=%s class-map="
                    "background,red,green,6" % (model("colour.onnx"),
                                                labels), tmp=tmp)
    check_classes(got, truth(tmp=tmp), pairs=((4, 1), (5, 2), (6, 3)))


@test
def sigmoid_threshold(tmp):
    """a one-channel model gives class 1 above threshold, else 0"""
    want = truth(tmp=tmp)
    got = class_map(frames(), "model=" + model("sigmoid.onnx"), tmp=tmp)
    check(set(np.unique(got)) <= {0, 1}, "ids %s" % np.unique(got))
    check_classes(got, want, pairs=((1, 1),))
    got = class_map(frames(), "model=%s class-map=7 threshold=0.8" %
                    model("sigmoid.onnx"), tmp=tmp)
    check(0 < (got == 7).sum() < (want == 1).sum(),
          "a higher threshold must keep fewer, but some, pixels")


@test
def wide_model_gray16(tmp):
    """over 255 classes: GRAY16_LE class ids"""
    got = class_map(frames(), "model=%s ! video/x-raw,format=GRAY16_LE" %
                    model("wide.onnx"), dtype="<u2", tmp=tmp)
    check_classes(got, truth(tmp=tmp),
                  pairs=((0, 0), (257, 1), (258, 2), (299, 3)))


@test
def input_sizes(tmp):
    """a symbolic input takes the frame's size, or input-width/height;
    a strided model gives a smaller map"""
    m = "model=" + model("colour-dynamic.onnx")
    check_classes(class_map(frames(w=80, h=60), m, w=80, h=60, tmp=tmp),
                  truth(80, 60, tmp=tmp))
    check_classes(class_map(frames(), m + " input-width=40 input-height=30",
                            w=40, h=30, tmp=tmp), truth(40, 30, tmp=tmp),
                  floor=0.75)
    # stride 2 keeps the top-left pixel of each 2x2 block: half a pixel off
    check_classes(class_map(frames(), "model=" + model("colour-half.onnx"),
                            tmp=tmp), truth(tmp=tmp), floor=0.75)


@test
def keep_aspect(tmp):
    """keep-aspect: wide and tall frames in the middle of the 64x48 input,
    the class map their part of the output"""
    m = "model=%s keep-aspect=true" % model("colour.onnx")
    for fw, fh, w, h in [(320, 120, 64, 24), (160, 240, 32, 48)]:
        check_classes(class_map(frames(w=fw, h=fh), m, w=w, h=h, tmp=tmp),
                      truth(w, h, tmp=tmp), floor=0.75)


@test
def bad_models_fail_at_start(tmp):
    """bad models fail at READY->PAUSED naming the file and the cause"""
    corrupt = os.path.join(tmp, "corrupt.onnx")
    with open(corrupt, "wb") as f:
        f.write(os.urandom(4096))
    cases = [
        (os.path.join(tmp, "missing.onnx"), "", "No such file"),
        (corrupt, "", "OpenCV cannot read the model"),
        (model("unsupported.onnx"), "", "NoSuchOperation"),
        (model("flat.onnx"), "", "output shape 1x4"),
        (model("nhwc.onnx"), "", "input shape 1x48x64x3"),
        (model("colour.onnx"), "class-map=0,1", "class-map has 2 entries"),
        (model("colour.onnx"), "class-map=0,1,2,nosuch", '"nosuch"'),
        (model("colour-dynamic.onnx"), "input-width=40", "set both"),
        (model("colour.onnx"), "labels-file=/nonexistent/labels.txt",
         "labels-file"),
        (model("colour.onnx"), "std=1,0,1", "std not 0"),
    ]
    for path, props, text in cases:
        rc, out = launch("%s ! sisegmodel model=%s %s ! fakesink" %
                         (frames(), path, props), expect_ok=False)
        check(rc != 0, "%s %s: no failure" % (path, props))
        check("PAUSED" in out, "%s: did not fail going to PAUSED:\n%s" %
              (path, out))
        for want in (os.path.basename(path), text):
            check(want in out, "%s %s: no \"%s\" in:\n%s" %
                  (path, props, want, out[-1500:]))


@test
def video_file_through_sisegment(tmp):
    """a video file, tee'd into sisegmodel and sisegment: every frame is
    split, instances found in each"""
    video = os.path.join(tmp, "scene.webm")
    jsonl = os.path.join(tmp, "out.jsonl")
    n = 20
    launch("%s ! vp8enc deadline=1 target-bitrate=2000000 ! webmmux ! "
           "filesink location=%s" % (frames(n, 640, 480, "I420"), video))
    launch("sisegment name=s json-location=%s ! fakesink "
           "filesrc location=%s ! decodebin ! videoconvert ! tee name=t "
           "t. ! queue ! s.sink "
           "t. ! queue ! sisegmodel model=%s ! s.mask"
           % (jsonl, video, model("colour.onnx")))
    with open(jsonl) as f:
        lines = [json.loads(line) for line in f]
    check(len(lines) == n, "%d JSON lines for %d frames" % (len(lines), n))
    counts = [len(line["objects"]) for line in lines]
    check(min(counts) >= 5, "instances per frame: %s" % counts)
    labels = {o["detection"]["label_id"] for line in lines
              for o in line["objects"]}
    check(labels <= {1, 2, 3} and len(labels) == 3, "classes %s" % labels)


@test
def inspect_documents_it(tmp):
    """gst-inspect-1.0 sisegmodel lists its properties"""
    p = subprocess.run(["gst-inspect-1.0", "sisegmodel"], capture_output=True,
                       text=True, timeout=TIMEOUT)
    check(p.returncode == 0, p.stderr)
    for prop in ["model", "input-width", "input-height", "keep-aspect",
                 "scale", "mean",
                 "std", "channel-order", "class-map", "labels-file",
                 "threshold", "target", "qos"]:
        check("\n  %s " % prop in p.stdout, "no property %s" % prop)


def main():
    print("1..%d" % len(TESTS))
    failed = 0
    for i, fn in enumerate(TESTS, 1):
        name = fn.__name__.replace("_", "-")
        with tempfile.TemporaryDirectory(prefix="siseg-model-") as tmp:
            try:
                fn(tmp)
                print("ok %d - %s" % (i, name))
            except (Fail, subprocess.TimeoutExpired) as e:
                failed += 1
                print("not ok %d - %s" % (i, name))
                print("# " + str(e).replace("\n", "\n# "))
        sys.stdout.flush()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
