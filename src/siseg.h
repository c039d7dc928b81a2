/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The one public header of the core library. The core knows nothing of
 * GStreamer: frames and masks come in as plain image descriptors, instances
 * go out as a plain table.
 *
 * Per frame, at a processing resolution (the frame's, long side at most
 * SisegParams.max_size; the mask is scaled to it by nearest neighbour):
 *   prepare -> DFM head -> centroid clustering -> CBR head -> statistics
 * then, on request, the overlay drawn on the frame or the instance-id map.
 */
#ifndef __SISEG_H__
#define __SISEG_H__

#include <glib.h>

G_BEGIN_DECLS

#define SISEG_ERROR (siseg_error_quark ())
GQuark siseg_error_quark (void);

typedef enum
{
  SISEG_ERROR_DEVICE,           /* no usable OpenCL device */
  SISEG_ERROR_BUILD,            /* a kernel did not compile: message has the log */
  SISEG_ERROR_OPENCL,           /* an OpenCL call failed at run time */
  SISEG_ERROR_INPUT,            /* bad frame or mask */
  SISEG_ERROR_MEMORY,           /* out of memory: the message says how much
                                 * was asked for and what lowers it */
} SisegError;

typedef enum
{
  SISEG_FORMAT_RGBA,
  SISEG_FORMAT_BGRA,
  SISEG_FORMAT_RGBX,
  SISEG_FORMAT_BGRX,
  SISEG_FORMAT_RGB,
  SISEG_FORMAT_BGR,
  SISEG_FORMAT_NV12,
  SISEG_FORMAT_I420,
  SISEG_FORMAT_GRAY8,           /* masks: class ids */
  SISEG_FORMAT_GRAY16,          /* masks: class ids, native endian */
} SisegFormat;

/* A frame or a mask in host memory. Planes as in GstVideoFrame: NV12 has
 * Y and interleaved UV, I420 has Y, U, V; strides in bytes. */
typedef struct
{
  SisegFormat format;
  gint width;
  gint height;
  guint8 *data[3];
  gint stride[3];
} SisegImage;

/* What happens to a class's pixels. */
typedef enum
{
  SISEG_CLASS_SPLIT = 0,        /* split into instances (things) */
  SISEG_CLASS_STUFF = 1,        /* one instance per connected component */
  SISEG_CLASS_SKIP = 2,         /* no instance (background, ignore) */
} SisegClassMode;

/* Refinement of borders by the CBR head. */
typedef enum
{
  SISEG_CBR_OFF,
  SISEG_CBR_AUTO,               /* instance and class borders when the mask is
                                 * smaller than the processing size, where its
                                 * blocks need it; none otherwise */
  SISEG_CBR_ON,                 /* instance and class borders, always */
  SISEG_CBR_INSTANCES,          /* instance borders only, always */
} SisegCbrMode;

/* Where a mask smaller or larger than the processing size sits on it. */
typedef enum
{
  SISEG_MASK_ALIGN_CENTRE,      /* pixel centres: mask pixel i spans the
                                 * frame from i * k to (i + 1) * k, k the
                                 * scale (bilinear-style resizers, PIL,
                                 * scikit-image, half-pixel-centre models) */
  SISEG_MASK_ALIGN_CORNER,      /* top-left corners: mask pixel i is the
                                 * frame's pixel i * k (strided subsampling
                                 * mask[::k], OpenCV INTER_NEAREST, PyTorch
                                 * "nearest", strided convolutions) */
} SisegMaskAlign;

/* Which palette colour an instance gets. */
typedef enum
{
  SISEG_COLOR_INSTANCE,         /* by object id: entry (object id - 1) modulo
                                 * the palette's length */
  SISEG_COLOR_CLASS,            /* by class: entry class id modulo the
                                 * palette's length, the same for every
                                 * instance of a class */
} SisegColorMode;

#define SISEG_MAX_CLASSES 65536
#define SISEG_MAX_INSTANCES 65534

