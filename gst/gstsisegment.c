/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-sisegment
 * @title: sisegment
 *
 * Splits the class regions of a semantic segmentation mask into instances,
 * draws them on the video and attaches one #GstVideoRegionOfInterestMeta
 * per instance (a DL Streamer compatible "detection" structure and an
 * "instance" structure as parameters).
 *
 * The `sink` pad takes the video and drives timing; the `mask` pad takes the
 * class map (GRAY8, or GRAY16_LE for more than 255 classes) at any size and
 * rate: it is scaled to the frame by nearest neighbour. The `src` pad gives
 * the frame with the instances drawn on it, in the frame's format; when
 * downstream only accepts `video/x-raw,format=GRAY16_LE` it gives the
 * instance-id map at the frame's size instead (0 = no instance).
 *
 * Frames and masks are paired by running time. A mask matches a frame when
 * their running times differ by at most #GstSisegment:mask-tolerance; masks
 * older than the frame being processed are dropped, only the newest is kept.
 * #GstSisegment:mask-policy says what a frame gets:
 *
 * * `wait` (default): the frame waits until the mask pad has shown a mask
 *   later than the frame (or its own), then gets the closest matching mask;
 *   undrawn if none matches.
 * * `reuse`: the closest mask seen so far (or queued now) within the
 *   tolerance, even if an earlier frame used it; undrawn if none.
 * * `passthrough`: a matching mask that no earlier frame used; undrawn if
 *   none is there now.
 *
 * With live sources no policy builds a backlog: when the frame's deadline
 * (its running time plus the pipeline latency) passes, the frame gets the
 * closest matching mask seen so far, or goes out undrawn. After EOS on the
 * mask pad frames go on the same way; EOS on the sink pad ends the stream,
 * whatever the mask pad does. The element reports its processing time as
 * its latency.
 *
 * Each instance has an id in the frame (1 and up, the value of its pixels
 * in the id map, the meta's `id`, "instance-id") and an object id
 * ("object-id" in the "instance" parameters, `object_id` in JSON; 64-bit):
 * with #GstSisegment:tracking an object keeps its object id across frames
 * and new objects get new ones, counting up, never reused or wrapped;
 * without, the object id is the instance id. The colour follows the object
 * id.
 *
 * Failures are errors, never aborts: running out of memory ends the stream
 * with a message saying how much was asked for and what lowers it (usually
 * #GstSisegment:max-size). A #GstSisegment:labels-file that is not a
 * regular file, or larger than 4 MiB, gives default labels and a warning;
 * bytes in it that are not UTF-8 are replaced by U+FFFD, with a warning
 * naming their lines.
 *
 * With #GstSisegment:json-location set, one JSON object per frame is written
 * (JSON Lines, close to gvametaconvert), each instance with its mask as COCO
 * compressed RLE.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 filesrc location=video.mp4 ! decodebin ! videoconvert !
 *     sisegment name=s mask-policy=reuse mask-tolerance=200000000 !
 *     videoconvert ! autovideosink
 *     multifilesrc location=mask-%05d.png caps=image/png,framerate=5/1 !
 *     pngdec ! s.mask
 * ]| draws the instances of masks made offline at 5 frames a second.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <gst/video/video.h>

#include "gstsisegment.h"
#include "gstsisegmeta.h"
#include "siseg.h"

GST_DEBUG_CATEGORY (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug


#define VIDEO_FORMATS "{ RGBA, BGRA, RGBx, BGRx, RGB, BGR, NV12, I420 }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (VIDEO_FORMATS)));

static GstStaticPadTemplate mask_template = GST_STATIC_PAD_TEMPLATE ("mask",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ GRAY8, GRAY16_LE }")));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (VIDEO_FORMATS) ";"
        GST_VIDEO_CAPS_MAKE ("GRAY16_LE")));



