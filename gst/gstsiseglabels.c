/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Text labels on the instances, the way textoverlay draws text: Pango lays
 * the text out, Cairo renders it into an ARGB surface, and the labels of a
 * frame are a GstVideoOverlayComposition of those rectangles. A label is
 * two pieces, "class id" on the instance's colour and the score on grey,
 * so that of the texts that change from frame to frame only the hundred
 * and one scores are rendered, once each; every piece is kept in a small
 * cache keyed by its colour and text.
 *
 * The pieces are opaque, so drawing one is a copy: each is converted once
 * (GstVideoConverter, the frame's colorimetry) to the frame's format and
 * copied plane by plane into its rectangle, which lies on even pixels so
 * that no chroma sample is shared with the picture around it. Nothing else
 * of the frame is touched. gst_video_overlay_composition_blend gives the
 * same pixels but unpacks, converts and packs whole frame lines for every
 * rectangle: 17-60 ms for 48 labels at 1080p on a busy 2-core machine,
 * against 0.1-0.3 ms for the copies (tests/bench/labels.c).
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include <pango/pangocairo.h>

#include "gstsiseglabels.h"
#include "gstsisegparse.h"

/* the longest class label drawn, in bytes (a whole character less) */
#define LABEL_MAX_BYTES 64

/* the score's background, and the texts' colours */
#define SCORE_BG 0x303030
#define TEXT_DARK 0x000000
#define TEXT_LIGHT 0xffffff

/* a rendered text: ARGB for the composition, and in the frame's format */
typedef struct
{
  GstBuffer *argb;              /* with its GstVideoMeta */
  GstBuffer *native;            /* NULL until drawn */
  GstVideoInfo native_info;
} GstSisegPiece;

struct _GstSisegLabeller
{
  PangoFontMap *fontmap;
  PangoContext *context;
  PangoLayout *layout;
  gint font_size;               /* pixels; 0 until the first frame */
  gint label_height;            /* of every piece at that size, even */
  gint pad;                     /* around the text */
  GstVideoInfo info;            /* of the frames the cache converted for */
  GHashTable *cache;            /* "RRGGBB text" -> GstSisegPiece */
  GArray *placed;               /* GstVideoRectangle: the frame's labels */
  GPtrArray *pieces;            /* GstSisegPiece of each rectangle, in turn */
};

static void
gst_siseg_piece_free (GstSisegPiece * piece)
{
  gst_buffer_unref (piece->argb);
  gst_clear_buffer (&piece->native);
  g_free (piece);
}

GstSisegLabeller *
gst_siseg_labeller_new (void)
{
  GstSisegLabeller *l = g_new0 (GstSisegLabeller, 1);

  /* a font map of its own: Pango's objects are not for two threads */
  l->fontmap = pango_cairo_font_map_new ();
  l->context = pango_font_map_create_context (l->fontmap);
  l->layout = pango_layout_new (l->context);
  l->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
      (GDestroyNotify) gst_siseg_piece_free);
  l->placed = g_array_new (FALSE, FALSE, sizeof (GstVideoRectangle));
  l->pieces = g_ptr_array_new ();
  gst_video_info_init (&l->info);
  return l;
}

void
gst_siseg_labeller_free (GstSisegLabeller * l)
{
  g_ptr_array_unref (l->pieces);
  g_array_unref (l->placed);
  g_hash_table_unref (l->cache);
  g_object_unref (l->layout);
  g_object_unref (l->context);
  g_object_unref (l->fontmap);
  g_free (l);
}

gint
gst_siseg_labeller_font_size (gint height)
{
  /* 12 pixels up to 584 lines, 24 at 1080p, 48 at 4K */
  return MAX (12, height / 45);
}

guint
gst_siseg_labeller_n_cached (GstSisegLabeller * l)
{
  return g_hash_table_size (l->cache);
}

/* The font for frames height pixels high; the cache starts again when it
 * changes. */
