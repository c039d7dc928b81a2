/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegtestsrc: caps follow the output property, buffers carry frame n of
 * the scene at n * duration, so a frame source and a mask source of one
 * seed pair up at any sizes.
 */
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>

#include "siseg-scene.h"

static GstHarness *
harness_new (const gchar * launch, const gchar * caps)
{
  GstHarness *h = gst_harness_new_parse (launch);

  gst_harness_set_sink_caps_str (h, caps);
  gst_harness_play (h);
  return h;
}

/* The scene's own class mask of frame t, to compare buffers with. */
static guint8 *
scene_classes (guint seed, guint t, gint w, gint h)
{
  SisegSceneParams params;
  SisegScene *scene;
  SisegImage img = { SISEG_FORMAT_GRAY8, w, h, {NULL}, {w} };

  siseg_scene_params_init (&params);
  params.seed = seed;
  scene = siseg_scene_new (&params);
  img.data[0] = g_malloc (w * h);
  fail_unless (siseg_scene_render (scene, t, NULL, &img, NULL));
  siseg_scene_free (scene);
  return img.data[0];
}

GST_START_TEST (test_mask_frames)
{
  GstHarness *h = harness_new ("sisegtestsrc output=mask seed=9",
      "video/x-raw,format=GRAY8,width=160,height=120,framerate=25/1");
  guint t;

  for (t = 0; t < 3; t++) {
    GstBuffer *buf = gst_harness_pull (h);
    guint8 *want = scene_classes (9, t, 160, 120);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (buf), t * GST_SECOND / 25);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (buf), GST_SECOND / 25);
    fail_unless (gst_buffer_memcmp (buf, 0, want, 160 * 120) == 0);
    g_free (want);
    gst_buffer_unref (buf);
  }
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A frame's caps fixate to the defaults; its content is the scene's. */
GST_START_TEST (test_frame_defaults)
{
  GstHarness *h = harness_new ("sisegtestsrc", "video/x-raw");
  GstBuffer *buf = gst_harness_pull (h);
  GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  gint w = 0, ht = 0, n = 0, d = 0;

  fail_unless (gst_structure_get_int (s, "width", &w));
  fail_unless (gst_structure_get_int (s, "height", &ht));
  fail_unless (gst_structure_get_fraction (s, "framerate", &n, &d));
  fail_unless_equals_int (w, 640);
  fail_unless_equals_int (ht, 480);
  fail_unless_equals_int (n, 30 * d);
  fail_unless_equals_string (gst_structure_get_string (s, "format"), "RGBA");
  fail_unless_equals_uint64 (gst_buffer_get_size (buf), 640 * 480 * 4);
  gst_caps_unref (caps);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* Instance ids come little-endian, 0 on the background, up to 48. */
GST_START_TEST (test_instances)
{
  GstHarness *h = harness_new ("sisegtestsrc output=instances",
      "video/x-raw,width=64,height=36");
  GstBuffer *buf = gst_harness_pull (h);
  guint16 max = 0;
  GstMapInfo map;
  gsize i;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  for (i = 0; i + 1 < map.size; i += 2)
    max = MAX (max, GST_READ_UINT16_LE (map.data + i));
  gst_buffer_unmap (buf, &map);
  fail_unless (max > 10 && max <= 48, "largest id %u", max);
  gst_buffer_unref (buf);
  gst_harness_teardown (h);
}

GST_END_TEST;

/* A mask source cannot produce RGBA. */
GST_START_TEST (test_output_caps)
{
  GstElement *src = gst_element_factory_make ("sisegtestsrc", NULL);
  GstPad *pad = gst_element_get_static_pad (src, "src");
  GstCaps *rgba = gst_caps_from_string ("video/x-raw,format=RGBA");
  GstCaps *caps;

  g_object_set (src, "output", 1, NULL);
  caps = gst_pad_query_caps (pad, rgba);
  fail_unless (gst_caps_is_empty (caps));
  gst_caps_unref (caps);
  g_object_set (src, "output", 0, NULL);
  caps = gst_pad_query_caps (pad, rgba);
  fail_if (gst_caps_is_empty (caps));
  gst_caps_unref (caps);
  gst_caps_unref (rgba);
  gst_object_unref (pad);
  gst_object_unref (src);
}

GST_END_TEST;

static Suite *
sisegtestsrc_suite (void)
{
  Suite *s = suite_create ("sisegtestsrc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_mask_frames);
  tcase_add_test (tc, test_frame_defaults);
  tcase_add_test (tc, test_instances);
  tcase_add_test (tc, test_output_caps);
  return s;
}

GST_CHECK_MAIN (sisegtestsrc);
