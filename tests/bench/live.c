/* siseg: sisegment behind a live camera, measured.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench-live [--size WxH] [--mask-scale K] [--seconds S] [--timeline]
 *            [--prop NAME=VALUE]...
 *
 * A live camera at 30 fps (BGRx) is tee'd to sisegment's sink pad, and a
 * stand-in segmentation branch gives the scene's class mask at 1/K of the
 * size, in step, leaky queues before both pads and after as in
 * pipelines/live.sh, fakesink sync=true at the end. The camera and the branch are live
 * videotestsrc whose buffers are replaced by 8 scenes of touching objects
 * (and their masks) from sisegtestsrc, rendered before the run: rendering
 * a scene takes longer than a frame above 640x480, and what is measured is
 * sisegment, not the scene. Prints one line:
 * frames the camera made, frames out of sisegment and how many drawn with
 * instances, frames late and not segmented (QoS), the median and 95th
 * percentile of the delay from a frame's running time to its leaving
 * sisegment, and the latency sisegment answers (its src pad's latency
 * query: upstream's and its own) at the end and at most during the run.
 * --timeline adds the latency answered each second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>
#include <gst/video/video.h>

#define SCENES 8

typedef struct
{
  GstBuffer *buffers[SCENES];
  guint n;
} Scenes;

typedef struct
{
  GstElement *pipe, *seg;
  Scenes frames, masks;
  GArray *delays;               /* GstClockTime per frame out */
  guint out, drawn, late;
  GstClockTime answered, answered_max;
  gboolean timeline;
  gint64 start;
  GMainLoop *loop;
} Bench;

static GstPadProbeReturn
on_frame (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Bench *b = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClock *clock = gst_element_get_clock (b->seg);
  GstClockTime now, rt = GST_BUFFER_PTS (buf);

  if (clock == NULL)
    return GST_PAD_PROBE_OK;
  now = gst_clock_get_time (clock) - gst_element_get_base_time (b->seg);
  gst_object_unref (clock);
  if (GST_CLOCK_TIME_IS_VALID (rt) && now >= rt)
    g_array_append_val (b->delays, (GstClockTime) {
        now - rt}
  );
  b->out++;
  b->drawn += gst_buffer_get_n_meta (buf,
      GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE) > 0;
  return GST_PAD_PROBE_OK;
}

/* SCENES buffers of the scene (or its mask) at w x h */
static void
render (Scenes * sc, const gchar * what, gint w, gint h)
{
  gchar *desc = g_strdup_printf ("sisegtestsrc output=%s num-buffers=%d ! "
      "video/x-raw,format=%s,width=%d,height=%d ! appsink name=sink", what,
      SCENES, g_str_equal (what, "mask") ? "GRAY8" : "BGRx", w, h);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *sink = gst_bin_get_by_name (GST_BIN (pipe), "sink");
  GstSample *sample;

  gst_element_set_state (pipe, GST_STATE_PLAYING);
  for (sc->n = 0; sc->n < SCENES; sc->n++) {
    g_signal_emit_by_name (sink, "pull-sample", &sample);
    if (sample == NULL)
      break;
    sc->buffers[sc->n] = gst_buffer_ref (gst_sample_get_buffer (sample));
    gst_sample_unref (sample);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (sink);
  gst_object_unref (pipe);
  g_free (desc);
  if (sc->n != SCENES) {
    g_printerr ("bench-live: could not render the %s scenes\n", what);
    exit (1);
  }
}

/* The live source's buffer becomes scene n (memory shared), with its
 * timestamps. */
static GstPadProbeReturn
on_source (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Scenes *sc = data;
  GstBuffer *in = GST_PAD_PROBE_INFO_BUFFER (info);
  GstBuffer *out = gst_buffer_copy (sc->buffers[GST_BUFFER_OFFSET (in) %
          SCENES]);

  gst_buffer_copy_into (out, in, GST_BUFFER_COPY_TIMESTAMPS |
      GST_BUFFER_COPY_FLAGS, 0, -1);
  gst_buffer_unref (in);
  GST_PAD_PROBE_INFO_DATA (info) = out;
  return GST_PAD_PROBE_OK;
}

static void
replace_buffers (GstElement * pipe, const gchar * name, Scenes * sc)
{
  GstElement *src = gst_bin_get_by_name (GST_BIN (pipe), name);
  GstPad *pad = gst_element_get_static_pad (src, "src");

  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_source, sc, NULL);
  gst_object_unref (pad);
  gst_object_unref (src);
}

/* the latency sisegment answers now (0 if it cannot say yet) */
static GstClockTime
answered (Bench * b)
{
  GstPad *src = gst_element_get_static_pad (b->seg, "src");
  GstQuery *q = gst_query_new_latency ();
  GstClockTime min = 0;
  gboolean live;

  if (gst_pad_query (src, q))
    gst_query_parse_latency (q, &live, &min, NULL);
  gst_query_unref (q);
  gst_object_unref (src);
  return min;
}

