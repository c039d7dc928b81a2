/* siseg: the stages of one frame, each on the device or on the reference.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The pipeline (siseg-pipeline.c) calls these in order; they call down
 * only, into siseg-cl.c, the clustering and the reference.
 */
#include "siseg-context.h"

#include <limits.h>
#include <math.h>
#include <string.h>


/* ---- working buffers at the processing size ---- */

/* The host buffers of the reference: bytes a pixel (scratch: 8 a row). */
static const struct
{
  gsize offset;
  gsize per_pixel;
} ref_buffers[] = {
  {G_STRUCT_OFFSET (SisegRefBuffers, cls), 2},
  {G_STRUCT_OFFSET (SisegRefBuffers, rgba), 4},
  {G_STRUCT_OFFSET (SisegRefBuffers, grad), 1},
  {G_STRUCT_OFFSET (SisegRefBuffers, g), 4},
  {G_STRUCT_OFFSET (SisegRefBuffers, d2), 4},
  {G_STRUCT_OFFSET (SisegRefBuffers, scratch), 0},
  {G_STRUCT_OFFSET (SisegRefBuffers, parent), 4},
  {G_STRUCT_OFFSET (SisegRefBuffers, labels0), 2},
  {G_STRUCT_OFFSET (SisegRefBuffers, labels2), 2},
  {G_STRUCT_OFFSET (SisegRefBuffers, lut), 2},
  {G_STRUCT_OFFSET (SisegRefBuffers, band), 1},
};

/* The host side at w x h: the final labels, the clustering's table and,
 * with no device, every reference buffer; all freed on failure. */
static gboolean
resize_host (SisegContext * ctx, gint w, gint h, GError ** error)
{
  SisegRefBuffers *b = &ctx->host;
  gsize n = (gsize) w * h, total = 2 * n;
  gboolean ok;

  g_free (b->labels);
  b->labels = g_try_malloc0 (2 * n);
  ok = b->labels != NULL;
  for (guint i = 0; i < G_N_ELEMENTS (ref_buffers); i++) {
    gpointer *p = &G_STRUCT_MEMBER (gpointer, b, ref_buffers[i].offset);
    gsize size = ref_buffers[i].per_pixel ? n * ref_buffers[i].per_pixel :
        8 * (gsize) w;
    g_free (*p);
    *p = NULL;
    if (ctx->dev)
      continue;
    total += size;
    *p = ok ? g_try_malloc (size) : NULL;
    ok = ok && *p != NULL;
  }
  if (!ok) {
    g_clear_pointer (&b->labels, g_free);
    for (guint i = 0; i < G_N_ELEMENTS (ref_buffers); i++)
      g_clear_pointer (&G_STRUCT_MEMBER (gpointer, b, ref_buffers[i].offset),
          g_free);
    siseg_set_memory_error (error, total, SISEG_HINT_MAX_SIZE,
        "the working buffers at a processing size of %dx%d", w, h);
    return FALSE;
  }
  return siseg_cluster_reserve (ctx->cluster, n, error);
}

gboolean
siseg_stage_resize (SisegContext * ctx, gint w, gint h, GError ** error)
{
  gsize n = (gsize) w * h;
  static const struct
  {
    SisegBuffer b;
    gsize per_pixel;
  } dev_buffers[] = {
    {B_CLS, 2}, {B_RGBA, 4}, {B_GRAD, 1}, {B_G, 4}, {B_D2, 4},
    {B_PARENT, 4}, {B_LABELS0, 2}, {B_LABELS, 2}, {B_LABELS2, 2},
    {B_BAND, 1},
  };

  if (ctx->w == w && ctx->h == h)
    return TRUE;
  /* until all is made, no size: the next frame tries again */
  ctx->w = ctx->h = 0;
  if (!resize_host (ctx, w, h, error))
    return FALSE;
  g_free (ctx->grid_x);
  g_free (ctx->grid_y);
  ctx->grid_x = g_try_new (guint32, 2 * (gsize) w);
  ctx->grid_y = g_try_new (guint32, 2 * (gsize) h);
  if (!ctx->grid_x || !ctx->grid_y) {
    siseg_set_memory_error (error, 8 * ((gsize) w + h), SISEG_HINT_MAX_SIZE,
        "the CBR's tables at a processing size of %dx%d", w, h);
    return FALSE;
  }
  for (guint i = 0; ctx->dev && i < G_N_ELEMENTS (dev_buffers); i++)
    if (!siseg_context_buffer (ctx, dev_buffers[i].b,
            n * dev_buffers[i].per_pixel, error)) {
      g_prefix_error (error, "Processing at %dx%d: ", w, h);
      return FALSE;
    }
  ctx->w = w;
  ctx->h = h;
  return TRUE;
}

