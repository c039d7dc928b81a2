/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment with a GstHarness on each sink pad: pairing, mask policies,
 * EOS, caps, metadata, the id map and bad inputs.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "check-buffers.h"
#include "siseg.h"

#define W 64
#define H 48

/* Two separate rectangles of different classes: x0, y0, x1, y1 exclusive */
static const gint rect_a[4] = { 4, 4, 20, 20 };
static const gint rect_b[4] = { 32, 10, 60, 40 };

typedef struct
{
  GstHarness *h;                /* sink -> src */
  GstHarness *hm;               /* mask */
} Fixture;

static Fixture
fixture_new (const gchar * device, const gchar * out_caps)
{
  Fixture f;
  gchar *caps;

  f.h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  f.hm = gst_harness_new_with_element (f.h->element, "mask", NULL);
  g_object_set (f.h->element, "device", device, NULL);
  if (out_caps)
    gst_harness_set_sink_caps_str (f.h, out_caps);
  caps = g_strdup_printf ("video/x-raw,format=RGBA,width=%d,height=%d,"
      "framerate=25/1", W, H);
  gst_harness_set_src_caps_str (f.h, caps);
  g_free (caps);
  caps = g_strdup_printf ("video/x-raw,format=GRAY8,width=%d,height=%d,"
      "framerate=25/1", W, H);
  gst_harness_set_src_caps_str (f.hm, caps);
  g_free (caps);
  return f;
}

static void
fixture_free (Fixture * f)
{
  gst_harness_teardown (f->hm);
  gst_harness_teardown (f->h);
}

static GstBuffer *
make_frame (gint n)
{
  return make_buffer (W * H * 4, 0x40, n);
}

static void
fill_rect (guint8 * data, gint stride, const gint r[4], guint8 value)
{
  gint x, y;

  for (y = r[1]; y < r[3]; y++)
    for (x = r[0]; x < r[2]; x++)
      data[y * stride + x] = value;
}

/* A GRAY8 W x H mask: rect_a of class 1, and rect_b of class 2 if two. */
static GstBuffer *
make_mask (gint n, gboolean two)
{
  GstBuffer *buf = make_buffer (W * H, 0, n);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  fill_rect (map.data, W, rect_a, 1);
  if (two)
    fill_rect (map.data, W, rect_b, 2);
  gst_buffer_unmap (buf, &map);
  return buf;
}

GST_START_TEST (test_defaults)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  SisegParams p;
  gint max_size, mask_align, cbr_mode, cbr_iterations, cbr_band;
  gint background, ignore, unsplit;
  gfloat edge_weight, merge_depth, merge_ratio, peak_ratio, border_ratio;
  gfloat alpha;
  guint min_area;
  gboolean fill, contours, boxes, tracking;

  fail_unless (el != NULL);
  siseg_params_init (&p);
  g_object_get (el, "max-size", &max_size, "mask-align", &mask_align,
      "edge-weight", &edge_weight,
      "merge-depth", &merge_depth, "merge-ratio", &merge_ratio,
      "peak-ratio", &peak_ratio, "border-ratio", &border_ratio,
      "min-area", &min_area, "cbr-mode",
      &cbr_mode, "cbr-iterations", &cbr_iterations, "cbr-band", &cbr_band,
      "alpha", &alpha, "draw-fill", &fill, "draw-contours", &contours,
      "draw-boxes", &boxes, "tracking", &tracking, "background-class",
      &background, "ignore-class", &ignore, "unsplit-mode", &unsplit, NULL);
  fail_unless_equals_int (background, p.background_class);
  fail_unless_equals_int (ignore, p.ignore_class);
  fail_unless_equals_int (unsplit, p.unsplit_mode);
  fail_unless_equals_int (max_size, p.max_size);
  fail_unless_equals_int (mask_align, p.mask_align);
  fail_unless_equals_float (edge_weight, p.edge_weight);
  fail_unless_equals_float (merge_depth, p.merge_depth);
  fail_unless_equals_float (merge_ratio, p.merge_ratio);
  fail_unless_equals_float (peak_ratio, p.peak_ratio);
  fail_unless_equals_float (border_ratio, p.border_ratio);
  fail_unless_equals_int (min_area, p.min_area);
  fail_unless_equals_int (cbr_mode, p.cbr_mode);
  fail_unless_equals_int (cbr_iterations, p.cbr_iterations);
  fail_unless_equals_int (cbr_band, p.cbr_band);
  fail_unless_equals_float (alpha, p.alpha);
  fail_unless_equals_int (fill, p.fill);
  fail_unless_equals_int (contours, p.contours);
  fail_unless_equals_int (boxes, p.boxes);
  fail_unless_equals_int (tracking, p.tracking);
  gst_util_set_object_arg (G_OBJECT (el), "mask-align", "corner");
  g_object_get (el, "mask-align", &mask_align, NULL);
  fail_unless_equals_int (mask_align, SISEG_MASK_ALIGN_CORNER);
  gst_object_unref (el);
}

