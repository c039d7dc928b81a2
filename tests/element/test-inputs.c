/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment in real pipelines under bad inputs: a silent live mask pad, a
 * mask rate far below the frame rate, labels that are not UTF-8 or not a
 * file, tracking; each must end as documented, in bounded time.
 */
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

/* a pipeline's end: frames out, frames drawn, what the bus said */
typedef struct
{
  guint frames;
  guint drawn;
  gboolean eos;
  gchar *error;                 /* message of the first error, or NULL */
  gchar *warnings;              /* all warnings' messages, or NULL */
  gint width, height;           /* the frame's size, 0: unchecked */
  gboolean boxes_outside;       /* a box went past the frame */
} Run;

static GstPadProbeReturn
count_frame (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Run *run = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;
  guint n = 0;

  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (buf, &state, GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    n++;
    if (run->width > 0 && (m->x + m->w > (guint) run->width
            || m->y + m->h > (guint) run->height))
      run->boxes_outside = TRUE;
  }
  run->frames++;
  run->drawn += n > 0;
  return GST_PAD_PROBE_OK;
}

static void
append (gchar ** text, const gchar * more)
{
  gchar *old = *text;

  *text = old ? g_strconcat (old, "\n", more, NULL) : g_strdup (more);
  g_free (old);
}

/* Runs the pipeline (its sisegment named s, its sink named out) until EOS
 * or an error, at most timeout seconds; setup, if given, sets s up. The
 * boxes are checked against run's width and height if set. */
static Run
run_pipeline_sized (const gchar * desc, guint timeout, gint width,
    gint height, void (*setup) (GstElement * s, gpointer data), gpointer data)
{
  Run run = { 0 };
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err);
  GstElement *out, *s;
  GstPad *pad;
  GstBus *bus;
  gint64 end = g_get_monotonic_time () + timeout * G_USEC_PER_SEC;

  run.width = width;
  run.height = height;
  fail_unless (pipe != NULL, "%s: %s", desc, err ? err->message : "");
  g_clear_error (&err);
  s = gst_bin_get_by_name (GST_BIN (pipe), "s");
  out = gst_bin_get_by_name (GST_BIN (pipe), "out");
  if (setup)
    setup (s, data);
  pad = gst_element_get_static_pad (out, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame, &run, NULL);
  gst_object_unref (pad);
  bus = gst_element_get_bus (pipe);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  while (!run.eos && !run.error) {
    gint64 left = end - g_get_monotonic_time ();
    GstMessage *msg = gst_bus_timed_pop_filtered (bus, MAX (left, 0) * 1000,
        GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);

    if (msg == NULL)
      break;
    if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS) {
      run.eos = TRUE;
    } else {
      gboolean is_error = GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR;
      if (is_error)
        gst_message_parse_error (msg, &err, NULL);
      else
        gst_message_parse_warning (msg, &err, NULL);
      append (is_error ? &run.error : &run.warnings, err->message);
      g_clear_error (&err);
    }
    gst_message_unref (msg);
  }
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (bus);
  gst_object_unref (out);
  gst_object_unref (s);
  gst_object_unref (pipe);
  return run;
}

static Run
run_pipeline (const gchar * desc, guint timeout,
    void (*setup) (GstElement * s, gpointer data), gpointer data)
{
  return run_pipeline_sized (desc, timeout, 0, 0, setup, data);
}

static void
run_clear (Run * run)
{
  g_free (run->error);
  g_free (run->warnings);
}

/* The probe's first case: a live mask pad that never sees a buffer (the
 * valve drops all), under every policy: all 90 frames, then EOS. */
