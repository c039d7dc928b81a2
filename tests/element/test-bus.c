/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment's results for applications: one "sisegment" bus message per
 * frame with the instances of its ROI metas, "object_id" parameters with
 * tracking, the id-map meta, and the times in messages and JSON.
 */
#include <string.h>

/* the message's instances are a GValueArray, deprecated in GLib */
#define GLIB_DISABLE_DEPRECATION_WARNINGS

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "check-buffers.h"
#include "gstsisegapi.h"

#define N_FRAMES 6

/* A frame's ROI metas, copied in a probe: by instance id, its structure
 * "instance" and the box, and whether it had "object_id". */
typedef struct
{
  GstClockTime pts;
  GPtrArray *rois;              /* GstStructure *, index = id - 1 */
} Frame;

static void
frame_free (Frame * f)
{
  g_ptr_array_unref (f->rois);
  g_free (f);
}

static GstPadProbeReturn
collect_frame (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  GPtrArray *frames = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  Frame *f = g_new0 (Frame, 1);
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;

  f->pts = GST_BUFFER_PTS (buf);
  f->rois = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_structure_free);
  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *inst = gst_video_region_of_interest_meta_get_param (m,
        GST_SISEG_PARAM_INSTANCE);
    GstStructure *track = gst_video_region_of_interest_meta_get_param (m,
        GST_SISEG_PARAM_OBJECT_ID);
    GstStructure *s;
    gint track_id = -1;

    fail_unless (inst != NULL);
    fail_unless_equals_int (m->id, f->rois->len + 1);
    s = gst_structure_copy (inst);
    if (track != NULL)
      fail_unless (gst_structure_get_int (track, "id", &track_id));
    gst_structure_set (s, "x", G_TYPE_INT, (gint) m->x, "y", G_TYPE_INT,
        (gint) m->y, "w", G_TYPE_INT, (gint) m->w, "h", G_TYPE_INT,
        (gint) m->h, "track-id", G_TYPE_INT, track_id, NULL);
    g_ptr_array_add (f->rois, s);
  }
  g_ptr_array_add (frames, f);
  return GST_PAD_PROBE_OK;
}

/* Runs the scene through sisegment (its properties in props) to EOS; the
 * frames' ROI metas in frames, the "sisegment" messages in msgs. */
static void
run_scene (const gchar * props, GPtrArray * frames, GPtrArray * msgs)
{
  gchar *desc = g_strdup_printf ("sisegment name=s device=reference %s ! "
      "fakesink name=out sisegtestsrc num-buffers=%d num-objects=12 ! "
      "video/x-raw,width=160,height=120,framerate=25/1 ! s.sink "
      "sisegtestsrc output=mask num-buffers=%d num-objects=12 ! "
      "video/x-raw,width=80,height=60,framerate=25/1 ! s.mask", props,
      N_FRAMES, N_FRAMES);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GstElement *out;
  GstPad *pad;
  GstMessage *msg;
  gboolean done = FALSE;

  fail_unless (pipe != NULL, "%s", desc);
  out = gst_bin_get_by_name (GST_BIN (pipe), "out");
  pad = gst_element_get_static_pad (out, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, collect_frame, frames,
      NULL);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  while (!done) {
    msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipe),
        120 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR |
        GST_MESSAGE_ELEMENT);
    fail_unless (msg != NULL, "no EOS in 120 s");
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    done = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
    if (gst_message_has_name (msg, GST_SISEG_MESSAGE_NAME))
      g_ptr_array_add (msgs, gst_message_ref (msg));
    gst_message_unref (msg);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (pad);
  gst_object_unref (out);
  gst_object_unref (pipe);
  g_free (desc);
}

/* The message's instances. */
static GValueArray *
instances (const GstStructure * s)
{
  const GValue *v = gst_structure_get_value (s, "instances");

  fail_unless (v != NULL && G_VALUE_TYPE (v) == g_value_array_get_type ());
  return g_value_get_boxed (v);
}

