/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * OpenCV's DNN module behind a C API, for sisegmodel: a model file in, a
 * class map out. No OpenCV exception crosses it: every failure is a GError
 * (GST_RESOURCE_ERROR for files, GST_LIBRARY_ERROR for the model).
 */
#ifndef __GST_SISEG_DNN_H__
#define __GST_SISEG_DNN_H__

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

typedef struct _GstSisegDnn GstSisegDnn;

/* Where OpenCV runs the model. */
typedef enum
{
  GST_SISEG_DNN_TARGET_CPU,
  GST_SISEG_DNN_TARGET_OPENCL,
  GST_SISEG_DNN_TARGET_OPENCL_FP16,
} GstSisegDnnTarget;

/* How a frame becomes the model's input: scaled to the input size (or,
 * keeping its aspect, into the middle of it, black around), in the model's
 * channel order, each value (pixel - mean[c]) * scale / std[c]. */
typedef struct
{
  gint width, height;
  gboolean keep_aspect;
  gboolean bgr;
  gdouble scale;
  gdouble mean[3];
  gdouble std[3];
} GstSisegDnnPre;

/* How the model's output becomes class ids: class_of[channel] of the
 * channel with the highest score; one channel: class_of[0] where the
 * score is above threshold, else 0. */
typedef struct
{
  const guint16 *class_of;
  gfloat threshold;
} GstSisegDnnPost;

/* The model's shape at one input size. */
typedef struct
{
  guint in_channels;
  gint in_width, in_height;     /* 0 where the model does not fix them */
  guint channels;               /* output */
  gint width, height;
  gint64 run_us;                /* one run after a first one */
} GstSisegDnnShape;

GstSisegDnn *gst_siseg_dnn_new (const gchar * path, GstSisegDnnTarget target,
    GError ** error);
void gst_siseg_dnn_free (GstSisegDnn * dnn);

/* The input the model declares: channels and size, 0 where not fixed. */
void gst_siseg_dnn_get_input (GstSisegDnn * dnn, GstSisegDnnShape * shape);

/* Runs the model once on a blank input of width x height and fills @shape;
 * FALSE when the output is no 1xCxHxW blob. */
gboolean gst_siseg_dnn_probe (GstSisegDnn * dnn, gint width, gint height,
    GstSisegDnnShape * shape, GError ** error);

/* Where a frame of frame_width x frame_height lies in the model's input
 * (@in_rect, may be NULL) and in its output of @shape (@out_rect): all of
 * them unless pre->keep_aspect. The class map is the size of @out_rect. */
void gst_siseg_dnn_fit (const GstSisegDnnPre * pre, gint frame_width,
    gint frame_height, const GstSisegDnnShape * shape,
    GstVideoRectangle * in_rect, GstVideoRectangle * out_rect);

/* The class map of @in into @out (GRAY8 or GRAY16_LE, of the size
 * gst_siseg_dnn_fit() gives at the last probe's shape). */
gboolean gst_siseg_dnn_run (GstSisegDnn * dnn, const GstVideoFrame * in,
    const GstSisegDnnPre * pre, const GstSisegDnnPost * post,
    GstVideoFrame * out, GError ** error);

/* The device OpenCV runs on, for the log. */
const gchar *gst_siseg_dnn_device (GstSisegDnn * dnn);

G_END_DECLS

#endif /* __GST_SISEG_DNN_H__ */
