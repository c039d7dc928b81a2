/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment's outputs of a frame: segmented and drawn, or the id map;
 * its metadata and JSON line.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegment.h"

GST_DEBUG_CATEGORY_EXTERN (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug

/* Segments frame with mask and, unless the output is the id map, draws the
 * instances on it (frame is writable then). */
static gboolean
gst_sisegment_segment (GstSisegment * self, const GstSisegmentSettings * s,
    GstBuffer * frame, GstBuffer * mask, GstVideoInfo * minfo, GError ** error)
{
  GstMapFlags flags = self->output_ids ? GST_MAP_READ : GST_MAP_READWRITE;
  GstVideoFrame vf, mf;
  SisegImage fimg, mimg;
  gboolean ok;

  if (!gst_video_frame_map (&vf, &self->vinfo, frame, flags)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Could not map a %s frame", GST_VIDEO_INFO_NAME (&self->vinfo));
    return FALSE;
  }
  if (!gst_video_frame_map (&mf, minfo, mask, GST_MAP_READ)) {
    gst_video_frame_unmap (&vf);
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Could not map a %s mask", GST_VIDEO_INFO_NAME (minfo));
    return FALSE;
  }

  gst_siseg_image_from_frame (&fimg, &vf);
  gst_siseg_image_from_frame (&mimg, &mf);
  ok = siseg_context_process (self->ctx, &s->params, &fimg, &mimg, error)
      && (self->output_ids
      || siseg_context_draw (self->ctx, &s->params, &fimg, error));
  /* a driver that fails mid-stream: this frame and the next on the C
   * reference, with one warning; memory and input errors stay errors */
  if (!ok && g_error_matches (*error, SISEG_ERROR, SISEG_ERROR_OPENCL)
      && siseg_context_use_reference (self->ctx)) {
    GST_ELEMENT_WARNING (self, LIBRARY, FAILED, ("OpenCL failed; going on "
            "with the C reference (slower)"), ("%s", (*error)->message));
    g_clear_error (error);
    ok = siseg_context_process (self->ctx, &s->params, &fimg, &mimg, error)
        && (self->output_ids
        || siseg_context_draw (self->ctx, &s->params, &fimg, error));
  }

  gst_video_frame_unmap (&mf);
  gst_video_frame_unmap (&vf);
  return ok;
}

static GstBuffer *
gst_sisegment_new_ids_buffer (GstSisegment * self)
{
  GstBufferPool *pool = gst_aggregator_get_buffer_pool (GST_AGGREGATOR (self));
  GstBuffer *buffer = NULL;

  if (pool != NULL) {
    if (!gst_buffer_pool_is_active (pool))
      gst_buffer_pool_set_active (pool, TRUE);
    if (gst_buffer_pool_acquire_buffer (pool, &buffer, NULL) != GST_FLOW_OK)
      buffer = NULL;
    gst_object_unref (pool);
  }
  if (buffer == NULL)
    buffer = gst_buffer_new_allocate (NULL,
        GST_VIDEO_INFO_SIZE (&self->out_info), NULL);
  return buffer;
}

/* The instance-id map of the last segmented frame (zeros if none) in a new
 * buffer with the frame's timestamps. */
static GstBuffer *
gst_sisegment_ids_output (GstSisegment * self, GstBuffer * frame,
    gboolean segmented, GError ** error)
{
  GstBuffer *out = gst_sisegment_new_ids_buffer (self);
  GstVideoFrame of;
  gint y, width = GST_VIDEO_INFO_WIDTH (&self->out_info);
  gboolean ok = TRUE;

  gst_buffer_copy_into (out, frame, GST_BUFFER_COPY_TIMESTAMPS, 0, -1);
  if (!gst_video_frame_map (&of, &self->out_info, out, GST_MAP_WRITE)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Could not map the output buffer");
    gst_buffer_unref (out);
    return NULL;
  }
  if (segmented)
    ok = siseg_context_read_ids (self->ctx, GST_VIDEO_FRAME_PLANE_DATA (&of, 0),
        GST_VIDEO_FRAME_PLANE_STRIDE (&of, 0), width,
        GST_VIDEO_INFO_HEIGHT (&self->out_info), error);
  else
    for (y = 0; y < GST_VIDEO_INFO_HEIGHT (&self->out_info); y++)
      memset ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&of, 0) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (&of, 0), 0, width * 2);
  gst_video_frame_unmap (&of);
  if (!ok)
    gst_clear_buffer (&out);
  return out;
}

