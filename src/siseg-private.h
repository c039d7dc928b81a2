/* siseg: internal declarations shared by the core's files and its tests.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __SISEG_PRIVATE_H__
#define __SISEG_PRIVATE_H__

#include "siseg.h"
#include "siseg-defs.h"

#include <CL/cl.h>
#include <signal.h>

G_BEGIN_DECLS

/* Kernel sources, embedded at build time by kernels/embed.py. */
typedef struct
{
  const gchar *name;
  const gchar *source;
} SisegKernelSource;

extern const SisegKernelSource siseg_kernel_sources[];

/* distance field value where a column has no boundary at all */
#define SISEG_FAR(w, h) ((w) + (h))

/* OpenCL error checking: every cl* call goes through this. It records the
 * call, the error's name and number and the place in *error and jumps to
 * label. */
const gchar *siseg_cl_strerror (cl_int err);      /* NULL: no name known */
void siseg_cl_set_error (GError ** error, const gchar * call, cl_int err,
    const gchar * file, gint line);

/* An out-of-memory error (SISEG_ERROR_MEMORY): "Out of memory: WHAT asked
 * for BYTES; HINT", HINT saying what lowers it. */
void siseg_set_memory_error (GError ** error, gsize bytes, const gchar * hint,
    const gchar * what, ...) G_GNUC_PRINTF (4, 5);
#define SISEG_HINT_MAX_SIZE "a smaller max-size (the longest side of the " \
  "processing size) lowers it"

/* The call's result; with SISEG_CL_FAIL=N in the environment (the fault
 * tests) the process's Nth checked call fails with CL_OUT_OF_RESOURCES
 * after it ran, as a driver's failure would. */
cl_int siseg_cl_checked (cl_int err);