/* ---- prepare ---- */

static gboolean
prepare_cl (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gint corner, GError ** error)
{
  gsize moff[3], foff[3] = { 0, 0, 0 };
  gint w = ctx->w, h = ctx->h, o1, o2;
  const gint *s = frame->stride;
  cl_mem fmem = NULL, mmem = NULL;
  gboolean ok, wrapped;

  ok = siseg_context_write_async (ctx, B_MODE, 0, SISEG_MAX_CLASSES,
      ctx->mode, error) && siseg_context_use_variant (ctx, frame->format,
      mask->format == SISEG_FORMAT_GRAY16, error)
      && (mmem = siseg_context_image (ctx, B_MASK, mask, TRUE,
          CL_MEM_READ_ONLY, moff, &wrapped, error))
      && (fmem = siseg_context_image (ctx, B_FRAME, frame, TRUE,
          CL_MEM_READ_ONLY, foff, &wrapped, error));
  ctx->frame_data = ok && !wrapped ? frame->data[0] : NULL;
  o1 = foff[1];
  o2 = foff[2];
  ok = ok && siseg_context_args (ctx, K_CONVERT_MASK, error, 10,
      MEM (ctx, B_CLS), ARG (mmem), ARG (mask->stride[0]), ARG (mask->width),
      ARG (mask->height), ARG (frame->width), ARG (frame->height), ARG (w),
      ARG (h), ARG (corner))
      && siseg_context_launch (ctx, K_CONVERT_MASK, LAUNCH_SPANS, w, h, error)
      && siseg_context_args (ctx, K_CONVERT_FRAME, error, 11,
      MEM (ctx, B_RGBA), ARG (fmem), ARG (o1), ARG (o2), ARG (s[0]),
      ARG (s[1]), ARG (s[2]), ARG (frame->width), ARG (frame->height),
      ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_CONVERT_FRAME, LAUNCH_SPANS, w, h, error)
      && siseg_context_args (ctx, K_CONVERT_GRAD, error, 6, MEM (ctx, B_GRAD),
      MEM (ctx, B_RGBA), MEM (ctx, B_CLS), MEM (ctx, B_MODE), ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_CONVERT_GRAD, LAUNCH_SPANS, w, h, error);
  /* released once the kernels are done; process () waits for them */
  if (mmem)
    clReleaseMemObject (mmem);
  if (fmem)
    clReleaseMemObject (fmem);
  return ok;
}

static void
prepare_ref (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gboolean corner)
{
  siseg_ref_convert_mask (ctx->host.cls, ctx->w, ctx->h, mask, frame->width,
      frame->height, corner);
  siseg_ref_convert_frame (ctx->host.rgba, ctx->w, ctx->h, frame);
  siseg_ref_convert_grad (ctx->host.grad, ctx->host.rgba, ctx->host.cls,
      ctx->mode, ctx->w, ctx->h);
}

gboolean
siseg_stage_prepare (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gboolean corner, GError ** error)
{
  if (ctx->dev)
    return prepare_cl (ctx, frame, mask, corner, error);
  prepare_ref (ctx, frame, mask, corner);
  return TRUE;
}

/* ---- DFM head ---- */

/* What the clustering on the host reads: with a device, these host
 * buffers are the device buffers mapped (no copy on CPU devices), from the
 * end of the DFM head to the end of the clustering. */