static void
gst_siseg_labeller_set_height (GstSisegLabeller * l, gint height)
{
  gint size = gst_siseg_labeller_font_size (height);
  PangoFontDescription *desc;
  PangoRectangle logical;

  if (size == l->font_size)
    return;
  desc = pango_font_description_from_string ("Sans Bold");
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_layout_set_font_description (l->layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (l->layout, "Ag", -1);
  pango_layout_get_pixel_extents (l->layout, NULL, &logical);
  l->font_size = size;
  l->pad = MAX (1, size / 8);
  l->label_height = GST_ROUND_UP_2 (logical.height + 2 * l->pad);
  g_hash_table_remove_all (l->cache);
}

static void
gst_siseg_set_source (cairo_t * cr, guint32 rgb)
{
  cairo_set_source_rgb (cr, (rgb >> 16) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
      (rgb & 0xff) / 255.0);
}

/* text on bg, opaque, in a new buffer of the overlay's ARGB format with
 * its GstVideoMeta */
static GstBuffer *
gst_siseg_labeller_render (GstSisegLabeller * l, const gchar * text, guint32 bg)
{
  gint r = bg >> 16, g = (bg >> 8) & 0xff, b = bg & 0xff;
  guint32 fg = 299 * r + 587 * g + 114 * b > 140000 ? TEXT_DARK : TEXT_LIGHT;
  PangoRectangle logical;
  cairo_surface_t *surface;
  cairo_t *cr;
  gsize offset[GST_VIDEO_MAX_PLANES] = { 0 };
  gint strides[GST_VIDEO_MAX_PLANES] = { 0 };
  GstBuffer *buffer;
  GstMapInfo map;
  gint w, h = l->label_height, stride;

  pango_layout_set_text (l->layout, text, -1);
  pango_layout_get_pixel_extents (l->layout, NULL, &logical);
  w = GST_ROUND_UP_2 (logical.width + 2 * l->pad);
  stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, w);
  buffer = gst_buffer_new_allocate (NULL, (gsize) stride * h, NULL);
  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  surface = cairo_image_surface_create_for_data (map.data,
      CAIRO_FORMAT_ARGB32, w, h, stride);
  cr = cairo_create (surface);
  /* opaque everywhere: premultiplied or not, the pixels are the same */
  gst_siseg_set_source (cr, bg);
  cairo_paint (cr);
  gst_siseg_set_source (cr, fg);
  cairo_move_to (cr, l->pad - logical.x, (h - logical.height) / 2 - logical.y);
  pango_cairo_show_layout (cr, l->layout);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  gst_buffer_unmap (buffer, &map);

  strides[0] = stride;
  gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_OVERLAY_COMPOSITION_FORMAT_RGB, w, h, 1, offset, strides);
  return buffer;
}

/* Text on bg, from the cache or rendered now; the cache owns it, and
 * keeps it until the next frame's labels are composed. */
static GstSisegPiece *
gst_siseg_labeller_piece (GstSisegLabeller * l, const gchar * text, guint32 bg)
{
  gchar *key = g_strdup_printf ("%06x %s", bg, text);
  GstSisegPiece *piece = g_hash_table_lookup (l->cache, key);

  if (piece != NULL) {
    g_free (key);
    return piece;
  }
  piece = g_new0 (GstSisegPiece, 1);
  piece->argb = gst_siseg_labeller_render (l, text, bg);
  g_hash_table_insert (l->cache, key, piece);
  return piece;
}

static gint
gst_siseg_piece_width (GstSisegPiece * piece)
{
  return gst_buffer_get_video_meta (piece->argb)->width;
}

static gboolean
gst_siseg_labeller_overlaps (GstSisegLabeller * l, gint x, gint y, gint w,
    gint h)
{
  for (guint i = 0; i < l->placed->len; i++) {
    const GstVideoRectangle *r = &g_array_index (l->placed,
        GstVideoRectangle, i);
    if (x < r->x + r->w && r->x < x + w && y < r->y + r->h && r->y < y + h)
      return TRUE;
  }
  return FALSE;
}

/* Where a w x h label of in goes: above its box's top-left corner (inside
 * the box when the frame ends above it), or centred on its centroid
 * without boxes; on even pixels, inside the frame. When an earlier label
 * is there, the first free place a label's height at a time below, else
 * above. FALSE: none, or a label wider or taller than the frame. */
static gboolean
gst_siseg_labeller_place (GstSisegLabeller * l, const SisegParams * p,
    const SisegInstance * in, gint w, gint h, gint width, gint height,
    gint * px, gint * py)
{
  gint x, y0, y;

  if (w > width || h > height)
    return FALSE;
  if (p->boxes) {
    x = in->x;
    y0 = in->y - h >= 0 ? in->y - h : in->y;
  } else {
    x = (gint) in->cx - w / 2;
    y0 = (gint) in->cy - h / 2;
  }
  x = CLAMP (x, 0, MAX (width - w, 0)) & ~1;
  y0 = CLAMP (y0, 0, height - h) & ~1;

  for (y = y0; y + h <= height; y += h)
    if (!gst_siseg_labeller_overlaps (l, x, y, w, h))
      goto found;
  for (y = y0 - h; y >= 0; y -= h)
    if (!gst_siseg_labeller_overlaps (l, x, y, w, h))
      goto found;
  return FALSE;

found:
  *px = x;
  *py = y;
  return TRUE;
}