static guint
n_instances (const GstStructure * s)
{
  return instances (s)->n_values;
}

static const GstStructure *
nth_instance (const GstStructure * s, guint i)
{
  return gst_value_get_structure (g_value_array_get_nth (instances (s), i));
}

/* A message's instance against the ROI meta of its id. */
static void
check_instance (const GstStructure * mi, const GstStructure * roi,
    gboolean tracking)
{
  guint id, cls, area, roi_area;
  gint x, y, w, h, roi_cls, roi_x, roi_y, roi_w, roi_h, track_id;
  guint64 object_id = 0, roi_object_id;
  gdouble score, roi_score;

  fail_unless (gst_structure_get (mi, "id", G_TYPE_UINT, &id, "class-id",
          G_TYPE_UINT, &cls, "x", G_TYPE_INT, &x, "y", G_TYPE_INT, &y,
          "w", G_TYPE_INT, &w, "h", G_TYPE_INT, &h, "area", G_TYPE_UINT,
          &area, "score", G_TYPE_DOUBLE, &score, NULL));
  fail_unless (gst_structure_get_string (mi, "label") != NULL);
  fail_unless_equals_int (gst_structure_has_field (mi, "object-id"), tracking);
  fail_unless (gst_structure_get (roi, "class_id", G_TYPE_INT, &roi_cls,
          "area", G_TYPE_UINT, &roi_area, "score", G_TYPE_DOUBLE,
          &roi_score, "object_id", G_TYPE_UINT64, &roi_object_id,
          "x", G_TYPE_INT, &roi_x, "y", G_TYPE_INT, &roi_y, "w", G_TYPE_INT,
          &roi_w, "h", G_TYPE_INT, &roi_h, "track-id", G_TYPE_INT,
          &track_id, NULL));
  fail_unless_equals_int (cls, roi_cls);
  fail_unless_equals_int (area, roi_area);
  fail_unless_equals_float (score, roi_score);
  fail_unless (x == roi_x && y == roi_y && w == roi_w && h == roi_h);
  if (tracking) {
    fail_unless (gst_structure_get_uint64 (mi, "object-id", &object_id));
    fail_unless (object_id == roi_object_id);
    fail_unless_equals_int (track_id, (gint) (object_id & G_MAXINT));
  } else {
    fail_unless_equals_int (track_id, -1);      /* no "object_id" param */
    fail_unless (roi_object_id == id);
  }
}

static void
check_messages (gboolean tracking)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify)
      frame_free);
  GPtrArray *msgs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_message_unref);
  guint i, total = 0;

  run_scene (tracking ? "tracking=true" : "", frames, msgs);
  fail_unless_equals_int (frames->len, N_FRAMES);
  fail_unless_equals_int (msgs->len, N_FRAMES);
  for (i = 0; i < N_FRAMES; i++) {
    const GstStructure *s = gst_message_get_structure (msgs->pdata[i]);
    Frame *f = frames->pdata[i];
    GstClockTime t, st, rt, dur;
    gboolean has_mask;
    guint k;

    fail_unless_equals_string (gst_structure_get_name (s), "sisegment");
    fail_unless (gst_structure_get (s, "timestamp", G_TYPE_UINT64, &t,
            "stream-time", G_TYPE_UINT64, &st, "running-time",
            G_TYPE_UINT64, &rt, "duration", G_TYPE_UINT64, &dur,
            "has-mask", G_TYPE_BOOLEAN, &has_mask, NULL));
    fail_unless_equals_uint64 (t, f->pts);
    fail_unless_equals_uint64 (t, i * FRAME_DUR);
    fail_unless_equals_uint64 (st, t);
    fail_unless_equals_uint64 (rt, t);
    fail_unless_equals_uint64 (dur, FRAME_DUR);
    fail_unless (has_mask);
    fail_unless_equals_int (n_instances (s), f->rois->len);
    for (k = 0; k < f->rois->len; k++) {
      const GstStructure *mi = nth_instance (s, k);
      guint id = 0;

      fail_unless (gst_structure_get_uint (mi, "id", &id));
      fail_unless_equals_int (id, k + 1);
      check_instance (mi, f->rois->pdata[k], tracking);
    }
    total += f->rois->len;
  }
  fail_unless (total >= N_FRAMES, "too few instances: %u", total);
  g_ptr_array_unref (msgs);
  g_ptr_array_unref (frames);
}