static void gst_sisegment_finalize (GObject * object);
static gboolean gst_sisegment_start (GstAggregator * agg);
static gboolean gst_sisegment_stop (GstAggregator * agg);
static GstFlowReturn gst_sisegment_flush (GstAggregator * agg);
static gboolean gst_sisegment_sink_event (GstAggregator * agg,
    GstAggregatorPad * pad, GstEvent * event);
static GstFlowReturn gst_sisegment_update_src_caps (GstAggregator * agg,
    GstCaps * downstream, GstCaps ** ret);
static gboolean gst_sisegment_negotiate (GstAggregator * agg);
static gboolean gst_sisegment_decide_allocation (GstAggregator * agg,
    GstQuery * query);
static GstClockTime gst_sisegment_get_next_time (GstAggregator * agg);
static GstFlowReturn gst_sisegment_aggregate (GstAggregator * agg,
    gboolean timeout);

#define gst_sisegment_parent_class parent_class
G_DEFINE_TYPE (GstSisegment, gst_sisegment, GST_TYPE_AGGREGATOR);
GST_ELEMENT_REGISTER_DEFINE (sisegment, "sisegment", GST_RANK_NONE,
    GST_TYPE_SISEGMENT);


static void
gst_sisegment_class_init (GstSisegmentClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_sisegment_debug, "sisegment", 0,
      "Instance segmentation from semantic masks");

  gobject_class->finalize = gst_sisegment_finalize;
  gobject_class->set_property = gst_sisegment_set_property;
  gobject_class->get_property = gst_sisegment_get_property;
  gst_sisegment_install_properties (gobject_class);

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &mask_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class,
      "Instance segmentation", "Filter/Effect/Video/Analyzer",
      "Splits the class regions of a semantic mask into instances, draws "
      "them and attaches metadata", "The siseg authors");

  agg_class->start = GST_DEBUG_FUNCPTR (gst_sisegment_start);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_sisegment_stop);
  agg_class->flush = GST_DEBUG_FUNCPTR (gst_sisegment_flush);
  agg_class->sink_event = GST_DEBUG_FUNCPTR (gst_sisegment_sink_event);
  agg_class->update_src_caps =
      GST_DEBUG_FUNCPTR (gst_sisegment_update_src_caps);
  agg_class->negotiate = GST_DEBUG_FUNCPTR (gst_sisegment_negotiate);
  agg_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_sisegment_decide_allocation);
  agg_class->get_next_time = GST_DEBUG_FUNCPTR (gst_sisegment_get_next_time);
  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_sisegment_aggregate);

}

static GstAggregatorPad *
gst_sisegment_add_sink_pad (GstSisegment * self, GstStaticPadTemplate * st)
{
  GstPadTemplate *templ = gst_static_pad_template_get (st);
  GstAggregatorPad *pad;

  pad = g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", st->name_template,
      "direction", GST_PAD_SINK, "template", templ, NULL);
  gst_object_unref (templ);
  gst_element_add_pad (GST_ELEMENT (self), GST_PAD (pad));
  return pad;
}

static void
gst_sisegment_init (GstSisegment * self)
{
  self->sinkpad = gst_sisegment_add_sink_pad (self, &sink_template);
  self->maskpad = gst_sisegment_add_sink_pad (self, &mask_template);
  gst_sisegment_properties_init (self);
}

static void
gst_sisegment_finalize (GObject * object)
{
  gst_sisegment_properties_clear (GST_SISEGMENT (object));

  G_OBJECT_CLASS (parent_class)->finalize (object);
}


/* Posts warning (taken) if there is one. */
static void
gst_sisegment_post_warning (GstSisegment * self, gchar * warning)
{
  if (warning == NULL)
    return;
  GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS, ("%s", warning), (NULL));
  g_free (warning);
}