static const struct
{
  SisegBuffer b;
  gsize per_pixel;
  gsize host_offset;
} host_views[] = {
  {B_CLS, 2, G_STRUCT_OFFSET (SisegRefBuffers, cls)},
  {B_GRAD, 1, G_STRUCT_OFFSET (SisegRefBuffers, grad)},
  {B_D2, 4, G_STRUCT_OFFSET (SisegRefBuffers, d2)},
  {B_PARENT, 4, G_STRUCT_OFFSET (SisegRefBuffers, parent)},
};

static gboolean
host_map (SisegContext * ctx, GError ** error)
{
  gsize n = (gsize) ctx->w * ctx->h;
  cl_int err;

  /* in order: the last map waits for all */
  for (guint i = 0; i < G_N_ELEMENTS (host_views); i++) {
    gpointer *ptr = &G_STRUCT_MEMBER (gpointer, &ctx->host,
        host_views[i].host_offset);
    *ptr = clEnqueueMapBuffer (ctx->dev->queue, ctx->mem[host_views[i].b],
        i + 1 == G_N_ELEMENTS (host_views), CL_MAP_READ, 0,
        n * host_views[i].per_pixel, 0, NULL, NULL, &err);
    SISEG_CL (err, fail);
  }
  return TRUE;
fail:
  return FALSE;
}

/* undoes the DFM head's host views, also partial ones */
void
siseg_stage_host_done (SisegContext * ctx)
{
  if (!ctx->dev)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (host_views); i++) {
    gpointer *ptr = &G_STRUCT_MEMBER (gpointer, &ctx->host,
        host_views[i].host_offset);
    if (*ptr)
      clEnqueueUnmapMemObject (ctx->dev->queue, ctx->mem[host_views[i].b],
          *ptr, 0, NULL, NULL);
    *ptr = NULL;
  }
}

static gboolean
dfm_cl (SisegContext * ctx, GError ** error)
{
  gint w = ctx->w, h = ctx->h;

  return siseg_context_args (ctx, K_DFM_COLS, error, 5, MEM (ctx, B_G),
      MEM (ctx, B_CLS), MEM (ctx, B_MODE), ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_DFM_COLS, LAUNCH_STRIPS, w, h, error)
      /* parent, written by the ascent only, is the row pass's scratch */
      && siseg_context_args (ctx, K_DFM_ROWS, error, 7, MEM (ctx, B_D2),
      MEM (ctx, B_G), MEM (ctx, B_PARENT), MEM (ctx, B_CLS), MEM (ctx, B_MODE),
      ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_DFM_ROWS, LAUNCH_ROWS, w, h, error)
      && siseg_context_args (ctx, K_DFM_ASCENT, error, 6,
      MEM (ctx, B_PARENT), MEM (ctx, B_CLS), MEM (ctx, B_D2),
      MEM (ctx, B_MODE), ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_DFM_ASCENT, LAUNCH_SPANS, w, h, error)
      && siseg_context_args (ctx, K_DFM_JUMP, error, 3, MEM (ctx, B_PARENT),
      ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_DFM_JUMP, LAUNCH_SPANS, w, h, error)
      && host_map (ctx, error);
}

static void
dfm_ref (SisegContext * ctx)
{
  SisegRefBuffers *b = &ctx->host;

  siseg_ref_dfm_cols (b->g, b->cls, ctx->mode, ctx->w, ctx->h);
  siseg_ref_dfm_rows (b->d2, b->g, b->scratch, b->cls, ctx->mode, ctx->w,
      ctx->h);
  siseg_ref_dfm_ascent (b->parent, b->cls, b->d2, ctx->mode, ctx->w, ctx->h);
  siseg_ref_dfm_jump (b->parent, ctx->w, ctx->h);
}

gboolean
siseg_stage_dfm (SisegContext * ctx, GError ** error)
{
  if (ctx->dev)
    return dfm_cl (ctx, error);
  dfm_ref (ctx);
  return TRUE;
}

/* ---- clustering: host merge, then basins to labels0 (to labels when
 * no CBR follows) ---- */