#define SISEG_CL(call, label)                                              \
  G_STMT_START {                                                           \
    cl_int _siseg_err = siseg_cl_checked (call);                           \
    if (_siseg_err != CL_SUCCESS) {                                        \
      siseg_cl_set_error (error, #call, _siseg_err, __FILE__, __LINE__);   \
      goto label;                                                          \
    }                                                                      \
  } G_STMT_END

/* Device, context and queue (siseg-device.c). */
typedef struct
{
  cl_platform_id platform;
  cl_device_id device;
  cl_context context;
  cl_command_queue queue;
  gboolean is_cpu;
  gboolean profiling;           /* SISEG_PROFILE set: kernels timed */
  gchar *name;                  /* "platform: device" */
  gchar *driver;                /* versions, for the program cache key */
} SisegDevice;

SisegDevice *siseg_device_open (const gchar * spec, GError ** error);
/* terminal signals blocked in this thread while a driver builds or starts
 * threads, then the mask and the handlers as they were (siseg-device.c) */
typedef struct
{
  sigset_t mask;
  struct sigaction actions[4];
} SisegSignals;
void siseg_signals_block (SisegSignals * saved);
void siseg_signals_restore (const SisegSignals * saved);
void siseg_device_close (SisegDevice * dev);

/* Programs (siseg-program.c): all kernels built with options, through the
 * on-disk cache. */
cl_program siseg_program_build (SisegDevice * dev, const gchar * options,
    GError ** error);

/* Working buffers of the per-frame pipeline, host side. */
typedef struct
{
  gint width, height;
  guint16 *cls;                 /* class per pixel */
  guint8 *rgba;                 /* working colour image */
  guint8 *grad;                 /* its edges */
  gint32 *g;                    /* column distances */
  gint32 *d2;                   /* squared distance to the class boundary */
  gint32 *scratch;              /* 2 * width: the row pass's envelope */
  guint32 *parent;              /* steepest ascent, then roots */
  guint16 *labels0;             /* instance id per pixel, clustered */
  guint16 *labels;              /* refined by the CBR head */
  guint16 *labels2;
  guint16 *lut;                 /* instance id at each basin's root pixel */
  guint8 *band;
} SisegRefBuffers;

/* Instance statistics accumulated by siseg_*_stats, per instance id. */
typedef struct
{
  guint32 area;
  guint32 sum_x_lo, sum_x_hi, sum_y_lo, sum_y_hi;
  gint32 x0, y0, x1, y1;
} SisegStats;
G_STATIC_ASSERT (sizeof (SisegStats) == SISEG_STATS_WORDS * 4);

/* The plain-C reference of every kernel (siseg-ref.c): same arguments,
 * same results, bit for bit. */
void siseg_ref_convert_mask (guint16 * cls, gint w, gint h,
    const SisegImage * mask, gint fw, gint fh, gboolean corner);
void siseg_ref_convert_frame (guint8 * rgba, gint w, gint h,
    const SisegImage * frame);
void siseg_ref_convert_grad (guint8 * grad, const guint8 * rgba,
    const guint16 * cls, const guint8 * mode, gint w, gint h);
void siseg_ref_dfm_cols (gint32 * g, const guint16 * cls,
    const guint8 * mode, gint w, gint h);
/* scratch: 2 * w */
void siseg_ref_dfm_rows (gint32 * d2, const gint32 * g, gint32 * scratch,
    const guint16 * cls,
    const guint8 * mode, gint w, gint h);
void siseg_ref_dfm_ascent (guint32 * parent, const guint16 * cls,
    const gint32 * d2, const guint8 * mode, gint w, gint h);
void siseg_ref_dfm_jump (guint32 * parent, gint w, gint h);
void siseg_ref_cluster_label (guint16 * labels, guint16 * lut,
    const guint32 * parent, const guint32 * roots, const guint16 * ids,
    guint n_basins, gint w, gint h);
void siseg_ref_cbr_band (guint8 * band, const guint16 * labels,
    const guint16 * inst_class, gint w, gint h, gint radius,
    gboolean class_borders);
void siseg_ref_cbr_step (guint16 * out, const guint16 * in,
    const guint8 * band, const guint8 * rgba, const guint16 * inst_class,
    const guint16 * cls, const guint16 * weights, gint w, gint h,
    gboolean class_borders);
/* xtab, ytab: per pixel the pixels of the mask samples before and after it
 * (low and high 16 bits) and the weight of the second (0 .. 256) */
void siseg_ref_cbr_grid (guint16 * out, const guint16 * in,
    const guint16 * cls, const guint8 * rgba, const guint32 * xtab,
    const guint32 * ytab, const guint16 * cw, gint w, gint h);
void siseg_ref_stats (SisegStats * stats, const guint16 * labels, gint w,
    gint h);
void siseg_ref_overlay (SisegImage * frame, const guint16 * labels, gint w,
    gint h, const guint32 * colors, const guint8 * visible, gint alpha256,
    gboolean fill, gboolean contours);

/* Image descriptors (siseg-image.c): bytes a pixel and R, G, B byte
 * offsets (FALSE for NV12 and I420), planes, bytes from a plane's first
 * pixel to the end of its last row; an id map scaled by nearest neighbour. */
gboolean siseg_format_packed (SisegFormat f, gint * bpp, gint off[3]);
gint siseg_image_n_planes (const SisegImage * img);
gsize siseg_image_plane_size (const SisegImage * img, gint plane);
void siseg_image_scale_ids (guint16 * dst, gint stride, gint width,
    gint height, const guint16 * ids, gint w, gint h);

/* The mode table (siseg-params.c): one byte per class id, SISEG_CLASS_* */
void siseg_mode_table (guint8 * mode, const SisegParams * params);

/* CBR weights (siseg-stages.c): weights[i] for a colour difference i / 8
 * of the local spread. */
void siseg_cbr_weights (guint16 * weights);
/* the grid step's colour weights: 256 exp (-d / SISEG_GRID_SIGMA), at
 * least 1, for a summed RGB difference d = 4 i + 2 */
void siseg_grid_weights (guint16 * weights);

/* Centroid clustering on the host (siseg-cluster.c). */
typedef struct _SisegCluster SisegCluster;

/* The clustering rule in processing pixels, made from the parameters and
 * the mask's scale by siseg_cluster_rule (); siseg-cluster.c explains it. */
typedef struct
{
  gfloat merge_depth;           /* dip that keeps two basins apart */
  gfloat compact_depth;         /* the same for two compact basins */
  gfloat merge_ratio;           /* relative dip, plus edge evidence */
  gfloat compact_ratio;         /* the same for two compact basins */
  gfloat compact_area;          /* compact: area <= this x pi x peak^2 */
  gfloat peak_ratio;            /* lower peak / higher peak */
  gfloat border_ratio;          /* common border / sqrt (smaller area) */
  gfloat edge_weight;
  guint min_area;               /* fragments under it join a neighbour */
  guint min_alone;              /* a region alone in its class: kept from */
} SisegClusterRule;

/* A basin (or joined basins) and the common border of two, as the rule
 * sees them: squared distances, pixels, sums of image edges. */
typedef struct
{
  gint32 peak;                  /* d2 at the peak */
  guint32 area;
  guint64 grad;
} SisegBasinInfo;

typedef struct
{
  gint32 saddle;                /* d2 at the saddle */
  guint32 n;                    /* border pixel pairs */
  guint64 grad;
} SisegBorderInfo;

/* kx, ky: the processing size over the mask's (1 or more) */
void siseg_cluster_rule (SisegClusterRule * rule, const SisegParams * params,
    gfloat kx, gfloat ky);
gboolean siseg_cluster_apart (const SisegClusterRule * rule,
    const SisegBasinInfo * a, const SisegBasinInfo * b,
    const SisegBorderInfo * border);

SisegCluster *siseg_cluster_new (void);
void siseg_cluster_free (SisegCluster * cl);
/* room for n pixels, made before siseg_cluster_run at that size */
gboolean siseg_cluster_reserve (SisegCluster * cl, gsize n, GError ** error);
/* From the class map, distance field and roots: the basins (roots[i] is a
 * root pixel, ids[i] its instance id) and each instance's class and
 * score. */
void siseg_cluster_run (SisegCluster * cl, const SisegClusterRule * rule,
    const guint8 * mode, const guint16 * cls, const gint32 * d2,
    const guint32 * parent, const guint8 * grad, gint w, gint h);
guint siseg_cluster_n_basins (SisegCluster * cl);
const guint32 *siseg_cluster_roots (SisegCluster * cl);
const guint16 *siseg_cluster_ids (SisegCluster * cl);
guint siseg_cluster_n_instances (SisegCluster * cl);
const guint16 *siseg_cluster_classes (SisegCluster * cl);      /* [n + 1] */
const gfloat *siseg_cluster_scores (SisegCluster * cl);        /* [n + 1] */

/* Object ids kept across frames (siseg-track.c): returns, for the frame's
 * compact ids 0..n_inst, their object ids (map[0] is 0), or NULL when out
 * of memory. next_id is the next fresh object id (from 1; set for tests). */
typedef struct _SisegTracker SisegTracker;
SisegTracker *siseg_tracker_new (void);
void siseg_tracker_free (SisegTracker * t);
const guint64 *siseg_tracker_update (SisegTracker * t, const guint16 * labels,
    gint w, gint h, const guint16 * classes, guint n_inst, GError ** error);
guint64 siseg_tracker_next_id (SisegTracker * t);
void siseg_tracker_set_next_id (SisegTracker * t, guint64 next);

/* Intermediate buffers of the last frame, by name, read into host memory:
 * "cls" (u16), "rgba" (u8 x4), "grad" (u8), "g", "d2" (i32), "parent"
 * (u32 roots),
 * "labels0" (u16, clustered), "band" (u8), "labels" (u16, refined),
 * "stats" (SisegStats per id 0..n). Both paths keep the same ones, so the
 * tests compare each kernel's output with its reference; with no CBR
 * iteration, "labels0" and "band" are not written (they hold an earlier
 * frame's, or nothing). */
gboolean siseg_context_debug_read (SisegContext * ctx, const gchar * name,
    gpointer dst, gsize size, GError ** error);
void siseg_context_work_size (SisegContext * ctx, gint * w, gint * h);

G_END_DECLS

#endif /* __SISEG_PRIVATE_H__ */