GST_START_TEST (test_live_eos_silent_mask)
{
  static const gchar *policies[] = { "wait", "reuse", "passthrough" };

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++) {
    gchar *desc = g_strdup_printf ("sisegment name=s mask-policy=%s ! "
        "fakesink name=out videotestsrc is-live=true num-buffers=90 ! "
        "video/x-raw,width=320,height=240,format=RGBA,framerate=30/1 ! "
        "s.sink sisegtestsrc output=mask is-live=true ! "
        "video/x-raw,width=320,height=240 ! valve drop=true ! s.mask",
        policies[i]);
    Run run = run_pipeline (desc, 120, NULL, NULL);

    fail_unless (run.eos, "%s: no EOS", policies[i]);
    fail_unless (run.error == NULL, "%s: %s", policies[i], run.error);
    fail_unless_equals_int (run.frames, 90);
    fail_unless_equals_int (run.drawn, 0);
    run_clear (&run);
    g_free (desc);
  }
}

GST_END_TEST;

/* 15 masks at 5 fps for 90 frames at 30 fps, not live: with passthrough
 * each mask draws one frame, no more. */
GST_START_TEST (test_passthrough_uses_masks_once)
{
  Run run = run_pipeline ("sisegment name=s mask-policy=passthrough "
      "mask-tolerance=200000000 ! fakesink name=out videotestsrc "
      "num-buffers=90 ! video/x-raw,width=96,height=64,format=RGBA,"
      "framerate=30/1 ! s.sink sisegtestsrc output=mask num-buffers=15 ! "
      "video/x-raw,width=96,height=64,framerate=5/1 ! s.mask", 120, NULL,
      NULL);

  fail_unless (run.eos && run.error == NULL, "%s", run.error);
  fail_unless_equals_int (run.frames, 90);
  fail_unless_equals_int (run.drawn, 15);
  run_clear (&run);
}

GST_END_TEST;