GST_START_TEST (test_one_message_per_frame)
{
  check_messages (FALSE);
}

GST_END_TEST;

GST_START_TEST (test_tracking_object_ids)
{
  check_messages (TRUE);
}

GST_END_TEST;

GST_START_TEST (test_post_messages_off)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify)
      frame_free);
  GPtrArray *msgs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      gst_message_unref);
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  gboolean post;

  g_object_get (el, "post-messages", &post, NULL);
  fail_unless (post, "post-messages is on by default");
  gst_object_unref (el);

  run_scene ("post-messages=false", frames, msgs);
  fail_unless_equals_int (frames->len, N_FRAMES);
  fail_unless_equals_int (msgs->len, 0);
  g_ptr_array_unref (msgs);
  g_ptr_array_unref (frames);
}

GST_END_TEST;

/* harness tests: 64x48 frames, a mask with two rectangles */
#define W 64
#define H 48

static GstBuffer *
make_mask (gint n)
{
  GstBuffer *buf = make_buffer (W * H, 0, n);
  GstMapInfo map;
  gint x, y;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (y = 4; y < 20; y++)
    for (x = 4; x < 20; x++)
      map.data[y * W + x] = 1;
  for (y = 10; y < 40; y++)
    for (x = 32; x < 60; x++)
      map.data[y * W + x] = 2;
  gst_buffer_unmap (buf, &map);
  return buf;
}

typedef struct
{
  GstHarness *h, *hm;
  GstBus *bus;
  gchar *json;                  /* its JSON file */
} Fixture;

static Fixture
fixture_new (const gchar * json)
{
  Fixture f;

  f.h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  f.hm = gst_harness_new_with_element (f.h->element, "mask", NULL);
  f.bus = gst_bus_new ();
  gst_element_set_bus (f.h->element, f.bus);
  f.json = g_build_filename (g_get_tmp_dir (), json, NULL);
  g_object_set (f.h->element, "device", "reference", "json-location",
      f.json, NULL);
  gst_harness_set_src_caps_str (f.h, "video/x-raw,format=RGBA,width=64,"
      "height=48,framerate=25/1");
  gst_harness_set_src_caps_str (f.hm, "video/x-raw,format=GRAY8,width=64,"
      "height=48,framerate=25/1");
  return f;
}

/* The JSON file's lines; the fixture freed. */
static gchar **
fixture_free (Fixture * f)
{
  gchar *text = NULL, **lines;

  gst_element_set_bus (f->h->element, NULL);
  gst_object_unref (f->bus);
  gst_harness_teardown (f->hm);
  gst_harness_teardown (f->h);
  fail_unless (g_file_get_contents (f->json, &text, NULL, NULL));
  g_unlink (f->json);
  g_free (f->json);
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  return lines;
}

/* the next "sisegment" message's structure (a copy) */
static GstStructure *
pop_result (Fixture * f)
{
  GstMessage *msg;
  GstStructure *s;

  while ((msg = gst_bus_pop_filtered (f->bus, GST_MESSAGE_ELEMENT))
      && !gst_message_has_name (msg, GST_SISEG_MESSAGE_NAME))
    gst_message_unref (msg);
  fail_unless (msg != NULL, "no sisegment message");
  s = gst_structure_copy (gst_message_get_structure (msg));
  gst_message_unref (msg);
  return s;
}

