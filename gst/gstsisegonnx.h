/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input shape an ONNX file declares, read from its protobuf bytes:
 * OpenCV's DNN module does not tell it before a first run.
 */
#ifndef __GST_SISEG_ONNX_H__
#define __GST_SISEG_ONNX_H__

#include <gst/gst.h>

G_BEGIN_DECLS

#define GST_SISEG_ONNX_MAX_DIMS 8

/* The shape of the graph's first input that is not an initialiser: its
 * dimensions (0 where symbolic or missing) and their number. FALSE and
 * @error when the bytes hold no ONNX graph with an input. */
gboolean gst_siseg_onnx_input_shape (const guint8 * data, gsize len,
    gint64 dims[GST_SISEG_ONNX_MAX_DIMS], guint * n_dims, GError ** error);

G_END_DECLS

#endif /* __GST_SISEG_ONNX_H__ */