static gchar *
temp_path (const gchar * name)
{
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
set_labels_and_json (GstElement * s, gpointer data)
{
  const gchar **paths = data;

  g_object_set (s, "labels-file", paths[0], "json-location", paths[1], NULL);
}

static void
check_utf8_file (const gchar * path, const gchar * expect)
{
  gchar *text = NULL;
  gsize len;

  fail_unless (g_file_get_contents (path, &text, &len, NULL));
  fail_unless (len > 0);
  fail_unless (g_utf8_validate (text, len, NULL), "%s: not UTF-8", path);
  fail_unless (strstr (text, expect) != NULL, "%s: no %s", path, expect);
  g_free (text);
}

/* A labels file with bytes that are not UTF-8 on lines 2 and 3: replaced,
 * one warning naming the lines, JSON and metadata in UTF-8 (GstCheck
 * makes GLib's warnings, such as GstStructure's about non-UTF-8 strings,
 * fatal). The masks are the scene's: classes 1 to 3. */
GST_START_TEST (test_labels_not_utf8)
{
  gchar *labels = temp_path ("siseg-bad-labels.txt");
  gchar *json = temp_path ("siseg-bad-labels.jsonl");
  const gchar *paths[2] = { labels, json };
  Run run;

  fail_unless (g_file_set_contents (labels, "bg\n\xff\xfe bad\n\x80\x81\x7f"
          "\ncar\n", -1, NULL));
  run = run_pipeline ("sisegment name=s ! fakesink name=out "
      "sisegtestsrc num-buffers=3 ! video/x-raw,width=160,height=120 ! s.sink "
      "sisegtestsrc output=mask num-buffers=3 ! "
      "video/x-raw,width=160,height=120 ! s.mask", 120, set_labels_and_json,
      (gpointer) paths);
  fail_unless (run.eos && run.error == NULL, "%s", run.error);
  fail_unless_equals_int (run.frames, 3);
  fail_unless (run.warnings != NULL);
  fail_unless (strstr (run.warnings, "lines 2 (class 1), 3 (class 2) are "
          "not valid UTF-8") != NULL, "%s", run.warnings);
  fail_unless (strchr (run.warnings, '\n') == NULL, "more than one warning: "
      "%s", run.warnings);
  check_utf8_file (json, "\"label\":\"\xef\xbf\xbd\xef\xbf\xbd bad\"");
  run_clear (&run);
  g_unlink (labels);
  g_unlink (json);
  g_free (labels);
  g_free (json);
}

GST_END_TEST;

/* set_property returns at once and the element starts, labels class-N,
 * with one warning that says why. */
static void
check_labels_refused (const gchar * path, const gchar * why)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  GstBus *bus = gst_bus_new ();
  GstMessage *msg;
  GError *err = NULL;
  gchar *got;

  g_object_set (el, "labels-file", path, "device", "reference", NULL);
  g_object_get (el, "labels-file", &got, NULL);
  fail_unless_equals_string (got, path);
  gst_element_set_bus (el, bus);
  fail_unless (gst_element_set_state (el, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_pop_filtered (bus, GST_MESSAGE_WARNING);
  fail_unless (msg != NULL, "%s: no warning", path);
  gst_message_parse_warning (msg, &err, NULL);
  fail_unless (strstr (err->message, why) != NULL, "%s", err->message);
  fail_unless (strstr (err->message, "class-N") != NULL, "%s", err->message);
  g_error_free (err);
  gst_message_unref (msg);
  gst_element_set_state (el, GST_STATE_NULL);
  gst_element_set_bus (el, NULL);
  gst_object_unref (bus);
  gst_object_unref (el);
  g_free (got);
}

GST_START_TEST (test_labels_not_a_file)
{
  gchar *fifo = temp_path ("siseg-labels-fifo");
  gchar *big = temp_path ("siseg-labels-big.txt");
  gchar *text = g_strnfill ((4 << 20) + 1, 'a');

  check_labels_refused ("/dev/zero", "is not a regular file");
  g_unlink (fifo);
  fail_unless (mkfifo (fifo, 0600) == 0);
  check_labels_refused (fifo, "is not a regular file");
  check_labels_refused ("/no/such/labels.txt", "Could not open");
  fail_unless (g_file_set_contents (big, text, -1, NULL));
  check_labels_refused (big, "larger than");
  g_unlink (fifo);
  g_unlink (big);
  g_free (fifo);
  g_free (big);
  g_free (text);
}

GST_END_TEST;

/* The probe's boxes at the default max-size: none past the frame. */
GST_START_TEST (test_boxes_in_frame)
{
  Run run = run_pipeline_sized ("sisegment name=s draw-boxes=true "
      "ignore-class=-1 ! fakesink name=out videotestsrc num-buffers=20 ! "
      "video/x-raw,format=RGBA,width=1303,height=732 ! s.sink "
      "videotestsrc num-buffers=20 pattern=white ! "
      "video/x-raw,format=GRAY8,width=1303,height=732 ! s.mask", 300, 1303,
      732, NULL, NULL);

  fail_unless (run.eos && run.error == NULL, "%s", run.error);
  fail_unless_equals_int (run.frames, 20);
  fail_unless_equals_int (run.drawn, 20);
  fail_if (run.boxes_outside);
  run_clear (&run);
}

GST_END_TEST;

/* per frame: the instances' object ids, by instance id */
static GstPadProbeReturn
collect_ids (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  GPtrArray *frames = data;
  GArray *ids = g_array_new (FALSE, TRUE, sizeof (guint64));
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;

  while ((m = (GstVideoRegionOfInterestMeta *) gst_buffer_iterate_meta_filtered
          (GST_PAD_PROBE_INFO_BUFFER (info), &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *inst = gst_video_region_of_interest_meta_get_param (m,
        "instance");
    guint64 object_id = 0;
    gint id = 0;

    fail_unless (gst_structure_get (inst, "instance_id", G_TYPE_INT, &id,
            "object_id", G_TYPE_UINT64, &object_id, NULL));
    fail_unless_equals_int (id, m->id);
    if ((guint) id >= ids->len)
      g_array_set_size (ids, id + 1);
    g_array_index (ids, guint64, id) = object_id;
  }
  g_ptr_array_add (frames, ids);
  return GST_PAD_PROBE_OK;
}

/* Still masks (SMPTE bars, one class a bar): with tracking each object
 * keeps its object id, the same in every frame; without, object ids are
 * the instance ids. */
static void
check_object_ids (gboolean tracking)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_array_unref);
  GstElement *pipe, *out;
  GstPad *pad;
  GstMessage *msg;
  GArray *frame0;

  pipe = gst_parse_launch ("sisegment name=s device=reference ! fakesink "
      "name=out videotestsrc num-buffers=5 ! video/x-raw,format=RGBA,"
      "width=160,height=120 ! s.sink videotestsrc num-buffers=5 "
      "pattern=smpte ! video/x-raw,format=GRAY8,width=160,height=120 ! "
      "s.mask", NULL);
  gst_child_proxy_set (GST_CHILD_PROXY (pipe), "s::tracking", tracking, NULL);
  out = gst_bin_get_by_name (GST_BIN (pipe), "out");
  pad = gst_element_get_static_pad (out, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, collect_ids, frames, NULL);
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipe), 120 * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL && GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS);
  gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);

  fail_unless_equals_int (frames->len, 5);
  frame0 = g_ptr_array_index (frames, 0);
  fail_unless (frame0->len > 3);
  for (guint i = 0; i < frames->len; i++) {
    GArray *ids = g_ptr_array_index (frames, i);
    fail_unless_equals_int (ids->len, frame0->len);
    for (guint id = 1; id < ids->len; id++) {
      guint64 object_id = g_array_index (ids, guint64, id);
      fail_unless (object_id == g_array_index (frame0, guint64, id));
      if (!tracking)
        fail_unless (object_id == id);
    }
  }
  gst_object_unref (pad);
  gst_object_unref (out);
  gst_object_unref (pipe);
  g_ptr_array_unref (frames);
}

