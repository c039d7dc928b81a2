/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * sisegment's outputs of a frame: segmented and drawn, or the id map;
 * its metadata (the id map as a meta on the drawn frame), JSON line and bus
 * message.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegment.h"

GST_DEBUG_CATEGORY_EXTERN (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug

/* The core's work on a frame: segmented, drawn unless the output is the id
 * map, and the labels read back (one pixel of the id map), so that every
 * OpenCL call of the frame is inside the fallback: the id map, JSON and
 * output read them from the host after. */
static gboolean
gst_sisegment_run (GstSisegment * self, const GstSisegmentSettings * s,
    SisegImage * frame, const SisegImage * mask, GError ** error)
{
  guint16 id;

  return siseg_context_process (self->ctx, &s->params, frame, mask, error)
      && (self->output_ids
      || siseg_context_draw (self->ctx, &s->params, frame, error))
      && siseg_context_read_ids (self->ctx, &id, sizeof id, 1, 1, error);
}

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
  ok = gst_sisegment_run (self, s, &fimg, &mimg, error);
  /* a driver that fails mid-stream: this frame and every later one on the
   * C reference, with one warning; memory and input errors stay errors */
  if (!ok && g_error_matches (*error, SISEG_ERROR, SISEG_ERROR_OPENCL)
      && siseg_context_use_reference (self->ctx)) {
    GST_ELEMENT_WARNING (self, LIBRARY, FAILED, ("OpenCL failed; going on "
            "with the C reference (slower)"), ("%s", (*error)->message));
    g_clear_error (error);
    ok = gst_sisegment_run (self, s, &fimg, &mimg, error);
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

/* Writes the frame's JSON line when json-location is set; the id map is
 * read for it unless r has it. */
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

  if (segmented && r->ids == NULL) {
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

/* The id-map pool, for frames of the size of vinfo. */
static void
gst_sisegment_ids_pool_update (GstSisegment * self)
{
  GstStructure *config;
  GstCaps *caps;
  gint width = GST_VIDEO_INFO_WIDTH (&self->vinfo);
  gint height = GST_VIDEO_INFO_HEIGHT (&self->vinfo);

  if (self->ids_pool != NULL && width == self->ids_info.width
      && height == self->ids_info.height)
    return;
  if (self->ids_pool != NULL)
    gst_buffer_pool_set_active (self->ids_pool, FALSE);
  gst_clear_object (&self->ids_pool);

  gst_video_info_set_format (&self->ids_info, GST_VIDEO_FORMAT_GRAY16_LE,
      width, height);
  caps = gst_video_info_to_caps (&self->ids_info);
  self->ids_pool = gst_video_buffer_pool_new ();
  config = gst_buffer_pool_get_config (self->ids_pool);
  gst_buffer_pool_config_set_params (config, caps,
      GST_VIDEO_INFO_SIZE (&self->ids_info), 0, 0);
  gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  gst_buffer_pool_set_config (self->ids_pool, config);
  gst_caps_unref (caps);
}

/* The segmented frame's id map, in a buffer (from a pool: buffers come
 * back when downstream lets the frame go) mapped into map; NULL on
 * failure. */
static GstBuffer *
gst_sisegment_id_map (GstSisegment * self, GstVideoFrame * map, GError ** error)
{
  GstBuffer *buf = NULL;

  gst_sisegment_ids_pool_update (self);
  if (!gst_buffer_pool_set_active (self->ids_pool, TRUE)
      || gst_buffer_pool_acquire_buffer (self->ids_pool, &buf, NULL)
      != GST_FLOW_OK) {
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_MEMORY, "Out of memory: "
        "no buffer for the %dx%d id map", self->ids_info.width,
        self->ids_info.height);
    return NULL;
  }
  if (!gst_video_frame_map (map, &self->ids_info, buf, GST_MAP_READWRITE)) {
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Could not map the id map");
    gst_buffer_unref (buf);
    return NULL;
  }
  if (!siseg_context_read_ids (self->ctx, GST_VIDEO_FRAME_PLANE_DATA (map, 0),
          GST_VIDEO_FRAME_PLANE_STRIDE (map, 0), self->ids_info.width,
          self->ids_info.height, error)) {
    gst_video_frame_unmap (map);
    gst_buffer_unref (buf);
    return NULL;
  }
  return buf;
}

/* The frame's id map (drawn output only), metadata, JSON line and
 * message. */
static gboolean
gst_sisegment_results (GstSisegment * self, const GstSisegmentSettings * s,
    GstBuffer * out, gboolean segmented, GError ** error)
{
  GstSisegResult r = { 0 };
  GstSegment segment;
  GstVideoFrame map;
  gboolean ok;

  GST_OBJECT_LOCK (self);
  segment = GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self))->segment;
  GST_OBJECT_UNLOCK (self);

  r.timestamp = GST_BUFFER_PTS (out);
  r.duration = GST_BUFFER_DURATION (out);
  r.segment = segment.format == GST_FORMAT_TIME ? &segment : NULL;
  r.has_mask = segmented;
  r.tracking = s->params.tracking;
  r.frame = self->n_frames++;
  r.width = GST_VIDEO_INFO_WIDTH (&self->vinfo);
  r.height = GST_VIDEO_INFO_HEIGHT (&self->vinfo);
  r.labels = s->labels;
  if (segmented)
    r.instances = siseg_context_instances (self->ctx, &r.n_instances);
  if (segmented && !self->output_ids && s->draw_labels
      && !gst_sisegment_draw_labels (self, s, out, &r, error))
    return FALSE;
  if (segmented && !self->output_ids) {
    if (!(r.id_map = gst_sisegment_id_map (self, &map, error)))
      return FALSE;
    r.ids = GST_VIDEO_FRAME_PLANE_DATA (&map, 0);
    r.ids_stride = GST_VIDEO_FRAME_PLANE_STRIDE (&map, 0);
  }

  ok = gst_sisegment_write_json (self, s->json_location, &r, segmented, error);
  if (r.id_map != NULL)
    gst_video_frame_unmap (&map);
  if (ok) {
    gst_siseg_meta_add (out, &r);
    if (s->post_messages)
      gst_element_post_message (GST_ELEMENT (self),
          gst_siseg_message_new (GST_OBJECT (self), &r));
  }
  gst_clear_buffer (&r.id_map);
  return ok;
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

  if (!gst_sisegment_results (self, s, out, mask != NULL, &error)) {
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
