/* siseg: the outputs of a frame: overlay, boxes, instance-id map.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "siseg-context.h"

#include <string.h>

/* distinct colours, 0xRRGGBB */
static const guint32 default_palette[] = {
  0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
  0xf032e6, 0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8,
  0x800000, 0xaaffc3, 0x808000, 0xffd8b1, 0x000075, 0x808080,
};

static guint32
rgb_to_yuv (guint32 c)
{
  gint r = c >> 16, g = (c >> 8) & 0xff, b = c & 0xff;
  gint y = ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
  gint u = ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128;
  gint v = ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128;

  return (y << 16) | (u << 8) | v;
}

guint32
siseg_params_color (const SisegParams * p, guint class_id, guint64 object_id)
{
  const guint32 *pal = p->palette && p->n_palette ? p->palette :
      default_palette;
  guint n_pal = p->palette && p->n_palette ? p->n_palette :
      G_N_ELEMENTS (default_palette);

  if (p->color_mode == SISEG_COLOR_CLASS)
    return pal[class_id % n_pal] & 0xffffff;
  return pal[(object_id - 1) % n_pal] & 0xffffff;
}

/* colours (in the frame's colour space) and visibility per instance id */
static void
draw_tables (SisegContext * ctx, const SisegParams * p, gboolean yuv,
    guint32 * colors, guint8 * visible)
{
  const guint16 *classes = siseg_cluster_classes (ctx->cluster);

  colors[0] = 0;
  visible[0] = 0;
  for (guint id = 1; id <= ctx->n_inst; id++) {
    guint c = classes[id];
    guint64 object = ctx->objects ? ctx->objects[id] : id;
    colors[id] = siseg_params_color (p, c, object);
    if (yuv)
      colors[id] = rgb_to_yuv (colors[id]);
    visible[id] = !p->class_visible || c >= p->n_class_visible
        || p->class_visible[c];
  }
}

/* one pixel; nothing outside the frame */
static void
put_pixel (SisegImage * f, gint x, gint y, guint32 rgb)
{
  gint bpp, off[3];

  if (x < 0 || y < 0 || x >= f->width || y >= f->height)
    return;
  if (siseg_format_packed (f->format, &bpp, off)) {
    guint8 *p = f->data[0] + y * f->stride[0] + x * bpp;
    p[off[0]] = rgb >> 16;
    p[off[1]] = (rgb >> 8) & 0xff;
    p[off[2]] = rgb & 0xff;
    return;
  }
  rgb = rgb_to_yuv (rgb);
  f->data[0][y * f->stride[0] + x] = rgb >> 16;
  if (f->format == SISEG_FORMAT_NV12) {
    guint8 *uv = f->data[1] + (y / 2) * f->stride[1] + (x / 2) * 2;
    uv[0] = (rgb >> 8) & 0xff;
    uv[1] = rgb & 0xff;
  } else {
    f->data[1][(y / 2) * f->stride[1] + x / 2] = (rgb >> 8) & 0xff;
    f->data[2][(y / 2) * f->stride[2] + x / 2] = rgb & 0xff;
  }
}

/* Boxes: 2-pixel rectangles on the host, a few hundred pixels each,
 * clipped to the frame whatever the box says. */
static void
draw_boxes (SisegContext * ctx, const SisegParams * p, SisegImage * f,
    const guint32 * rgb, const guint8 * visible)
{
  for (guint i = 0; i < ctx->instances->len; i++) {
    const SisegInstance *in = &g_array_index (ctx->instances, SisegInstance,
        i);
    gint x0 = MAX (in->x, 0), y0 = MAX (in->y, 0);
    gint x1 = MIN (in->x + in->w, f->width) - 1;
    gint y1 = MIN (in->y + in->h, f->height) - 1;
    if (!visible[in->id] || x0 > x1 || y0 > y1)
      continue;
    for (gint t = 0; t < 2; t++) {
      for (gint x = x0; x <= x1; x++) {
        put_pixel (f, x, MIN (y0 + t, y1), rgb[in->id]);
        put_pixel (f, x, MAX (y1 - t, y0), rgb[in->id]);
      }
      for (gint y = y0; y <= y1; y++) {
        put_pixel (f, MIN (x0 + t, x1), y, rgb[in->id]);
        put_pixel (f, MAX (x1 - t, x0), y, rgb[in->id]);
      }
    }
  }
}

/* the overlay kernels on the frame's buffer fmem, planes at off */
static gboolean
overlay_kernels (SisegContext * ctx, SisegImage * f, cl_mem fmem,
    const gsize off[3], gint alpha, gint fill, gint contours, GError ** error)
{
  gint w = ctx->w, h = ctx->h, fw = f->width, fh = f->height;
  gint cw = (fw + 1) / 2, ch = (fh + 1) / 2, o1 = off[1], o2 = off[2];

  if (!siseg_context_args (ctx, K_OVERLAY_MAIN, error, 12, ARG (fmem),
          MEM (ctx, B_LABELS), MEM (ctx, B_COLORS), MEM (ctx, B_VISIBLE),
          ARG (f->stride[0]), ARG (fw), ARG (fh), ARG (w), ARG (h),
          ARG (alpha), ARG (fill), ARG (contours))
      || !siseg_context_launch (ctx, K_OVERLAY_MAIN, LAUNCH_SPANS, fw, fh,
          error))
    return FALSE;
  if (siseg_image_n_planes (f) > 1
      && (!siseg_context_args (ctx, K_OVERLAY_CHROMA, error, 15, ARG (fmem),
              MEM (ctx, B_LABELS), MEM (ctx, B_COLORS), MEM (ctx, B_VISIBLE),
              ARG (o1), ARG (o2), ARG (f->stride[1]), ARG (f->stride[2]),
              ARG (fw), ARG (fh), ARG (w), ARG (h), ARG (alpha), ARG (fill),
              ARG (contours))
          || !siseg_context_launch (ctx, K_OVERLAY_CHROMA, LAUNCH_SPANS, cw,
              ch, error)))
    return FALSE;
  return TRUE;
}