GST_START_TEST (test_object_ids)
{
  check_object_ids (FALSE);
  check_object_ids (TRUE);
}

GST_END_TEST;

/* A mask pad whose segment is in bytes: its masks are untimed, paired in
 * order, and no GLib critical (fatal under GstCheck). */
GST_START_TEST (test_mask_segment_in_bytes)
{
  GstHarness *h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  GstHarness *hm = gst_harness_new_with_element (h->element, "mask", NULL);
  GstSegment segment;
  GstBuffer *frame, *mask, *out;

  g_object_set (h->element, "device", "reference", NULL);
  gst_harness_set_src_caps_str (h, "video/x-raw,format=RGBA,width=32,"
      "height=24,framerate=25/1");
  gst_harness_set_src_caps_str (hm, "video/x-raw,format=GRAY8,width=32,"
      "height=24,framerate=25/1");
  gst_segment_init (&segment, GST_FORMAT_BYTES);
  fail_unless (gst_harness_push_event (hm, gst_event_new_segment (&segment)));
  for (gint i = 0; i < 2; i++) {
    frame = gst_buffer_new_allocate (NULL, 32 * 24 * 4, NULL);
    mask = gst_buffer_new_allocate (NULL, 32 * 24, NULL);
    gst_buffer_memset (frame, 0, 0x40, 32 * 24 * 4);
    gst_buffer_memset (mask, 0, 1, 32 * 24);
    GST_BUFFER_PTS (frame) = i * 40 * GST_MSECOND;
    GST_BUFFER_PTS (mask) = 1000 + i * 32 * 24;
    gst_harness_push (h, frame);
    gst_harness_push (hm, mask);
    out = gst_harness_pull (h);
    fail_unless_equals_int (gst_buffer_get_n_meta (out,
            GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE), 1);
    gst_buffer_unref (out);
  }
  gst_harness_teardown (hm);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
inputs_suite (void)
{
  Suite *s = suite_create ("sisegment-inputs");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_live_eos_silent_mask);
  tcase_add_test (tc, test_passthrough_uses_masks_once);
  tcase_add_test (tc, test_labels_not_utf8);
  tcase_add_test (tc, test_labels_not_a_file);
  tcase_add_test (tc, test_boxes_in_frame);
  tcase_add_test (tc, test_object_ids);
  tcase_add_test (tc, test_mask_segment_in_bytes);
  return s;
}

GST_CHECK_MAIN (inputs);
