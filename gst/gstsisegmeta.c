/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The element's results as metadata: one GstVideoRegionOfInterestMeta per
 * instance (DL Streamer's "detection" and "object_id" parameters plus our
 * "instance" ones), the id-map meta, the frame's bus message, and the image
 * descriptors the core takes. gstsisegapi.h documents all of it.
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

/* The parameter structures name their fields with underscores, as
 * DL Streamer's "detection" and "object_id" do: a consumer of ROI params
 * (gvametaconvert, gvapython, DL Streamer's Python API) reads them all the
 * same way. The bus message keeps GStreamer's dashes. */
static GstStructure *
gst_siseg_instance_new (const SisegInstance * inst)
{
  return gst_structure_new (GST_SISEG_PARAM_INSTANCE,
      "class_id", G_TYPE_INT, (gint) inst->class_id,
      "instance_id", G_TYPE_INT, (gint) inst->id,
      "object_id", G_TYPE_UINT64, inst->object_id,
      "area", G_TYPE_UINT, (guint) inst->area,
      "centroid_x", G_TYPE_DOUBLE, (gdouble) inst->cx,
      "centroid_y", G_TYPE_DOUBLE, (gdouble) inst->cy,
      "score", G_TYPE_DOUBLE, (gdouble) inst->score, NULL);
}

/* gvatrack's: an int "id"; the full 64-bit id is in "instance" */
static GstStructure *
gst_siseg_object_id_new (const SisegInstance * inst)
{
  return gst_structure_new (GST_SISEG_PARAM_OBJECT_ID,
      "id", G_TYPE_INT, (gint) (inst->object_id & G_MAXINT), NULL);
}

/* The one place results become metadata: GStreamer 1.26's analytics
 * (GstAnalyticsRelationMeta: an ODMtd per instance from its box, a
 * TrackingMtd from object_id with tracking, one SegmentationMtd from
 * result->id_map) would be added here, from the same result. */
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
    if (result->tracking)
      gst_video_region_of_interest_meta_add_param (meta,
          gst_siseg_object_id_new (inst));
  }
  if (result->id_map != NULL) {
    GstSisegIdsMeta *meta = (GstSisegIdsMeta *) gst_buffer_add_meta (buffer,
        gst_siseg_ids_meta_get_info (), NULL);

    meta->ids = gst_buffer_ref (result->id_map);
  }
}

GType
gst_siseg_ids_meta_api_get_type (void)
{
  static GType type = 0;
  /* a conversion of the frame's format keeps it, a scale or crop not
   * (gst_siseg_ids_meta_transform ()) */
  static const gchar *tags[] = { GST_META_TAG_VIDEO_STR,
    GST_META_TAG_VIDEO_SIZE_STR, GST_META_TAG_VIDEO_ORIENTATION_STR, NULL
  };

  if (g_once_init_enter (&type)) {
    GType t = gst_meta_api_type_register (GST_SISEG_IDS_META_API_NAME, tags);

    g_once_init_leave (&type, t);
  }
  return type;
}

static gboolean
gst_siseg_ids_meta_init (GstMeta * meta, gpointer params, GstBuffer * buffer)
{
  ((GstSisegIdsMeta *) meta)->ids = NULL;
  return TRUE;
}

static void
gst_siseg_ids_meta_free (GstMeta * meta, GstBuffer * buffer)
{
  gst_clear_buffer (&((GstSisegIdsMeta *) meta)->ids);
}

/* Whole copies, and "scales" that keep the size: the map is the frame's
 * size. videoconvert (videoconvertscale since 1.22) hands a size-tagged
 * meta to a scale transform whether the size changes or not. */
static gboolean
gst_siseg_ids_meta_transform (GstBuffer * dest, GstMeta * meta,
    GstBuffer * buffer, GQuark type, gpointer data)
{
  GstSisegIdsMeta *smeta = (GstSisegIdsMeta *) meta, *dmeta;

  if (GST_VIDEO_META_TRANSFORM_IS_SCALE (type)) {
    GstVideoMetaTransform *t = data;
    if (GST_VIDEO_INFO_WIDTH (t->in_info) != GST_VIDEO_INFO_WIDTH (t->out_info)
        || GST_VIDEO_INFO_HEIGHT (t->in_info) !=
        GST_VIDEO_INFO_HEIGHT (t->out_info))
      return FALSE;
  } else if (!GST_META_TRANSFORM_IS_COPY (type)
      || ((GstMetaTransformCopy *) data)->region)
    return FALSE;
  dmeta = (GstSisegIdsMeta *) gst_buffer_add_meta (dest,
      gst_siseg_ids_meta_get_info (), NULL);
  if (dmeta == NULL)
    return FALSE;
  dmeta->ids = gst_buffer_ref (smeta->ids);
  return TRUE;
}

const GstMetaInfo *
gst_siseg_ids_meta_get_info (void)
{
  static const GstMetaInfo *info = NULL;

  if (g_once_init_enter ((GstMetaInfo **) & info)) {
    const GstMetaInfo *i = gst_meta_register (gst_siseg_ids_meta_api_get_type
        (), GST_SISEG_IDS_META_IMPL_NAME, sizeof (GstSisegIdsMeta),
        gst_siseg_ids_meta_init, gst_siseg_ids_meta_free,
        gst_siseg_ids_meta_transform);

    g_once_init_leave ((GstMetaInfo **) & info, (GstMetaInfo *) i);
  }
  return info;
}

GstClockTime
gst_siseg_result_stream_offset (const GstSisegResult * r)
{
  GstClockTime st;

  if (r->segment == NULL || !GST_CLOCK_TIME_IS_VALID (r->timestamp))
    return GST_CLOCK_TIME_NONE;
  st = gst_segment_to_stream_time (r->segment, GST_FORMAT_TIME, r->timestamp);
  if (!GST_CLOCK_TIME_IS_VALID (st) || st < r->segment->time)
    return GST_CLOCK_TIME_NONE;
  return st - r->segment->time;
}
