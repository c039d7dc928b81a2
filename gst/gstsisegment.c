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
 * per instance (a DL Streamer compatible "detection" structure, an
 * "instance" structure and, with tracking, gvatrack's "object_id" as
 * parameters, all with underscores in their field names as DL Streamer's),
 * and the frame's instance-id map as a meta of its own. With
 * #GstSisegment:post-messages (the default) each frame's instances are
 * posted on the bus, in an element message named "sisegment". The header
 * gstsisegapi.h, installed with the plugin, documents all of these.
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
 *   later than the frame (or its own, or one within half a mask's duration
 *   of it, which no later mask can beat), then gets the closest matching
 *   mask; undrawn if none matches.
 * * `reuse`: the closest mask seen so far (or queued now) within the
 *   tolerance, even if an earlier frame used it; undrawn if none.
 * * `passthrough`: a matching mask that no earlier frame used; undrawn if
 *   none is there now.
 *
 * The default #GstSisegment:mask-tolerance, -1, is the longer of a frame's
 * and a mask's duration (from the caps' framerates, else the buffers'
 * durations; 1/30 s when neither says): a frame matches the mask of its
 * own time, the previous frame's when masks keep pace, or the last mask
 * when they come slower.
 *
 * With live sources no policy builds a backlog: a frame waits for its mask
 * until the masks are due (upstream's latency, plus the aggregator's
 * #GstAggregator:latency if set), then gets the closest matching mask seen
 * so far, or goes out undrawn. After EOS on the mask pad frames go on the
 * same way; EOS on the sink pad ends the stream, whatever the mask pad
 * does. With nothing linked to the mask pad when the element goes to
 * PAUSED (`videotestsrc ! sisegment ! fakesink`, `playbin
 * video-filter=sisegment`), every frame passes undrawn, with one warning.
 *
 * The latency the element answers is its own processing time: the 95th
 * percentile of the last 64 frames plus a fifth, in whole milliseconds,
 * raised at once when frames take longer and lowered when they take much
 * less for a while; each change is posted as a LATENCY message. With
 * #GstSisegment:qos (the default) a frame that is already late, as
 * downstream's QoS events say or, live, when the clock is more than 20 ms
 * past its deadline, is not segmented: dropped (a QoS message each, the
 * next buffer DISCONT) or, with #GstSisegment:late-frames=undrawn, passed
 * on undrawn. The kernels for the format upstream most likely sends are
 * built (or loaded from the cache) when the element goes to PAUSED.
 *
 * Each instance has an id in the frame (1 and up, the value of its pixels
 * in the id map, the meta's `id`, "instance_id") and an object id
 * ("object_id" in the "instance" parameters and in JSON, 64-bit;
 * "object-id" in the message and the "object_id" parameter's "id", its low
 * 31 bits, with tracking):
 * with #GstSisegment:tracking an object keeps its object id across frames
 * and new objects get new ones, counting up, never reused or wrapped;
 * without, the object id is the instance id. The colour follows the object
 * id, or with #GstSisegment:color-mode=class the class.
 *
 * #GstSisegment:draw-labels writes each instance's class label, id and
 * score at its box's corner (its centroid without boxes), moved where it
 * overlaps no other label; until set, it is on with #GstSisegment:draw-boxes
 * or a #GstSisegment:labels-file.
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
 * compressed RLE; "timestamp" is gvametaconvert's (the stream time less the
 * segment's time), "pts" the buffer's, "has_mask" false for a frame passed
 * on undrawn.
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
static gboolean gst_sisegment_src_event (GstAggregator * agg, GstEvent * event);
static GstStateChangeReturn gst_sisegment_change_state (GstElement * element,
    GstStateChange transition);
static void gst_sisegment_mask_linked (GstPad * pad, GstPad * peer,
    GstSisegment * self);
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
  /* applications find the id-map meta by its name (gstsisegapi.h) */
  gst_siseg_ids_meta_get_info ();

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
  agg_class->src_event = GST_DEBUG_FUNCPTR (gst_sisegment_src_event);
  element_class->change_state = GST_DEBUG_FUNCPTR (gst_sisegment_change_state);

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
  g_signal_connect (self->maskpad, "linked",
      G_CALLBACK (gst_sisegment_mask_linked), self);
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

/* The format upstream of pad most likely sends: the first of what it can
 * send; FALSE if nothing is known yet. */
static gboolean
gst_sisegment_likely_format (GstAggregatorPad * pad, GstVideoFormat * format)
{
  GstCaps *caps = gst_pad_peer_query_caps (GST_PAD (pad), NULL);
  GstCaps *ours = gst_pad_get_pad_template_caps (GST_PAD (pad));
  GstCaps *both = gst_caps_intersect_full (caps, ours,
      GST_CAPS_INTERSECT_FIRST);
  const gchar *name = NULL;

  if (!gst_caps_is_empty (both) && !gst_caps_is_any (both)) {
    const GValue *v = gst_structure_get_value (gst_caps_get_structure (both,
            0), "format");
    if (v && GST_VALUE_HOLDS_LIST (v) && gst_value_list_get_size (v) > 0)
      v = gst_value_list_get_value (v, 0);
    if (v && G_VALUE_HOLDS_STRING (v))
      name = g_value_get_string (v);
  }
  *format = name ? gst_video_format_from_string (name) :
      GST_VIDEO_FORMAT_UNKNOWN;
  gst_caps_unref (both);
  gst_caps_unref (ours);
  gst_caps_unref (caps);
  return *format != GST_VIDEO_FORMAT_UNKNOWN;
}

/* Builds the kernels for the formats upstream most likely sends now, when
 * the element goes to PAUSED, so that the first frame does not wait for
 * them (and an interrupt during start-up does not find a build half way
 * on the streaming thread). Others are built when they come. */
static gboolean
gst_sisegment_prepare (GstSisegment * self)
{
  GstVideoFormat frames, masks = GST_VIDEO_FORMAT_GRAY8;
  GError *error = NULL;

  if (!siseg_context_is_opencl (self->ctx)
      || !gst_sisegment_likely_format (self->sinkpad, &frames)
      || gst_siseg_format (frames) > SISEG_FORMAT_I420)
    return TRUE;
  gst_sisegment_likely_format (self->maskpad, &masks);
  if (siseg_context_prepare (self->ctx, gst_siseg_format (frames),
          masks == GST_VIDEO_FORMAT_GRAY16_LE, &error))
    return TRUE;
  GST_ELEMENT_ERROR (self, LIBRARY, INIT, ("%s", error->message),
      ("building the kernels for %s frames", gst_video_format_to_string
          (frames)));
  g_clear_error (&error);
  g_clear_pointer (&self->ctx, siseg_context_free);
  return FALSE;
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
  self->discont = FALSE;
  gst_sisegment_latency_reset (self);
  gst_sisegment_qos_reset (self);
  gst_sisegment_post_warning (self, gst_sisegment_take_warning (self));
  return gst_sisegment_prepare (self);
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
  g_clear_pointer (&self->labeller, gst_siseg_labeller_free);
  g_clear_pointer (&self->ids, g_free);
  self->ids_len = 0;
  if (self->ids_pool != NULL)
    gst_buffer_pool_set_active (self->ids_pool, FALSE);
  gst_clear_object (&self->ids_pool);
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

/* Live: the aggregator waits for masks until this time plus the whole
 * latency (upstream's, ours and its latency property). Our part is the
 * time to process the frame, so the wait ends that much earlier: a frame
 * waits at most until its masks are due (upstream's latency, and the
 * latency property), and still goes out in time. After EOS on the sink pad
 * nothing is due any more: time 0 has passed, so the aggregator calls
 * aggregate () at once, which ends the stream however silent the mask pad
 * is. */
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
  if (!GST_CLOCK_TIME_IS_VALID (rt))
    return rt;
  return rt > self->latency ? rt - self->latency : 0;
}

/* QoS events from downstream: what is late (also forwarded upstream). */
static gboolean
gst_sisegment_src_event (GstAggregator * agg, GstEvent * event)
{
  if (GST_EVENT_TYPE (event) == GST_EVENT_QOS)
    gst_sisegment_qos_event (GST_SISEGMENT (agg), event);
  return GST_AGGREGATOR_CLASS (parent_class)->src_event (agg, event);
}

/* With nothing linked to the mask pad when the element goes to PAUSED
 * (playbin's video-filter, a pipeline with one input), the pad is given
 * EOS: frames pass undrawn, with one warning, instead of waiting for masks
 * that cannot come. Linked later, it is flushed, which undoes that. */
static void
gst_sisegment_check_mask_pad (GstSisegment * self)
{
  GstPad *pad = GST_PAD (self->maskpad);
  gchar *id;

  if (gst_pad_is_linked (pad))
    return;
  GST_ELEMENT_WARNING (self, STREAM, FAILED, ("Nothing is linked to the "
          "mask pad: frames pass undrawn"), ("link the mask pad before "
          "PAUSED to draw instances"));
  g_atomic_int_set (&self->mask_unlinked, TRUE);
  id = g_strdup_printf ("%s/mask-unlinked/%08x", GST_OBJECT_NAME (self),
      g_random_int ());
  gst_pad_send_event (pad, gst_event_new_stream_start (id));
  gst_pad_send_event (pad, gst_event_new_eos ());
  g_free (id);
}

static void
gst_sisegment_mask_linked (GstPad * pad, GstPad * peer, GstSisegment * self)
{
  if (!g_atomic_int_compare_and_exchange (&self->mask_unlinked, TRUE, FALSE))
    return;
  GST_INFO_OBJECT (self, "mask pad linked: its EOS undone");
  gst_pad_send_event (pad, gst_event_new_flush_start ());
  gst_pad_send_event (pad, gst_event_new_flush_stop (FALSE));
}

static GstStateChangeReturn
gst_sisegment_change_state (GstElement * element, GstStateChange transition)
{
  GstStateChangeReturn ret;

  ret = GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
  if (ret != GST_STATE_CHANGE_FAILURE
      && transition == GST_STATE_CHANGE_READY_TO_PAUSED)
    gst_sisegment_check_mask_pad (GST_SISEGMENT (element));
  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    g_atomic_int_set (&GST_SISEGMENT (element)->mask_unlinked, FALSE);
  return ret;
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
  frame = gst_aggregator_pad_peek_buffer (self->sinkpad);
  mask = gst_sisegment_select_mask (self, rt, gst_sisegment_tolerance (self,
          &s, frame), timeout, &s, &minfo, &wait);
  gst_buffer_unref (frame);
  if (wait) {
    gst_sisegment_settings_clear (&s);
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  }

  frame = gst_aggregator_pad_pop_buffer (self->sinkpad);
  gst_aggregator_selected_samples (agg, GST_BUFFER_PTS (frame),
      GST_BUFFER_DTS (frame), GST_BUFFER_DURATION (frame), NULL);
  /* late: dropped, or passed on undrawn, before the work */
  if (s.qos && mask && gst_sisegment_frame_late (self, frame, rt)) {
    gst_clear_buffer (&mask);
    if (s.late == GST_SISEGMENT_LATE_DROP) {
      gst_clear_buffer (&frame);
      self->discont = TRUE;
    }
  }
  GST_LOG_OBJECT (self, "frame %" GST_TIME_FORMAT " %s", GST_TIME_ARGS (rt),
      !frame ? "dropped, late" : mask ? "with a mask" : "undrawn");
  if (frame == NULL)
    ret = GST_FLOW_OK;
  else if (GST_BUFFER_FLAG_IS_SET (frame, GST_BUFFER_FLAG_GAP))
    ret = gst_aggregator_finish_buffer (agg, frame);
  else
    ret = gst_sisegment_output (self, &s, frame, mask, &minfo);

  gst_clear_buffer (&mask);
  gst_sisegment_settings_clear (&s);
  return ret;
}