GST_END_TEST;

GST_START_TEST (test_pairing_by_timestamp)
{
  Fixture f = fixture_new ("reference", NULL);

  /* the second frame's mask has two classes: each frame gets its own */
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, FALSE));
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  gst_harness_push (f.hm, make_mask (1, TRUE));
  gst_harness_push (f.h, make_frame (1));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_old_masks_dropped)
{
  Fixture f = fixture_new ("reference", NULL);

  /* masks 0 and 1 come before frame 1: mask 0 is dropped, frame 1 gets
   * mask 1 (two instances), not mask 0 (one) */
  gst_harness_push (f.hm, make_mask (0, FALSE));
  gst_harness_push (f.h, make_frame (1));
  gst_harness_push (f.hm, make_mask (1, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_wait_for_late_mask)
{
  Fixture f = fixture_new ("reference", NULL);
  GstBuffer *out;

  gst_harness_push (f.h, make_frame (0));
  g_usleep (100 * 1000);
  out = gst_harness_try_pull (f.h);
  fail_unless (out == NULL, "wait: the frame went out before its mask");
  gst_harness_push (f.hm, make_mask (0, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fixture_free (&f);
}

GST_END_TEST;

/* Frame 0 with its mask, then frame 1 whose mask never comes: the live
 * deadline passes and the policy's fallback decides. */
static guint
missing_mask_rois (const gchar * policy, guint64 tolerance)
{
  Fixture f = fixture_new ("reference", NULL);
  guint n;

  gst_util_set_object_arg (G_OBJECT (f.h->element), "mask-policy", policy);
  g_object_set (f.h->element, "mask-tolerance", tolerance, NULL);
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  gst_harness_push (f.h, make_frame (1));
  fail_unless (gst_harness_crank_single_clock_wait (f.h));
  n = pull_n_rois (f.h);
  fixture_free (&f);
  return n;
}

GST_START_TEST (test_missing_mask_policies)
{
  fail_unless_equals_int (missing_mask_rois ("wait", 20 * GST_MSECOND), 0);
  fail_unless_equals_int (missing_mask_rois ("wait", 50 * GST_MSECOND), 2);
  fail_unless_equals_int (missing_mask_rois ("reuse", 20 * GST_MSECOND), 0);
  fail_unless_equals_int (missing_mask_rois ("reuse", 50 * GST_MSECOND), 2);
  fail_unless_equals_int (missing_mask_rois ("passthrough",
          50 * GST_MSECOND), 0);
}

GST_END_TEST;

GST_START_TEST (test_passthrough_does_not_wait)
{
  Fixture f = fixture_new ("reference", NULL);

  /* the mask queued now is 80 ms after the frame: too far, frame undrawn
   * at once; the next frame matches it */
  gst_util_set_object_arg (G_OBJECT (f.h->element), "mask-policy",
      "passthrough");
  gst_harness_push (f.hm, make_mask (2, TRUE));
  gst_harness_push (f.h, make_frame (0));
  fail_unless_equals_int (pull_n_rois (f.h), 0);
  gst_harness_push (f.h, make_frame (2));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fixture_free (&f);
}

GST_END_TEST;

static gboolean
got_eos (GstHarness * h)
{
  GstEvent *ev;
  gboolean eos = FALSE;

  while ((ev = gst_harness_try_pull_event (h))) {
    eos |= GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
  }
  return eos;
}

GST_START_TEST (test_eos_on_mask)
{
  Fixture f = fixture_new ("reference", NULL);

  g_object_set (f.h->element, "mask-tolerance", 50 * GST_MSECOND, NULL);
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fail_unless (gst_harness_push_event (f.hm, gst_event_new_eos ()));
  /* no more masks: frames go on at once with the last mask in tolerance,
   * then undrawn */
  gst_harness_push (f.h, make_frame (1));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  gst_harness_push (f.h, make_frame (3));
  fail_unless_equals_int (pull_n_rois (f.h), 0);
  fail_if (got_eos (f.h));
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_eos_on_sink)
{
  Fixture f = fixture_new ("reference", NULL);
  GstBuffer *buf = NULL;

  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);
  fail_unless (gst_harness_push_event (f.h, gst_event_new_eos ()));
  gst_harness_push (f.hm, make_mask (1, TRUE));
  fail_unless (gst_harness_pull_until_eos (f.h, &buf));
  fail_unless (buf == NULL);
  fail_unless_equals_int (gst_harness_buffers_received (f.h), 1);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_caps_refused)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  GstPad *sink = gst_element_get_static_pad (el, "sink");
  GstPad *mask = gst_element_get_static_pad (el, "mask");
  GstCaps *gray = gst_caps_from_string ("video/x-raw,format=GRAY8,width=4,"
      "height=4,framerate=0/1");
  GstCaps *yuy2 = gst_caps_from_string ("video/x-raw,format=YUY2,width=4,"
      "height=4,framerate=0/1");

  fail_if (gst_pad_query_accept_caps (sink, gray));
  fail_if (gst_pad_query_accept_caps (sink, yuy2));
  fail_unless (gst_pad_query_accept_caps (mask, gray));
  fail_if (gst_pad_query_accept_caps (mask, yuy2));
  gst_caps_unref (gray);
  gst_caps_unref (yuy2);
  gst_object_unref (sink);
  gst_object_unref (mask);
  gst_object_unref (el);
}

GST_END_TEST;

GST_START_TEST (test_downstream_refuses)
{
  Fixture f = fixture_new ("reference", "video/x-raw,format=GRAY8");
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;

  gst_element_set_bus (f.h->element, bus);
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_parse_error (msg, &err, NULL);
  fail_unless (g_error_matches (err, GST_CORE_ERROR,
          GST_CORE_ERROR_NEGOTIATION));
  fail_unless (strstr (err->message, "GRAY16_LE") != NULL, err->message);
  fail_unless (strstr (err->message, "RGBA") != NULL, err->message);
  fail_unless_equals_int (gst_harness_buffers_received (f.h), 0);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_bus (f.h->element, NULL);
  gst_object_unref (bus);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_bad_device)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;

  g_object_set (el, "device", "no-such-device-at-all", NULL);
  gst_element_set_bus (el, bus);
  fail_unless_equals_int (gst_element_set_state (el, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  fail_unless (msg != NULL);
  gst_message_unref (msg);
  gst_element_set_state (el, GST_STATE_NULL);
  gst_element_set_bus (el, NULL);
  gst_object_unref (bus);
  gst_object_unref (el);
}

GST_END_TEST;

static void
check_box (GstVideoRegionOfInterestMeta * m, const gint r[4])
{
  fail_unless (ABS ((gint) m->x - r[0]) <= 1, "x %u", m->x);
  fail_unless (ABS ((gint) m->y - r[1]) <= 1, "y %u", m->y);
  fail_unless (ABS ((gint) (m->x + m->w) - r[2]) <= 1, "x1 %u", m->x + m->w);
  fail_unless (ABS ((gint) (m->y + m->h) - r[3]) <= 1, "y1 %u", m->y + m->h);
}

static void
check_roi (GstVideoRegionOfInterestMeta * m, const gint r[4], gint class_id,
    const gchar * label)
{
  GstStructure *det, *inst;
  gdouble x_min, conf;
  gint label_id, cls, id;
  guint area, expected = (r[2] - r[0]) * (r[3] - r[1]);

  fail_unless_equals_string (g_quark_to_string (m->roi_type), label);
  check_box (m, r);
  det = gst_video_region_of_interest_meta_get_param (m, "detection");
  inst = gst_video_region_of_interest_meta_get_param (m, "instance");
  fail_unless (det != NULL && inst != NULL);
  fail_unless (gst_structure_get (det, "x_min", G_TYPE_DOUBLE, &x_min,
          "confidence", G_TYPE_DOUBLE, &conf, "label_id", G_TYPE_INT,
          &label_id, NULL));
  fail_unless (ABS (x_min - (gdouble) m->x / W) < 1e-9);
  fail_unless (conf >= 0.0 && conf <= 1.0);
  fail_unless_equals_int (label_id, class_id);
  fail_unless_equals_string (gst_structure_get_string (det, "label"), label);
  fail_unless (gst_structure_get (inst, "class_id", G_TYPE_INT, &cls,
          "instance_id", G_TYPE_INT, &id, "area", G_TYPE_UINT, &area, NULL));
  fail_unless_equals_int (cls, class_id);
  fail_unless_equals_int (id, m->id);
  fail_unless (area >= expected * 9 / 10 && area <= expected * 11 / 10,
      "area %u, expected about %u", area, expected);
}

/* how many instances of class_id the buffer carries, the first in *first */
static guint
rois_of_class (GstBuffer * buf, gint class_id,
    GstVideoRegionOfInterestMeta ** first)
{
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;
  guint n = 0;

  *first = NULL;
  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *det = gst_video_region_of_interest_meta_get_param (m,
        "detection");
    gint id = -1;

    gst_structure_get_int (det, "label_id", &id);
    if (id == class_id && n++ == 0)
      *first = m;
  }
  return n;
}

static GstVideoRegionOfInterestMeta *
roi_of_class (GstBuffer * buf, gint class_id)
{
  GstVideoRegionOfInterestMeta *found;
  guint n = rois_of_class (buf, class_id, &found);

  fail_unless (n <= 1, "two instances of class %d", class_id);
  fail_unless (found != NULL, "no instance of class %d", class_id);
  return found;
}

static void
run_roi_meta (const gchar * device)
{
  Fixture f = fixture_new (device, NULL);
  gchar *labels = g_build_filename (g_get_tmp_dir (), "siseg-labels.txt",
      NULL);
  GstBuffer *out;

  fail_unless (g_file_set_contents (labels, "background\nperson\n", -1, NULL));
  g_object_set (f.h->element, "labels-file", labels, NULL);
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  out = gst_harness_pull (f.h);
  fail_unless_equals_int (n_rois (out), 2);
  check_roi (roi_of_class (out, 1), rect_a, 1, "person");
  check_roi (roi_of_class (out, 2), rect_b, 2, "class-2");
  fail_if (roi_of_class (out, 1)->id == roi_of_class (out, 2)->id);
  gst_buffer_unref (out);
  g_unlink (labels);
  g_free (labels);
  fixture_free (&f);
}

GST_START_TEST (test_roi_meta)
{
  run_roi_meta ("reference");
}

GST_END_TEST;

/* "auto": OpenCL (PoCL on CI), unless SISEG_DEVICE says otherwise */
GST_START_TEST (test_roi_meta_default_device)
{
  run_roi_meta ("auto");
}

GST_END_TEST;

static guint16
id_at (GstVideoFrame * vf, gint x, gint y)
{
  guint8 *row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (vf, 0) +
      y * GST_VIDEO_FRAME_PLANE_STRIDE (vf, 0);

  return GST_READ_UINT16_LE (row + 2 * x);
}

/* Every pixel 2 or more inside r has id, every one 2 or more outside both
 * rectangles 0. */
static void
check_id_map (GstVideoFrame * vf, guint16 id_a, guint16 id_b)
{
  gint x, y;

  for (y = 0; y < H; y++) {
    for (x = 0; x < W; x++) {
      gboolean in_a = x >= rect_a[0] + 2 && x < rect_a[2] - 2
          && y >= rect_a[1] + 2 && y < rect_a[3] - 2;
      gboolean in_b = x >= rect_b[0] + 2 && x < rect_b[2] - 2
          && y >= rect_b[1] + 2 && y < rect_b[3] - 2;
      gboolean near = x >= rect_a[0] - 2 && x < rect_a[2] + 2
          && y >= rect_a[1] - 2 && y < rect_a[3] + 2;

      near |= x >= rect_b[0] - 2 && x < rect_b[2] + 2
          && y >= rect_b[1] - 2 && y < rect_b[3] + 2;
      if (in_a) {
        fail_unless_equals_int (id_at (vf, x, y), id_a);
      } else if (in_b) {
        fail_unless_equals_int (id_at (vf, x, y), id_b);
      } else if (!near) {
        fail_unless_equals_int (id_at (vf, x, y), 0);
      }
    }
  }
}

GST_START_TEST (test_id_map_output)
{
  Fixture f = fixture_new ("reference", "video/x-raw,format=GRAY16_LE");
  GstVideoInfo info;
  GstVideoFrame vf;
  GstBuffer *out;
  GstCaps *caps;
  guint16 id_a, id_b;

  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  out = gst_harness_pull (f.h);
  caps = gst_pad_get_current_caps (f.h->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless_equals_int (GST_VIDEO_INFO_FORMAT (&info),
      GST_VIDEO_FORMAT_GRAY16_LE);
  fail_unless_equals_int (GST_VIDEO_INFO_WIDTH (&info), W);
  fail_unless_equals_int (GST_VIDEO_INFO_HEIGHT (&info), H);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (out), 0);
  fail_unless (gst_video_frame_map (&vf, &info, out, GST_MAP_READ));

  id_a = id_at (&vf, 10, 10);
  id_b = id_at (&vf, 45, 25);
  fail_if (id_a == 0 || id_b == 0 || id_a == id_b);
  fail_unless_equals_int (id_a, roi_of_class (out, 1)->id);
  fail_unless_equals_int (id_b, roi_of_class (out, 2)->id);
  check_id_map (&vf, id_a, id_b);

  gst_video_frame_unmap (&vf);
  gst_caps_unref (caps);
  gst_buffer_unref (out);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_overlay_draws)
{
  Fixture f = fixture_new ("reference", NULL);
  GstBuffer *out;
  GstMapInfo map;

  /* drawn inside the instance, untouched far from both rectangles */
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  out = gst_harness_pull (f.h);
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  fail_unless_equals_int (map.size, W * H * 4);
  fail_if (memcmp (map.data + (12 * W + 12) * 4, "\x40\x40\x40\x40", 3) == 0);
  fail_unless (memcmp (map.data + (44 * W + 2) * 4, "\x40\x40\x40\x40", 4)
      == 0);
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  fixture_free (&f);
}

GST_END_TEST;

GST_START_TEST (test_latency)
{
  Fixture f = fixture_new ("reference", NULL);
  gint i;

  for (i = 0; i < 3; i++) {
    gst_harness_push (f.h, make_frame (i));
    gst_harness_push (f.hm, make_mask (i, TRUE));
    fail_unless_equals_int (pull_n_rois (f.h), 2);
  }
  fail_unless (gst_harness_query_latency (f.h) >= GST_MSECOND);
  fixture_free (&f);
}

GST_END_TEST;

/* One frame of fw x fh RGBA with a mask of mw x mh and the given format
 * holding value everywhere: there is an output buffer. */
static guint
odd_input (gint fw, gint fh, gint mw, gint mh, gboolean gray16, guint16 value)
{
  GstHarness *h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  GstHarness *hm = gst_harness_new_with_element (h->element, "mask", NULL);
  GstVideoInfo fi, mi;
  GstBuffer *mask;
  GstMapInfo map;
  gsize i;
  guint n;

  g_object_set (h->element, "device", "reference", NULL);
  gst_video_info_set_format (&fi, GST_VIDEO_FORMAT_RGBA, fw, fh);
  gst_video_info_set_format (&mi, gray16 ? GST_VIDEO_FORMAT_GRAY16_LE :
      GST_VIDEO_FORMAT_GRAY8, mw, mh);
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&fi));
  gst_harness_set_src_caps (hm, gst_video_info_to_caps (&mi));

  mask = make_buffer (GST_VIDEO_INFO_SIZE (&mi), 0, 0);
  gst_buffer_map (mask, &map, GST_MAP_WRITE);
  for (i = 0; i + (gray16 ? 1 : 0) < map.size; i += gray16 ? 2 : 1) {
    if (gray16)
      GST_WRITE_UINT16_LE (map.data + i, value);
    else
      map.data[i] = value;
  }
  gst_buffer_unmap (mask, &map);
  gst_harness_push (h, make_buffer (GST_VIDEO_INFO_SIZE (&fi), 0x80, 0));
  gst_harness_push (hm, mask);
  n = pull_n_rois (h);
  gst_harness_teardown (hm);
  gst_harness_teardown (h);
  return n;
}

