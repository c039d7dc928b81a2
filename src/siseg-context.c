/* siseg: the life of a context: its device, its tables, its end.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "siseg-context.h"

#include <stdlib.h>
#include <string.h>

static SisegContext *
context_alloc (void)
{
  SisegContext *ctx = g_new0 (SisegContext, 1);

  ctx->cluster = siseg_cluster_new ();
  ctx->instances = g_array_new (FALSE, FALSE, sizeof (SisegInstance));
  ctx->tracker = siseg_tracker_new ();
  ctx->events = g_array_new (FALSE, FALSE, sizeof (SisegLaunchEvent));
  siseg_cbr_weights (ctx->weights);
  siseg_grid_weights (ctx->grid_weights);
  return ctx;
}

static gboolean
context_open (SisegContext * ctx, const gchar * spec, GError ** error)
{
  ctx->dev = siseg_device_open (spec, error);
  if (!ctx->dev)
    return FALSE;
  ctx->span = ctx->dev->is_cpu ? SISEG_CPU_SPAN : 1;
  /* the tests run the GPU build (span 1) on a CPU device too */
  if (g_getenv ("SISEG_SPAN"))
    ctx->span = CLAMP (atoi (g_getenv ("SISEG_SPAN")), 1, SISEG_CPU_SPAN);
  /* build the common variant now: a broken build shows at start */
  if (!siseg_context_use_variant (ctx, SISEG_FORMAT_RGBA, FALSE, error))
    return FALSE;
  return siseg_context_buffer (ctx, B_WEIGHTS, sizeof (ctx->weights), error)
      && siseg_context_write (ctx, B_WEIGHTS, 0, sizeof (ctx->weights),
      ctx->weights, error)
      && siseg_context_buffer (ctx, B_GRID_W, sizeof (ctx->grid_weights), error)
      && siseg_context_write (ctx, B_GRID_W, 0, sizeof (ctx->grid_weights),
      ctx->grid_weights, error)
      && siseg_context_buffer (ctx, B_MODE, SISEG_MAX_CLASSES, error);
}

/* Device seconds of each kernel launched since the last call, summed per
 * kernel: names[i], seconds[i] for i < the count returned (at most n). */
guint
siseg_context_kernel_times (SisegContext * ctx, const gchar ** names,
    gdouble * seconds, guint n)
{
  gdouble sum[N_KERNELS] = { 0 };
  guint m = 0;

  if (ctx->dev)
    clFinish (ctx->dev->queue);
  for (guint i = 0; i < ctx->events->len; i++) {
    SisegLaunchEvent *le = &g_array_index (ctx->events, SisegLaunchEvent, i);
    cl_ulong t0 = 0, t1 = 0;
    clGetEventProfilingInfo (le->event, CL_PROFILING_COMMAND_START,
        sizeof (t0), &t0, NULL);
    clGetEventProfilingInfo (le->event, CL_PROFILING_COMMAND_END,
        sizeof (t1), &t1, NULL);
    sum[le->k] += t1 > t0 ? (t1 - t0) / 1e9 : 0.0;
    clReleaseEvent (le->event);
  }
  g_array_set_size (ctx->events, 0);
  for (gint k = 0; k < N_KERNELS && m < n; k++, m++) {
    names[m] = siseg_kernel_names[k];
    seconds[m] = sum[k];
  }
  return m;
}

static void
context_close (SisegContext * ctx)
{
  for (guint i = 0; i < ctx->events->len; i++)
    clReleaseEvent (g_array_index (ctx->events, SisegLaunchEvent, i).event);
  g_array_set_size (ctx->events, 0);
  for (gint f = 0; f <= SISEG_FORMAT_I420; f++) {
    for (gint m = 0; m < 2; m++) {
      SisegVariant *v = &ctx->variants[f][m];
      for (gint k = 0; k < N_KERNELS; k++)
        if (v->kernels[k])
          clReleaseKernel (v->kernels[k]);
      if (v->program)
        clReleaseProgram (v->program);
    }
  }
  for (gint b = 0; b < N_BUFFERS; b++)
    if (ctx->mem[b])
      clReleaseMemObject (ctx->mem[b]);
  memset (ctx->variants, 0, sizeof (ctx->variants));
  memset (ctx->mem, 0, sizeof (ctx->mem));
  memset (ctx->mem_size, 0, sizeof (ctx->mem_size));
  siseg_device_close (ctx->dev);
  ctx->dev = NULL;
}

