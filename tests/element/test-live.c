/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment for live feeds: one input, QoS before the work, the latency it
 * answers going up and down, the default mask tolerance, state changes in
 * the middle of a frame. No test asserts on how fast anything runs.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "check-buffers.h"

typedef struct
{
  GstHarness *h;                /* sink -> src */
  GstHarness *hm;               /* mask */
  GstBus *bus;
  gint w, h_;
} Fixture;

static void
fixture_caps (Fixture * f, gint w, gint h)
{
  gchar *caps = g_strdup_printf ("video/x-raw,format=RGBA,width=%d,"
      "height=%d,framerate=25/1", w, h);

  gst_harness_set_src_caps_str (f->h, caps);
  g_free (caps);
  caps = g_strdup_printf ("video/x-raw,format=GRAY8,width=%d,height=%d,"
      "framerate=25/1", w, h);
  gst_harness_set_src_caps_str (f->hm, caps);
  g_free (caps);
  f->w = w;
  f->h_ = h;
}

static Fixture
fixture_new (gint w, gint h)
{
  Fixture f;

  f.h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  f.hm = gst_harness_new_with_element (f.h->element, "mask", NULL);
  f.bus = gst_bus_new ();
  gst_element_set_bus (f.h->element, f.bus);
  g_object_set (f.h->element, "device", "reference", NULL);
  fixture_caps (&f, w, h);
  return f;
}

static void
fixture_free (Fixture * f)
{
  gst_element_set_bus (f->h->element, NULL);
  gst_object_unref (f->bus);
  gst_harness_teardown (f->hm);
  gst_harness_teardown (f->h);
}

/* frame n and a mask with one square of class 1 in its top left quarter */
static void
push_pair (Fixture * f, gint n, gboolean with_mask)
{
  GstBuffer *mask;
  GstMapInfo map;

  gst_harness_push (f->h, make_buffer (f->w * f->h_ * 4, 0x40, n));
  if (!with_mask)
    return;
  mask = make_buffer (f->w * f->h_, 0, n);
  gst_buffer_map (mask, &map, GST_MAP_WRITE);
  for (gint y = 0; y < f->h_ / 2; y++)
    memset (map.data + y * f->w, 1, f->w / 2);
  gst_buffer_unmap (mask, &map);
  gst_harness_push (f->hm, mask);
}

/* how many messages of type the bus holds, popped */
static guint
count_messages (GstBus * bus, GstMessageType type, GstMessage ** last)
{
  GstMessage *msg;
  guint n = 0;

  while ((msg = gst_bus_pop_filtered (bus, type))) {
    n++;
    if (last)
      gst_message_replace (last, msg);
    gst_message_unref (msg);
  }
  return n;
}

/* One input: nothing linked to the mask pad. The pipeline ends in bounded
 * time, every frame out undrawn, one warning naming the mask pad. */
GST_START_TEST (test_one_input)
{
  GstElement *pipe = gst_parse_launch ("videotestsrc num-buffers=30 ! "
      "video/x-raw,width=64,height=48 ! sisegment name=s ! fakesink "
      "name=out signal-handoffs=true", NULL);
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *msg;
  GError *err = NULL;
  guint warnings = 0;
  gboolean eos = FALSE;

  fail_unless (pipe != NULL);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  while (!eos && (msg = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
              GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING))) {
    fail_if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR);
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_WARNING) {
      gst_message_parse_warning (msg, &err, NULL);
      fail_unless (strstr (err->message, "mask pad") != NULL, "%s",
          err->message);
      g_clear_error (&err);
      warnings++;
    }
    eos = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS;
    gst_message_unref (msg);
  }
  fail_unless (eos, "no EOS in 60 s");
  fail_unless_equals_int (warnings, 1);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (pipe);
}

GST_END_TEST;

/* A mask pad linked after PAUSED (as GstHarness does) still works: its
 * EOS for having no peer is undone. */
