/* siseg: the per-frame pipeline.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * prepare -> DFM head -> clustering -> CBR head -> statistics, each stage
 * (siseg-stages.c) on the OpenCL device or, with no device, on the plain-C
 * reference.
 */
#include "siseg-context.h"

#include <math.h>
#include <string.h>

static gboolean
check_input (const SisegImage * frame, const SisegImage * mask, GError ** error)
{
  if (frame->format > SISEG_FORMAT_I420 || frame->width < 1
      || frame->height < 1) {
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_INPUT,
        "frame: unsupported format %d or size %dx%d", frame->format,
        frame->width, frame->height);
    return FALSE;
  }
  if ((mask->format != SISEG_FORMAT_GRAY8
          && mask->format != SISEG_FORMAT_GRAY16) || mask->width < 1
      || mask->height < 1) {
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_INPUT,
        "mask: must be GRAY8 or GRAY16 class ids, got format %d size %dx%d",
        mask->format, mask->width, mask->height);
    return FALSE;
  }
  return TRUE;
}

static void
work_size (const SisegParams * p, const SisegImage * f, gint * w, gint * h)
{
  gint big = MAX (f->width, f->height);
  gdouble k = p->max_size > 0 && big > p->max_size ?
      (gdouble) p->max_size / big : 1.0;

  *w = MAX (1, (gint) lround (f->width * k));
  *h = MAX (1, (gint) lround (f->height * k));
}

static gdouble
lap (gint64 * t)
{
  gint64 now = g_get_monotonic_time (), d = now - *t;

  *t = now;
  return d / 1e6;
}

gboolean
siseg_context_process (SisegContext * ctx, const SisegParams * params,
    const SisegImage * frame, const SisegImage * mask, GError ** error)
{
  SisegCbrMode cbr = params->cbr_mode;
  gint corner = params->mask_align == SISEG_MASK_ALIGN_CORNER;
  gint w, h, iters;
  gboolean grid;
  gint64 t = g_get_monotonic_time ();
  SisegTimings *tm = &ctx->timings;
  gboolean ok;

  if (!check_input (frame, mask, error))
    return FALSE;
  work_size (params, frame, &w, &h);
  if (!siseg_stage_resize (ctx, w, h, error))
    return FALSE;
  ctx->frame = *frame;
  ctx->labels_on_host = FALSE;
  /* the grid step wherever the mask is coarser than the processing grid;
   * the PAMR iterations only when asked for (on, instances): on the
   * evaluation sets they gained nothing measurable after it
   * (tests/bench/README.md) */
  grid = cbr != SISEG_CBR_OFF && (mask->width < w || mask->height < h);
  iters = cbr == SISEG_CBR_ON || cbr == SISEG_CBR_INSTANCES ?
      params->cbr_iterations : 0;
  ctx->class_borders = cbr == SISEG_CBR_ON;
  siseg_mode_table (ctx->mode, params);

  ok = siseg_stage_prepare (ctx, frame, mask, corner, error);
  tm->prepare = lap (&t);
  ok = ok && siseg_stage_dfm (ctx, error);
  tm->dfm = lap (&t);
  ok = ok && siseg_stage_cluster (ctx, params, mask, grid || iters > 0, error);
  siseg_stage_host_done (ctx);
  tm->cluster = lap (&t);
  ok = ok && (!grid || siseg_stage_grid (ctx, frame, mask, corner, iters > 0,
          error));
  ok = ok && siseg_stage_cbr (ctx, iters, MAX (params->cbr_band, 1), error);
  tm->cbr = lap (&t);
  ok = ok && siseg_stage_stats (ctx, error);
  tm->stats = lap (&t);
  /* a failed frame: nothing queued may outlive it (its pixels, tables) */
  if (!ok && ctx->dev)
    clFinish (ctx->dev->queue);
  ctx->objects = NULL;
  if (ok && params->tracking && (ok = siseg_context_final_labels (ctx, error)))
    ok = (ctx->objects = siseg_tracker_update (ctx->tracker, ctx->host.labels,
            ctx->w, ctx->h, siseg_cluster_classes (ctx->cluster), ctx->n_inst,
            error)) != NULL;
  if (ok)
    siseg_stage_instances (ctx, frame->width, frame->height);
  else
    g_array_set_size (ctx->instances, 0);
  return ok;
}

const SisegInstance *
siseg_context_instances (SisegContext * ctx, guint * n)
{
  *n = ctx->instances->len;
  return (const SisegInstance *) ctx->instances->data;
}
