/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Text labels on the instances: rendered with Pango and Cairo once per
 * distinct text, blended with GstVideoOverlayComposition into any raw
 * video format.
 */
#ifndef __GST_SISEG_LABELS_H__
#define __GST_SISEG_LABELS_H__

#include <gst/gst.h>
#include <gst/video/video.h>

#include "siseg.h"

G_BEGIN_DECLS

typedef struct _GstSisegLabeller GstSisegLabeller;

/* the most rendered texts kept (or two a label, for frames with more
 * labels); past it the cache starts again */
#define GST_SISEG_LABELLER_CACHE_MAX 512

GstSisegLabeller *gst_siseg_labeller_new (void);
void gst_siseg_labeller_free (GstSisegLabeller * l);

/* The text height, in pixels, on frames height pixels high. */
gint gst_siseg_labeller_font_size (gint height);

/* The labels of the n instances on a width x height frame, as params draw
 * them (colours, shown classes, boxes or not), labels naming the classes
 * (may be NULL): two rectangles a label, the class and id on the
 * instance's colour and the score on grey, each label where it overlaps
 * no earlier one, or left out when the frame has no such place. NULL when
 * no label is drawn. */
GstVideoOverlayComposition *gst_siseg_labeller_compose (GstSisegLabeller * l,
    const SisegParams * params, GPtrArray * labels,
    const SisegInstance * inst, guint n, gint width, gint height);

/* Composes the labels and blends them into buffer (writable, of info). */
gboolean gst_siseg_labeller_draw (GstSisegLabeller * l, GstBuffer * buffer,
    GstVideoInfo * info, const SisegParams * params, GPtrArray * labels,
    const SisegInstance * inst, guint n, GError ** error);

/* Rendered texts now in the cache (for the tests). */
guint gst_siseg_labeller_n_cached (GstSisegLabeller * l);

G_END_DECLS

#endif /* __GST_SISEG_LABELS_H__ */