static gboolean
on_second (gpointer data)
{
  Bench *b = data;
  GstClockTime l = answered (b);

  b->answered_max = MAX (b->answered_max, l);
  if (b->timeline)
    g_print ("  t=%4.1f s  latency %.1f ms  frames out %u, late %u\n",
        (g_get_monotonic_time () - b->start) / 1e6, l / 1e6, b->out, b->late);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_message (GstBus * bus, GstMessage * msg, gpointer data)
{
  Bench *b = data;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_QOS:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (b->seg))
        b->late++;
      break;
    case GST_MESSAGE_LATENCY:
      gst_bin_recalculate_latency (GST_BIN (b->pipe));
      break;
    case GST_MESSAGE_ERROR:{
      GError *err = NULL;
      gst_message_parse_error (msg, &err, NULL);
      g_printerr ("bench-live: error: %s\n", err->message);
      g_error_free (err);
      exit (1);
    }
    case GST_MESSAGE_EOS:
      g_main_loop_quit (b->loop);
      break;
    default:
      break;
  }
  return TRUE;
}

static gint
compare_times (gconstpointer a, gconstpointer b)
{
  GstClockTime x = *(const GstClockTime *) a, y = *(const GstClockTime *) b;

  return x < y ? -1 : x > y;
}

static gdouble
percentile_ms (GArray * a, gdouble p)
{
  if (a->len == 0)
    return 0.0;
  return g_array_index (a, GstClockTime, MIN (a->len - 1,
          (guint) (p * a->len))) / 1e6;
}

int
main (int argc, char **argv)
{
  gchar *size = g_strdup ("640x480"), **props = NULL, *desc;
  gint mask_scale = 1, seconds = 10, w, h;
  gboolean timeline = FALSE;
  GOptionEntry entries[] = {
    {"size", 0, 0, G_OPTION_ARG_STRING, &size, "frame size", "WxH"},
    {"mask-scale", 0, 0, G_OPTION_ARG_INT, &mask_scale, "masks at 1/K",
        "K"},
    {"seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "length of the run", "S"},
    {"timeline", 0, 0, G_OPTION_ARG_NONE, &timeline, "latency each second",
        NULL},
    {"prop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &props, "sisegment property",
        "NAME=VALUE"},
    {NULL}
  };
  GOptionContext *opts = g_option_context_new ("- sisegment, live");
  GError *err = NULL;
  Bench b = { 0 };
  GstPad *pad;
  guint n;

  g_option_context_add_main_entries (opts, entries, NULL);
  g_option_context_add_group (opts, gst_init_get_option_group ());
  if (!g_option_context_parse (opts, &argc, &argv, &err)
      || sscanf (size, "%dx%d", &w, &h) != 2 || mask_scale < 1) {
    g_printerr ("bench-live: %s\n", err ? err->message : "bad arguments");
    return 2;
  }
  n = seconds * 30;
  render (&b.frames, "frame", w, h);
  render (&b.masks, "mask", w / mask_scale, h / mask_scale);
  desc = g_strdup_printf ("sisegment name=s %s ! queue leaky=downstream "
      "max-size-buffers=2 max-size-bytes=0 max-size-time=0 ! fakesink sync=true "
      "videotestsrc name=camera is-live=true pattern=black num-buffers=%u ! "
      "video/x-raw,format=BGRx,width=%d,height=%d,framerate=30/1 ! tee "
      "name=t t. ! queue leaky=downstream max-size-buffers=2 "
      "max-size-bytes=0 max-size-time=0 ! s.sink videotestsrc name=model "
      "is-live=true pattern=black num-buffers=%u ! video/x-raw,format=GRAY8,"
      "width=%d,height=%d,framerate=30/1 ! queue leaky=downstream "
      "max-size-buffers=2 max-size-bytes=0 max-size-time=0 ! s.mask",
      props ? g_strjoinv (" ", props) : "", n, w, h, n, w / mask_scale,
      h / mask_scale);
  b.pipe = gst_parse_launch (desc, &err);
  if (!b.pipe) {
    g_printerr ("bench-live: %s\n", err->message);
    return 1;
  }
  replace_buffers (b.pipe, "camera", &b.frames);
  replace_buffers (b.pipe, "model", &b.masks);
  b.seg = gst_bin_get_by_name (GST_BIN (b.pipe), "s");
  b.delays = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  b.timeline = timeline;
  b.loop = g_main_loop_new (NULL, FALSE);
  pad = gst_element_get_static_pad (b.seg, "src");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, on_frame, &b, NULL);
  gst_object_unref (pad);
  gst_bus_add_watch (GST_ELEMENT_BUS (b.pipe), on_message, &b);
  g_timeout_add (1000, on_second, &b);
  b.start = g_get_monotonic_time ();
  gst_element_set_state (b.pipe, GST_STATE_PLAYING);
  g_main_loop_run (b.loop);
  b.answered = answered (&b);
  gst_element_set_state (b.pipe, GST_STATE_NULL);

  g_array_sort (b.delays, compare_times);
  g_print ("%s, masks 1/%d: %u frames, %u out, %u drawn (%.1f%%), %u late "
      "(QoS), delay median %.1f ms, p95 %.1f ms, latency answered %.1f ms "
      "(at most %.1f ms)\n", size, mask_scale, n, b.out, b.drawn,
      100.0 * b.drawn / n, b.late, percentile_ms (b.delays, 0.5),
      percentile_ms (b.delays, 0.95), b.answered / 1e6,
      MAX (b.answered_max, b.answered) / 1e6);

  for (guint i = 0; i < SCENES; i++) {
    gst_buffer_unref (b.frames.buffers[i]);
    gst_buffer_unref (b.masks.buffers[i]);
  }
  gst_object_unref (b.seg);
  gst_object_unref (b.pipe);
  g_array_free (b.delays, TRUE);
  g_main_loop_unref (b.loop);
  g_free (desc);
  g_free (size);
  g_strfreev (props);
  g_option_context_free (opts);
  return 0;
}