SisegContext *
siseg_context_new (const gchar * device, GError ** error)
{
  SisegContext *ctx = context_alloc ();
  const gchar *env = g_getenv ("SISEG_DEVICE");
  GError *err = NULL;
  gboolean is_auto;

  if (!device || !*device)
    device = "auto";
  if (g_str_equal (device, "auto") && env && *env)
    device = env;
  is_auto = g_str_equal (device, "auto");
  if (g_str_equal (device, "reference"))
    return ctx;
  if (context_open (ctx, device, &err))
    return ctx;
  context_close (ctx);
  if (is_auto) {
    g_warning ("siseg: no OpenCL device works (%s); using the C reference",
        err->message);
    g_error_free (err);
    return ctx;
  }
  g_propagate_error (error, err);
  siseg_context_free (ctx);
  return NULL;
}

gboolean
siseg_context_use_reference (SisegContext * ctx)
{
  if (!ctx->dev)
    return FALSE;
  context_close (ctx);
  ctx->cur = NULL;
  /* the next resize makes the reference's buffers */
  ctx->w = ctx->h = 0;
  return TRUE;
}

static void
host_free (SisegRefBuffers * b)
{
  g_free (b->cls);
  g_free (b->rgba);
  g_free (b->grad);
  g_free (b->g);
  g_free (b->d2);
  g_free (b->scratch);
  g_free (b->parent);
  g_free (b->labels0);
  g_free (b->labels);
  g_free (b->labels2);
  g_free (b->lut);
  g_free (b->band);
  memset (b, 0, sizeof (*b));
}

void
siseg_context_free (SisegContext * ctx)
{
  if (!ctx)
    return;
  context_close (ctx);
  host_free (&ctx->host);
  siseg_cluster_free (ctx->cluster);
  g_array_free (ctx->instances, TRUE);
  siseg_tracker_free (ctx->tracker);
  g_array_free (ctx->events, TRUE);
  g_free (ctx->stats);
  g_free (ctx->grid_x);
  g_free (ctx->grid_y);
  g_free (ctx->colors);
  g_free (ctx->rgb);
  g_free (ctx->visible);
  g_free (ctx);
}

gboolean
siseg_context_prepare (SisegContext * ctx, SisegFormat format,
    gboolean mask16, GError ** error)
{
  g_return_val_if_fail (format <= SISEG_FORMAT_I420, FALSE);
  if (!ctx->dev)
    return TRUE;
  return siseg_context_use_variant (ctx, format, mask16, error);
}

const gchar *
siseg_context_device_name (SisegContext * ctx)
{
  return ctx->dev ? ctx->dev->name : "reference (C)";
}

gboolean
siseg_context_is_opencl (SisegContext * ctx)
{
  return ctx->dev != NULL;
}

void
siseg_context_timings (SisegContext * ctx, SisegTimings * t)
{
  *t = ctx->timings;
}

void
siseg_context_work_size (SisegContext * ctx, gint * w, gint * h)
{
  *w = ctx->w;
  *h = ctx->h;
}

gboolean
siseg_context_debug_read (SisegContext * ctx, const gchar * name,
    gpointer dst, gsize size, GError ** error)
{
  static const struct
  {
    const gchar *name;
    SisegBuffer b;
    gsize host_offset;
  } names[] = {
    {"cls", B_CLS, G_STRUCT_OFFSET (SisegRefBuffers, cls)},
    {"rgba", B_RGBA, G_STRUCT_OFFSET (SisegRefBuffers, rgba)},
    {"grad", B_GRAD, G_STRUCT_OFFSET (SisegRefBuffers, grad)},
    {"d2", B_D2, G_STRUCT_OFFSET (SisegRefBuffers, d2)},
    {"parent", B_PARENT, G_STRUCT_OFFSET (SisegRefBuffers, parent)},
    {"labels0", B_LABELS0, G_STRUCT_OFFSET (SisegRefBuffers, labels0)},
    {"band", B_BAND, G_STRUCT_OFFSET (SisegRefBuffers, band)},
    {"labels", B_LABELS, G_STRUCT_OFFSET (SisegRefBuffers, labels)},
  };

  if (g_str_equal (name, "stats")) {
    memcpy (dst, ctx->stats, MIN (size,
            (ctx->n_inst + 1) * sizeof (SisegStats)));
    return TRUE;
  }
  for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
    if (!g_str_equal (name, names[i].name))
      continue;
    if (ctx->dev)
      return siseg_context_read (ctx, names[i].b, 0, size, dst, error);
    memcpy (dst, G_STRUCT_MEMBER (gpointer, &ctx->host,
            names[i].host_offset), size);
    return TRUE;
  }
  g_set_error (error, SISEG_ERROR, SISEG_ERROR_INPUT, "no buffer \"%s\"", name);
  return FALSE;
}