/* The frame's pixels come back: mapped where the buffer wraps them (no
 * copy on CPU devices), read plane by plane otherwise. */
static gboolean
frame_back (SisegContext * ctx, SisegImage * f, cl_mem fmem,
    const gsize off[3], gboolean wrapped, GError ** error)
{
  cl_int err;
  void *p;

  for (gint i = 0; !wrapped && i < siseg_image_n_planes (f); i++)
    if (!siseg_context_read (ctx, B_FRAME, off[i],
            siseg_image_plane_size (f, i), f->data[i], error))
      return FALSE;
  if (!wrapped)
    return TRUE;
  p = clEnqueueMapBuffer (ctx->dev->queue, fmem, CL_TRUE, CL_MAP_READ, 0,
      siseg_image_plane_size (f, 0), 0, NULL, NULL, &err);
  SISEG_CL (err, fail);
  SISEG_CL (clEnqueueUnmapMemObject (ctx->dev->queue, fmem, p, 0, NULL,
          NULL), fail);
  SISEG_CL (clFinish (ctx->dev->queue), fail);
  return TRUE;
fail:
  return FALSE;
}

static gboolean
overlay_cl (SisegContext * ctx, SisegImage * f, gint alpha, gint fill,
    gint contours, GError ** error)
{
  gsize off[3] = { 0, 0, 0 };
  gboolean wrapped, ok;
  /* a copied frame is on the device since process () unless it moved */
  cl_mem fmem = siseg_context_image (ctx, B_FRAME, f,
      f->data[0] != ctx->frame_data, CL_MEM_READ_WRITE, off, &wrapped,
      error);

  if (!fmem)
    return FALSE;
  ok = overlay_kernels (ctx, f, fmem, off, alpha, fill, contours, error)
      && frame_back (ctx, f, fmem, off, wrapped, error);
  clReleaseMemObject (fmem);
  return ok;
}

gboolean
siseg_context_draw (SisegContext * ctx, const SisegParams * p,
    SisegImage * f, GError ** error)
{
  gint bpp, off[3], alpha = (gint) (CLAMP (p->alpha, 0.0f, 1.0f) * 256);
  gboolean yuv = !siseg_format_packed (f->format, &bpp, off);
  gsize n = ctx->n_inst + 1;
  guint32 *colors, *rgb;
  guint8 *visible;
  gint64 t = g_get_monotonic_time ();
  gboolean ok = TRUE;

  if (f->width != ctx->frame.width || f->height != ctx->frame.height
      || f->format != ctx->frame.format) {
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_INPUT,
        "draw: the frame must be the one processed (%dx%d)",
        ctx->frame.width, ctx->frame.height);
    ok = FALSE;
    goto done;
  }
  if (ctx->n_draw < n) {
    ctx->colors = g_renew (guint32, ctx->colors, n);
    ctx->rgb = g_renew (guint32, ctx->rgb, n);
    ctx->visible = g_renew (guint8, ctx->visible, n);
    ctx->n_draw = n;
  }
  colors = ctx->colors;
  rgb = ctx->rgb;
  visible = ctx->visible;
  draw_tables (ctx, p, yuv, colors, visible);
  draw_tables (ctx, p, FALSE, rgb, visible);
  if (!ctx->dev)
    siseg_ref_overlay (f, ctx->host.labels, ctx->w, ctx->h, colors, visible,
        alpha, p->fill, p->contours);
  else
    ok = siseg_context_buffer (ctx, B_COLORS, 4 * n, error)
        && siseg_context_buffer (ctx, B_VISIBLE, n, error)
        && siseg_context_write_async (ctx, B_COLORS, 0, 4 * n, colors, error)
        && siseg_context_write_async (ctx, B_VISIBLE, 0, n, visible, error)
        && overlay_cl (ctx, f, alpha, p->fill ? 1 : 0, p->contours ? 1 : 0,
        error);
  /* the tables change with the next frame: nothing may still read them */
  if (!ok && ctx->dev)
    clFinish (ctx->dev->queue);
  if (ok && p->boxes)
    draw_boxes (ctx, p, f, rgb, visible);
done:
  ctx->timings.draw = (g_get_monotonic_time () - t) / 1e6;
  return ok;
}

gboolean
siseg_context_read_ids (SisegContext * ctx, guint16 * dst, gint stride,
    gint width, gint height, GError ** error)
{
  if (!siseg_context_final_labels (ctx, error))
    return FALSE;
  siseg_image_scale_ids (dst, stride, width, height, ctx->host.labels,
      ctx->w, ctx->h);
  return TRUE;
}
