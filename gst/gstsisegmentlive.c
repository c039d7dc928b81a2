/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment on live sources: the latency it answers, from its recent
 * processing times, and quality of service, late frames dropped (or passed
 * undrawn) before the work.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegment.h"

GST_DEBUG_CATEGORY_EXTERN (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug

/* The latency answered: the 95th percentile of the last LATENCY_WINDOW
 * processing times plus a fifth, in whole ms. It goes up as soon as the
 * percentile passes it, and down when the percentile falls under 70% of it
 * and half a window has passed since the last change, so that it neither
 * lags behind a busy machine nor flaps. Processing, not the time since a
 * frame was due: that also counts the time the element waited in pushing
 * the frame before to a synchronised sink, which grows with the latency
 * answered, and would feed it. */
#define LATENCY_HEADROOM 1.2
#define LATENCY_DOWN 0.7

/* how late a video sink still shows a frame (GstVideoSink's max-lateness) */
#define MAX_LATENESS (20 * GST_MSECOND)

void
gst_sisegment_latency_reset (GstSisegment * self)
{
  self->n_samples = 0;
  self->next_sample = 0;
  self->since_change = 0;
  self->latency = 0;
}

static gint
compare_times (gconstpointer a, gconstpointer b)
{
  GstClockTime x = *(const GstClockTime *) a, y = *(const GstClockTime *) b;

  return x < y ? -1 : x > y;
}

/* the 95th percentile of the samples held */
static GstClockTime
gst_sisegment_latency_p95 (GstSisegment * self)
{
  GstClockTime sorted[GST_SISEGMENT_LATENCY_WINDOW];
  guint n = self->n_samples;

  memcpy (sorted, self->samples, n * sizeof (GstClockTime));
  qsort (sorted, n, sizeof (GstClockTime), compare_times);
  return sorted[MIN (n - 1, (n * 95 + 99) / 100 - 1)];
}

/* Live, the clock's running time now; GST_CLOCK_TIME_NONE otherwise. */
static GstClockTime
gst_sisegment_now (GstSisegment * self, GstClockTime * latency)
{
  GstClockTime now = GST_CLOCK_TIME_NONE, base;
  GstClock *clock;

  *latency = gst_aggregator_get_latency (GST_AGGREGATOR (self));
  GST_OBJECT_LOCK (self);
  clock = GST_ELEMENT_CLOCK (self) ? gst_object_ref (GST_ELEMENT_CLOCK (self))
      : NULL;
  base = GST_ELEMENT_CAST (self)->base_time;
  GST_OBJECT_UNLOCK (self);
  if (clock && GST_CLOCK_TIME_IS_VALID (*latency)) {
    now = gst_clock_get_time (clock);
    now = now > base ? now - base : 0;
  }
  g_clear_object (&clock);
  return now;
}

void
gst_sisegment_latency_add (GstSisegment * self, GstClockTime t)
{
  GstClockTime p95, target;

  self->samples[self->next_sample] = t;
  self->next_sample = (self->next_sample + 1) % GST_SISEGMENT_LATENCY_WINDOW;
  self->n_samples = MIN (self->n_samples + 1, GST_SISEGMENT_LATENCY_WINDOW);
  self->since_change++;

  p95 = gst_sisegment_latency_p95 (self);
  target = (GstClockTime) (p95 * LATENCY_HEADROOM);
  target = (target + GST_MSECOND - 1) / GST_MSECOND * GST_MSECOND;
  if (!(p95 > self->latency || (target < self->latency * LATENCY_DOWN
              && self->since_change >= GST_SISEGMENT_LATENCY_WINDOW / 2)))
    return;

  GST_INFO_OBJECT (self, "latency %" GST_TIME_FORMAT " (was %"
      GST_TIME_FORMAT ", 95th percentile of %u frames %" GST_TIME_FORMAT ")",
      GST_TIME_ARGS (target), GST_TIME_ARGS (self->latency), self->n_samples,
      GST_TIME_ARGS (p95));
  self->latency = target;
  self->since_change = 0;
  /* posts a LATENCY message: the pipeline takes the new value */
  gst_aggregator_set_latency (GST_AGGREGATOR (self), target, target);
}

void
gst_sisegment_qos_event (GstSisegment * self, GstEvent * event)
{
  GstClockTimeDiff diff;
  GstClockTime timestamp;
  gdouble proportion;

  gst_event_parse_qos (event, NULL, &proportion, &diff, &timestamp);
  GST_OBJECT_LOCK (self);
  self->proportion = proportion;
  if (GST_CLOCK_TIME_IS_VALID (timestamp))
    self->earliest_time = diff < 0 && (GstClockTime) - diff > timestamp ? 0 :
        timestamp + diff;
  GST_OBJECT_UNLOCK (self);
}

void
gst_sisegment_qos_reset (GstSisegment * self)
{
  GST_OBJECT_LOCK (self);
  self->proportion = 1.0;
  self->earliest_time = GST_CLOCK_TIME_NONE;
  GST_OBJECT_UNLOCK (self);
  self->processed = self->dropped = 0;
}

/* How late the frame at running time rt is, in ns, when it is: downstream
 * said so (QoS events), or, live, the clock is past its deadline (rt plus
 * the latency) by more than a video sink would still show it
 * (max-lateness, 20 ms). */
static gboolean
gst_sisegment_lateness (GstSisegment * self, GstClockTime rt,
    GstClockTimeDiff * jitter, gdouble * proportion)
{
  GstClockTime earliest, latency, now = gst_sisegment_now (self, &latency);

  GST_OBJECT_LOCK (self);
  earliest = self->earliest_time;
  *proportion = self->proportion;
  GST_OBJECT_UNLOCK (self);

  if (GST_CLOCK_TIME_IS_VALID (earliest) && rt <= earliest) {
    *jitter = GST_CLOCK_DIFF (rt, earliest);
    return TRUE;
  }
  if (GST_CLOCK_TIME_IS_VALID (now) && now > rt + latency + MAX_LATENESS) {
    *jitter = GST_CLOCK_DIFF (rt + latency, now);
    return TRUE;
  }
  return FALSE;
}

gboolean
gst_sisegment_frame_late (GstSisegment * self, GstBuffer * frame,
    GstClockTime rt)
{
  GstClockTimeDiff jitter = 0;
  gdouble proportion = 1.0;
  GstClockTime stream_time;
  GstMessage *msg;

  if (!GST_CLOCK_TIME_IS_VALID (rt)
      || !gst_sisegment_lateness (self, rt, &jitter, &proportion)) {
    self->processed++;
    return FALSE;
  }

  self->dropped++;
  GST_OBJECT_LOCK (self->sinkpad);
  stream_time = gst_segment_to_stream_time (&self->sinkpad->segment,
      GST_FORMAT_TIME, GST_BUFFER_PTS (frame));
  GST_OBJECT_UNLOCK (self->sinkpad);
  GST_DEBUG_OBJECT (self, "frame %" GST_TIME_FORMAT " late by %"
      GST_STIME_FORMAT ": not segmented", GST_TIME_ARGS (rt),
      GST_STIME_ARGS (jitter));
  msg = gst_message_new_qos (GST_OBJECT (self), TRUE, rt, stream_time,
      GST_BUFFER_PTS (frame), GST_BUFFER_DURATION (frame));
  gst_message_set_qos_values (msg, jitter, proportion, 1000000);
  gst_message_set_qos_stats (msg, GST_FORMAT_BUFFERS, self->processed,
      self->dropped);
  gst_element_post_message (GST_ELEMENT (self), msg);
  return TRUE;
}
