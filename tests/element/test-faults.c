/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment under faults in real pipelines, on the default device: EOS on
 * the mask pad only, 50 PLAYING/NULL cycles, eight elements in one
 * process, frames and masks whose size changes mid-stream, a flushing
 * seek. Each asserts what came out: frames, frames drawn, EOS, no error.
 * (An OpenCL failure mid-stream: tests/pipelines/test-cl-failure.sh, as it
 * needs a process of its own.)
 */
#include <gst/check/gstcheck.h>
#include <gst/video/video.h>

#define MAX_SINKS 8

/* what each sink named out0, out1, ... received */
typedef struct
{
  guint frames[MAX_SINKS];
  guint drawn[MAX_SINKS];       /* frames with at least one ROI meta */
  gint width[MAX_SINKS];        /* the last frame's width */
  GstClockTime first[MAX_SINKS];        /* the first frame's PTS */
} Counts;

typedef struct
{
  Counts *counts;
  guint i;
} Probe;

static GstPadProbeReturn
count_frame (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  Probe *p = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  GstVideoMeta *vm = gst_buffer_get_video_meta (buf);
  GstCaps *caps = gst_pad_get_current_caps (pad);
  GstVideoInfo vinfo;

  if (p->counts->frames[p->i]++ == 0)
    p->counts->first[p->i] = GST_BUFFER_PTS (buf);
  p->counts->drawn[p->i] += gst_buffer_get_meta (buf,
      GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE) != NULL;
  if (vm)
    p->counts->width[p->i] = vm->width;
  else if (caps && gst_video_info_from_caps (&vinfo, caps))
    p->counts->width[p->i] = GST_VIDEO_INFO_WIDTH (&vinfo);
  if (caps)
    gst_caps_unref (caps);
  return GST_PAD_PROBE_OK;
}

/* Plays pipe (n_sinks sinks named out0...) until EOS and back to NULL;
 * fails on an error or after timeout seconds. */
static void
play_to_eos (GstElement * pipe, guint n_sinks, Counts * counts, guint timeout)
{
  Probe probes[MAX_SINKS];
  GstPad *pads[MAX_SINKS];
  gulong ids[MAX_SINKS];
  GstBus *bus = gst_element_get_bus (pipe);
  GstMessage *msg;

  memset (counts, 0, sizeof (*counts));
  for (guint i = 0; i < n_sinks; i++) {
    gchar *name = g_strdup_printf ("out%u", i);
    GstElement *out = gst_bin_get_by_name (GST_BIN (pipe), name);

    probes[i].counts = counts;
    probes[i].i = i;
    pads[i] = gst_element_get_static_pad (out, "sink");
    ids[i] = gst_pad_add_probe (pads[i], GST_PAD_PROBE_TYPE_BUFFER,
        count_frame, &probes[i], NULL);
    gst_object_unref (out);
    g_free (name);
  }
  fail_unless (gst_element_set_state (pipe, GST_STATE_PLAYING) !=
      GST_STATE_CHANGE_FAILURE);
  msg = gst_bus_timed_pop_filtered (bus, timeout * GST_SECOND,
      GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  fail_unless (msg != NULL, "no EOS in %u s", timeout);
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    GError *err = NULL;
    gst_message_parse_error (msg, &err, NULL);
    fail ("error: %s", err->message);
  }
  gst_message_unref (msg);
  fail_unless (gst_element_set_state (pipe, GST_STATE_NULL) ==
      GST_STATE_CHANGE_SUCCESS);
  for (guint i = 0; i < n_sinks; i++) {
    gst_pad_remove_probe (pads[i], ids[i]);
    gst_object_unref (pads[i]);
  }
  gst_object_unref (bus);
}

static GstElement *
launch (const gchar * desc)
{
  GError *err = NULL;
  GstElement *pipe = gst_parse_launch (desc, &err);

  fail_unless (pipe != NULL, "%s: %s", desc, err ? err->message : "");
  return pipe;
}

/* one branch: sisegment s<i> fed n frames and m masks, into out<i> */
static gchar *
branch (guint i, guint frames, guint masks, const gchar * props)
{
  return g_strdup_printf ("sisegtestsrc num-buffers=%u "
      "! video/x-raw,width=96,height=64 ! s%u.sink "
      "sisegtestsrc output=mask num-buffers=%u "
      "! video/x-raw,width=48,height=32 ! s%u.mask "
      "sisegment name=s%u %s ! fakesink name=out%u ", frames, i, masks, i, i,
      props, i);
}

/* masks end after 20 frames of 60: the frames go on, undrawn past the
 * last mask's tolerance, under every policy */
GST_START_TEST (test_eos_on_mask_only)
{
  static const gchar *policies[] = { "mask-policy=wait", "mask-policy=reuse",
    "mask-policy=passthrough"
  };

  for (guint i = 0; i < G_N_ELEMENTS (policies); i++) {
    gchar *desc = branch (0, 60, 20, policies[i]);
    GstElement *pipe = launch (desc);
    Counts c;

    play_to_eos (pipe, 1, &c, 120);
    fail_unless_equals_int (c.frames[0], 60);
    fail_unless (c.drawn[0] >= 20 && c.drawn[0] <= 21, "%s: %u drawn",
        policies[i], c.drawn[0]);
    gst_object_unref (pipe);
    g_free (desc);
  }
}

GST_END_TEST;

