/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The frame's "sisegment" element message (gstsisegapi.h documents it).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

/* The instances are a GValueArray: deprecated in GLib, but what level
 * posts and what PyGObject turns into a list without GStreamer's Python
 * overrides (GstValueList it cannot read). */
#define GLIB_DISABLE_DEPRECATION_WARNINGS

#include "gstsisegmeta.h"
#include "gstsisegparse.h"

static GstStructure *
gst_siseg_message_instance (const SisegInstance * inst, const gchar * label,
    gboolean tracking)
{
  GstStructure *s = gst_structure_new ("instance",
      "id", G_TYPE_UINT, (guint) inst->id, NULL);

  if (tracking)
    gst_structure_set (s, "object-id", G_TYPE_UINT64, inst->object_id, NULL);
  gst_structure_set (s, "class-id", G_TYPE_UINT, (guint) inst->class_id,
      "label", G_TYPE_STRING, label,
      "x", G_TYPE_INT, inst->x, "y", G_TYPE_INT, inst->y,
      "w", G_TYPE_INT, inst->w, "h", G_TYPE_INT, inst->h,
      "area", G_TYPE_UINT, (guint) inst->area,
      "score", G_TYPE_DOUBLE, (gdouble) inst->score, NULL);
  return s;
}

static GValueArray *
gst_siseg_message_instances (const GstSisegResult * r)
{
  GValueArray *array = g_value_array_new (r->n_instances);
  GValue v = G_VALUE_INIT;
  guint i;

  g_value_init (&v, GST_TYPE_STRUCTURE);
  for (i = 0; i < r->n_instances; i++) {
    const gchar *label;
    gchar buf[32];

    label = gst_siseg_label (r->labels, r->instances[i].class_id, buf,
        sizeof buf);
    g_value_take_boxed (&v, gst_siseg_message_instance (&r->instances[i],
            label, r->tracking));
    g_value_array_append (array, &v);
  }
  g_value_unset (&v);
  return array;
}

GstMessage *
gst_siseg_message_new (GstObject * src, const GstSisegResult * r)
{
  GstClockTime st = GST_CLOCK_TIME_NONE, rt = GST_CLOCK_TIME_NONE;
  GValue instances = G_VALUE_INIT;
  GstStructure *s;

  if (r->segment != NULL && GST_CLOCK_TIME_IS_VALID (r->timestamp)) {
    st = gst_segment_to_stream_time (r->segment, GST_FORMAT_TIME, r->timestamp);
    rt = gst_segment_to_running_time (r->segment, GST_FORMAT_TIME,
        r->timestamp);
  }
  s = gst_structure_new (GST_SISEG_MESSAGE_NAME,
      "timestamp", G_TYPE_UINT64, r->timestamp,
      "stream-time", G_TYPE_UINT64, st,
      "running-time", G_TYPE_UINT64, rt,
      "duration", G_TYPE_UINT64, r->duration,
      "has-mask", G_TYPE_BOOLEAN, r->has_mask, NULL);
  g_value_init (&instances, g_value_array_get_type ());
  g_value_take_boxed (&instances, gst_siseg_message_instances (r));
  gst_structure_take_value (s, "instances", &instances);
  return gst_message_new_element (src, s);
}
