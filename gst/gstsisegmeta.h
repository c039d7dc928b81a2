/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Per-frame results as GStreamer metadata and as JSON Lines.
 */
#ifndef __GST_SISEG_META_H__
#define __GST_SISEG_META_H__

#include <gst/gst.h>
#include <gst/video/video.h>

#include "siseg.h"

G_BEGIN_DECLS

/* One frame's result, as the element hands it to the writers below. */
typedef struct
{
  GstClockTime timestamp;       /* PTS, or GST_CLOCK_TIME_NONE */
  guint64 frame;                /* output frame counter, from 0 */
  gint width;                   /* frame size = output size */
  gint height;
  const SisegInstance *instances;
  guint n_instances;
  GPtrArray *labels;            /* gchar *, index = class id; may be NULL */
  const guint16 *ids;           /* frame-size instance-id map, or NULL */
  gint ids_stride;              /* in bytes */
} GstSisegResult;

/* Describes a mapped video frame (or mask) to the core. */
void gst_siseg_image_from_frame (SisegImage * image,
    const GstVideoFrame * frame);

/* The label of a class: labels[class_id] when there is one, else
 * "class-N" written into buf. */
const gchar *gst_siseg_label (GPtrArray * labels, guint class_id,
    gchar * buf, gsize size);

/* Reads a labels file: one name per line, line N names class id N. */
GPtrArray *gst_siseg_labels_load (const gchar * path, GError ** error);

/* "all" gives TRUE and *ids = NULL; a comma-separated list of class ids
 * gives TRUE and the ids (guint); anything else gives FALSE. */
gboolean gst_siseg_classes_parse (const gchar * text, GArray ** ids);

/* Comma-separated RRGGBB values: TRUE and the colours (guint32); empty
 * gives TRUE and *colours = NULL; anything else gives FALSE. */
gboolean gst_siseg_palette_parse (const gchar * text, GArray ** colours);

/* A guint8 per possible class id: 1 for the ids given, 0 for others. */
GArray *gst_siseg_class_visible_new (GArray * ids);

/* Adds one GstVideoRegionOfInterestMeta per instance to buffer. */
void gst_siseg_meta_add (GstBuffer * buffer, const GstSisegResult * result);

/* Appends the COCO compressed RLE string of the pixels of instance id in
 * the id map (column-major, as pycocotools), looking only inside the box
 * x0..x1, y0..y1 (inclusive) outside which id does not occur. */
void gst_siseg_rle_append (GString * out, const guint16 * ids, gint stride,
    gint width, gint height, guint16 id, const gint box[4]);

typedef struct _GstSisegJson GstSisegJson;

/* A JSON Lines writer: one object per frame, flushed per frame. */
GstSisegJson *gst_siseg_json_open (const gchar * location, GError ** error);
const gchar *gst_siseg_json_location (GstSisegJson * json);
gboolean gst_siseg_json_write (GstSisegJson * json,
    const GstSisegResult * result, GError ** error);
void gst_siseg_json_close (GstSisegJson * json);

G_END_DECLS

#endif /* __GST_SISEG_META_H__ */