/* the same pipeline 50 times from NULL to PLAYING to EOS and back */
GST_START_TEST (test_state_cycles)
{
  gchar *desc = branch (0, 3, 3, "tracking=true");
  GstElement *pipe = launch (desc);

  for (guint round = 0; round < 50; round++) {
    Counts c;

    play_to_eos (pipe, 1, &c, 120);
    fail_unless (c.frames[0] == 3 && c.drawn[0] == 3,
        "round %u: %u frames, %u drawn", round, c.frames[0], c.drawn[0]);
  }
  gst_object_unref (pipe);
  g_free (desc);
}

GST_END_TEST;

/* eight sisegments in one pipeline, one device each, all at once */
GST_START_TEST (test_eight_elements)
{
  GString *desc = g_string_new (NULL);
  GstElement *pipe;
  Counts c;

  for (guint i = 0; i < MAX_SINKS; i++) {
    gchar *b = branch (i, 10, 10, "");
    g_string_append (desc, b);
    g_free (b);
  }
  pipe = launch (desc->str);
  play_to_eos (pipe, MAX_SINKS, &c, 300);
  for (guint i = 0; i < MAX_SINKS; i++)
    fail_unless (c.frames[i] == 10 && c.drawn[i] == 10,
        "element %u: %u frames, %u drawn", i, c.frames[i], c.drawn[i]);
  gst_object_unref (pipe);
  g_string_free (desc, TRUE);
}

GST_END_TEST;

static GstPadProbeReturn
resize_at_10 (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  GstElement *filter = data;
  GstBuffer *buf = GST_PAD_PROBE_INFO_BUFFER (info);
  const gchar *caps = g_object_get_data (G_OBJECT (filter), "caps-after");

  if (GST_BUFFER_OFFSET (buf) == 10) {
    GstCaps *c = gst_caps_from_string (caps);
    g_object_set (filter, "caps", c, NULL);
    gst_caps_unref (c);
  }
  return GST_PAD_PROBE_OK;
}

/* frames and masks change size at frame 10 (both renegotiate): all 30
 * frames out, drawn, the last ones at the new size */
GST_START_TEST (test_renegotiation)
{
  GstElement *pipe = launch ("sisegtestsrc num-buffers=30 name=fs "
      "! capsfilter name=fc caps=video/x-raw,width=96,height=64 ! s0.sink "
      "sisegtestsrc output=mask num-buffers=30 name=ms "
      "! capsfilter name=mc caps=video/x-raw,width=48,height=32 ! s0.mask "
      "sisegment name=s0 ! fakesink name=out0");
  static const gchar *names[][3] = {
    {"fs", "fc", "video/x-raw,width=160,height=120"},
    {"ms", "mc", "video/x-raw,width=40,height=30"},
  };
  Counts c;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    GstElement *src = gst_bin_get_by_name (GST_BIN (pipe), names[i][0]);
    GstElement *filter = gst_bin_get_by_name (GST_BIN (pipe), names[i][1]);
    GstPad *pad = gst_element_get_static_pad (src, "src");

    g_object_set_data (G_OBJECT (filter), "caps-after", (gpointer)
        names[i][2]);
    gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, resize_at_10, filter,
        NULL);
    gst_object_unref (pad);
    gst_object_unref (filter);
    gst_object_unref (src);
  }
  play_to_eos (pipe, 1, &c, 120);
  fail_unless_equals_int (c.frames[0], 30);
  fail_unless_equals_int (c.drawn[0], 30);
  fail_unless_equals_int (c.width[0], 160);
  gst_object_unref (pipe);
}

GST_END_TEST;

/* a flushing seek to 2 s of both streams, paused, stopping at 3 s: the
 * frames from there on, all drawn (the one prerolled at the seek comes
 * before the probe) */
GST_START_TEST (test_flushing_seek)
{
  gchar *desc = branch (0, 300, 300, "");
  GstElement *pipe = launch (desc);
  Counts c;

  fail_unless (gst_element_set_state (pipe, GST_STATE_PAUSED) !=
      GST_STATE_CHANGE_FAILURE);
  fail_unless (gst_element_get_state (pipe, NULL, NULL, 60 * GST_SECOND) ==
      GST_STATE_CHANGE_SUCCESS);
  fail_unless (gst_element_seek (pipe, 1.0, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, GST_SEEK_TYPE_SET,
          2 * GST_SECOND, GST_SEEK_TYPE_SET, 3 * GST_SECOND));
  fail_unless (gst_element_get_state (pipe, NULL, NULL, 60 * GST_SECOND) ==
      GST_STATE_CHANGE_SUCCESS);
  play_to_eos (pipe, 1, &c, 120);
  fail_unless (c.frames[0] >= 25 && c.frames[0] <= 30, "%u frames",
      c.frames[0]);
  fail_unless_equals_int (c.drawn[0], c.frames[0]);
  fail_unless (c.first[0] >= 2 * GST_SECOND && c.first[0] < 3 * GST_SECOND,
      "first frame at %" GST_TIME_FORMAT, GST_TIME_ARGS (c.first[0]));
  gst_object_unref (pipe);
  g_free (desc);
}

GST_END_TEST;

static Suite *
faults_suite (void)
{
  Suite *s = suite_create ("sisegment-faults");
  TCase *tc = tcase_create ("faults");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_eos_on_mask_only);
  tcase_add_test (tc, test_state_cycles);
  tcase_add_test (tc, test_eight_elements);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_flushing_seek);
  return s;
}

GST_CHECK_MAIN (faults);
