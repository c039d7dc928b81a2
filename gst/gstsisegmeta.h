/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Per-frame results as GStreamer metadata; gstsisegjson.h writes them as
 * JSON Lines.
 */
#ifndef __GST_SISEG_META_H__
#define __GST_SISEG_META_H__

#include <gst/gst.h>
#include <gst/video/video.h>

#include "gstsisegapi.h"
#include "siseg.h"

G_BEGIN_DECLS

/* One frame's result, as the element hands it to the writers below. */
typedef struct
{
  GstClockTime timestamp;       /* PTS, or GST_CLOCK_TIME_NONE */
  GstClockTime duration;        /* or GST_CLOCK_TIME_NONE */
  const GstSegment *segment;    /* the output's, in time; may be NULL */
  gboolean has_mask;            /* segmented; else passed on undrawn */
  gboolean tracking;            /* object ids are track ids */
  guint64 frame;                /* output frame counter, from 0 */
  gint width;                   /* frame size = output size */
  gint height;
  const SisegInstance *instances;
  guint n_instances;
  GPtrArray *labels;            /* gchar *, index = class id; may be NULL */
  const guint16 *ids;           /* frame-size instance-id map, or NULL */
  gint ids_stride;              /* in bytes */
  GstBuffer *id_map;            /* the same as a buffer for the meta, or
                                 * NULL */
} GstSisegResult;

/* The core's format of a video format (GRAY8 for any it does not know). */
SisegFormat gst_siseg_format (GstVideoFormat format);

/* Describes a mapped video frame (or mask) to the core. */
void gst_siseg_image_from_frame (SisegImage * image,
    const GstVideoFrame * frame);

/* Adds one GstVideoRegionOfInterestMeta per instance to buffer, and the
 * GstSisegIdsMeta of result's id_map if set. */
void gst_siseg_meta_add (GstBuffer * buffer, const GstSisegResult * result);

/* The id-map meta (gstsisegapi.h), registered on the first call. */
GType gst_siseg_ids_meta_api_get_type (void);
const GstMetaInfo *gst_siseg_ids_meta_get_info (void);

/* The frame's "sisegment" element message, from src. */
GstMessage *gst_siseg_message_new (GstObject * src,
    const GstSisegResult * result);

/* The result's stream time as gvametaconvert writes it: the stream time
 * less the segment's time; GST_CLOCK_TIME_NONE if unknown. */
GstClockTime gst_siseg_result_stream_offset (const GstSisegResult * result);

G_END_DECLS

#endif /* __GST_SISEG_META_H__ */