static gboolean
label_cl (SisegContext * ctx, SisegBuffer out, GError ** error)
{
  SisegCluster *cl = ctx->cluster;
  gint nb = siseg_cluster_n_basins (cl), w = ctx->w, h = ctx->h;
  gsize nc = ctx->n_inst + 1;

  return siseg_context_buffer (ctx, B_ROOTS, 4 * nb, error)
      && siseg_context_buffer (ctx, B_IDS, 2 * nb, error)
      && siseg_context_buffer (ctx, B_INST_CLASS, 2 * nc, error)
      && (nb == 0 || (siseg_context_write_async (ctx, B_ROOTS, 0, 4 * nb,
              siseg_cluster_roots (cl), error)
          && siseg_context_write_async (ctx, B_IDS, 0, 2 * nb,
              siseg_cluster_ids (cl), error)))
      && siseg_context_write_async (ctx, B_INST_CLASS, 0, 2 * nc,
      siseg_cluster_classes (cl), error)
      && siseg_context_args (ctx, K_CLUSTER_SCATTER, error, 4,
      MEM (ctx, B_LUT), MEM (ctx, B_ROOTS), MEM (ctx, B_IDS), ARG (nb))
      && siseg_context_launch (ctx, K_CLUSTER_SCATTER, LAUNCH_ITEMS, nb, 1,
      error)
      && siseg_context_args (ctx, K_CLUSTER_LABEL, error, 5,
      MEM (ctx, out), MEM (ctx, B_LUT), MEM (ctx, B_PARENT), ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_CLUSTER_LABEL, LAUNCH_SPANS, w, h, error);
}

gboolean
siseg_stage_cluster (SisegContext * ctx, const SisegParams * params,
    const SisegImage * mask, gboolean refine, GError ** error)
{
  SisegRefBuffers *b = &ctx->host;
  SisegCluster *cl = ctx->cluster;
  SisegClusterRule rule;

  siseg_cluster_rule (&rule, params, (gfloat) ctx->w / mask->width,
      (gfloat) ctx->h / mask->height);
  siseg_cluster_run (cl, &rule, ctx->mode, b->cls, b->d2, b->parent,
      b->grad, ctx->w, ctx->h);
  ctx->n_inst = siseg_cluster_n_instances (cl);
  if (ctx->dev)
    return label_cl (ctx, refine ? B_LABELS0 : B_LABELS, error);
  siseg_ref_cluster_label (refine ? b->labels0 : b->labels, b->lut, b->parent,
      siseg_cluster_roots (cl), siseg_cluster_ids (cl),
      siseg_cluster_n_basins (cl), ctx->w, ctx->h);
  return TRUE;
}

/* ---- CBR head: band, then iterations between labels and labels2 ---- */

static gboolean
cbr_band_cl (SisegContext * ctx, gint radius, GError ** error)
{
  gint w = ctx->w, h = ctx->h, cb = ctx->class_borders;

  return siseg_context_args (ctx, K_CBR_BAND_ROWS, error, 7,
      MEM (ctx, B_BAND), MEM (ctx, B_LABELS0), MEM (ctx, B_INST_CLASS),
      ARG (w), ARG (h), ARG (radius), ARG (cb))
      && siseg_context_launch (ctx, K_CBR_BAND_ROWS, LAUNCH_ROWS, w, h, error)
      && siseg_context_args (ctx, K_CBR_BAND_COLS, error, 4,
      MEM (ctx, B_BAND), ARG (w), ARG (h), ARG (radius))
      && siseg_context_launch (ctx, K_CBR_BAND_COLS, LAUNCH_STRIPS, w, h,
      error);
}

/* The iterations alternate between labels and labels2 and end in labels.
 * Only band pixels change: both start as copies of labels0, and the flags
 * of the labels that changed (in lut, free by now) as 0. With no
 * iteration, the clustering wrote labels itself. */