GST_START_TEST (test_bad_inputs)
{
  fail_unless_equals_int (odd_input (W, H, W, H, FALSE, 0), 0);
  fail_unless_equals_int (odd_input (W, H, W, H, FALSE, 255), 0);
  fail_unless (odd_input (W, H, W, H, FALSE, 3) >= 1);
  fail_unless (odd_input (W, H, 7, 5, TRUE, 60000) >= 1);
  fail_unless (odd_input (385, 289, 97, 73, FALSE, 7) >= 1);
  fail_unless (odd_input (385, 289, 1000, 3, FALSE, 7) >= 1);
  odd_input (1, 1, 1, 1, FALSE, 1);
  odd_input (1, 1, 640, 480, FALSE, 1);
  odd_input (2, 2, 1, 1, TRUE, 1);
}

GST_END_TEST;

/* One W x H RGBA frame (0x40 everywhere) under a mask whose left half is
 * class left and right half class right, the element set by props
 * ("name=value" strings, NULL-terminated), drawn opaque without contours;
 * returns the output buffer. */
static GstBuffer *
halves (guint8 left, guint8 right, ...)
{
  Fixture f = fixture_new ("reference", NULL);
  GstBuffer *mask = make_mask (0, FALSE), *out;
  GstMapInfo map;
  const gchar *prop;
  va_list ap;

  g_object_set (f.h->element, "alpha", 1.0f, "draw-contours", FALSE, NULL);
  va_start (ap, right);
  while ((prop = va_arg (ap, const gchar *)))
  {
    gchar **kv = g_strsplit (prop, "=", 2);
    gst_util_set_object_arg (G_OBJECT (f.h->element), kv[0], kv[1]);
    g_strfreev (kv);
  }
  va_end (ap);
  gst_buffer_map (mask, &map, GST_MAP_WRITE);
  fill_rect (map.data, W, (const gint[4]) { 0, 0, W / 2, H }, left);
  fill_rect (map.data, W, (const gint[4]) { W / 2, 0, W, H }, right);
  gst_buffer_unmap (mask, &map);
  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, mask);
  out = gst_harness_pull (f.h);
  fail_unless (out != NULL);
  fixture_free (&f);
  return out;
}

