/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Buffers in and out of sisegment, for the element tests with GstHarness.
 */
#ifndef __SISEG_CHECK_BUFFERS_H__
#define __SISEG_CHECK_BUFFERS_H__

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#define FRAME_DUR (40 * GST_MSECOND)

/* size bytes of value, the n-th frame of a 25 fps stream */
static inline GstBuffer *
make_buffer (gsize size, guint8 value, gint n)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);

  gst_buffer_memset (buf, 0, value, size);
  GST_BUFFER_PTS (buf) = n * FRAME_DUR;
  GST_BUFFER_DURATION (buf) = FRAME_DUR;
  return buf;
}

/* instances on an output buffer */
static inline guint
n_rois (GstBuffer * buf)
{
  return gst_buffer_get_n_meta (buf,
      GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE);
}

/* instances on the next output buffer, which must come */
static inline guint
pull_n_rois (GstHarness * h)
{
  GstBuffer *out = gst_harness_pull (h);
  guint n;

  fail_unless (out != NULL);
  n = n_rois (out);
  gst_buffer_unref (out);
  return n;
}

#endif /* __SISEG_CHECK_BUFFERS_H__ */