static gboolean
cbr_cl (SisegContext * ctx, gint iterations, gint radius, GError ** error)
{
  gint w = ctx->w, h = ctx->h, cb = ctx->class_borders;
  gsize n = (gsize) w * h;
  SisegBuffer in = B_LABELS0;
  cl_command_queue q = ctx->dev->queue;
  cl_uchar zero = 0;

  if (iterations == 0)
    return TRUE;
  SISEG_CL (clEnqueueCopyBuffer (q, ctx->mem[B_LABELS0], ctx->mem[B_LABELS],
          0, 0, 2 * n, 0, NULL, NULL), fail);
  if (!cbr_band_cl (ctx, radius, error))
    return FALSE;
  if (iterations > 1)
    SISEG_CL (clEnqueueCopyBuffer (q, ctx->mem[B_LABELS0],
            ctx->mem[B_LABELS2], 0, 0, 2 * n, 0, NULL, NULL), fail);
  SISEG_CL (clEnqueueFillBuffer (q, ctx->mem[B_LUT], &zero, 1, 0, 2 * n, 0,
          NULL, NULL), fail);
  for (gint i = 0; i < iterations; i++) {
    SisegBuffer out = (iterations - i) % 2 ? B_LABELS : B_LABELS2;
    if (!siseg_context_args (ctx, K_CBR_STEP, error, 12, MEM (ctx, out),
            MEM (ctx, in), MEM (ctx, B_BAND), MEM (ctx, B_RGBA),
            MEM (ctx, B_INST_CLASS), MEM (ctx, B_CLS), MEM (ctx, B_WEIGHTS),
            MEM (ctx, B_LUT), ARG (w), ARG (h), ARG (cb), ARG (i))
        || !siseg_context_launch (ctx, K_CBR_STEP, LAUNCH_SPANS, w, h, error))
      return FALSE;
    in = out;
  }
  return TRUE;
fail:
  return FALSE;
}

static void
cbr_ref (SisegContext * ctx, gint iterations, gint radius)
{
  SisegRefBuffers *b = &ctx->host;
  const guint16 *ic = siseg_cluster_classes (ctx->cluster);
  guint16 *in = b->labels0;
  gsize n = (gsize) ctx->w * ctx->h;

  if (iterations == 0)
    return;                     /* the clustering wrote labels */
  siseg_ref_cbr_band (b->band, b->labels0, ic, ctx->w, ctx->h, radius,
      ctx->class_borders);
  for (gint i = 0; i < iterations; i++) {
    guint16 *out = in == b->labels ? b->labels2 : b->labels;
    siseg_ref_cbr_step (out, in, b->band, b->rgba, ic, b->cls, ctx->weights,
        ctx->w, ctx->h, ctx->class_borders);
    in = out;
  }
  if (in != b->labels)
    memcpy (b->labels, in, 2 * n);
}

/* ---- CBR head, the grid step: class borders between mask samples ---- */

/* The processing pixel nearest mask sample i, of a mask n samples long on
 * a frame fsize and a processing grid size long: the pixel the sample's
 * class reached (siseg_ref_convert_mask). */
static gint
grid_sample (gint i, gint n, gint size, gint fsize, gboolean corner)
{
  gint64 num = 2 * (gint64) i * size * fsize + (gint64) size * n;
  gint64 den = 2 * (gint64) n * fsize;

  if (!corner)
    return (gint) (((2 * (gint64) i + 1) * size) / (2 * (gint64) n));
  return (gint) MIN (num / den, size - 1);
}

/* For each processing pixel d: the pixels of the samples before and
 * after it and the second's weight, 0 .. 256, from d's position between
 * them in the mask, (2 d + 1) fsize n - size (n or fsize) over 2 size
 * fsize (corner or centre alignment), exact in integers. A mask at least
 * as long as the processing grid has a sample on every pixel. */