/* the RGB of a pixel of an output frame, 0xRRGGBB */
static guint32
rgb_at (GstBuffer * buf, gint x, gint y)
{
  GstMapInfo map;
  guint8 *px;
  guint32 rgb;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_READ));
  px = map.data + (y * W + x) * 4;
  rgb = (px[0] << 16) | (px[1] << 8) | px[2];
  gst_buffer_unmap (buf, &map);
  return rgb;
}

static guint
n_rois_of_class (GstBuffer * buf, gint class_id)
{
  GstVideoRegionOfInterestMeta *first;

  return rois_of_class (buf, class_id, &first);
}

/* n_rois_of_class of a halves () output, and the buffer freed */
static void
check_halves (GstBuffer * out, guint n_left, gint left, guint n_right,
    gint right)
{
  fail_unless_equals_int (n_rois (out), n_left + n_right);
  fail_unless_equals_int (n_rois_of_class (out, left), n_left);
  fail_unless_equals_int (n_rois_of_class (out, right), n_right);
  gst_buffer_unref (out);
}

/* background-class and ignore-class reach the core: -1 makes their class
 * an instance like any other */
GST_START_TEST (test_background_ignore)
{
  check_halves (halves (0, 255, NULL), 0, 0, 0, 255);
  check_halves (halves (0, 255, "background-class=-1", NULL), 1, 0, 0, 255);
  check_halves (halves (0, 255, "ignore-class=-1", NULL), 0, 0, 1, 255);
  check_halves (halves (0, 255, "background-class=-1", "ignore-class=-1",
          NULL), 1, 0, 1, 255);
  check_halves (halves (0, 255, "background-class=255", "ignore-class=-1",
          NULL), 1, 0, 0, 255);
  check_halves (halves (3, 4, "background-class=3", "ignore-class=4", NULL),
      0, 3, 0, 4);
}

