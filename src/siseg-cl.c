/* siseg: the OpenCL side of a context: buffers, transfers, kernel
 * arguments, the one launch helper and the kernel variants.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Buffers are made when they must grow, never per frame; a variant (one
 * build of every kernel for a frame layout and mask depth) when first
 * used. Nothing here calls back into the stages.
 */
#include "siseg-context.h"

#include <stdarg.h>

const gchar *siseg_kernel_names[N_KERNELS] = {
  "siseg_convert_mask", "siseg_convert_frame", "siseg_convert_grad",
  "siseg_dfm_cols",
  "siseg_dfm_rows", "siseg_dfm_ascent", "siseg_dfm_jump",
  "siseg_cluster_scatter", "siseg_cluster_label", "siseg_cbr_band_rows",
  "siseg_cbr_band_cols", "siseg_cbr_step", "siseg_cbr_grid",
  "siseg_stats_runs",
  "siseg_overlay_main", "siseg_overlay_chroma",
};

/* ---- device plumbing ---- */

static gboolean
out_of_memory (cl_int err)
{
  return err == CL_OUT_OF_HOST_MEMORY || err == CL_OUT_OF_RESOURCES
      || err == CL_MEM_OBJECT_ALLOCATION_FAILURE
      || err == CL_INVALID_BUFFER_SIZE;
}

/* what a failed allocation of buffer b was for, and what lowers it */
static void
buffer_error (SisegContext * ctx, SisegBuffer b, gsize size, cl_int err,
    GError ** error)
{
  const gchar *name = siseg_cl_strerror (err);

  if (!out_of_memory (err)) {
    siseg_cl_set_error (error, "clCreateBuffer", err, __FILE__, __LINE__);
    return;
  }
  if (b == B_FRAME || b == B_MASK)
    siseg_set_memory_error (error, size, "smaller frames or masks lower it "
        "(max-size does not)", "the copy of the %s on %s (%s)",
        b == B_FRAME ? "frame" : "mask", ctx->dev->name, name);
  else
    siseg_set_memory_error (error, size, SISEG_HINT_MAX_SIZE,
        "a working buffer on %s (%s)", ctx->dev->name, name);
}

gboolean
siseg_context_buffer (SisegContext * ctx, SisegBuffer b, gsize size,
    GError ** error)
{
  cl_int err;

  size = MAX (size, 16);
  if (!ctx->dev || ctx->mem_size[b] >= size)
    return TRUE;
  if (ctx->mem[b])
    clReleaseMemObject (ctx->mem[b]);
  ctx->mem_size[b] = 0;
  /* on CPU devices, memory the host maps without a copy */
  ctx->mem[b] = clCreateBuffer (ctx->dev->context, CL_MEM_READ_WRITE |
      (ctx->dev->is_cpu ? CL_MEM_ALLOC_HOST_PTR : 0), size, NULL, &err);
  if (err != CL_SUCCESS) {
    buffer_error (ctx, b, size, err, error);
    ctx->mem[b] = NULL;
    return FALSE;
  }
  ctx->mem_size[b] = size;
  return TRUE;
}

static gboolean
write_buffer (SisegContext * ctx, SisegBuffer b, gsize offset, gsize size,
    const void *src, cl_bool blocking, GError ** error)
{
  SISEG_CL (clEnqueueWriteBuffer (ctx->dev->queue, ctx->mem[b], blocking,
          offset, size, src, 0, NULL, NULL), fail);
  return TRUE;
fail:
  return FALSE;
}

gboolean
siseg_context_write (SisegContext * ctx, SisegBuffer b, gsize offset,
    gsize size, const void *src, GError ** error)
{
  return write_buffer (ctx, b, offset, size, src, CL_TRUE, error);
}

/* siseg_context_write () without waiting: src must stay as it is until
 * the queue is finished (process () finishes it before it returns) */
gboolean
siseg_context_write_async (SisegContext * ctx, SisegBuffer b, gsize offset,
    gsize size, const void *src, GError ** error)
{
  return write_buffer (ctx, b, offset, size, src, CL_FALSE, error);
}

gboolean
siseg_context_read (SisegContext * ctx, SisegBuffer b, gsize offset,
    gsize size, void *dst, GError ** error)
{
  SISEG_CL (clEnqueueReadBuffer (ctx->dev->queue, ctx->mem[b], CL_TRUE,
          offset, size, dst, 0, NULL, NULL), fail);
  return TRUE;
fail:
  return FALSE;
}

/* The device buffer of an image, a reference the caller releases, and the
 * offsets of its planes in it. On CPU devices a single-plane image is used
 * where it lies (CL_MEM_USE_HOST_PTR with access, CL_MEM_READ_ONLY or
 * CL_MEM_READ_WRITE, no copy: its pixels must outlive the commands that use
 * it) and *wrapped is TRUE; otherwise buffer b holds its planes, copied
 * there when upload is TRUE. */
cl_mem
siseg_context_image (SisegContext * ctx, SisegBuffer b,
    const SisegImage * img, gboolean upload, cl_mem_flags access,
    gsize off[3], gboolean * wrapped, GError ** error)
{
  gint n = siseg_image_n_planes (img);
  gsize total = 0;
  cl_mem mem;
  cl_int err;

  *wrapped = ctx->dev->is_cpu && n == 1;
  if (*wrapped) {
    off[0] = 0;
    mem = clCreateBuffer (ctx->dev->context, access | CL_MEM_USE_HOST_PTR,
        siseg_image_plane_size (img, 0), img->data[0], &err);
    SISEG_CL (err, fail);
    return mem;
  }
  for (gint i = 0; i < n; i++) {
    off[i] = total;
    total += (siseg_image_plane_size (img, i) + 63) & ~(gsize) 63;
  }
  if (!siseg_context_buffer (ctx, b, total, error))
    return NULL;
  for (gint i = 0; upload && i < n; i++)
    if (!siseg_context_write (ctx, b, off[i], siseg_image_plane_size (img, i),
            img->data[i], error))
      return NULL;
  clRetainMemObject (ctx->mem[b]);
  return ctx->mem[b];
fail:
  return NULL;
}

