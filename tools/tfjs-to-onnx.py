#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Converts a TensorFlow.js graph model (model.json + its .bin shards) to
ONNX, node for node, for OpenCV's DNN module, which reads neither TF.js nor
TFLite. Only the operations that MobileNet-style segmentation graphs use
(MediaPipe's Selfie Segmentation: Conv2D, DepthwiseConv2dNative,
Conv2DBackpropInput, Add, AddV2, AddN, Mul, Relu, Relu6, Sigmoid, AvgPool,
ResizeBilinear) are known; any other stops the conversion with its name.

  tfjs-to-onnx.py MODEL.json OUT.onnx

The ONNX graph is NCHW (what cv::dnn::blobFromImage makes): input "input"
1x3xHxW, float, values as the TF.js model takes them; the output keeps the
graph's last node. Convolution biases are folded into the convolutions.
Needs python3-onnx and python3-numpy (Debian).
"""
import base64
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 11
CONVS = ("Conv2D", "DepthwiseConv2dNative", "Conv2DBackpropInput")
DTYPES = {"float32": np.float32, "int32": np.int32}


class ConvertError(Exception):
    pass


def attr_ints(node, key):
    return [int(i) for i in node["attr"][key]["list"]["i"]]


def attr_str(node, key):
    return base64.b64decode(node["attr"][key]["s"]).decode()


def read_weights(model_dir, manifest):
    """The named constants, decoded (float16 and affine quantization)."""
    weights = {}
    for group in manifest:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read()
                        for p in group["paths"])
        pos = 0
        for w in group["weights"]:
            shape = [int(s) for s in w["shape"]]
            count = int(np.prod(shape)) if shape else 1
            quant = w.get("quantization")
            if quant is None:
                dtype = np.dtype(DTYPES[w["dtype"]])
                arr = np.frombuffer(data, dtype, count, pos)
            elif quant["dtype"] == "float16":
                dtype = np.dtype(np.float16)
                arr = np.frombuffer(data, dtype, count, pos).astype(np.float32)
            elif quant["dtype"] in ("uint8", "uint16"):
                dtype = np.dtype(quant["dtype"])
                q = np.frombuffer(data, dtype, count, pos).astype(np.float32)
                arr = q * quant["scale"] + quant["min"]
            else:
                raise ConvertError("weight %s: quantization %s" %
                                   (w["name"], quant["dtype"]))
            pos += count * dtype.itemsize
            weights[w["name"]] = arr.reshape(shape)
    return weights


def input_name(name):
    """A node input as a tensor name: no ':0' suffix."""
    return name.split(":")[0]


def same_pads(size, kernel, stride):
    """TensorFlow's SAME padding of one axis: (output, before, after)."""
    out = math.ceil(size / stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return out, total // 2, total - total // 2


class Converter:
    def __init__(self, graph, weights):
        self.nodes = [n for n in graph["modelTopology"]["node"]]
        self.consts = {}
        for n in self.nodes:
            if n["op"] == "Const":
                if n["name"] not in weights:
                    raise ConvertError("constant %s has no weights" %
                                       n["name"])
                self.consts[n["name"]] = weights[n["name"]]
        self.users = {}
        for n in self.nodes:
            for i in n.get("input", []):
                i = input_name(i)
                self.users[i] = self.users.get(i, 0) + 1
        self.shapes = {}      # tensor -> (C, H, W)
        self.alias = {}       # folded Add output -> the convolution's
        self.onnx_nodes = []
        self.inits = []
        self.bias = {}        # convolution -> folded bias
        self.find_folds()

    def find_folds(self):
        ops = {n["name"]: n["op"] for n in self.nodes}
        for n in self.nodes:
            if n["op"] not in ("Add", "AddV2") or len(n["input"]) != 2:
                continue
            a, b = (input_name(i) for i in n["input"])
            if ops.get(b) in CONVS:
                a, b = b, a
            if (ops.get(a) in CONVS and self.users[a] == 1 and b in self.consts
                    and self.consts[b].ndim == 1 and a not in self.bias):
                self.bias[a] = self.consts[b]
                self.alias[n["name"]] = a

    def tensor(self, name):
        name = input_name(name)
        while name in self.alias:
            name = self.alias[name]
        return name

    def init(self, name, array):
        self.inits.append(numpy_helper.from_array(array, name))
        return name

    def operand(self, name):
        """A tensor, or a constant as a broadcastable NCHW initialiser."""
        name = input_name(name)
        if name not in self.consts:
            return self.tensor(name)
        c = self.consts[name].astype(np.float32)
        if c.ndim == 1 and c.size > 1:
            c = c.reshape(1, -1, 1, 1)
        return self.init(name + "/nchw", c)

    def emit(self, op, inputs, output, **attrs):
        self.onnx_nodes.append(helper.make_node(op, inputs, [output],
                                                name=output, **attrs))

    def conv(self, n):
        backprop = n["op"] == "Conv2DBackpropInput"
        x = self.tensor(n["input"][2 if backprop else 0])
        c, h, w = self.shapes[x]
        strides = attr_ints(n, "strides")[1:3]
        dil = attr_ints(n, "dilations")[1:3]
        padding = attr_str(n, "padding")
        if attr_str(n, "data_format") != "NHWC":
            raise ConvertError("%s: data_format is not NHWC" % n["name"])
        f = self.consts[input_name(n["input"][1])]
        kh, kw = f.shape[0], f.shape[1]
        attrs = dict(strides=strides, dilations=dil,
                     kernel_shape=[int(kh), int(kw)])
        if backprop:
            size = self.consts[input_name(n["input"][0])]
            oh, ow, oc = int(size[1]), int(size[2]), int(f.shape[2])
            weight = f.transpose(3, 2, 0, 1)           # in, out, kh, kw
            ph = max((h - 1) * strides[0] + kh - oh, 0)
            pw = max((w - 1) * strides[1] + kw - ow, 0)
            pads = [ph // 2, pw // 2, ph - ph // 2, pw - pw // 2]
            op = "ConvTranspose"
        else:
            if n["op"] == "DepthwiseConv2dNative":
                weight = f.transpose(2, 3, 0, 1).reshape(-1, 1, kh, kw)
                attrs["group"] = int(f.shape[2])
            else:
                weight = f.transpose(3, 2, 0, 1)       # out, in, kh, kw
            oc = weight.shape[0]
            ekh = (kh - 1) * dil[0] + 1
            ekw = (kw - 1) * dil[1] + 1
            if padding == "SAME":
                oh, t, b = same_pads(h, ekh, strides[0])
                ow, l, r = same_pads(w, ekw, strides[1])
            else:
                oh = (h - ekh) // strides[0] + 1
                ow = (w - ekw) // strides[1] + 1
                t = b = l = r = 0
            pads = [t, l, b, r]
            op = "Conv"
        inputs = [x, self.init(n["name"] + "/weight",
                               np.ascontiguousarray(weight, np.float32))]
        if n["name"] in self.bias:
            inputs.append(self.init(n["name"] + "/bias",
                                    self.bias[n["name"]].astype(np.float32)))
        self.emit(op, inputs, n["name"], pads=pads, **attrs)
        self.shapes[n["name"]] = (int(oc), oh, ow)

    def binary(self, n, op):
        names = [input_name(i) for i in n["input"]]
        tensors = [i for i in names if i not in self.consts]
        if not tensors:
            raise ConvertError("%s: constant folding is not supported"
                               % n["name"])
        inputs = [self.operand(i) for i in names]
        out = n["name"]
        while len(inputs) > 2:        # AddN of more than two
            self.emit(op, inputs[:2], out + "/part%d" % len(inputs))
            inputs = [out + "/part%d" % len(inputs)] + inputs[2:]
        self.emit(op, inputs, out)
        self.shapes[out] = max((self.shapes[self.tensor(t)] for t in tensors),
                               key=lambda s: s[1] * s[2])

    def pool(self, n):
        x = self.tensor(n["input"][0])
        c, h, w = self.shapes[x]
        k = attr_ints(n, "ksize")[1:3]
        s = attr_ints(n, "strides")[1:3]
        if k == [h, w] and attr_str(n, "padding") == "VALID":
            self.emit("GlobalAveragePool", [x], n["name"])
            self.shapes[n["name"]] = (c, 1, 1)
            return
        if attr_str(n, "padding") != "VALID":
            raise ConvertError("%s: AvgPool with SAME padding" % n["name"])
        self.emit("AveragePool", [x], n["name"], kernel_shape=k, strides=s)
        self.shapes[n["name"]] = (c, (h - k[0]) // s[0] + 1,
                                  (w - k[1]) // s[1] + 1)

    def resize(self, n):
        x = self.tensor(n["input"][0])
        c, h, w = self.shapes[x]
        size = self.consts[input_name(n["input"][1])]
        if n["attr"].get("align_corners", {}).get("b"):
            mode = "align_corners"
        elif n["attr"].get("half_pixel_centers", {}).get("b"):
            # half_pixel, for outputs larger than one pixel; OpenCV 4.6
            # honours pixel centres only under this name
            mode = "pytorch_half_pixel"
        else:
            mode = "asymmetric"
        roi = self.init(n["name"] + "/roi", np.zeros(0, np.float32))
        scales = self.init(n["name"] + "/scales", np.array(
            [1, 1, size[0] / h, size[1] / w], np.float32))
        self.emit("Resize", [x, roi, scales], n["name"], mode="linear",
                  coordinate_transformation_mode=mode)
        self.shapes[n["name"]] = (c, int(size[0]), int(size[1]))

    def unary(self, n, op, **attrs):
        x = self.tensor(n["input"][0])
        self.emit(op, [x], n["name"], **attrs)
        self.shapes[n["name"]] = self.shapes[x]

    def relu6(self, n):
        """min(max(x, 0), 6) as 6 * HardSigmoid(x / 6): OpenCV 4.6 reads
        Clip only with the attributes that opset 11 removed."""
        x = self.tensor(n["input"][0])
        hs = n["name"] + "/hardsigmoid"
        self.emit("HardSigmoid", [x], hs, alpha=1.0 / 6, beta=0.0)
        six = self.init(n["name"] + "/six", np.array(6, np.float32))
        self.emit("Mul", [hs, six], n["name"])
        self.shapes[n["name"]] = self.shapes[x]

    def convert(self):
        inputs = []
        last = None
        for n in self.nodes:
            op = n["op"]
            if op == "Const" or n["name"] in self.alias:
                continue
            if op == "Placeholder":
                dims = [int(d["size"]) for d in
                        n["attr"]["shape"]["shape"]["dim"]]
                if len(dims) != 4 or min(dims) < 1:
                    raise ConvertError("input %s: shape %s, want a fixed "
                                       "NHWC one" % (n["name"], dims))
                self.alias[n["name"]] = "input"
                self.shapes["input"] = (dims[3], dims[1], dims[2])
                inputs.append(helper.make_tensor_value_info(
                    "input", TensorProto.FLOAT, [1, dims[3], dims[1],
                                                 dims[2]]))
                continue
            if op in CONVS:
                self.conv(n)
            elif op in ("Add", "AddV2", "AddN"):
                self.binary(n, "Add")
            elif op == "Mul":
                self.binary(n, "Mul")
            elif op == "Relu":
                self.unary(n, "Relu")
            elif op == "Relu6":
                self.relu6(n)
            elif op == "Sigmoid":
                self.unary(n, "Sigmoid")
            elif op == "AvgPool":
                self.pool(n)
            elif op == "ResizeBilinear":
                self.resize(n)
            else:
                raise ConvertError("node %s: operation %s is not supported"
                                   % (n["name"], op))
            last = n["name"]
        c, h, w = self.shapes[last]
        outputs = [helper.make_tensor_value_info(last, TensorProto.FLOAT,
                                                 [1, c, h, w])]
        graph = helper.make_graph(self.onnx_nodes, "tfjs", inputs, outputs,
                                  self.inits)
        model = helper.make_model(graph, producer_name="siseg tfjs-to-onnx",
                                  opset_imports=[helper.make_opsetid("",
                                                                     OPSET)])
        onnx.checker.check_model(model)
        return model


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, out = sys.argv[1:]
    with open(path) as f:
        graph = json.load(f)
    if graph.get("format") != "graph-model":
        print("tfjs-to-onnx: %s is not a TF.js graph model" % path,
              file=sys.stderr)
        return 1
    try:
        weights = read_weights(os.path.dirname(os.path.abspath(path)),
                               graph["weightsManifest"])
        model = Converter(graph, weights).convert()
    except (ConvertError, KeyError, OSError) as e:
        print("tfjs-to-onnx: %s: %s" % (path, e), file=sys.stderr)
        return 1
    onnx.save(model, out)
    print("tfjs-to-onnx: wrote %s (%d nodes)" %
          (out, len(model.graph.node)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