/* The bytes of label drawn: all, or the whole characters of the first
 * LABEL_MAX_BYTES (labels are UTF-8). */
static gint
gst_siseg_label_bytes (const gchar * label)
{
  gint n = strnlen (label, LABEL_MAX_BYTES + 1);

  if (n <= LABEL_MAX_BYTES)
    return n;
  n = LABEL_MAX_BYTES;
  while (n > 0 && (label[n] & 0xc0) == 0x80)
    n--;
  return n;
}

static void
gst_siseg_composition_add (GstVideoOverlayComposition ** comp,
    GstBuffer * pixels, gint x, gint y)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (pixels);
  GstVideoOverlayRectangle *rect = gst_video_overlay_rectangle_new_raw (pixels,
      x, y, vmeta->width, vmeta->height,
      GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);

  if (*comp == NULL)
    *comp = gst_video_overlay_composition_new (rect);
  else
    gst_video_overlay_composition_add_rectangle (*comp, rect);
  gst_video_overlay_rectangle_unref (rect);
}

GstVideoOverlayComposition *
gst_siseg_labeller_compose (GstSisegLabeller * l, const SisegParams * p,
    GPtrArray * labels, const SisegInstance * inst, guint n, gint width,
    gint height)
{
  GstVideoOverlayComposition *comp = NULL;

  gst_siseg_labeller_set_height (l, height);
  /* the cache is full: it starts again, before the frame takes pieces */
  if (g_hash_table_size (l->cache) + 2 * n > GST_SISEG_LABELLER_CACHE_MAX)
    g_hash_table_remove_all (l->cache);
  g_array_set_size (l->placed, 0);
  g_ptr_array_set_size (l->pieces, 0);
  for (guint i = 0; i < n; i++) {
    const SisegInstance *in = &inst[i];
    gchar buf[32], name[LABEL_MAX_BYTES + 32], score[8];
    const gchar *label;
    GstSisegPiece *a, *b;
    GstVideoRectangle r;

    if (p->class_visible && in->class_id < p->n_class_visible
        && !p->class_visible[in->class_id])
      continue;
    label = gst_siseg_label (labels, in->class_id, buf, sizeof buf);
    g_snprintf (name, sizeof name, "%.*s %" G_GUINT64_FORMAT,
        gst_siseg_label_bytes (label), label, in->object_id);
    g_snprintf (score, sizeof score, "%.2f", CLAMP (in->score, 0.0f, 1.0f));
    a = gst_siseg_labeller_piece (l, name,
        siseg_params_color (p, in->class_id, in->object_id));
    b = gst_siseg_labeller_piece (l, score, SCORE_BG);
    r.w = gst_siseg_piece_width (a) + gst_siseg_piece_width (b);
    r.h = l->label_height;
    if (!gst_siseg_labeller_place (l, p, in, r.w, r.h, width, height, &r.x,
            &r.y))
      continue;
    g_array_append_val (l->placed, r);
    gst_siseg_composition_add (&comp, a->argb, r.x, r.y);
    gst_siseg_composition_add (&comp, b->argb,
        r.x + gst_siseg_piece_width (a), r.y);
    g_ptr_array_add (l->pieces, a);
    g_ptr_array_add (l->pieces, b);
  }
  return comp;
}

/* The piece in the frame's format (info's, at the piece's size),
 * converted once. */