/* Defaults: siseg_params_init() and the element's properties use these. */
#define SISEG_DEFAULT_MAX_SIZE 1280
#define SISEG_DEFAULT_BACKGROUND_CLASS 0
#define SISEG_DEFAULT_IGNORE_CLASS 255
#define SISEG_DEFAULT_UNSPLIT_MODE SISEG_CLASS_STUFF
#define SISEG_DEFAULT_EDGE_WEIGHT 0.1f
#define SISEG_DEFAULT_MERGE_DEPTH 3.0f
#define SISEG_DEFAULT_MERGE_RATIO 0.4f
#define SISEG_DEFAULT_PEAK_RATIO 0.3f
#define SISEG_DEFAULT_BORDER_RATIO 1.3f
#define SISEG_DEFAULT_MIN_AREA 32
#define SISEG_DEFAULT_MASK_ALIGN SISEG_MASK_ALIGN_CENTRE
#define SISEG_DEFAULT_CBR_MODE SISEG_CBR_AUTO
#define SISEG_DEFAULT_CBR_ITERATIONS 4
#define SISEG_DEFAULT_CBR_BAND 4
#define SISEG_DEFAULT_ALPHA 0.5f
#define SISEG_DEFAULT_FILL TRUE
#define SISEG_DEFAULT_CONTOURS TRUE
#define SISEG_DEFAULT_BOXES FALSE
#define SISEG_DEFAULT_COLOR_MODE SISEG_COLOR_INSTANCE
#define SISEG_DEFAULT_TRACKING FALSE

typedef struct
{
  /* processing resolution: the frame's size, long side at most max_size;
   * a mask of another size is scaled to it by nearest neighbour. 1280
   * splits 1080p as well as 1920 does (tests/bench/quality.py: pq 0.493
   * vs 0.496 on mots02, 0.665 vs 0.652 on mots09) for 2.25x less work. */
  gint max_size;
  /* how the mask's pixels sit on the frame when their sizes differ: a
   * processing pixel takes the mask pixel nearest to the frame pixel f it
   * samples, by centres or, with corner, by top-left corners (round
   * (f * mw / fw)) */
  SisegMaskAlign mask_align;

  /* classes: those in split_classes (NULL: every class) are split into
   * instances, the others get unsplit_mode (SISEG_CLASS_STUFF or
   * SISEG_CLASS_SKIP); background_class and ignore_class (-1: none) make
   * no instance. The core builds its class table from these alone. */
  gint background_class;
  gint ignore_class;
  const guint *split_classes;   /* class ids; ids >= SISEG_MAX_CLASSES
                                 * are ignored */
  guint n_split_classes;
  SisegClassMode unsplit_mode;

  /* centroid clustering: two touching basins of one class stay apart when
   * the dip between their peaks is deep (merge_depth, in mask pixels;
   * merge_ratio, relative to the lower peak, with edge_weight times the
   * image edges along their border as more evidence), the peaks are
   * comparable (peak_ratio) and their common border is short next to the
   * smaller one (border_ratio); fragments under min_area mask pixels join
   * a neighbour. siseg-cluster.c states the rule whole, its units and its
   * constants. */
  gfloat edge_weight;
  gfloat merge_depth;
  gfloat merge_ratio;
  gfloat peak_ratio;
  gfloat border_ratio;
  guint min_area;               /* in mask pixels; smaller fragments join a
                                 * neighbour, isolated regions see above */

  /* CBR head */
  SisegCbrMode cbr_mode;
  gint cbr_iterations;
  gint cbr_band;                /* half-width of the refined band, pixels */

  /* drawing */
  gfloat alpha;                 /* fill opacity 0..1 */
  gboolean fill;
  gboolean contours;
  gboolean boxes;
  const guint32 *palette;       /* 0xRRGGBB, indexed as color_mode says;
                                 * NULL: built-in */
  guint n_palette;
  SisegColorMode color_mode;
  const guint8 *class_visible;  /* per class id < n_class_visible: 0 hides;
                                 * NULL: all shown */
  guint n_class_visible;

  /* object ids: per frame (the instance ids), or kept across frames by
   * overlap with the previous frame's instances of the same class; the
   * colour follows the object id */
  gboolean tracking;
} SisegParams;

