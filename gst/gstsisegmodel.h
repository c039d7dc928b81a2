/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_SISEG_MODEL_H__
#define __GST_SISEG_MODEL_H__

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideofilter.h>

#include "gstsisegdnn.h"

G_BEGIN_DECLS

#define GST_TYPE_SISEG_MODEL (gst_siseg_model_get_type ())
G_DECLARE_FINAL_TYPE (GstSisegModel, gst_siseg_model, GST, SISEG_MODEL,
    GstVideoFilter);

/* The channel order the model takes. */
typedef enum
{
  GST_SISEG_MODEL_ORDER_RGB,
  GST_SISEG_MODEL_ORDER_BGR,
} GstSisegModelOrder;

struct _GstSisegModel
{
  GstVideoFilter parent;

  /* properties: object lock */
  gchar *model;
  gint input_width, input_height;       /* 0: the model's, else the frame's */
  gboolean keep_aspect;
  gdouble scale;
  gchar *mean, *std;
  GstSisegModelOrder order;
  gchar *class_map;
  gchar *labels_file;
  gdouble threshold;
  GstSisegDnnTarget target;

  /* the model, from start to stop: object lock for the pointer (caps
   * queries probe it from any thread); the streaming thread runs it */
  GstSisegDnn *dnn;
  GstSisegDnnPre pre;           /* input size 0: the frame's */
  GArray *class_of;             /* guint16 per output channel */
  GstVideoFormat format;        /* GRAY8 or GRAY16_LE */
  guint64 n_frames;
  GstClockTime latency;         /* object lock */
};

GST_ELEMENT_REGISTER_DECLARE (sisegmodel);

G_END_DECLS

#endif /* __GST_SISEG_MODEL_H__ */