static GstBuffer *
gst_siseg_piece_native (GstSisegPiece * piece, const GstVideoInfo * info)
{
  GstVideoMeta *vmeta = gst_buffer_get_video_meta (piece->argb);
  GstVideoInfo ainfo, *ninfo = &piece->native_info;
  GstVideoFrame af, nf;
  GstVideoConverter *conv;

  if (piece->native != NULL)
    return piece->native;
  gst_video_info_set_format (&ainfo, vmeta->format, vmeta->width,
      vmeta->height);
  ainfo.stride[0] = vmeta->stride[0];
  gst_video_info_set_format (ninfo, GST_VIDEO_INFO_FORMAT (info),
      vmeta->width, vmeta->height);
  ninfo->colorimetry = info->colorimetry;
  ninfo->chroma_site = info->chroma_site;
  piece->native = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (ninfo),
      NULL);
  conv = gst_video_converter_new (&ainfo, ninfo, NULL);
  if (conv == NULL || !gst_video_frame_map (&af, &ainfo, piece->argb,
          GST_MAP_READ)) {
    if (conv)
      gst_video_converter_free (conv);
    gst_clear_buffer (&piece->native);
    return NULL;
  }
  gst_video_frame_map (&nf, ninfo, piece->native, GST_MAP_WRITE);
  gst_video_converter_frame (conv, &af, &nf);
  gst_video_frame_unmap (&nf);
  gst_video_frame_unmap (&af);
  gst_video_converter_free (conv);
  return piece->native;
}

/* Copies the piece, opaque, into the frame at x, y (even), clipped. */
static gboolean
gst_siseg_piece_copy (GstSisegPiece * piece, GstVideoFrame * frame, gint x,
    gint y)
{
  const GstVideoFormatInfo *fi = frame->info.finfo;
  GstBuffer *native = gst_siseg_piece_native (piece, &frame->info);
  gint w, h;
  GstVideoFrame nf;

  if (native == NULL
      || !gst_video_frame_map (&nf, &piece->native_info, native, GST_MAP_READ))
    return FALSE;
  w = MIN (GST_VIDEO_FRAME_WIDTH (&nf), GST_VIDEO_FRAME_WIDTH (frame) - x);
  h = MIN (GST_VIDEO_FRAME_HEIGHT (&nf), GST_VIDEO_FRAME_HEIGHT (frame) - y);
  if (x < 0 || y < 0 || w <= 0 || h <= 0) {
    gst_video_frame_unmap (&nf);
    return TRUE;
  }
  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (frame); p++) {
    gint comps[GST_VIDEO_MAX_COMPONENTS], c, ps, rows, bytes, x0, y0;

    gst_video_format_info_component (fi, p, comps);
    c = comps[0];
    ps = GST_VIDEO_FORMAT_INFO_PSTRIDE (fi, c);
    bytes = GST_VIDEO_FORMAT_INFO_SCALE_WIDTH (fi, c, w) * ps;
    rows = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT (fi, c, h);
    x0 = GST_VIDEO_FORMAT_INFO_SCALE_WIDTH (fi, c, x) * ps;
    y0 = GST_VIDEO_FORMAT_INFO_SCALE_HEIGHT (fi, c, y);
    for (gint r = 0; r < rows; r++)
      memcpy ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, p) +
          (gsize) (y0 + r) * GST_VIDEO_FRAME_PLANE_STRIDE (frame, p) + x0,
          (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&nf, p) +
          (gsize) r * GST_VIDEO_FRAME_PLANE_STRIDE (&nf, p), bytes);
  }
  gst_video_frame_unmap (&nf);
  return TRUE;
}

gboolean
gst_siseg_labeller_draw (GstSisegLabeller * l, GstBuffer * buffer,
    GstVideoInfo * info, const SisegParams * p, GPtrArray * labels,
    const SisegInstance * inst, guint n, GError ** error)
{
  GstVideoOverlayComposition *comp;
  GstVideoFrame vf;
  gboolean mapped, ok;

  /* pieces converted for other frames are no good */
  if (!gst_video_info_is_equal (info, &l->info)) {
    g_hash_table_remove_all (l->cache);
    l->info = *info;
  }
  comp = gst_siseg_labeller_compose (l, p, labels, inst, n,
      GST_VIDEO_INFO_WIDTH (info), GST_VIDEO_INFO_HEIGHT (info));
  if (comp == NULL)
    return TRUE;
  ok = mapped = gst_video_frame_map (&vf, info, buffer, GST_MAP_READWRITE);
  for (guint i = 0; ok && i < l->pieces->len; i++) {
    gint x, y;

    gst_video_overlay_rectangle_get_render_rectangle
        (gst_video_overlay_composition_get_rectangle (comp, i), &x, &y, NULL,
        NULL);
    ok = gst_siseg_piece_copy (g_ptr_array_index (l->pieces, i), &vf, x, y);
  }
  if (mapped)
    gst_video_frame_unmap (&vf);
  gst_video_overlay_composition_unref (comp);
  if (!ok)
    g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
        "Could not draw the labels on a %s frame", GST_VIDEO_INFO_NAME (info));
  return ok;
}