GST_END_TEST;

/* split-classes names the classes split; the others are one instance a
 * component (unsplit-mode=components) or none (skip) */
GST_START_TEST (test_split_classes)
{
  check_halves (halves (0, 7, "background-class=-1", "split-classes=7",
          NULL), 1, 0, 1, 7);
  check_halves (halves (0, 7, "background-class=-1", "split-classes=7",
          "unsplit-mode=skip", NULL), 0, 0, 1, 7);
  check_halves (halves (0, 7, "background-class=-1", "split-classes=0",
          "unsplit-mode=skip", NULL), 1, 0, 0, 7);
  check_halves (halves (0, 7, "split-classes=0,5", "unsplit-mode=skip",
          NULL), 0, 0, 0, 7);
}

GST_END_TEST;

/* show-classes draws only the classes named; palette sets the colours */
GST_START_TEST (test_show_classes_palette)
{
  GstBuffer *out;

  out = halves (0, 7, "background-class=-1", "show-classes=0",
      "palette=ff0000", NULL);
  fail_unless_equals_int (n_rois (out), 2);
  fail_unless_equals_int (rgb_at (out, W / 4, H / 2), 0xff0000);
  fail_unless_equals_int (rgb_at (out, 3 * W / 4, H / 2), 0x404040);
  gst_buffer_unref (out);

  out = halves (0, 7, "background-class=-1", "palette=0000ff,00ff00", NULL);
  fail_unless_equals_int (rgb_at (out, W / 4, H / 2), 0x0000ff);
  fail_unless_equals_int (rgb_at (out, 3 * W / 4, H / 2), 0x00ff00);
  gst_buffer_unref (out);

  out = halves (1, 7, "show-classes=5", NULL);
  fail_unless_equals_int (rgb_at (out, W / 4, H / 2), 0x404040);
  fail_unless_equals_int (rgb_at (out, 3 * W / 4, H / 2), 0x404040);
  gst_buffer_unref (out);
}