static gboolean
gst_sisegment_start (GstAggregator * agg)
{
  GstSisegment *self = GST_SISEGMENT (agg);
  GError *error = NULL;
  gchar *device;

  GST_OBJECT_LOCK (self);
  device = g_strdup (self->device);
  GST_OBJECT_UNLOCK (self);

  self->ctx = siseg_context_new (device, &error);
  if (self->ctx == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND, ("%s", error->message),
        ("device \"%s\"", device));
    g_clear_error (&error);
    g_free (device);
    return FALSE;
  }
  GST_INFO_OBJECT (self, "device \"%s\": %s", device,
      siseg_context_device_name (self->ctx));
  g_free (device);

  gst_video_info_init (&self->vinfo);
  gst_video_info_init (&self->minfo);
  self->n_frames = 0;
  self->latency = 0;
  gst_sisegment_post_warning (self, gst_sisegment_take_warning (self));
  return TRUE;
}

static GstFlowReturn
gst_sisegment_flush (GstAggregator * agg)
{
  GstSisegment *self = GST_SISEGMENT (agg);

  gst_clear_buffer (&self->mask);
  gst_clear_buffer (&self->used_mask);
  return GST_FLOW_OK;
}

static gboolean
gst_sisegment_stop (GstAggregator * agg)
{
  GstSisegment *self = GST_SISEGMENT (agg);

  gst_sisegment_flush (agg);
  g_clear_pointer (&self->ctx, siseg_context_free);
  g_clear_pointer (&self->json, gst_siseg_json_close);
  g_clear_pointer (&self->ids, g_free);
  self->ids_len = 0;
  gst_clear_caps (&self->sink_caps);
  return TRUE;
}

static gboolean
gst_sisegment_set_caps (GstSisegment * self, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstVideoInfo info;

  if (!gst_video_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Invalid caps on pad %s",
            GST_PAD_NAME (pad)), ("%" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  GST_DEBUG_OBJECT (pad, "caps %" GST_PTR_FORMAT, caps);
  if (pad == self->maskpad) {
    self->minfo = info;
    return TRUE;
  }

  self->vinfo = info;
  gst_caps_replace (&self->sink_caps, caps);
  gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
  return TRUE;
}

static gboolean
gst_sisegment_sink_event (GstAggregator * agg, GstAggregatorPad * pad,
    GstEvent * event)
{
  GstSisegment *self = GST_SISEGMENT (agg);

  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS) {
    GstCaps *caps;
    gboolean ret;

    gst_event_parse_caps (event, &caps);
    ret = gst_sisegment_set_caps (self, pad, caps);
    gst_event_unref (event);
    return ret;
  }
  if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT && pad == self->sinkpad) {
    const GstSegment *segment;

    /* output buffers keep the frames' timestamps, so their segment too */
    gst_event_parse_segment (event, &segment);
    gst_aggregator_update_segment (agg, segment);
  }
  return GST_AGGREGATOR_CLASS (parent_class)->sink_event (agg, pad, event);
}

/* The sink's caps as a GRAY16_LE id map. */
static GstCaps *
gst_sisegment_ids_caps (GstSisegment * self)
{
  GstCaps *caps = gst_caps_copy (self->sink_caps);
  GstStructure *s = gst_caps_get_structure (caps, 0);

  gst_structure_set (s, "format", G_TYPE_STRING, "GRAY16_LE", NULL);
  gst_structure_remove_fields (s, "colorimetry", "chroma-site", NULL);
  return caps;
}

static GstFlowReturn
gst_sisegment_update_src_caps (GstAggregator * agg, GstCaps * downstream,
    GstCaps ** ret)
{
  GstSisegment *self = GST_SISEGMENT (agg);
  GstCaps *ids;

  if (self->sink_caps == NULL) {
    gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (agg));
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  }

  ids = gst_sisegment_ids_caps (self);
  self->output_ids = FALSE;
  if (gst_caps_can_intersect (downstream, self->sink_caps)) {
    *ret = gst_caps_ref (self->sink_caps);
  } else if (gst_caps_can_intersect (downstream, ids)) {
    *ret = gst_caps_ref (ids);
    self->output_ids = TRUE;
  } else {
    gst_caps_unref (ids);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  gst_caps_unref (ids);
  gst_video_info_from_caps (&self->out_info, *ret);
  GST_INFO_OBJECT (self, "output: %s", self->output_ids ? "instance-id map"
      : "frames with instances drawn");
  return GST_FLOW_OK;
}

