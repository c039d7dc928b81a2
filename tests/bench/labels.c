/* siseg: the cost of sisegment's text labels, measured.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench-labels [--size WxH] [--instances N] [--runs R] [--formats F,F..]
 *              [--check]
 *
 * The label step of sisegment alone (gst/gstsiseglabels.c: lay out, the
 * cache, blend into the frame), on 8 distinct frames rotated, N instances
 * in a grid (48 at 1920x1080 by default) whose scores change from frame to
 * frame, after a warm-up. Each run copies a frame into the work buffer and
 * either stops there (no labels) or draws the labels, the two interleaved
 * on the same frames; per format it prints the median and 95th percentile
 * of both, and the labels' extra cost (the difference of the medians), with
 * the first frame's (empty cache) and the load average. --check fails when
 * the labels change nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#include "gstsiseglabels.h"

#define FRAMES 8

static gint
cmp_double (gconstpointer a, gconstpointer b)
{
  gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

  return x < y ? -1 : x > y;
}

static gdouble
percentile (GArray * t, gdouble q)
{
  g_array_sort (t, cmp_double);
  return g_array_index (t, gdouble, (guint) (q * (t->len - 1)));
}

/* n boxes in a grid over the frame, scores changing with frame k */
static void
make_instances (SisegInstance * inst, guint n, gint width, gint height, guint k)
{
  guint cols = 8, rows = (n + cols - 1) / cols;
  gint bw = width / cols, bh = height / rows;

  for (guint i = 0; i < n; i++) {
    SisegInstance *in = &inst[i];
    memset (in, 0, sizeof *in);
    in->id = i + 1;
    in->object_id = i + 1;
    in->class_id = 1 + i % 3;
    in->x = (i % cols) * bw + bw / 8;
    in->y = (i / cols) * bh + bh / 4;
    in->w = bw / 2;
    in->h = bh / 2;
    in->cx = in->x + in->w / 2.0f;
    in->cy = in->y + in->h / 2.0f;
    in->score = ((i * 37 + k * 11) % 101) / 100.0f;
  }
}

static gboolean
run_format (GstVideoFormat format, gint width, gint height, guint n,
    guint runs, gboolean check)
{
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  GPtrArray *labels = g_ptr_array_new ();
  SisegInstance *inst = g_new (SisegInstance, n);
  GArray *t_none = g_array_new (FALSE, FALSE, sizeof (gdouble));
  GArray *t_labels = g_array_new (FALSE, FALSE, sizeof (gdouble));
  guint8 *frames[FRAMES];
  GstVideoInfo info;
  GstBuffer *work;
  GstMapInfo map;
  SisegParams p;
  gdouble first = 0;
  gboolean changed = FALSE;
  guint warmup = 20, placed = 0;

  g_ptr_array_add (labels, (gpointer) "background");
  g_ptr_array_add (labels, (gpointer) "person");
  g_ptr_array_add (labels, (gpointer) "car");
  g_ptr_array_add (labels, (gpointer) "bicycle");
  siseg_params_init (&p);
  p.boxes = TRUE;
  gst_video_info_set_format (&info, format, width, height);
  for (guint f = 0; f < FRAMES; f++) {
    frames[f] = g_malloc (GST_VIDEO_INFO_SIZE (&info));
    for (gsize i = 0; i < GST_VIDEO_INFO_SIZE (&info); i++)
      frames[f][i] = (guint8) (i * (f + 3) / 7);
  }
  work = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&info), NULL);

  for (guint r = 0; r < warmup + runs; r++) {
    guint k = r % FRAMES;
    for (gint side = 0; side < 2; side++) {
      gint64 t0 = g_get_monotonic_time ();
      gdouble ms;

      gst_buffer_fill (work, 0, frames[k], GST_VIDEO_INFO_SIZE (&info));
      make_instances (inst, n, width, height, r);
      if (side == 1 && !gst_siseg_labeller_draw (l, work, &info, &p, labels,
              inst, n, NULL)) {
        fprintf (stderr, "bench-labels: drawing failed\n");
        return FALSE;
      }
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      if (side == 1 && r == 0) {
        GstVideoOverlayComposition *comp = gst_siseg_labeller_compose (l, &p,
            labels, inst, n, width, height);
        placed = comp ? gst_video_overlay_composition_n_rectangles (comp) / 2
            : 0;
        if (comp)
          gst_video_overlay_composition_unref (comp);
        first = ms;
      }
      if (side == 1 && check && gst_buffer_map (work, &map, GST_MAP_READ)) {
        changed |= memcmp (map.data, frames[k], map.size) != 0;
        gst_buffer_unmap (work, &map);
      }
      if (r >= warmup)
        g_array_append_val (side ? t_labels : t_none, ms);
    }
  }

  {
    gdouble none = percentile (t_none, 0.5), with = percentile (t_labels, 0.5);
    printf
        ("%-5s %dx%d, %u instances (%u labels), %u runs: no labels %.3f / %.3f ms, "
        "labels %.3f / %.3f ms (median / p95); labels cost %.3f ms; first "
        "frame %.3f ms; %u texts cached\n", gst_video_format_to_string (format),
        width, height, n, placed, runs, none, percentile (t_none, 0.95), with,
        percentile (t_labels, 0.95), with - none, first,
        gst_siseg_labeller_n_cached (l));
  }

  for (guint f = 0; f < FRAMES; f++)
    g_free (frames[f]);
  gst_buffer_unref (work);
  g_array_unref (t_none);
  g_array_unref (t_labels);
  g_free (inst);
  g_ptr_array_unref (labels);
  gst_siseg_labeller_free (l);
  if (check && (!changed || placed == 0)) {
    fprintf (stderr, "bench-labels: the labels changed nothing\n");
    return FALSE;
  }
  return TRUE;
}

