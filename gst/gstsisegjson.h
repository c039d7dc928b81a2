/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON Lines, one object a frame.
 */
#ifndef __GST_SISEG_JSON_H__
#define __GST_SISEG_JSON_H__

#include "gstsisegmeta.h"

G_BEGIN_DECLS

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

#endif /* __GST_SISEG_JSON_H__ */