GST_START_TEST (test_mask_linked_late)
{
  Fixture f = fixture_new (32, 24);

  push_pair (&f, 0, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  fixture_free (&f);
}

GST_END_TEST;

/* Downstream says frames up to 140 ms are late: those with masks are not
 * segmented, dropped (counted, a QoS message each, DISCONT after) or with
 * late-frames=undrawn passed on undrawn; the next frame is segmented. */
static void
check_qos (const gchar * late)
{
  Fixture f = fixture_new (32, 24);
  GstMessage *last = NULL;
  GstFormat format;
  guint64 processed, dropped;
  GstBuffer *out;

  gst_util_set_object_arg (G_OBJECT (f.h->element), "late-frames", late);
  push_pair (&f, 0, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  fail_unless (gst_harness_push_upstream_event (f.h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 0.8, 100 * GST_MSECOND,
              FRAME_DUR)));
  for (gint i = 1; i <= 4; i++) {
    push_pair (&f, i, TRUE);
    if (i < 4 && g_str_equal (late, "drop"))
      continue;
    out = gst_harness_pull (f.h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), i * FRAME_DUR);
    fail_unless_equals_int (n_rois (out), i < 4 ? 0 : 1);
    if (i == 4)
      fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (out,
              GST_BUFFER_FLAG_DISCONT), g_str_equal (late, "drop"));
    gst_buffer_unref (out);
  }
  fail_unless (gst_harness_try_pull (f.h) == NULL);
  fail_unless_equals_int (count_messages (f.bus, GST_MESSAGE_QOS, &last), 3);
  gst_message_parse_qos_stats (last, &format, &processed, &dropped);
  fail_unless_equals_int (format, GST_FORMAT_BUFFERS);
  fail_unless_equals_uint64 (processed, 1);
  fail_unless_equals_uint64 (dropped, 3);
  gst_message_unref (last);
  fixture_free (&f);
}

GST_START_TEST (test_qos_drops_before_work)
{
  check_qos ("drop");
  check_qos ("undrawn");
}

GST_END_TEST;

/* qos=false: late frames are segmented all the same. */
GST_START_TEST (test_qos_off)
{
  Fixture f = fixture_new (32, 24);

  g_object_set (f.h->element, "qos", FALSE, NULL);
  fail_unless (gst_harness_push_upstream_event (f.h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 0.8, GST_SECOND, 0)));
  push_pair (&f, 0, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  fail_unless_equals_int (count_messages (f.bus, GST_MESSAGE_QOS, NULL), 0);
  fixture_free (&f);
}

GST_END_TEST;

/* Live, the clock a second past a frame's deadline: not segmented. */
GST_START_TEST (test_deadline_passed)
{
  Fixture f = fixture_new (32, 24);

  gst_util_set_object_arg (G_OBJECT (f.h->element), "late-frames", "undrawn");
  push_pair (&f, 0, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  fail_unless (gst_harness_set_time (f.h, GST_SECOND));
  push_pair (&f, 1, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 0);
  fail_unless_equals_int (count_messages (f.bus, GST_MESSAGE_QOS, NULL), 1);
  fixture_free (&f);
}

GST_END_TEST;

/* n frames of the current size, each with its mask */
static void
run_frames (Fixture * f, gint first, gint n)
{
  for (gint i = first; i < first + n; i++) {

    push_pair (f, i, TRUE);
    fail_unless_equals_int (pull_n_rois (f->h), 1);
  }
}

/* The latency answered follows the processing time both ways: small
 * frames, then larger ones (1600 times the pixels, so that a busy machine
 * does not blur them: up at once), then small
 * again (down after the window has forgotten the large ones), each change
 * posted as a LATENCY message. */
GST_START_TEST (test_latency_up_and_down)
{
  Fixture f = fixture_new (32, 24);
  GstClockTime small, large, again;
  guint up, down;

  /* enough small frames for the window to forget the first, which builds
   * the kernels */
  run_frames (&f, 0, 80);
  small = gst_harness_query_latency (f.h);
  count_messages (f.bus, GST_MESSAGE_LATENCY, NULL);
  fixture_caps (&f, 1280, 960);
  run_frames (&f, 80, 6);
  large = gst_harness_query_latency (f.h);
  up = count_messages (f.bus, GST_MESSAGE_LATENCY, NULL);
  fixture_caps (&f, 32, 24);
  run_frames (&f, 86, 80);
  again = gst_harness_query_latency (f.h);
  down = count_messages (f.bus, GST_MESSAGE_LATENCY, NULL);
  GST_INFO ("latency %" GST_TIME_FORMAT " -> %" GST_TIME_FORMAT " -> %"
      GST_TIME_FORMAT, GST_TIME_ARGS (small), GST_TIME_ARGS (large),
      GST_TIME_ARGS (again));
  fail_unless (large > small, "large frames: %" GST_TIME_FORMAT " after %"
      GST_TIME_FORMAT, GST_TIME_ARGS (large), GST_TIME_ARGS (small));
  fail_unless (again < large, "small again: %" GST_TIME_FORMAT " after %"
      GST_TIME_FORMAT, GST_TIME_ARGS (again), GST_TIME_ARGS (large));
  fail_unless (up >= 1 && down >= 1, "LATENCY messages: %u up, %u down", up,
      down);
  fixture_free (&f);
}

GST_END_TEST;

/* mask-tolerance -1 (the default): the longer of a frame's and a mask's
 * duration. Frames at 25 fps, masks at 25 fps: a frame 40 ms after the
 * last mask reuses it, 80 ms after does not; masks at 5 fps: 160 ms
 * after still does. */
static guint
reuse_after (const gchar * mask_rate, gint frame)
{
  Fixture f = fixture_new (32, 24);
  gchar *caps = g_strdup_printf ("video/x-raw,format=GRAY8,width=32,"
      "height=24,framerate=%s", mask_rate);
  GstBuffer *out;
  guint n;

  gst_harness_set_src_caps_str (f.hm, caps);
  gst_util_set_object_arg (G_OBJECT (f.h->element), "mask-policy", "reuse");
  push_pair (&f, 0, TRUE);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  push_pair (&f, frame, FALSE);
  fail_unless (gst_harness_crank_single_clock_wait (f.h));
  out = gst_harness_pull (f.h);
  n = n_rois (out);
  gst_buffer_unref (out);
  g_free (caps);
  fixture_free (&f);
  return n;
}

GST_START_TEST (test_tolerance_default)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  gint64 tolerance = 0;

  g_object_get (el, "mask-tolerance", &tolerance, NULL);
  fail_unless_equals_int64 (tolerance, -1);
  gst_object_unref (el);
  fail_unless_equals_int (reuse_after ("25/1", 1), 1);
  fail_unless_equals_int (reuse_after ("25/1", 2), 0);
  fail_unless_equals_int (reuse_after ("5/1", 4), 1);
}