/* Says why, when downstream takes neither output. */
static gboolean
gst_sisegment_negotiate (GstAggregator * agg)
{
  GstSisegment *self = GST_SISEGMENT (agg);
  GstPad *srcpad = GST_AGGREGATOR_SRC_PAD (agg);
  GstCaps *downstream;

  if (GST_AGGREGATOR_CLASS (parent_class)->negotiate (agg))
    return TRUE;
  if (GST_PAD_IS_FLUSHING (srcpad) || self->sink_caps == NULL)
    return FALSE;

  downstream = gst_pad_peer_query_caps (srcpad, NULL);
  GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("Downstream accepts neither "
          "the frames' format %s nor the GRAY16_LE instance-id map at %dx%d",
          GST_VIDEO_INFO_NAME (&self->vinfo),
          GST_VIDEO_INFO_WIDTH (&self->vinfo),
          GST_VIDEO_INFO_HEIGHT (&self->vinfo)),
      ("downstream accepts %" GST_PTR_FORMAT, downstream));
  gst_caps_unref (downstream);
  return FALSE;
}

static gboolean
gst_sisegment_decide_allocation (GstAggregator * agg, GstQuery * query)
{
  GstBufferPool *pool = NULL;
  GstStructure *config;
  GstVideoInfo info;
  GstCaps *caps;
  guint size = 0, min = 0, max = 0;

  gst_query_parse_allocation (query, &caps, NULL);
  if (caps == NULL || !gst_video_info_from_caps (&info, caps))
    return FALSE;

  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  if (pool == NULL)
    pool = gst_video_buffer_pool_new ();
  size = MAX (size, GST_VIDEO_INFO_SIZE (&info));

  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  if (!gst_buffer_pool_set_config (pool, config)) {
    gst_object_unref (pool);
    pool = gst_video_buffer_pool_new ();
    config = gst_buffer_pool_get_config (pool);
    gst_buffer_pool_config_set_params (config, caps, size, min, max);
    gst_buffer_pool_set_config (pool, config);
  }

  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  return TRUE;
}

/* A buffer's running time on its pad; GST_CLOCK_TIME_NONE if untimed (no
 * PTS, or a segment in another format than time). */
static GstClockTime
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

/* Live: the next frame is due at its running time (plus the latency).
 * After EOS on the sink pad nothing is due any more: time 0 has passed, so
 * the aggregator calls aggregate () at once, which ends the stream however
 * silent the mask pad is. */
