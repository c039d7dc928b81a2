/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegmodel with a GstHarness: the class map and its caps, the latency it
 * reports, QoS drops before the model runs, and failures at READY->PAUSED.
 * The tiny models come from make-models.py, in $SISEG_TEST_MODELS.
 */
#include <string.h>

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#define W 320
#define H 240
#define MW 64                   /* the models' output */
#define MH 48
#define FRAME_DUR (40 * GST_MSECOND)

static gchar *
model_path (const gchar * name)
{
  const gchar *dir = g_getenv ("SISEG_TEST_MODELS");

  fail_unless (dir != NULL, "SISEG_TEST_MODELS is not set");
  return g_build_filename (dir, name, NULL);
}

static GstHarness *
harness_new (const gchar * model, const gchar * format)
{
  GstElement *el = gst_element_factory_make ("sisegmodel", NULL);
  gchar *path = model_path (model);
  gchar *caps = g_strdup_printf ("video/x-raw,format=%s,width=%d,height=%d,"
      "framerate=25/1", format, W, H);
  GstHarness *h;

  /* the harness starts it: the model first */
  g_object_set (el, "model", path, NULL);
  h = gst_harness_new_with_element (el, "sink", "src");
  gst_object_unref (el);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  g_free (path);
  return h;
}

/* A frame of one colour, RGBx. */
static GstBuffer *
make_frame (guint8 r, guint8 g, guint8 b, gint n)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, W * H * 4, NULL);
  GstMapInfo map;
  gint i;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (i = 0; i < W * H; i++) {
    map.data[4 * i] = r;
    map.data[4 * i + 1] = g;
    map.data[4 * i + 2] = b;
    map.data[4 * i + 3] = 255;
  }
  gst_buffer_unmap (buf, &map);
  GST_BUFFER_PTS (buf) = n * FRAME_DUR;
  GST_BUFFER_DURATION (buf) = FRAME_DUR;
  return buf;
}

/* Every value of the class map in @buf is @id. */
static void
check_all (GstBuffer * buf, gsize bytes_per_pixel, guint id)
{
  GstMapInfo map;
  gsize i;

  gst_buffer_map (buf, &map, GST_MAP_READ);
  fail_unless_equals_int (map.size, MW * MH * bytes_per_pixel);
  for (i = 0; i < MW * MH; i++) {
    guint v = bytes_per_pixel == 1 ? map.data[i] :
        GST_READ_UINT16_LE (map.data + 2 * i);
    if (v != id)
      fail ("pixel %" G_GSIZE_FORMAT ": class %u, want %u", i, v, id);
  }
  gst_buffer_unmap (buf, &map);
}

/* Frame @n of one colour in, a class map of @id alone out. */
static void
check_frame (GstHarness * h, guint8 r, guint8 g, guint8 b, gint n,
    gsize bytes_per_pixel, guint id)
{
  GstBuffer *out = gst_harness_push_and_pull (h, make_frame (r, g, b, n));

  fail_unless (out != NULL);
  check_all (out, bytes_per_pixel, id);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), n * FRAME_DUR);
  gst_buffer_unref (out);
}

static void
check_caps (GstHarness * h, const gchar * format)
{
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  GstVideoInfo info;

  fail_unless (caps != NULL);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_string (GST_VIDEO_INFO_NAME (&info), format);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), MW);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), MH);
  fail_unless_equals_int (GST_VIDEO_INFO_FPS_N (&info), 25);
  gst_caps_unref (caps);
}