/* Fills params with the defaults (the element's property defaults). */
void siseg_params_init (SisegParams * params);

typedef struct
{
  guint16 id;                   /* 1.. in this frame's id map; 0 is "no
                                 * instance" */
  guint16 class_id;
  guint32 area;                 /* in frame pixels */
  gint x, y, w, h;              /* bounding box in frame pixels */
  gfloat cx, cy;                /* centroid in frame pixels */
  gfloat score;                 /* 0..1: how clearly it stands apart */
  guint64 object_id;            /* with tracking, the object's id across
                                 * frames: from 1, counting up, never reused
                                 * or wrapped; without, equal to id */
} SisegInstance;

typedef struct _SisegContext SisegContext;

/* device: "auto" (first GPU, else CPU device, else the C reference with a
 * warning), "cpu", "gpu", "P.D" (platform.device index), "reference" (the
 * plain-C path, no OpenCL), or any other text, matched against device names.
 * The environment variable SISEG_DEVICE overrides "auto". Compiled programs
 * are cached in $XDG_CACHE_HOME/siseg (SISEG_CACHE_DIR overrides; "" turns the
 * cache off). */
SisegContext *siseg_context_new (const gchar * device, GError ** error);
void siseg_context_free (SisegContext * ctx);

/* Builds (or loads from the cache) the kernels for frames of format and
 * masks of 16 bits (or 8) now, not at the first such frame: for setup off
 * the streaming path. Nothing to do on the reference. */
gboolean siseg_context_prepare (SisegContext * ctx, SisegFormat format,
    gboolean mask16, GError ** error);

/* "PoCL: pthread-skylake ..." or "reference (C)" */
const gchar *siseg_context_device_name (SisegContext * ctx);
gboolean siseg_context_is_opencl (SisegContext * ctx);

/* After an OpenCL failure: the device is let go and the C reference runs
 * the next frames, the tracker's state kept. FALSE: it already did. */
gboolean siseg_context_use_reference (SisegContext * ctx);

/* Segments one frame: fills the context's instance table and id map.
 * frame: any of the video formats; mask: GRAY8 or GRAY16, any size.
 * Class ids at or above SISEG_MAX_CLASSES cannot occur. */
gboolean siseg_context_process (SisegContext * ctx, const SisegParams * params,
    const SisegImage * frame, const SisegImage * mask, GError ** error);

/* The instances found by the last process call, ordered by id. */
const SisegInstance *siseg_context_instances (SisegContext * ctx, guint * n);

/* Draws the last result on frame (same size as processed; any video format)
 * in place: fills, contours, boxes as params say. */
gboolean siseg_context_draw (SisegContext * ctx, const SisegParams * params,
    SisegImage * frame, GError ** error);

/* Writes the last instance-id map, scaled to width x height by nearest
 * neighbour, as native-endian 16-bit ids. */
gboolean siseg_context_read_ids (SisegContext * ctx, guint16 * dst,
    gint stride, gint width, gint height, GError ** error);

/* The colour (0xRRGGBB) that draw gives an instance of class_id with
 * object_id, from params' palette and color_mode. */
guint32 siseg_params_color (const SisegParams * params, guint class_id,
    guint64 object_id);

/* Seconds of host time in each stage of the last frame (for benchmarks).
 * With a device, kernels are queued and count where the host waits for
 * them: the prepare kernels in dfm, the CBR in stats. */
typedef struct
{
  gdouble prepare, dfm, cluster, cbr, stats, draw;
} SisegTimings;
void siseg_context_timings (SisegContext * ctx, SisegTimings * t);

/* With SISEG_PROFILE set in the environment when the context is made, the
 * device time of every kernel launched since the last call, summed per
 * kernel, from OpenCL profiling events: names[i] and seconds[i] for i
 * below the count returned (at most n; every kernel, launched or not).
 * Without it, or on the reference, all zeros. */
guint siseg_context_kernel_times (SisegContext * ctx, const gchar ** names,
    gdouble * seconds, guint n);

G_END_DECLS

#endif /* __SISEG_H__ */