GST_END_TEST;

/* One frame of format, fw x fh, under a mask of class 1 everywhere, at
 * max_size with boxes drawn: one instance, its box the whole frame. */
static void
check_box_in_frame (GstVideoFormat format, gint fw, gint fh, gint mw,
    gint mh, gint max_size)
{
  GstHarness *h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  GstHarness *hm = gst_harness_new_with_element (h->element, "mask", NULL);
  GstVideoRegionOfInterestMeta *m;
  GstVideoInfo fi, mi;
  GstBuffer *out;

  g_object_set (h->element, "draw-boxes", TRUE, "max-size", max_size,
      "min-area", 0, NULL);
  gst_video_info_set_format (&fi, format, fw, fh);
  gst_video_info_set_format (&mi, GST_VIDEO_FORMAT_GRAY8, mw, mh);
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&fi));
  gst_harness_set_src_caps (hm, gst_video_info_to_caps (&mi));
  gst_harness_push (h, make_buffer (GST_VIDEO_INFO_SIZE (&fi), 0x80, 0));
  gst_harness_push (hm, make_buffer (GST_VIDEO_INFO_SIZE (&mi), 1, 0));
  out = gst_harness_pull (h);
  fail_unless_equals_int (n_rois (out), 1);
  m = roi_of_class (out, 1);
  fail_unless (m->x == 0 && m->y == 0 && m->w == (guint) fw
      && m->h == (guint) fh, "%s %dx%d max-size %d: box %u,%u %ux%u",
      gst_video_format_to_string (format), fw, fh, max_size, m->x, m->y, m->w,
      m->h);
  gst_buffer_unref (out);
  gst_harness_teardown (hm);
  gst_harness_teardown (h);
}

