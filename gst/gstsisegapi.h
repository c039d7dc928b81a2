/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * What sisegment gives applications, and the names to read it by. This
 * header is installed with the plugin (include/gstreamer-1.0/gst/siseg/)
 * and needs nothing but GStreamer to build against: no library to link,
 * the id-map meta's type is found by its name once the plugin is loaded.
 *
 * Per output buffer (the drawn frame):
 *
 * - one GstVideoRegionOfInterestMeta per instance: roi_type the class
 *   label, id the instance id (its pixels' value in the id map), the box in
 *   frame pixels, and these parameter structures:
 *   - "detection" (DL Streamer's): x_min, y_min, x_max, y_max (gdouble,
 *     0..1 of the frame), confidence (gdouble), label_id (gint), label
 *     (string);
 *   - "instance" (ours): class_id (gint), instance_id (gint), object_id
 *     (guint64: the track id with tracking=true, else the instance id),
 *     area (guint, frame pixels), centroid_x, centroid_y (gdouble, frame
 *     pixels), score (gdouble, 0..1);
 *   - "object_id" (DL Streamer's, as gvatrack sets it), only with
 *     tracking=true: id (gint), the object id's low 31 bits (the full 64-bit
 *     value is the "instance" structure's object_id).
 *   The parameter structures all name their fields with underscores, as
 *   DL Streamer's do: its elements and tools are what reads them.
 *
 * - a GstSisegIdsMeta (below) with the frame's instance-id map, on every
 *   frame that got a mask, unless the output is the id map itself.
 *
 * Per output frame, with post-messages=true (the default), an element
 * message whose structure is named "sisegment" (fields with dashes, as
 * GStreamer's own element messages, level's and facedetect's):
 *   timestamp, stream-time, running-time, duration (GstClockTime, of the
 *   buffer; GST_CLOCK_TIME_NONE when unknown), has-mask (gboolean: the frame
 *   was segmented; FALSE for a frame passed on undrawn), instances (a
 *   GValueArray of GstStructures named "instance": id (guint), object-id
 *   (guint64, only with tracking=true), class-id (guint), label (string),
 *   x, y, w, h (gint, frame pixels), area (guint), score (gdouble)).
 *   A GValueArray, as level's messages: PyGObject reads it as a list.
 *
 * GStreamer 1.26's analytics metas (GstAnalyticsRelationMeta with ODMtd,
 * TrackingMtd and SegmentationMtd) would be added beside the ROI metas, in
 * one place: gst_siseg_meta_add() in the plugin's gstsisegmeta.c; the id
 * map below is already shaped as SegmentationMtd takes its masks.
 */
#ifndef __GST_SISEG_API_H__
#define __GST_SISEG_API_H__

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* ROI meta parameter structures */
#define GST_SISEG_PARAM_DETECTION "detection"
#define GST_SISEG_PARAM_INSTANCE "instance"
#define GST_SISEG_PARAM_OBJECT_ID "object_id"

/* the element message's structure name */
#define GST_SISEG_MESSAGE_NAME "sisegment"

/* the id-map meta's API and implementation names */
#define GST_SISEG_IDS_META_API_NAME "GstSisegIdsMetaAPI"
#define GST_SISEG_IDS_META_IMPL_NAME "GstSisegIdsMeta"

/**
 * GstSisegIdsMeta:
 * @meta: parent #GstMeta
 * @ids: the frame's instance-id map: a GRAY16_LE buffer at the frame's
 *   size, with a #GstVideoMeta (its stride), native-endian 16-bit ids, 0
 *   where there is no instance, else the instance's id (its ROI meta's id).
 *   Read-only: the meta holds a reference; ref it to keep it longer than
 *   the frame.
 *
 * The per-instance masks of a drawn frame. Copied with the frame (copies,
 * format conversions); dropped by anything that scales or crops it.
 */
typedef struct
{
  GstMeta meta;
  GstBuffer *ids;
} GstSisegIdsMeta;

/* The meta's API type: 0 until the plugin is loaded (a sisegment made, or
 * gst_plugin_load_by_name ("siseg")). */
static inline GType
gst_siseg_ids_meta_api_type (void)
{
  return g_type_from_name (GST_SISEG_IDS_META_API_NAME);
}

/* The id-map meta of buffer, or NULL. */
static inline GstSisegIdsMeta *
gst_buffer_get_siseg_ids_meta (GstBuffer * buffer)
{
  GType api = gst_siseg_ids_meta_api_type ();

  return api ? (GstSisegIdsMeta *) gst_buffer_get_meta (buffer, api) : NULL;
}

G_END_DECLS

#endif /* __GST_SISEG_API_H__ */