/* n arguments, each as (size, pointer): see ARG and MEM */
gboolean
siseg_context_args (SisegContext * ctx, SisegKernel k, GError ** error,
    gint n, ...)
{
  cl_kernel kernel = ctx->cur->kernels[k];
  gboolean ok = FALSE;
  va_list ap;

  va_start (ap, n);
  for (gint i = 0; i < n; i++) {
    gsize size = va_arg (ap, gsize);
    const void *ptr = va_arg (ap, const void *);
    SISEG_CL (clSetKernelArg (kernel, i, size, ptr), done);
  }
  ok = TRUE;
done:
  va_end (ap);
  return ok;
}

/* The work of a launch: spans of pixels per work-item, rows, strips of
 * columns or items, so that the choice of work-item shape lives here, and
 * its groups, of one shape per kind and build whatever the size: the
 * global size rounded up to whole groups, the kernels skipping the items
 * past the edge. Left to the driver, PoCL chose groups that divide the
 * size and compiled every kernel anew for each (a stall of seconds on
 * every new frame or processing size). On CPUs (long spans) rows and
 * strips are few and long: one a group, so that every thread takes some.
 * A group has at most max_group items (the kernel's limit on the device:
 * halved, rows first, where it is lower). Returns the dimensions, 0 for
 * none. */
guint
siseg_launch_size (gint span, SisegLaunch how, gint w, gint h,
    size_t max_group, size_t gsize[2], size_t lsize[2])
{
  guint dims = 1;

  gsize[0] = gsize[1] = lsize[0] = lsize[1] = 1;
  switch (how) {
    case LAUNCH_SPANS:
      gsize[0] = (w + span - 1) / span;
      gsize[1] = h;
      lsize[0] = span > 1 ? 1 : 16;
      lsize[1] = span > 1 ? 16 : 8;
      dims = 2;
      break;
    case LAUNCH_ROWS:
      gsize[0] = h;
      lsize[0] = span > 1 ? 1 : 16;
      break;
    case LAUNCH_STRIPS:
      gsize[0] = (w + span - 1) / span;
      lsize[0] = span > 1 ? 1 : 16;
      break;
    case LAUNCH_ITEMS:
      gsize[0] = w;
      lsize[0] = SISEG_ITEMS_GROUP;
      break;
  }
  if (gsize[0] == 0 || gsize[1] == 0)
    return 0;
  while (lsize[0] * lsize[1] > MAX (max_group, 1))
    lsize[lsize[1] > 1 ? 1 : 0] /= 2;
  for (guint i = 0; i < dims; i++)
    gsize[i] = (gsize[i] + lsize[i] - 1) / lsize[i] * lsize[i];
  return dims;
}

/* The one launch helper. */
gboolean
siseg_context_launch (SisegContext * ctx, SisegKernel k, SisegLaunch how,
    gint w, gint h, GError ** error)
{
  size_t gsize[2], lsize[2];
  SisegLaunchEvent le = { k, NULL };
  guint dims = siseg_launch_size (ctx->span, how, w, h,
      ctx->cur->max_group[k], gsize, lsize);

  if (dims == 0)
    return TRUE;
  SISEG_CL (clEnqueueNDRangeKernel (ctx->dev->queue, ctx->cur->kernels[k],
          dims, NULL, gsize, lsize, 0, NULL,
          ctx->dev->profiling ? &le.event : NULL), fail);
  if (ctx->dev->profiling)
    g_array_append_val (ctx->events, le);
  return TRUE;
fail:
  return FALSE;
}

static gchar *
variant_options (SisegContext * ctx, SisegFormat format, gboolean mask16)
{
  gint bpp, off[3];
  GString *o = g_string_new ("-cl-std=CL1.2");

  g_string_append_printf (o, " -DSPAN=%d", ctx->span);
  if (mask16)
    g_string_append (o, " -DMASK16");
  if (siseg_format_packed (format, &bpp, off))
    g_string_append_printf (o, " -DPACKED -DBPP=%d -DR_OFF=%d -DG_OFF=%d "
        "-DB_OFF=%d", bpp, off[0], off[1], off[2]);
  else
    g_string_append (o, format == SISEG_FORMAT_NV12 ? " -DNV12" : " -DI420");
  return g_string_free (o, FALSE);
}

gboolean
siseg_context_use_variant (SisegContext * ctx, SisegFormat format,
    gboolean mask16, GError ** error)
{
  SisegVariant *v = &ctx->variants[format][mask16];
  gchar *options;
  cl_int err;

  ctx->cur = v;
  if (v->program)
    return TRUE;
  options = variant_options (ctx, format, mask16);
  v->program = siseg_program_build (ctx->dev, options, error);
  g_free (options);
  if (!v->program)
    return FALSE;
  for (gint k = 0; k < N_KERNELS; k++) {
    v->kernels[k] = clCreateKernel (v->program, siseg_kernel_names[k], &err);
    SISEG_CL (err, fail);
    SISEG_CL (clGetKernelWorkGroupInfo (v->kernels[k], ctx->dev->device,
            CL_KERNEL_WORK_GROUP_SIZE, sizeof (size_t), &v->max_group[k],
            NULL), fail);
  }
  return TRUE;
fail:
  return FALSE;
}
