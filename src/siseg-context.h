/* siseg: the context's insides, shared by siseg-pipeline.c and
 * siseg-draw.c only.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __SISEG_CONTEXT_H__
#define __SISEG_CONTEXT_H__

#include "siseg-private.h"

G_BEGIN_DECLS

typedef enum
{
  K_CONVERT_MASK, K_CONVERT_FRAME, K_CONVERT_GRAD, K_DFM_COLS, K_DFM_ROWS, K_DFM_ASCENT,
  K_DFM_JUMP, K_CLUSTER_SCATTER, K_CLUSTER_LABEL, K_CBR_BAND_ROWS,
  K_CBR_BAND_COLS, K_CBR_STEP, K_STATS_RUNS, K_OVERLAY_MAIN,
  K_OVERLAY_CHROMA, N_KERNELS
} SisegKernel;

/* how a kernel's global size follows the image */
typedef enum
{
  LAUNCH_SPANS,                 /* (ceil (w / span), h) */
  LAUNCH_ROWS,                  /* h */
  LAUNCH_STRIPS,                /* ceil (w / span): strips of columns */
  LAUNCH_ITEMS,                 /* w items */
} SisegLaunch;

/* one build of the kernels, for one frame layout and mask depth */
typedef struct
{
  cl_program program;
  cl_kernel kernels[N_KERNELS];
} SisegVariant;

typedef enum
{
  B_CLS, B_RGBA, B_GRAD, B_G, B_D2, B_PARENT, B_LABELS0, B_LABELS,
  B_LABELS2, B_BAND, B_MODE, B_WEIGHTS, B_INST_CLASS, B_ROOTS, B_IDS,
  B_STATS, B_FRAME, B_MASK, B_COLORS, B_VISIBLE, N_BUFFERS
} SisegBuffer;

/* The column distances g are dead once the row pass is done: their buffer
 * then holds the lut (id at each basin root, 2 bytes a pixel) and the CBR's
 * change flags (2 bytes a pixel). */
#define B_LUT B_G

struct _SisegContext
{
  SisegDevice *dev;             /* NULL: the plain-C reference */
  gint span;
  SisegVariant variants[SISEG_FORMAT_I420 + 1][2];
  SisegVariant *cur;
  cl_mem mem[N_BUFFERS];
  gsize mem_size[N_BUFFERS];

  gint w, h;                    /* processing size */
  SisegImage frame;             /* the last frame's layout */
  const guint8 *frame_data;     /* and its pixels, as uploaded */
  gboolean class_borders;
  SisegRefBuffers host;
  guint8 mode[SISEG_MAX_CLASSES];
  guint16 weights[SISEG_CBR_WEIGHTS];
  SisegCluster *cluster;
  guint n_inst;
  SisegStats *stats;
  gsize n_stats;
  GArray *instances;            /* SisegInstance, compact ids */
  SisegTracker *tracker;
  const guint16 *shown;         /* compact id -> shown id; NULL: the same */
  GArray *shown_instances;      /* SisegInstance, shown ids */
  guint16 *final;               /* host labels the last frame ended with */
  gboolean labels_on_host;
  SisegTimings timings;
};

gboolean siseg_context_launch (SisegContext * ctx, SisegKernel k,
    SisegLaunch how, gint w, gint h, GError ** error);
gboolean siseg_context_args (SisegContext * ctx, SisegKernel k,
    GError ** error, gint n, ...);
gboolean siseg_context_buffer (SisegContext * ctx, SisegBuffer b, gsize size,
    GError ** error);
gboolean siseg_context_write (SisegContext * ctx, SisegBuffer b,
    gsize offset, gsize size, const void *src, GError ** error);
gboolean siseg_context_write_async (SisegContext * ctx, SisegBuffer b,
    gsize offset, gsize size, const void *src, GError ** error);
gboolean siseg_context_read (SisegContext * ctx, SisegBuffer b,
    gsize offset, gsize size, void *dst, GError ** error);
cl_mem siseg_context_image (SisegContext * ctx, SisegBuffer b,
    const SisegImage * img, gboolean upload, cl_mem_flags access,
    gsize off[3], gboolean * wrapped, GError ** error);
gboolean siseg_context_use_variant (SisegContext * ctx, SisegFormat format,
    gboolean mask16, GError ** error);
gboolean siseg_context_final_labels (SisegContext * ctx, GError ** error);
gsize siseg_image_plane_size (const SisegImage * img, gint plane);
gint siseg_image_n_planes (const SisegImage * img);

/* ARG (x): one kernel argument, for siseg_context_args */
#define ARG(x) (gsize) sizeof (x), (const void *) &(x)
#define MEM(ctx, b) (gsize) sizeof (cl_mem), (const void *) &(ctx)->mem[b]

G_END_DECLS

#endif /* __SISEG_CONTEXT_H__ */