int
main (int argc, char **argv)
{
  gint width = 1920, height = 1080, n = 48, runs = 200;
  gchar *formats = NULL, *size = NULL;
  gboolean check = FALSE, ok = TRUE;
  GOptionEntry entries[] = {
    {"size", 0, 0, G_OPTION_ARG_STRING, &size, "Frame size", "WxH"},
    {"instances", 0, 0, G_OPTION_ARG_INT, &n, "Instances", "N"},
    {"runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs a side", "R"},
    {"formats", 0, 0, G_OPTION_ARG_STRING, &formats, "Video formats",
        "F,F.."},
    {"check", 0, 0, G_OPTION_ARG_NONE, &check, "Fail if labels change "
          "nothing", NULL},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("- the cost of text labels");
  gchar **names;
  gdouble load[3] = { 0, 0, 0 };
  GError *error = NULL;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
    fprintf (stderr, "bench-labels: %s\n", error->message);
    return 2;
  }
  g_option_context_free (ctx);
  gst_init (NULL, NULL);
  if (size && sscanf (size, "%dx%d", &width, &height) != 2) {
    fprintf (stderr, "bench-labels: --size WxH\n");
    return 2;
  }
  if (n < 1 || runs < 1) {
    fprintf (stderr, "bench-labels: --instances and --runs from 1\n");
    return 2;
  }
  getloadavg (load, 3);
  printf ("bench-labels: %d cores, load average %.2f %.2f %.2f\n",
      g_get_num_processors (), load[0], load[1], load[2]);
  names = g_strsplit (formats ? formats : "BGRx,RGB,NV12,I420", ",", -1);
  for (guint i = 0; ok && names[i]; i++) {
    GstVideoFormat f = gst_video_format_from_string (names[i]);
    if (f == GST_VIDEO_FORMAT_UNKNOWN) {
      fprintf (stderr, "bench-labels: unknown format %s\n", names[i]);
      ok = FALSE;
      break;
    }
    ok = run_format (f, width, height, n, runs, check);
  }
  getloadavg (load, 3);
  printf ("bench-labels: load average after %.2f %.2f %.2f\n", load[0],
      load[1], load[2]);
  g_strfreev (names);
  g_free (formats);
  g_free (size);
  return ok ? 0 : 1;
}
