/* siseg: the context's insides, shared by the files that make up a
 * context: siseg-context.c (its life), siseg-cl.c (OpenCL plumbing),
 * siseg-stages.c (the stages), siseg-pipeline.c (a frame) and
 * siseg-draw.c (its outputs). Calls go down that list's reverse only:
 * pipeline and draw call stages, stages call cl.
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
  K_CBR_BAND_COLS, K_CBR_STEP, K_CBR_GRID, K_STATS_RUNS, K_OVERLAY_MAIN,
  K_OVERLAY_CHROMA, N_KERNELS
} SisegKernel;

/* how a kernel's global size follows the image (rounded up to whole
 * groups: siseg_launch_size ()) */
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
  size_t max_group[N_KERNELS];  /* CL_KERNEL_WORK_GROUP_SIZE */
} SisegVariant;

typedef enum
{
  B_CLS, B_RGBA, B_GRAD, B_G, B_D2, B_PARENT, B_LABELS0, B_LABELS,
  B_LABELS2, B_BAND, B_MODE, B_WEIGHTS, B_INST_CLASS, B_ROOTS, B_IDS,
  B_STATS, B_FRAME, B_MASK, B_COLORS, B_VISIBLE, B_GRID_X, B_GRID_Y,
  B_GRID_W, N_BUFFERS
} SisegBuffer;

/* The column distances g are dead once the row pass is done: their buffer
 * then holds the lut (id at each basin root, 2 bytes a pixel) and the CBR's
 * change flags (2 bytes a pixel). */
#define B_LUT B_G

/* a kernel launched, for its profiling times */
typedef struct
{
  SisegKernel k;
  cl_event event;
} SisegLaunchEvent;

extern const gchar *siseg_kernel_names[N_KERNELS];

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
  guint16 grid_weights[SISEG_GRID_WEIGHTS];
  guint32 *grid_x, *grid_y;     /* the grid step's tables, 2 words a pixel */
  SisegCluster *cluster;
  guint n_inst;
  SisegStats *stats;
  gsize n_stats;
  GArray *instances;            /* SisegInstance, by compact id */
  SisegTracker *tracker;
  const guint64 *objects;       /* compact id -> object id; NULL: the same */
  guint32 *colors;              /* per id: in the frame's colour space */
  guint32 *rgb;                 /* per id: 0xRRGGBB */
  guint8 *visible;              /* per id */
  gsize n_draw;                 /* entries of the three */
  gboolean labels_on_host;
  SisegTimings timings;
  GArray *events;               /* SisegLaunchEvent, with profiling */
};

/* siseg-cl.c */
/* work-items a group for launches of items (counts, not pixels) */
#define SISEG_ITEMS_GROUP 64
guint siseg_launch_size (gint span, SisegLaunch how, gint w, gint h,
    size_t max_group, size_t gsize[2], size_t lsize[2]);
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

/* siseg-stages.c: one stage each, on the device or the reference */
gboolean siseg_stage_resize (SisegContext * ctx, gint w, gint h,
    GError ** error);
gboolean siseg_stage_prepare (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gboolean corner, GError ** error);
/* ends with the maps the clustering reads on the host: host_done undoes
 * them, after a failure too */
gboolean siseg_stage_dfm (SisegContext * ctx, GError ** error);
gboolean siseg_stage_cluster (SisegContext * ctx, const SisegParams * params,
    const SisegImage * mask, gboolean refine, GError ** error);
void siseg_stage_host_done (SisegContext * ctx);
/* the CBR's grid step, labels0 -> labels (and labels0, when then) */
gboolean siseg_stage_grid (SisegContext * ctx, const SisegImage * frame,
    const SisegImage * mask, gboolean corner, gboolean then,
    GError ** error);
gboolean siseg_stage_cbr (SisegContext * ctx, gint iterations, gint radius,
    GError ** error);
gboolean siseg_stage_stats (SisegContext * ctx, GError ** error);
void siseg_stage_instances (SisegContext * ctx, gint fw, gint fh);
/* the final labels in ctx->host.labels */
gboolean siseg_context_final_labels (SisegContext * ctx, GError ** error);

/* ARG (x): one kernel argument, for siseg_context_args */
#define ARG(x) (gsize) sizeof (x), (const void *) &(x)
#define MEM(ctx, b) (gsize) sizeof (cl_mem), (const void *) &(ctx)->mem[b]

G_END_DECLS

#endif /* __SISEG_CONTEXT_H__ */