/* Writes the frame's JSON line when json-location is set. */
static gboolean
gst_sisegment_write_json (GstSisegment * self, const gchar * location,
    GstSisegResult * r, gboolean segmented, GError ** error)
{
  gsize len = (gsize) r->width * r->height;

  if (self->json != NULL && g_strcmp0 (location,
          gst_siseg_json_location (self->json)) != 0)
    g_clear_pointer (&self->json, gst_siseg_json_close);
  if (location == NULL || location[0] == '\0')
    return TRUE;
  if (self->json == NULL
      && !(self->json = gst_siseg_json_open (location, error)))
    return FALSE;

  if (segmented) {
    if (self->ids_len != len) {
      g_free (self->ids);
      self->ids_len = 0;
      if (!(self->ids = g_try_new (guint16, len))) {
        g_set_error (error, SISEG_ERROR, SISEG_ERROR_MEMORY, "Out of memory: "
            "the JSON output's id map of a %dx%d frame asked for %"
            G_GSIZE_FORMAT " bytes; smaller frames, or no json-location, "
            "lower it", r->width, r->height, len * sizeof (guint16));
        return FALSE;
      }
      self->ids_len = len;
    }
    r->ids = self->ids;
    r->ids_stride = r->width * sizeof (guint16);
    if (!siseg_context_read_ids (self->ctx, self->ids, r->ids_stride,
            r->width, r->height, error))
      return FALSE;
  }
  return gst_siseg_json_write (self->json, r, error);
}

/* The text labels on the drawn frame, when draw-labels says. */
static gboolean
gst_sisegment_draw_labels (GstSisegment * self,
    const GstSisegmentSettings * s, GstBuffer * out, GstSisegResult * r,
    GError ** error)
{
  if (self->labeller == NULL)
    self->labeller = gst_siseg_labeller_new ();
  return gst_siseg_labeller_draw (self->labeller, out, &self->vinfo,
      &s->params, s->labels, r->instances, r->n_instances, error);
}

/* Reports a failure once; the stream stops. */
GstFlowReturn
gst_sisegment_error (GstSisegment * self, GError ** error)
{
  GST_ELEMENT_ERROR (self, LIBRARY, FAILED, ("%s", (*error)->message), (NULL));
  g_clear_error (error);
  return GST_FLOW_ERROR;
}

/* Segments and pushes one frame; mask NULL passes it undrawn. */
GstFlowReturn
gst_sisegment_output (GstSisegment * self, const GstSisegmentSettings * s,
    GstBuffer * frame, GstBuffer * mask, GstVideoInfo * minfo)
{
  GstSisegResult r = { 0 };
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  GstBuffer *out = frame;

  if (!self->output_ids)
    out = frame = gst_buffer_make_writable (frame);
  if (mask && !gst_sisegment_segment (self, s, frame, mask, minfo, &error))
    goto failed;
  if (self->output_ids) {
    out = gst_sisegment_ids_output (self, frame, mask != NULL, &error);
    gst_buffer_unref (frame);
    if (out == NULL)
      return gst_sisegment_error (self, &error);
  }

  r.timestamp = GST_BUFFER_PTS (out);
  r.frame = self->n_frames++;
  r.width = GST_VIDEO_INFO_WIDTH (&self->vinfo);
  r.height = GST_VIDEO_INFO_HEIGHT (&self->vinfo);
  r.labels = s->labels;
  if (mask)
    r.instances = siseg_context_instances (self->ctx, &r.n_instances);
  if (mask && !self->output_ids && s->draw_labels
      && !gst_sisegment_draw_labels (self, s, out, &r, &error)) {
    frame = out;
    goto failed;
  }
  gst_siseg_meta_add (out, &r);
  if (!gst_sisegment_write_json (self, s->json_location, &r, mask != NULL,
          &error)) {
    frame = out;
    goto failed;
  }
  if (mask)
    gst_sisegment_latency_add (self, (g_get_monotonic_time () - start) *
        GST_USECOND);
  if (self->discont) {
    GST_BUFFER_FLAG_SET (out, GST_BUFFER_FLAG_DISCONT);
    self->discont = FALSE;
  }
  return gst_aggregator_finish_buffer (GST_AGGREGATOR (self), out);

failed:
  gst_buffer_unref (frame);
  return gst_sisegment_error (self, &error);
}