/* frames larger than the processing size once got boxes a pixel past
 * their end, drawn there */
GST_START_TEST (test_boxes_inside_frame)
{
  check_box_in_frame (GST_VIDEO_FORMAT_RGBx, 348, 436, 191, 366, 50);
  check_box_in_frame (GST_VIDEO_FORMAT_BGR, 98, 493, 98, 493, 158);
  check_box_in_frame (GST_VIDEO_FORMAT_I420, 479, 1, 479, 1, 230);
  check_box_in_frame (GST_VIDEO_FORMAT_BGRx, 415, 266, 415, 266, 179);
  check_box_in_frame (GST_VIDEO_FORMAT_NV12, 1303, 732, 1303, 732, 1280);
}

GST_END_TEST;

GST_START_TEST (test_mask_size_changes)
{
  Fixture f = fixture_new ("reference", NULL);
  GstBuffer *small;
  GstMapInfo map;

  gst_harness_push (f.h, make_frame (0));
  gst_harness_push (f.hm, make_mask (0, TRUE));
  fail_unless_equals_int (pull_n_rois (f.h), 2);

  /* a quarter-size mask, one class on its left half */
  gst_harness_set_src_caps_str (f.hm, "video/x-raw,format=GRAY8,width=16,"
      "height=12,framerate=25/1");
  small = make_buffer (16 * 12, 0, 1);
  gst_buffer_map (small, &map, GST_MAP_WRITE);
  fill_rect (map.data, 16, (const gint[4]) { 0, 0, 8, 12 }, 5);
  gst_buffer_unmap (small, &map);
  gst_harness_push (f.h, make_frame (1));
  gst_harness_push (f.hm, small);
  fail_unless_equals_int (pull_n_rois (f.h), 1);
  fixture_free (&f);
}

