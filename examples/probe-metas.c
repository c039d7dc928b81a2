/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An application that reads sisegment's metadata in a pad probe: the ROI
 * meta of each instance with its parameters, and the id-map meta, whose
 * GRAY16 map gives each instance's mask while the video is drawn. Built
 * against gstsisegapi.h alone (no siseg library to link):
 *
 *   cc probe-metas.c -o probe-metas -I$PREFIX/include/gstreamer-1.0/gst/siseg \
 *     $(pkg-config --cflags --libs gstreamer-video-1.0)
 *   GST_PLUGIN_PATH=build/gst ./probe-metas [FRAMES]
 *
 * It exits 1 unless every frame has instances, and the ROI metas are
 * exactly the ids in the map, each with about its area there, inside its
 * box, and with tracking an "object_id" parameter.
 */
#include <stdlib.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#include "gstsisegapi.h"

#define PIPELINE "sisegment name=s tracking=true ! fakesink name=out " \
  "sisegtestsrc num-buffers=%d num-objects=12 ! " \
  "video/x-raw,width=320,height=240,framerate=25/1 ! s.sink " \
  "sisegtestsrc output=mask num-buffers=%d num-objects=12 ! " \
  "video/x-raw,width=160,height=120,framerate=25/1 ! s.mask"

typedef struct
{
  guint frames;
  guint failures;
} Counts;

/* what the id map holds of one id */
typedef struct
{
  guint pixels;
  gint x0, y0, x1, y1;          /* inclusive box */
} IdStats;

/* Per-id pixel counts and boxes of a GRAY16 map; the largest id in *n. */
static IdStats *
map_stats (GstBuffer * ids, guint * n)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (ids);
  IdStats *stats = g_new0 (IdStats, G_MAXUINT16 + 1);
  GstMapInfo map;
  gpointer data;
  gint stride;
  guint x, y;

  *n = 0;
  if (vmeta == NULL || vmeta->format != GST_VIDEO_FORMAT_GRAY16_LE
      || !gst_video_meta_map (vmeta, 0, &map, &data, &stride, GST_MAP_READ))
    return stats;
  for (y = 0; y < vmeta->height; y++) {
    const guint16 *row = (const guint16 *) ((guint8 *) data + y * stride);

    for (x = 0; x < vmeta->width; x++) {
      IdStats *s = &stats[row[x]];

      if (row[x] == 0)
        continue;
      if (s->pixels++ == 0) {
        s->x0 = s->x1 = x;
        s->y0 = s->y1 = y;
      }
      s->x0 = MIN (s->x0, (gint) x);
      s->x1 = MAX (s->x1, (gint) x);
      s->y0 = MIN (s->y0, (gint) y);
      s->y1 = MAX (s->y1, (gint) y);
      *n = MAX (*n, row[x]);
    }
  }
  gst_video_meta_unmap (vmeta, 0, &map);
  return stats;
}

/* One ROI meta against the map; FALSE (with a message) when they differ. */
static gboolean
check_roi (GstVideoRegionOfInterestMeta * m, IdStats * stats, guint n)
{
  GstStructure *inst = gst_video_region_of_interest_meta_get_param (m,
      GST_SISEG_PARAM_INSTANCE);
  GstStructure *track = gst_video_region_of_interest_meta_get_param (m,
      GST_SISEG_PARAM_OBJECT_ID);
  guint area = 0;
  gint track_id = 0;
  IdStats *s;

  if (m->id <= 0 || (guint) m->id > n || stats[m->id].pixels == 0) {
    g_printerr ("ROI %d: not in the id map\n", m->id);
    return FALSE;
  }
  s = &stats[m->id];
  if (inst == NULL || !gst_structure_get_uint (inst, "area", &area)
      || ABS ((gint) area - (gint) s->pixels) > (gint) s->pixels / 50 + 1) {
    g_printerr ("ROI %d: area %u, %u pixels in the map\n", m->id, area,
        s->pixels);
    return FALSE;
  }
  if (s->x0 < (gint) m->x || s->x1 >= (gint) (m->x + m->w)
      || s->y0 < (gint) m->y || s->y1 >= (gint) (m->y + m->h)) {
    g_printerr ("ROI %d: its pixels outside its box\n", m->id);
    return FALSE;
  }
  if (track == NULL || !gst_structure_get_int (track, "id", &track_id)
      || track_id <= 0) {
    g_printerr ("ROI %d: no object_id parameter\n", m->id);
    return FALSE;
  }
  g_print ("  id %d object %d %s box %u,%u %ux%u area %u\n", m->id, track_id,
      g_quark_to_string (m->roi_type), m->x, m->y, m->w, m->h, area);
  return TRUE;
}

static GstPadProbeReturn
on_buffer (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Counts *counts = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstSisegIdsMeta *ids = gst_buffer_get_siseg_ids_meta (buf);
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;
  IdStats *stats;
  guint n, rois = 0, in_map = 0, i;
  gboolean ok = TRUE;

  g_print ("frame %u:\n", counts->frames++);
  if (ids == NULL) {
    g_printerr ("no id-map meta\n");
    counts->failures++;
    return GST_PAD_PROBE_OK;
  }
  stats = map_stats (ids->ids, &n);
  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    ok &= check_roi (m, stats, n);
    rois++;
  }
  for (i = 1; i <= n; i++)
    in_map += stats[i].pixels > 0;
  g_print ("  %u instances, %u ids in the map\n", rois, in_map);
  if (!ok || rois == 0 || rois != in_map)
    counts->failures++;
  g_free (stats);
  return GST_PAD_PROBE_OK;
}

int
main (int argc, char **argv)
{
  gint frames = argc > 1 ? atoi (argv[1]) : 10;
  Counts counts = { 0, 0 };
  GstElement *pipeline, *out;
  GstMessage *msg;
  GError *error = NULL;
  gchar *desc;
  GstPad *pad;
  gboolean eos;

  gst_init (&argc, &argv);
  desc = g_strdup_printf (PIPELINE, frames, frames);
  pipeline = gst_parse_launch (desc, &error);
  g_free (desc);
  if (pipeline == NULL) {
    g_printerr ("%s\n", error->message);
    return 1;
  }
  out = gst_bin_get_by_name (GST_BIN (pipeline), "out");
  pad = gst_element_get_static_pad (out, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_buffer, &counts, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipeline),
      240 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  eos = msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
  gst_clear_message (&msg);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (out);
  gst_object_unref (pipeline);

  g_print ("%u frames, %u failed\n", counts.frames, counts.failures);
  return eos && counts.frames == (guint) frames && counts.failures == 0 ? 0 : 1;
}