GST_START_TEST (test_class_map)
{
  GstHarness *h = harness_new ("colour.onnx", "RGBx");

  check_frame (h, 200, 40, 40, 0, 1, 1);
  check_caps (h, "GRAY8");
  check_frame (h, 40, 40, 200, 1, 1, 3);
  check_frame (h, 100, 100, 100, 2, 1, 0);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_gray16_and_threshold)
{
  GstHarness *h = harness_new ("wide.onnx", "RGBx");

  check_frame (h, 40, 200, 40, 0, 2, 258);
  check_caps (h, "GRAY16_LE");
  gst_harness_teardown (h);

  /* red stands out by 0.55: a score of sigmoid (10 * 0.4) = 0.982 */
  h = harness_new ("sigmoid.onnx", "RGBx");
  check_frame (h, 200, 60, 60, 0, 1, 1);
  g_object_set (h->element, "threshold", 0.99, NULL);
  check_frame (h, 200, 60, 60, 1, 1, 0);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_latency)
{
  GstHarness *h = harness_new ("colour.onnx", "RGBx");
  GstClockTime upstream = 10 * GST_MSECOND, latency;

  gst_harness_set_upstream_latency (h, upstream);
  gst_harness_play (h);
  latency = gst_harness_query_latency (h);
  GST_INFO ("latency %" GST_TIME_FORMAT, GST_TIME_ARGS (latency));
  /* the run at start counts: more than upstream's alone */
  fail_unless (latency > upstream);
  gst_buffer_unref (gst_harness_push_and_pull (h, make_frame (0, 0, 0, 0)));
  fail_unless (gst_harness_query_latency (h) >= latency);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Frames 0..9 after a QoS event that says running time 5 frames is past:
 * with qos on the late ones never reach the model. */
static guint
frames_out_after_qos (gboolean qos)
{
  GstHarness *h = harness_new ("colour.onnx", "RGBx");
  GstBuffer *out;
  guint n = 0, i;

  g_object_set (h->element, "qos", qos, NULL);
  gst_harness_play (h);
  gst_harness_push (h, make_frame (0, 0, 0, 0));
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_upstream_event (h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 1.0, 4 * FRAME_DUR,
              FRAME_DUR)));
  for (i = 1; i < 10; i++)
    fail_unless_equals_int (gst_harness_push (h, make_frame (0, 0, 0, i)),
        GST_FLOW_OK);
  while ((out = gst_harness_try_pull (h))) {
    n++;
    gst_buffer_unref (out);
  }
  gst_harness_teardown (h);
  return n;
}

GST_START_TEST (test_qos_drops_late_frames)
{
  /* earliest time: 1 + 4 frames; frames 1..5 are late */
  fail_unless_equals_int (frames_out_after_qos (TRUE), 4);
  fail_unless_equals_int (frames_out_after_qos (FALSE), 9);
}

GST_END_TEST;

/* READY->PAUSED fails with one error that names the file and says why. */
static void
check_start_fails (const gchar * model, const gchar * want)
{
  GstElement *el = gst_element_factory_make ("sisegmodel", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *error = NULL;
  gchar *path = model_path (model);

  g_object_set (el, "model", path, NULL);
  gst_element_set_bus (el, bus);
  fail_unless_equals_int (gst_element_set_state (el, GST_STATE_READY),
      GST_STATE_CHANGE_SUCCESS);
  fail_unless_equals_int (gst_element_set_state (el, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "%s: no error message", model);
  gst_message_parse_error (msg, &error, NULL);
  GST_INFO ("%s: %s", model, error->message);
  fail_unless (strstr (error->message, path) != NULL, "%s", error->message);
  fail_unless (strstr (error->message, want) != NULL, "%s", error->message);
  fail_unless (gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR) == NULL);
  g_error_free (error);
  gst_message_unref (msg);
  gst_element_set_state (el, GST_STATE_NULL);
  gst_element_set_bus (el, NULL);
  gst_object_unref (bus);
  gst_object_unref (el);
  g_free (path);
}

GST_START_TEST (test_bad_models)
{
  check_start_fails ("missing.onnx", "No such file");
  check_start_fails ("unsupported.onnx", "OpenCV cannot read the model");
  check_start_fails ("flat.onnx", "output shape 1x4");
  check_start_fails ("nhwc.onnx", "input shape 1x48x64x3");
}

GST_END_TEST;

static Suite *
sisegmodel_suite (void)
{
  Suite *s = suite_create ("sisegmodel");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_class_map);
  tcase_add_test (tc, test_gray16_and_threshold);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_qos_drops_late_frames);
  tcase_add_test (tc, test_bad_models);
  return s;
}

GST_CHECK_MAIN (sisegmodel);