static void
grid_table (guint32 * tab, gint size, gint n, gint fsize, gboolean corner)
{
  for (gint d = 0; d < size; d++) {
    gint64 num = (2 * (gint64) d + 1) * fsize * n
        - (gint64) size * (corner ? n : fsize);
    gint64 den = 2 * (gint64) size * fsize;
    gint i = 0, t = 0;
    if (n >= size) {
      tab[2 * d] = d | (d << 16);
      tab[2 * d + 1] = 0;
      continue;
    }
    if (num > 0) {
      i = (gint) (num / den);
      t = (gint) (((num % den) * 256 + den / 2) / den);
    }
    if (i >= n - 1) {
      i = n - 1;
      t = 0;
    }
    tab[2 * d] = grid_sample (i, n, size, fsize, corner)
        | (grid_sample (MIN (i + 1, n - 1), n, size, fsize, corner) << 16);
    tab[2 * d + 1] = t;
  }
}

static gboolean
grid_cl (SisegContext * ctx, gboolean then, GError ** error)
{
  gint w = ctx->w, h = ctx->h;

  if (!siseg_context_buffer (ctx, B_GRID_X, 8 * (gsize) w, error)
      || !siseg_context_buffer (ctx, B_GRID_Y, 8 * (gsize) h, error)
      || !siseg_context_write_async (ctx, B_GRID_X, 0, 8 * (gsize) w,
          ctx->grid_x, error)
      || !siseg_context_write_async (ctx, B_GRID_Y, 0, 8 * (gsize) h,
          ctx->grid_y, error)
      || !siseg_context_args (ctx, K_CBR_GRID, error, 9, MEM (ctx, B_LABELS),
          MEM (ctx, B_LABELS0), MEM (ctx, B_CLS), MEM (ctx, B_RGBA),
          MEM (ctx, B_GRID_X), MEM (ctx, B_GRID_Y), MEM (ctx, B_GRID_W),
          ARG (w), ARG (h))
      || !siseg_context_launch (ctx, K_CBR_GRID, LAUNCH_SPANS, w, h, error))
    return FALSE;
  if (then)
    SISEG_CL (clEnqueueCopyBuffer (ctx->dev->queue, ctx->mem[B_LABELS],
            ctx->mem[B_LABELS0], 0, 0, 2 * (gsize) w * h, 0, NULL, NULL), fail);
  return TRUE;
fail:
  return FALSE;
}

gboolean
siseg_stage_grid (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gboolean corner, gboolean then, GError ** error)
{
  SisegRefBuffers *b = &ctx->host;

  grid_table (ctx->grid_x, ctx->w, mask->width, frame->width, corner);
  grid_table (ctx->grid_y, ctx->h, mask->height, frame->height, corner);
  if (ctx->dev)
    return grid_cl (ctx, then, error);
  siseg_ref_cbr_grid (b->labels, b->labels0, b->cls, b->rgba, ctx->grid_x,
      ctx->grid_y, ctx->grid_weights, ctx->w, ctx->h);
  if (then)
    memcpy (b->labels0, b->labels, 2 * (gsize) ctx->w * ctx->h);
  return TRUE;
}

gboolean
siseg_stage_cbr (SisegContext * ctx, gint iterations, gint radius,
    GError ** error)
{
  if (ctx->dev)
    return cbr_cl (ctx, iterations, radius, error);
  cbr_ref (ctx, iterations, radius);
  return TRUE;
}

/* ---- statistics ---- */

/* Its blocking read waits for the CBR too: one wait less a frame. */
gboolean
siseg_stage_stats (SisegContext * ctx, GError ** error)
{
  gsize n = ctx->n_inst + 1, bytes = n * sizeof (SisegStats);
  gint w = ctx->w, h = ctx->h;

  if (ctx->n_stats < n) {
    ctx->stats = g_renew (SisegStats, ctx->stats, n);
    ctx->n_stats = n;
  }
  for (gsize i = 0; i < n; i++) {
    SisegStats init = { 0, 0, 0, 0, 0, INT_MAX, INT_MAX, -1, -1 };
    ctx->stats[i] = init;
  }
  if (!ctx->dev) {
    siseg_ref_stats (ctx->stats, ctx->host.labels, w, h);
    return TRUE;
  }
  return siseg_context_buffer (ctx, B_STATS, bytes, error)
      && siseg_context_write_async (ctx, B_STATS, 0, bytes, ctx->stats, error)
      && siseg_context_args (ctx, K_STATS_RUNS, error, 4, MEM (ctx, B_STATS),
      MEM (ctx, B_LABELS), ARG (w), ARG (h))
      && siseg_context_launch (ctx, K_STATS_RUNS, LAUNCH_ROWS, w, h, error)
      && siseg_context_read (ctx, B_STATS, 0, bytes, ctx->stats, error);
}