GST_END_TEST;

static Suite *
sisegment_suite (void)
{
  Suite *s = suite_create ("sisegment");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_pairing_by_timestamp);
  tcase_add_test (tc, test_old_masks_dropped);
  tcase_add_test (tc, test_wait_for_late_mask);
  tcase_add_test (tc, test_missing_mask_policies);
  tcase_add_test (tc, test_passthrough_does_not_wait);
  tcase_add_test (tc, test_eos_on_mask);
  tcase_add_test (tc, test_eos_on_sink);
  tcase_add_test (tc, test_caps_refused);
  tcase_add_test (tc, test_downstream_refuses);
  tcase_add_test (tc, test_bad_device);
  tcase_add_test (tc, test_roi_meta);
  tcase_add_test (tc, test_roi_meta_default_device);
  tcase_add_test (tc, test_id_map_output);
  tcase_add_test (tc, test_overlay_draws);
  tcase_add_test (tc, test_latency);
  tcase_add_test (tc, test_bad_inputs);
  tcase_add_test (tc, test_mask_size_changes);
  tcase_add_test (tc, test_boxes_inside_frame);
  tcase_add_test (tc, test_background_ignore);
  tcase_add_test (tc, test_split_classes);
  tcase_add_test (tc, test_show_classes_palette);
  return s;
}

GST_CHECK_MAIN (sisegment);
