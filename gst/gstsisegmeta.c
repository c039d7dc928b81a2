/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The element's results as metadata: one GstVideoRegionOfInterestMeta per
 * instance (DL Streamer's "detection" parameters plus our "instance" ones),
 * and the image descriptors the core takes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/video/video.h>

#include "gstsisegmeta.h"
#include "gstsisegparse.h"

SisegFormat
gst_siseg_format (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_RGBA:
      return SISEG_FORMAT_RGBA;
    case GST_VIDEO_FORMAT_BGRA:
      return SISEG_FORMAT_BGRA;
    case GST_VIDEO_FORMAT_RGBx:
      return SISEG_FORMAT_RGBX;
    case GST_VIDEO_FORMAT_BGRx:
      return SISEG_FORMAT_BGRX;
    case GST_VIDEO_FORMAT_RGB:
      return SISEG_FORMAT_RGB;
    case GST_VIDEO_FORMAT_BGR:
      return SISEG_FORMAT_BGR;
    case GST_VIDEO_FORMAT_NV12:
      return SISEG_FORMAT_NV12;
    case GST_VIDEO_FORMAT_I420:
      return SISEG_FORMAT_I420;
    case GST_VIDEO_FORMAT_GRAY16_LE:
      return SISEG_FORMAT_GRAY16;       /* native order on little-endian hosts */
    default:
      return SISEG_FORMAT_GRAY8;
  }
}

void
gst_siseg_image_from_frame (SisegImage * image, const GstVideoFrame * frame)
{
  guint i;

  memset (image, 0, sizeof (*image));
  image->format = gst_siseg_format (GST_VIDEO_FRAME_FORMAT (frame));
  image->width = GST_VIDEO_FRAME_WIDTH (frame);
  image->height = GST_VIDEO_FRAME_HEIGHT (frame);
  for (i = 0; i < GST_VIDEO_FRAME_N_PLANES (frame) && i < 3; i++) {
    image->data[i] = GST_VIDEO_FRAME_PLANE_DATA (frame, i);
    image->stride[i] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, i);
  }
}

static GstStructure *
gst_siseg_detection_new (const SisegInstance * inst, gint width, gint height,
    const gchar * label)
{
  return gst_structure_new ("detection",
      "x_min", G_TYPE_DOUBLE, (gdouble) inst->x / width,
      "y_min", G_TYPE_DOUBLE, (gdouble) inst->y / height,
      "x_max", G_TYPE_DOUBLE, (gdouble) (inst->x + inst->w) / width,
      "y_max", G_TYPE_DOUBLE, (gdouble) (inst->y + inst->h) / height,
      "confidence", G_TYPE_DOUBLE, (gdouble) inst->score,
      "label_id", G_TYPE_INT, (gint) inst->class_id,
      "label", G_TYPE_STRING, label, NULL);
}

static GstStructure *
gst_siseg_instance_new (const SisegInstance * inst)
{
  return gst_structure_new ("instance",
      "class-id", G_TYPE_INT, (gint) inst->class_id,
      "instance-id", G_TYPE_INT, (gint) inst->id,
      "object-id", G_TYPE_UINT64, inst->object_id,
      "area", G_TYPE_UINT, (guint) inst->area,
      "centroid-x", G_TYPE_DOUBLE, (gdouble) inst->cx,
      "centroid-y", G_TYPE_DOUBLE, (gdouble) inst->cy,
      "score", G_TYPE_DOUBLE, (gdouble) inst->score, NULL);
}

void
gst_siseg_meta_add (GstBuffer * buffer, const GstSisegResult * result)
{
  guint i;

  for (i = 0; i < result->n_instances; i++) {
    const SisegInstance *inst = &result->instances[i];
    GstVideoRegionOfInterestMeta *meta;
    const gchar *label;
    gchar buf[32];

    label = gst_siseg_label (result->labels, inst->class_id, buf, sizeof buf);
    meta = gst_buffer_add_video_region_of_interest_meta (buffer, label,
        inst->x, inst->y, inst->w, inst->h);
    meta->id = inst->id;
    gst_video_region_of_interest_meta_add_param (meta,
        gst_siseg_detection_new (inst, result->width, result->height, label));
    gst_video_region_of_interest_meta_add_param (meta,
        gst_siseg_instance_new (inst));
  }
}