static GstClockTime
gst_sisegment_get_next_time (GstAggregator * agg)
{
  GstSisegment *self = GST_SISEGMENT (agg);
  GstBuffer *frame = gst_aggregator_pad_peek_buffer (self->sinkpad);
  GstClockTime rt;

  if (frame == NULL)
    return gst_aggregator_pad_is_eos (self->sinkpad) ? 0 : GST_CLOCK_TIME_NONE;
  rt = gst_sisegment_running_time (self->sinkpad, frame);
  gst_buffer_unref (frame);
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
static GstBuffer *
gst_sisegment_select_mask (GstSisegment * self, GstClockTime frame_rt,
    gboolean timeout, const GstSisegmentSettings * s, GstVideoInfo * info,
    gboolean * wait)
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

  /* a held mask at the frame's time, or untimed, is the one to wait for */
  *wait = s->policy == GST_SISEGMENT_MASK_POLICY_WAIT && !done
      && !(self->mask && gst_sisegment_distance (self->mask_rt, frame_rt)
      == 0);
  if (*wait || (d_held > s->tolerance && d_next > s->tolerance)) {
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
  ok = siseg_context_process (self->ctx, &s->params, &fimg, &mimg, error);
  if (ok && !self->output_ids)
    ok = siseg_context_draw (self->ctx, &s->params, &fimg, error);

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

/* Reports the processing time as latency when it grows, in whole ms; the
 * first frame, which warms caches up, does not count. */
static void
gst_sisegment_update_latency (GstSisegment * self, gint64 us)
{
  GstClockTime t = us * GST_USECOND;

  if (self->n_frames < 2 || t <= self->latency)
    return;
  self->latency = (t + GST_MSECOND - 1) / GST_MSECOND * GST_MSECOND;
  GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT,
      GST_TIME_ARGS (self->latency));
  gst_aggregator_set_latency (GST_AGGREGATOR (self), self->latency,
      self->latency);
}

/* Reports a failure once; the stream stops. */
static GstFlowReturn
gst_sisegment_error (GstSisegment * self, GError ** error)
{
  GST_ELEMENT_ERROR (self, LIBRARY, FAILED, ("%s", (*error)->message), (NULL));
  g_clear_error (error);
  return GST_FLOW_ERROR;
}

/* Segments and pushes one frame; mask NULL passes it undrawn. */
static GstFlowReturn
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
  gst_siseg_meta_add (out, &r);
  if (!gst_sisegment_write_json (self, s->json_location, &r, mask != NULL,
          &error)) {
    frame = out;
    goto failed;
  }
  if (mask)
    gst_sisegment_update_latency (self, g_get_monotonic_time () - start);
  return gst_aggregator_finish_buffer (GST_AGGREGATOR (self), out);

failed:
  gst_buffer_unref (frame);
  return gst_sisegment_error (self, &error);
}

static GstFlowReturn
gst_sisegment_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstSisegment *self = GST_SISEGMENT (agg);
  GstSisegmentSettings s;
  GstBuffer *frame, *mask;
  GstVideoInfo minfo;
  GstClockTime rt;
  gboolean wait;
  GstFlowReturn ret;

  frame = gst_aggregator_pad_peek_buffer (self->sinkpad);
  if (frame == NULL)
    return gst_aggregator_pad_is_eos (self->sinkpad) ? GST_FLOW_EOS :
        GST_AGGREGATOR_FLOW_NEED_DATA;
  rt = gst_sisegment_running_time (self->sinkpad, frame);
  gst_buffer_unref (frame);
  if (self->sink_caps == NULL) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("No caps on pad sink "
            "before its first frame"), (NULL));
    return GST_FLOW_NOT_NEGOTIATED;
  }

  gst_sisegment_settings_get (self, &s);
  gst_sisegment_post_warning (self, g_steal_pointer (&s.warning));
  mask = gst_sisegment_select_mask (self, rt, timeout, &s, &minfo, &wait);
  if (wait) {
    gst_sisegment_settings_clear (&s);
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  }

  frame = gst_aggregator_pad_pop_buffer (self->sinkpad);
  gst_aggregator_selected_samples (agg, GST_BUFFER_PTS (frame),
      GST_BUFFER_DTS (frame), GST_BUFFER_DURATION (frame), NULL);
  GST_LOG_OBJECT (self, "frame %" GST_TIME_FORMAT " %s", GST_TIME_ARGS (rt),
      mask ? "with a mask" : "undrawn");
  if (GST_BUFFER_FLAG_IS_SET (frame, GST_BUFFER_FLAG_GAP))
    ret = gst_aggregator_finish_buffer (agg, frame);
  else
    ret = gst_sisegment_output (self, &s, frame, mask, &minfo);

  gst_clear_buffer (&mask);
  gst_sisegment_settings_clear (&s);
  return ret;
}
