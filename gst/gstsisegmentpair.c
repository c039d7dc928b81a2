/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment's pairing of frames and masks by running time: the masks
 * queued on the mask pad, the one held, the one a frame gets.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegment.h"

GST_DEBUG_CATEGORY_EXTERN (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug

/* A buffer's running time on its pad; GST_CLOCK_TIME_NONE if untimed (no
 * PTS, or a segment in another format than time). */
GstClockTime
gst_sisegment_running_time (GstAggregatorPad * pad, GstBuffer * buffer)
{
  GstClockTime rt = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (rt))
    return rt;
  GST_OBJECT_LOCK (pad);
  rt = pad->segment.format != GST_FORMAT_TIME ? GST_CLOCK_TIME_NONE :
      gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME, rt);
  GST_OBJECT_UNLOCK (pad);
  return rt;
}

/* Takes mask as the newest mask at or before the frame. */
static void
gst_sisegment_hold_mask (GstSisegment * self, GstBuffer * mask, GstClockTime rt)
{
  /* a frame may have been drawn with it while it was queued */
  self->mask_used = mask == self->used_mask;
  gst_clear_buffer (&self->used_mask);
  gst_clear_buffer (&self->mask);
  if (GST_BUFFER_FLAG_IS_SET (mask, GST_BUFFER_FLAG_GAP)
      || gst_buffer_get_size (mask) == 0) {
    gst_buffer_unref (mask);    /* a gap: no mask for now */
    return;
  }
  self->mask = mask;
  self->mask_info = self->minfo;
  self->mask_rt = rt;
}

/* Drops the masks at or before the frame but the newest, which it holds;
 * returns the first mask after the frame if one is queued. */
static GstBuffer *
gst_sisegment_pop_masks (GstSisegment * self, GstClockTime frame_rt,
    GstClockTime * next_rt)
{
  GstBuffer *mask;

  while ((mask = gst_aggregator_pad_peek_buffer (self->maskpad))) {
    GstClockTime rt = gst_sisegment_running_time (self->maskpad, mask);

    if (GST_CLOCK_TIME_IS_VALID (frame_rt) && GST_CLOCK_TIME_IS_VALID (rt)
        && rt > frame_rt) {
      *next_rt = rt;
      return mask;
    }
    gst_buffer_unref (mask);
    gst_sisegment_hold_mask (self,
        gst_aggregator_pad_pop_buffer (self->maskpad), rt);
  }
  return NULL;
}

static guint64
gst_sisegment_distance (GstClockTime a, GstClockTime b)
{
  if (!GST_CLOCK_TIME_IS_VALID (a) || !GST_CLOCK_TIME_IS_VALID (b))
    return 0;                   /* untimed streams pair in order */
  return a > b ? a - b : b - a;
}

/* The mask for the frame at frame_rt, with its caps in info; NULL to pass
 * the frame undrawn, or with *wait set, to wait for more masks. */
static GstClockTime gst_sisegment_frame_duration (const GstVideoInfo * info,
    GstBuffer * buffer);

GstBuffer *
gst_sisegment_select_mask (GstSisegment * self, GstClockTime frame_rt,
    GstClockTime tolerance, gboolean timeout, const GstSisegmentSettings * s,
    GstVideoInfo * info, gboolean * wait)
{
  GstClockTime next_rt = GST_CLOCK_TIME_NONE;
  GstBuffer *next = gst_sisegment_pop_masks (self, frame_rt, &next_rt);
  guint64 d_held = G_MAXUINT64, d_next = G_MAXUINT64;
  gboolean fresh = s->policy == GST_SISEGMENT_MASK_POLICY_PASSTHROUGH;
  gboolean done;

  done = next != NULL || timeout || gst_aggregator_pad_is_eos (self->maskpad);
  /* passthrough: only a mask that no frame was drawn with */
  if (self->mask && !(fresh && self->mask_used))
    d_held = gst_sisegment_distance (self->mask_rt, frame_rt);
  if (next && !GST_BUFFER_FLAG_IS_SET (next, GST_BUFFER_FLAG_GAP)
      && !(fresh && next == self->used_mask))
    d_next = gst_sisegment_distance (next_rt, frame_rt);

  /* no later mask can be closer than a held one at the frame's time (or
   * untimed), nor than one within half a mask's duration of it: masks come
   * a duration apart (a mask branch beside the camera, not tee'd from it,
   * is that much out of step) */
  *wait = s->policy == GST_SISEGMENT_MASK_POLICY_WAIT && !done
      && !(self->mask && gst_sisegment_distance (self->mask_rt, frame_rt) * 2
      <= gst_sisegment_frame_duration (&self->mask_info, self->mask));
  if (*wait || (d_held > tolerance && d_next > tolerance)) {
    gst_clear_buffer (&next);
    return NULL;
  }
  if (d_held <= d_next) {
    gst_clear_buffer (&next);
    self->mask_used = TRUE;
    *info = self->mask_info;
    return gst_buffer_ref (self->mask);
  }
  gst_buffer_replace (&self->used_mask, next);
  *info = self->minfo;
  return next;
}


/* A stream's frame duration: from its caps' framerate, else the buffer's
 * duration; 0 if neither says. */
static GstClockTime
gst_sisegment_frame_duration (const GstVideoInfo * info, GstBuffer * buffer)
{
  if (GST_VIDEO_INFO_FPS_N (info) > 0 && GST_VIDEO_INFO_FPS_D (info) > 0)
    return gst_util_uint64_scale (GST_SECOND, GST_VIDEO_INFO_FPS_D (info),
        GST_VIDEO_INFO_FPS_N (info));
  if (buffer && GST_BUFFER_DURATION_IS_VALID (buffer))
    return GST_BUFFER_DURATION (buffer);
  return 0;
}

/* mask-tolerance, or with -1 the longer of a frame's and a mask's
 * duration: a frame then matches the mask of its own time, or the one of
 * the frame before when masks keep up with frames, or the last mask when
 * they come slower; 1/30 s when neither stream says. */
GstClockTime
gst_sisegment_tolerance (GstSisegment * self, const GstSisegmentSettings * s,
    GstBuffer * frame)
{
  GstClockTime frames, masks;

  if (s->tolerance >= 0)
    return s->tolerance;
  frames = gst_sisegment_frame_duration (&self->vinfo, frame);
  masks = gst_sisegment_frame_duration (&self->minfo, self->mask);
  if (frames == 0 && masks == 0)
    return GST_SECOND / 30;
  return MAX (frames, masks);
}