/* The id-map meta's map: GRAY16_LE at the frame's size, its ids those of
 * the ROI metas, each id's pixels its area. */
static void
check_id_map (GstBuffer * out)
{
  GstSisegIdsMeta *meta = gst_buffer_get_siseg_ids_meta (out);
  GstVideoRegionOfInterestMeta *m;
  GstVideoFrame vf;
  GstVideoInfo info;
  guint count[8] = { 0 };
  gpointer state = NULL;
  guint x, y, n = 0;

  fail_unless (meta != NULL && meta->ids != NULL);
  fail_unless (gst_buffer_get_video_meta (meta->ids) != NULL);
  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_GRAY16_LE, W, H);
  fail_unless (gst_video_frame_map (&vf, &info, meta->ids, GST_MAP_READ));
  for (y = 0; y < H; y++) {
    const guint16 *row = (const guint16 *) ((guint8 *)
        GST_VIDEO_FRAME_PLANE_DATA (&vf, 0) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0));

    for (x = 0; x < W; x++) {
      fail_unless (row[x] < G_N_ELEMENTS (count));
      count[row[x]]++;
    }
  }
  gst_video_frame_unmap (&vf);
  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (out, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *inst = gst_video_region_of_interest_meta_get_param (m,
        GST_SISEG_PARAM_INSTANCE);
    guint area = 0;

    fail_unless (gst_structure_get_uint (inst, "area", &area));
    fail_unless (m->id > 0 && m->id < (gint) G_N_ELEMENTS (count));
    fail_unless_equals_int (count[m->id], area);
    n++;
  }
  fail_unless_equals_int (n, 2);
  fail_unless (count[3] == 0 && count[0] == W * H - count[1] - count[2]);
}

/* The id-map meta through the transforms elements ask of it: a copy and
 * a "scale" to the same size (what videoconvert asks since 1.22, when it
 * converts the format) keep the map; a scale to another size drops it. */
static void
check_id_map_transforms (GstBuffer * out)
{
  GstMeta *meta = (GstMeta *) gst_buffer_get_siseg_ids_meta (out);
  GstVideoInfo in, same, half;
  GstVideoMetaTransform t = { &in, &same };
  GstBuffer *copy = gst_buffer_copy (out), *dest = gst_buffer_new ();
  GstSisegIdsMeta *m;

  m = gst_buffer_get_siseg_ids_meta (copy);
  fail_unless (m != NULL && m->ids == ((GstSisegIdsMeta *) meta)->ids);
  gst_video_info_set_format (&in, GST_VIDEO_FORMAT_BGRx, W, H);
  gst_video_info_set_format (&same, GST_VIDEO_FORMAT_I420, W, H);
  gst_video_info_set_format (&half, GST_VIDEO_FORMAT_BGRx, W / 2, H / 2);
  fail_unless (meta->info->transform_func (dest, meta, out,
          gst_video_meta_transform_scale_get_quark (), &t));
  m = gst_buffer_get_siseg_ids_meta (dest);
  fail_unless (m != NULL && m->ids == ((GstSisegIdsMeta *) meta)->ids);
  gst_buffer_unref (dest);
  dest = gst_buffer_new ();
  t.out_info = &half;
  fail_if (meta->info->transform_func (dest, meta, out,
          gst_video_meta_transform_scale_get_quark (), &t));
  fail_unless (gst_buffer_get_siseg_ids_meta (dest) == NULL);
  gst_buffer_unref (dest);
  gst_buffer_unref (copy);
}

/* A segmented frame, then one passed on undrawn: has-mask tells them
 * apart in the message and the JSON line; only the first has an id map. */
