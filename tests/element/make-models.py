#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes the tiny ONNX models the sisegmodel tests run, into OUT_DIR:

  colour.onnx          1x3x48x64 in, 1x4x48x64 out: a 1x1 convolution whose
                       argmax is the colour channel that stands out
                       (1 red, 2 green, 3 blue, as sisegtestsrc's classes),
                       channel 0 (background) where none stands out
  colour-dynamic.onnx  the same with a symbolic input size (Nx3xHxW)
  colour-half.onnx     the same, 1x3x96x128 in, stride 2: 1x4x48x64 out
  sigmoid.onnx         one channel: sigmoid of how much red stands out
  wide.onnx            300 channels: red, green, blue at 257, 258, 299
  flat.onnx            output 1x4 (pooled): no class map
  unsupported.onnx     an operation no OpenCV knows
  nhwc.onnx            input 1x48x64x3: not NCHW

  make-models.py OUT_DIR [STAMP]

Needs python3-onnx and python3-numpy (Debian). STAMP, when given, is
written last (meson's output for the lot).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 11
W, H = 64, 48
# how far a channel must stand out of the other two (0-1 units) to count
STANDOUT = 0.15


def colour_weights(channels, at=(1, 2, 3)):
    """1x1 convolution: channel at[k] = x_k - (the other two) / 2; the
    background channel 0 a constant STANDOUT, the rest far below."""
    w = np.zeros((channels, 3, 1, 1), np.float32)
    b = np.full(channels, -10.0, np.float32)
    b[0] = STANDOUT
    for k, c in enumerate(at):
        w[c, :, 0, 0] = -0.5
        w[c, k, 0, 0] = 1.0
        b[c] = 0.0
    return w, b


def model(nodes, inits, in_shape, out_name, out_shape, domains=()):
    graph = helper.make_graph(
        nodes, "siseg-test",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, in_shape)],
        [helper.make_tensor_value_info(out_name, TensorProto.FLOAT,
                                       out_shape)],
        [numpy_helper.from_array(a, n) for n, a in inits.items()])
    opsets = [helper.make_opsetid("", OPSET)]
    opsets += [helper.make_opsetid(d, 1) for d in domains]
    m = helper.make_model(graph, producer_name="siseg tests",
                          opset_imports=opsets)
    onnx.checker.check_model(m)
    return m


def conv(w, b, out="scores", inp="input", **attrs):
    return (helper.make_node("Conv", [inp, out + "_w", out + "_b"], [out],
                             kernel_shape=[1, 1], **attrs),
            {out + "_w": w, out + "_b": b})


def colour(in_shape=(1, 3, H, W), out_shape=(1, 4, H, W), strides=(1, 1)):
    node, inits = conv(*colour_weights(4), strides=list(strides))
    return model([node], inits, list(in_shape), "scores", list(out_shape))


def sigmoid():
    w, b = colour_weights(4)
    node, inits = conv(10 * w[1:2], 10 * (b[1:2] - STANDOUT), out="logit")
    sig = helper.make_node("Sigmoid", ["logit"], ["scores"])
    return model([node, sig], inits, [1, 3, H, W], "scores", [1, 1, H, W])


def wide():
    node, inits = conv(*colour_weights(300, at=(257, 258, 299)))
    return model([node], inits, [1, 3, H, W], "scores", [1, 300, H, W])


def flat():
    node, inits = conv(*colour_weights(4), out="maps")
    pool = helper.make_node("GlobalAveragePool", ["maps"], ["pooled"])
    flatten = helper.make_node("Flatten", ["pooled"], ["scores"])
    return model([node, pool, flatten], inits, [1, 3, H, W], "scores",
                 [1, 4])


def unsupported():
    node = helper.make_node("NoSuchOperation", ["input"], ["scores"],
                            domain="siseg.test")
    return model([node], {}, [1, 3, H, W], "scores", [1, 3, H, W],
                 domains=["siseg.test"])


def nhwc():
    node = helper.make_node("Relu", ["input"], ["scores"])
    return model([node], {}, [1, H, W, 3], "scores", [1, H, W, 3])


MODELS = {
    "colour.onnx": colour,
    "colour-dynamic.onnx": lambda: colour(("N", 3, "H", "W"),
                                          ("N", 4, "H", "W")),
    "colour-half.onnx": lambda: colour((1, 3, 2 * H, 2 * W), (1, 4, H, W),
                                       strides=(2, 2)),
    "sigmoid.onnx": sigmoid,
    "wide.onnx": wide,
    "flat.onnx": flat,
    "unsupported.onnx": unsupported,
    "nhwc.onnx": nhwc,
}


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, make in MODELS.items():
        onnx.save(make(), os.path.join(out, name))
    if len(sys.argv) == 3:
        with open(sys.argv[2], "w") as f:
            f.write("\n".join(sorted(MODELS)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