GST_END_TEST;

/* Masks a quarter of a frame out of step (a mask branch beside the
 * camera, not tee'd from it): with mask-policy=wait a frame goes out with
 * the mask 10 ms before it, without waiting for the one 30 ms after. */
GST_START_TEST (test_wait_out_of_step)
{
  Fixture f = fixture_new (32, 24);
  GstBuffer *mask, *out;
  GstMapInfo map;

  mask = make_buffer (32 * 24, 0, 1);
  GST_BUFFER_PTS (mask) -= 10 * GST_MSECOND;
  gst_buffer_map (mask, &map, GST_MAP_WRITE);
  memset (map.data, 1, 32 * 12);
  gst_buffer_unmap (mask, &map);
  gst_harness_push (f.hm, mask);
  push_pair (&f, 1, FALSE);
  out = gst_harness_pull (f.h);
  fail_unless (out != NULL);
  fail_unless_equals_int (n_rois (out), 1);
  gst_buffer_unref (out);
  fixture_free (&f);
}

GST_END_TEST;

/* PLAYING to NULL while frames are being segmented, at many moments: no
 * crash, no leak, and the element starts again afterwards. */
static void
stop_mid_frame (const gchar * device, guint rounds)
{
  gchar *desc = g_strdup_printf ("sisegment name=s device=%s ! fakesink "
      "sisegtestsrc ! video/x-raw,width=640,height=480 ! s.sink "
      "sisegtestsrc output=mask ! video/x-raw,width=160,height=120 ! s.mask",
      device);
  GstElement *pipe = gst_parse_launch (desc, NULL);
  GRand *rand = g_rand_new_with_seed (7);

  fail_unless (pipe != NULL);
  for (guint i = 0; i < rounds; i++) {
    fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
        GST_STATE_CHANGE_FAILURE);
    g_usleep (g_rand_int_range (rand, 0, 60000));
    fail_unless_equals_int (gst_element_set_state (pipe, GST_STATE_NULL),
        GST_STATE_CHANGE_SUCCESS);
  }
  g_rand_free (rand);
  gst_object_unref (pipe);
  g_free (desc);
}

GST_START_TEST (test_stop_mid_frame)
{
  stop_mid_frame ("reference", 12);
  stop_mid_frame ("auto", 12);
}

GST_END_TEST;

static Suite *
live_suite (void)
{
  Suite *s = suite_create ("sisegment-live");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_one_input);
  tcase_add_test (tc, test_mask_linked_late);
  tcase_add_test (tc, test_qos_drops_before_work);
  tcase_add_test (tc, test_qos_off);
  tcase_add_test (tc, test_deadline_passed);
  tcase_add_test (tc, test_latency_up_and_down);
  tcase_add_test (tc, test_tolerance_default);
  tcase_add_test (tc, test_wait_out_of_step);
  tcase_add_test (tc, test_stop_mid_frame);
  return s;
}

GST_CHECK_MAIN (live);