GST_START_TEST (test_undrawn_frame)
{
  Fixture f = fixture_new ("siseg-test-bus-undrawn.jsonl");
  GstStructure *s;
  GstBuffer *out, *frame;
  gboolean has_mask;
  gchar **lines;

  gst_util_set_object_arg (G_OBJECT (f.h->element), "mask-policy",
      "passthrough");
  gst_harness_push (f.h, make_buffer (W * H * 4, 0x40, 0));
  gst_harness_push (f.hm, make_mask (0));
  out = gst_harness_pull (f.h);
  check_id_map (out);
  check_id_map_transforms (out);
  gst_buffer_unref (out);
  s = pop_result (&f);
  fail_unless (gst_structure_get_boolean (s, "has-mask", &has_mask));
  fail_unless (has_mask);
  gst_structure_free (s);

  /* no mask within the tolerance of a frame 10 s later */
  fail_unless (gst_harness_push_event (f.hm, gst_event_new_eos ()));
  frame = make_buffer (W * H * 4, 0x40, 250);
  gst_harness_push (f.h, frame);
  out = gst_harness_pull (f.h);
  fail_unless (out != NULL);
  fail_unless (gst_buffer_get_siseg_ids_meta (out) == NULL);
  fail_unless_equals_int (n_rois (out), 0);
  gst_buffer_unref (out);
  s = pop_result (&f);
  fail_unless (gst_structure_get_boolean (s, "has-mask", &has_mask));
  fail_if (has_mask);
  fail_unless_equals_int (n_instances (s), 0);
  gst_structure_free (s);

  lines = fixture_free (&f);
  fail_unless (g_strv_length (lines) >= 2);
  fail_unless (strstr (lines[0], "\"has_mask\":true,") != NULL, "%s", lines[0]);
  fail_unless (strstr (lines[1], "\"has_mask\":false,\"objects\":[]")
      != NULL, "%s", lines[1]);
  g_strfreev (lines);
}

GST_END_TEST;

/* A segment from 1 s, stream time 10 s: the message has the buffer's PTS,
 * its stream and running times; JSON's timestamp is gvametaconvert's (the
 * stream time less the segment's time), its pts the PTS. */
GST_START_TEST (test_times)
{
  Fixture f = fixture_new ("siseg-test-bus-times.jsonl");
  GstClockTime t, st, rt;
  GstSegment segment;
  GstStructure *s;
  gchar **lines;

  gst_segment_init (&segment, GST_FORMAT_TIME);
  segment.start = GST_SECOND;
  segment.time = 10 * GST_SECOND;
  fail_unless (gst_harness_push_event (f.h, gst_event_new_segment (&segment)));
  fail_unless (gst_harness_push_event (f.hm, gst_event_new_segment (&segment)));
  gst_harness_push (f.h, make_buffer (W * H * 4, 0x40, 26));
  gst_harness_push (f.hm, make_mask (26));
  gst_buffer_unref (gst_harness_pull (f.h));
  s = pop_result (&f);
  fail_unless (gst_structure_get (s, "timestamp", G_TYPE_UINT64, &t,
          "stream-time", G_TYPE_UINT64, &st, "running-time", G_TYPE_UINT64,
          &rt, NULL));
  fail_unless_equals_uint64 (t, 26 * FRAME_DUR);
  fail_unless_equals_uint64 (st, 10 * GST_SECOND + 40 * GST_MSECOND);
  fail_unless_equals_uint64 (rt, 40 * GST_MSECOND);
  gst_structure_free (s);

  lines = fixture_free (&f);
  fail_unless (g_str_has_prefix (lines[0], "{\"timestamp\":40000000,"
          "\"pts\":1040000000,"), "%s", lines[0]);
  g_strfreev (lines);
}

GST_END_TEST;

static Suite *
bus_suite (void)
{
  Suite *s = suite_create ("sisegment-bus");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 300);
  tcase_add_test (tc, test_one_message_per_frame);
  tcase_add_test (tc, test_tracking_object_ids);
  tcase_add_test (tc, test_post_messages_off);
  tcase_add_test (tc, test_undrawn_frame);
  tcase_add_test (tc, test_times);
  return s;
}

GST_CHECK_MAIN (bus);
