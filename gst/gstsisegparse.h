/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text the element's properties take.
 */
#ifndef __GST_SISEG_PARSE_H__
#define __GST_SISEG_PARSE_H__

#include <gst/gst.h>

#include "siseg.h"

G_BEGIN_DECLS

/* The label of a class: labels[class_id] when there is one, else
 * "class-N" written into buf. */
const gchar *gst_siseg_label (GPtrArray * labels, guint class_id,
    gchar * buf, gsize size);

/* The largest labels file read: 65536 names of 64 bytes. */
#define GST_SISEG_LABELS_MAX_BYTES (4 << 20)

/* Reads a labels file: one name per line, line N names class id N - 1
 * (the first line class 0). Only regular files, of at most
 * GST_SISEG_LABELS_MAX_BYTES; never blocks. Bytes that are not UTF-8 are
 * replaced by U+FFFD, and *warning (else NULL) names their lines. */
GPtrArray *gst_siseg_labels_load (const gchar * path, gchar ** warning,
    GError ** error);

/* "all" gives TRUE and *ids = NULL; a comma-separated list of class ids
 * gives TRUE and the ids (guint); anything else gives FALSE. */
gboolean gst_siseg_classes_parse (const gchar * text, GArray ** ids);

/* Comma-separated RRGGBB values: TRUE and the colours (guint32); empty
 * gives TRUE and *colours = NULL; anything else gives FALSE. */
gboolean gst_siseg_palette_parse (const gchar * text, GArray ** colours);

/* "a" or "a,b,c": TRUE and @n values (one value fills them all); anything
 * else gives FALSE. */
gboolean gst_siseg_numbers_parse (const gchar * text, gdouble * values,
    guint n);

/* Comma-separated class ids (0-65535) or names found in @labels (a name's
 * class id is its line): TRUE and the ids (guint16); empty gives TRUE and
 * *ids = NULL; otherwise FALSE and the first entry that is neither in
 * *bad. */
gboolean gst_siseg_class_map_parse (const gchar * text, GPtrArray * labels,
    GArray ** ids, gchar ** bad);

/* A guint8 per possible class id: 1 for the ids given, 0 for others. */
GArray *gst_siseg_class_visible_new (GArray * ids);

G_END_DECLS

#endif /* __GST_SISEG_PARSE_H__ */