/* The first frame pixel (of frame_size) that shows processing pixel p (of
 * size): frame pixel f shows processing pixel nearest (f), centres
 * aligned, as the overlay and the id map sample it, so f is the least with
 * (2 f + 1) size >= 2 frame_size p. p = size gives frame_size. */
static gint
first_shown (gint p, gint size, gint frame_size)
{
  gint64 num = 2 * (gint64) frame_size * p - size, den = 2 * (gint64) size;

  if (num <= 0)
    return 0;
  return (gint) MIN ((num + den - 1) / den, frame_size);
}

/* The instance table, in frame pixels. A box is exactly the frame pixels
 * that show the processing pixels of the instance's box (integer
 * arithmetic, so it never reaches past the frame); the area counts frame
 * pixels per processing pixel on average; the centroid is the processing
 * one scaled, within [0, width] x [0, height]. */
void
siseg_stage_instances (SisegContext * ctx, gint fw, gint fh)
{
  gdouble sx = (gdouble) fw / ctx->w, sy = (gdouble) fh / ctx->h;
  const guint16 *classes = siseg_cluster_classes (ctx->cluster);
  const gfloat *scores = siseg_cluster_scores (ctx->cluster);

  g_array_set_size (ctx->instances, 0);
  for (guint id = 1; id <= ctx->n_inst; id++) {
    SisegStats *s = &ctx->stats[id];
    SisegInstance in;
    gdouble mx, my;
    if (s->area == 0)
      continue;
    memset (&in, 0, sizeof (in));       /* its padding too: tests compare */
    mx = (((guint64) s->sum_x_hi << 32) | s->sum_x_lo) / (gdouble) s->area;
    my = (((guint64) s->sum_y_hi << 32) | s->sum_y_lo) / (gdouble) s->area;
    in.id = id;
    in.class_id = classes[id];
    in.area = (guint32) lround (s->area * sx * sy);
    in.x = first_shown (s->x0, ctx->w, fw);
    in.y = first_shown (s->y0, ctx->h, fh);
    in.w = first_shown (s->x1 + 1, ctx->w, fw) - in.x;
    in.h = first_shown (s->y1 + 1, ctx->h, fh) - in.y;
    in.cx = (gfloat) CLAMP ((mx + 0.5) * sx, 0.0, fw);
    in.cy = (gfloat) CLAMP ((my + 0.5) * sy, 0.0, fh);
    in.score = scores[id];
    in.object_id = ctx->objects ? ctx->objects[id] : id;
    g_array_append_val (ctx->instances, in);
  }
}

/* The final labels in ctx->host.labels. */
gboolean
siseg_context_final_labels (SisegContext * ctx, GError ** error)
{
  gsize n = (gsize) ctx->w * ctx->h;

  if (!ctx->dev || ctx->labels_on_host)
    return TRUE;
  if (!siseg_context_read (ctx, B_LABELS, 0, 2 * n, ctx->host.labels, error))
    return FALSE;
  ctx->labels_on_host = TRUE;
  return TRUE;
}

void
siseg_grid_weights (guint16 * weights)
{
  for (gint i = 0; i < SISEG_GRID_WEIGHTS; i++)
    weights[i] = (guint16) MAX (1, lrint (256.0 * exp (-(4 * i + 2) /
                SISEG_GRID_SIGMA)));
}

/* CBR weights: weights[i] for a colour difference i / 8 of the local
 * spread. */
void
siseg_cbr_weights (guint16 * weights)
{
  for (gint i = 0; i < SISEG_CBR_WEIGHTS; i++)
    weights[i] = (guint16) lrint (1024.0 * exp (-i / 8.0));
}
