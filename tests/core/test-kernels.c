/* siseg: every OpenCL kernel against its plain-C reference.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The same frame goes through an OpenCL context and a reference context;
 * every intermediate buffer (one per kernel) must be equal bit for bit, and
 * so must the instance table, the drawn frame and the id map. Odd sizes,
 * padded strides, every frame layout, 8- and 16-bit masks of other sizes,
 * seeded random scenes. Fails when there is no OpenCL device.
 *
 * --small: only small cases, each through both builds of the kernels (span
 * 64 and span 1), for a device as slow as Oclgrind's simulator.
 */
#include "siseg-context.h"

#include <string.h>

typedef struct
{
  SisegImage img;
  guint8 *mem;
} Owned;

static void
owned_free (Owned * o)
{
  g_free (o->mem);
}

/* the first row's padding of the next frames, and their first byte's
 * offset from an aligned one */
static gint case_pad = 13, case_shift;

/* a frame of random colours with smooth patches, strides padded */
static Owned
make_frame (SisegFormat fmt, gint w, gint h, GRand * r)
{
  Owned o = { {fmt, w, h, {NULL}, {0}}, NULL };
  gint bpp = fmt <= SISEG_FORMAT_BGRX ? 4 : fmt <= SISEG_FORMAT_BGR ? 3 : 1;
  gint cw = (w + 1) / 2, ch = (h + 1) / 2;
  gsize size[3] = { 0, 0, 0 }, total = case_shift;

  o.img.stride[0] = w * bpp + case_pad;
  if (fmt == SISEG_FORMAT_NV12)
    o.img.stride[1] = 2 * cw + 7;
  if (fmt == SISEG_FORMAT_I420)
    o.img.stride[1] = o.img.stride[2] = cw + 5;
  size[0] = (gsize) o.img.stride[0] * h;
  size[1] = (gsize) o.img.stride[1] * ch;
  size[2] = (gsize) o.img.stride[2] * ch;
  o.mem = g_malloc (case_shift + size[0] + size[1] + size[2] + 64);
  for (gsize i = 0; i < case_shift + size[0] + size[1] + size[2]; i++)
    o.mem[i] = (i / 97 * 31 + g_rand_int_range (r, 0, 40)) & 0xff;
  for (gint i = 0; i < 3; i++) {
    o.img.data[i] = size[i] ? o.mem + total : NULL;
    total += size[i];
  }
  return o;
}

/* a class mask of random overlapping discs (classes 1..3) and some noise */
static Owned
make_mask (gboolean sixteen, gint w, gint h, GRand * r)
{
  Owned o = { {sixteen ? SISEG_FORMAT_GRAY16 : SISEG_FORMAT_GRAY8, w, h,
      {NULL}, {0}}, NULL
  };
  gint bpp = sixteen ? 2 : 1, n = g_rand_int_range (r, 3, 30);

  o.img.stride[0] = w * bpp + 6;
  o.mem = g_malloc0 ((gsize) o.img.stride[0] * h);
  o.img.data[0] = o.mem;
  for (gint k = 0; k < n; k++) {
    gint cx = g_rand_int_range (r, 0, w), cy = g_rand_int_range (r, 0, h);
    gint rad = g_rand_int_range (r, 1, MAX (2, MIN (w, h) / 4));
    guint c = g_rand_int_range (r, 1, 4) + (sixteen ? 300 : 0);
    for (gint y = MAX (0, cy - rad); y < MIN (h, cy + rad + 1); y++)
      for (gint x = MAX (0, cx - rad); x < MIN (w, cx + rad + 1); x++) {
        guint v = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= rad * rad ? c :
            g_rand_int_range (r, 0, 50) == 0 ? 255 : 0;
        if (v == 0)
          continue;
        if (sixteen)
          ((guint16 *) (o.mem + y * o.img.stride[0]))[x] = v;
        else
          o.mem[y * o.img.stride[0] + x] = v;
      }
  }
  return o;
}

static void
compare_buffer (SisegContext * cl, SisegContext * ref, const gchar * name,
    gsize size)
{
  guint8 *a = g_malloc (size), *b = g_malloc (size);
  GError *err = NULL;

  g_assert_true (siseg_context_debug_read (cl, name, a, size, &err));
  g_assert_no_error (err);
  g_assert_true (siseg_context_debug_read (ref, name, b, size, &err));
  if (memcmp (a, b, size) != 0) {
    gsize i = 0;
    while (a[i] == b[i])
      i++;
    g_error ("buffer %s differs at byte %" G_GSIZE_FORMAT " of %"
        G_GSIZE_FORMAT ": %u vs %u", name, i, size, a[i], b[i]);
  }
  g_free (a);
  g_free (b);
}

/* d2 is defined on classes that are not skipped (by default 0 and 255);
 * the reference writes 0 elsewhere. (The column distances are checked
 * through it: their buffer is reused once the row pass is done.) */
static void
compare_dfm (SisegContext * cl, SisegContext * ref, const gchar * name, gsize n)
{
  gint32 *a = g_new (gint32, n), *b = g_new (gint32, n);
  guint16 *cls = g_new (guint16, n);
  GError *err = NULL;

  g_assert_true (siseg_context_debug_read (cl, name, a, 4 * n, &err));
  g_assert_true (siseg_context_debug_read (ref, name, b, 4 * n, &err));
  g_assert_true (siseg_context_debug_read (ref, "cls", cls, 2 * n, &err));
  for (gsize i = 0; i < n; i++) {
    if (cls[i] == 0 || cls[i] == 255)
      continue;
    if (a[i] != b[i])
      g_error ("buffer %s differs at pixel %" G_GSIZE_FORMAT ": %d vs %d",
          name, i, a[i], b[i]);
  }
  g_free (a);
  g_free (b);
  g_free (cls);
}

/* refined: whether a CBR step ran (without one labels0 is not made);
 * band: whether the PAMR iterations did (without them the band is not) */
static void
compare_all (SisegContext * cl, SisegContext * ref, gboolean refined,
    gboolean band)
{
  gint w, h;
  gsize n;
  guint na, nb;
  const SisegInstance *ia = siseg_context_instances (cl, &na);
  const SisegInstance *ib = siseg_context_instances (ref, &nb);

  siseg_context_work_size (cl, &w, &h);
  n = (gsize) w *h;
  compare_buffer (cl, ref, "cls", 2 * n);
  compare_buffer (cl, ref, "rgba", 4 * n);
  compare_buffer (cl, ref, "grad", n);
  compare_dfm (cl, ref, "d2", n);
  compare_buffer (cl, ref, "parent", 4 * n);
  if (refined)
    compare_buffer (cl, ref, "labels0", 2 * n);
  if (band)
    compare_buffer (cl, ref, "band", n);
  compare_buffer (cl, ref, "labels", 2 * n);
  g_assert_cmpuint (na, ==, nb);
  compare_buffer (cl, ref, "stats", (na ? ia[na - 1].id + 1 : 1) *
      sizeof (SisegStats));
  g_assert_cmpmem (ia, na * sizeof (SisegInstance), ib,
      nb * sizeof (SisegInstance));
}

/* when > 0, the processing cap of the next cases; their mask alignment */
static gint case_max_size;
static SisegMaskAlign case_mask_align;

static void
run_case (SisegContext * cl, SisegContext * ref, SisegFormat fmt, gint fw,
    gint fh, gint mw, gint mh, gboolean m16, SisegCbrMode cbr, guint32 seed)
{
  GRand *r = g_rand_new_with_seed (seed);
  Owned fa = make_frame (fmt, fw, fh, r), mask = make_mask (m16, mw, mh, r);
  Owned fb = { fa.img, g_memdup2 (fa.mem, case_shift +
        (gsize) fa.img.stride[0] * fh +
        (gsize) fa.img.stride[1] * ((fh + 1) / 2) +
        (gsize) fa.img.stride[2] * ((fh + 1) / 2) + 64)
  };
  SisegParams p;
  GError *err = NULL;
  guint16 *ida = g_new (guint16, fw * fh), *idb = g_new (guint16, fw * fh);
  gint w, h;
  gboolean pamr;

  for (gint i = 0; i < 3; i++)
    fb.img.data[i] = fa.img.data[i] ? fb.mem + (fa.img.data[i] - fa.mem) : 0;
  siseg_params_init (&p);
  p.cbr_mode = cbr;
  p.boxes = TRUE;
  p.min_area = seed % 3 == 0 ? 0 : 8;
  /* the blends' edge cases: opaque fill, contours alone */
  if (seed % 4 == 1)
    p.alpha = 1.0f;
  if (seed % 5 == 2)
    p.fill = FALSE;
  if (case_max_size > 0)
    p.max_size = case_max_size;
  p.mask_align = case_mask_align;
  g_test_message ("format %d frame %dx%d mask %dx%d%s cbr %d seed %u", fmt,
      fw, fh, mw, mh, m16 ? " (16 bit)" : "", cbr, seed);
  g_assert_true (siseg_context_process (cl, &p, &fa.img, &mask.img, &err));
  g_assert_no_error (err);
  g_assert_true (siseg_context_process (ref, &p, &fb.img, &mask.img, &err));
  siseg_context_work_size (cl, &w, &h);
  pamr = cbr == SISEG_CBR_ON || cbr == SISEG_CBR_INSTANCES;
  compare_all (cl, ref, pamr || (cbr != SISEG_CBR_OFF && (mw < w || mh < h)),
      pamr);
  g_assert_true (siseg_context_draw (cl, &p, &fa.img, &err));
  g_assert_no_error (err);
  g_assert_true (siseg_context_draw (ref, &p, &fb.img, &err));
  g_assert_cmpmem (fa.img.data[0], fa.img.stride[0] * fh, fb.img.data[0],
      fb.img.stride[0] * fh);
  if (fmt >= SISEG_FORMAT_NV12)
    g_assert_cmpmem (fa.img.data[1], fa.img.stride[1] * ((fh + 1) / 2),
        fb.img.data[1], fb.img.stride[1] * ((fh + 1) / 2));
  g_assert_true (siseg_context_read_ids (cl, ida, 2 * fw, fw, fh, &err));
  g_assert_true (siseg_context_read_ids (ref, idb, 2 * fw, fw, fh, &err));
  g_assert_cmpmem (ida, 2 * fw * fh, idb, 2 * fw * fh);
  owned_free (&fa);
  owned_free (&fb);
  owned_free (&mask);
  g_free (ida);
  g_free (idb);
  g_rand_free (r);
}

static SisegContext *cl_ctx, *ref_ctx;

/* The DFM's distances on a random mask, by brute force: on every pixel of a
 * class that is not skipped (0 and 255 by default), d2 is the squared
 * distance to the nearest pixel with a 4-neighbour of another class. */
static void
test_dfm_exact (void)
{
  const gint w = 97, h = 73;
  GRand *r = g_rand_new_with_seed (7);
  Owned f = make_frame (SISEG_FORMAT_RGBA, w, h, r);
  Owned m = make_mask (FALSE, w, h, r);
  gint32 *d2 = g_new (gint32, w * h);
  guint16 *cls = g_new (guint16, w * h);
  SisegParams p;
  GError *err = NULL;

  siseg_params_init (&p);
  g_assert_true (siseg_context_process (ref_ctx, &p, &f.img, &m.img, &err));
  g_assert_true (siseg_context_debug_read (ref_ctx, "d2", d2, 4 * w * h, &err));
  g_assert_true (siseg_context_debug_read (ref_ctx, "cls", cls, 2 * w * h,
          &err));
  for (gint y = 0; y < h; y++)
    for (gint x = 0; x < w; x++) {
      gint c = cls[y * w + x], best = G_MAXINT;
      if (c == 0 || c == 255)
        continue;
      for (gint v = 0; v < h; v++)
        for (gint u = 0; u < w; u++) {
          gint k = cls[v * w + u];
          gboolean edge = (u > 0 && cls[v * w + u - 1] != k)
              || (u + 1 < w && cls[v * w + u + 1] != k)
              || (v > 0 && cls[(v - 1) * w + u] != k)
              || (v + 1 < h && cls[(v + 1) * w + u] != k);
          if (edge)
            best = MIN (best, (x - u) * (x - u) + (y - v) * (y - v));
        }
      if (best == G_MAXINT)
        best = d2[y * w + x];   /* no boundary at all: any far value */
      g_assert_cmpint (d2[y * w + x], ==, best);
    }
  owned_free (&f);
  owned_free (&m);
  g_free (d2);
  g_free (cls);
  g_rand_free (r);
}

static void
test_formats (void)
{
  for (SisegFormat f = SISEG_FORMAT_RGBA; f <= SISEG_FORMAT_I420; f++)
    run_case (cl_ctx, ref_ctx, f, 385, 289, 385, 289, FALSE,
        SISEG_CBR_INSTANCES, 10 + f);
}

static void
test_sizes (void)
{
  /* quarter-size mask (class borders refined), 16-bit ids, larger mask,
   * oblong mismatched mask, tiny frames, processing cap */
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 385, 289, 97, 73, FALSE,
      SISEG_CBR_AUTO, 1);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGRX, 385, 289, 385, 289, TRUE,
      SISEG_CBR_ON, 2);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_NV12, 161, 97, 401, 303, FALSE,
      SISEG_CBR_OFF, 3);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_I420, 101, 203, 5, 50, FALSE,
      SISEG_CBR_ON, 4);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGB, 1, 1, 1, 1, FALSE,
      SISEG_CBR_AUTO, 5);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 3, 2, 7, 9, TRUE,
      SISEG_CBR_ON, 6);
  /* processing smaller than the frame: frame and overlay scaled */
  case_max_size = 250;
  for (SisegFormat f = SISEG_FORMAT_RGBA; f <= SISEG_FORMAT_I420; f += 3)
    run_case (cl_ctx, ref_ctx, f, 385, 289, 385, 289, FALSE,
        f % 2 ? SISEG_CBR_AUTO : SISEG_CBR_INSTANCES, 20 + f);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGRX, 385, 289, 97, 73, FALSE,
      SISEG_CBR_AUTO, 30);
  /* rows scaled from 3 pixels to 2, as 1920 to 1280, with either mask */
  case_max_size = 256;
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGRX, 384, 200, 384, 200, FALSE,
      SISEG_CBR_AUTO, 31);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 384, 200, 384, 200, TRUE,
      SISEG_CBR_ON, 32);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGR, 384, 200, 384, 200, FALSE,
      SISEG_CBR_AUTO, 33);
  case_max_size = 0;
  /* masks aligned by their top-left corners: smaller, larger, 16-bit */
  case_mask_align = SISEG_MASK_ALIGN_CORNER;
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 385, 289, 97, 73, FALSE,
      SISEG_CBR_AUTO, 40);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_NV12, 161, 97, 401, 303, TRUE,
      SISEG_CBR_ON, 41);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGB, 3, 2, 1, 1, FALSE,
      SISEG_CBR_AUTO, 42);
  /* ... on a processing size under the frame's: the mask pixel is the
   * frame pixel's; a mask as large as the frame, as by centres */
  case_max_size = 250;
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGRX, 385, 289, 97, 73, FALSE,
      SISEG_CBR_AUTO, 43);
  case_max_size = 192;
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGR, 384, 200, 384, 200, FALSE,
      SISEG_CBR_ON, 44);
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 384, 200, 96, 50, TRUE,
      SISEG_CBR_AUTO, 45);
  case_max_size = 0;
  case_mask_align = SISEG_MASK_ALIGN_CENTRE;
  /* the CBR's grid step: masks at 1/8, at sizes no integer fraction of
   * the frame (as a 513x513 or 512x288 model output on 1080p), one pixel
   * wide, coarser along one axis only; both alignments */
  for (gint a = 0; a < 2; a++) {
    case_mask_align = a ? SISEG_MASK_ALIGN_CORNER : SISEG_MASK_ALIGN_CENTRE;
    run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBA, 385, 289, 48, 36, FALSE,
        SISEG_CBR_AUTO, 50 + a);
    run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGR, 385, 217, 103, 103, FALSE,
        SISEG_CBR_AUTO, 52 + a);
    run_case (cl_ctx, ref_ctx, SISEG_FORMAT_NV12, 384, 216, 103, 58, TRUE,
        SISEG_CBR_ON, 54 + a);
    run_case (cl_ctx, ref_ctx, SISEG_FORMAT_I420, 101, 203, 1, 50, FALSE,
        SISEG_CBR_AUTO, 56 + a);
    run_case (cl_ctx, ref_ctx, SISEG_FORMAT_RGBX, 211, 157, 400, 40, FALSE,
        SISEG_CBR_INSTANCES, 58 + a);
  }
  case_max_size = 300;
  run_case (cl_ctx, ref_ctx, SISEG_FORMAT_BGRX, 480, 270, 128, 72, FALSE,
      SISEG_CBR_AUTO, 60);
  case_max_size = 0;
  case_mask_align = SISEG_MASK_ALIGN_CENTRE;
}

/* The GPU build (one pixel a work-item, SPAN 1) on the same device: the
 * same kernels' other paths, held to the same reference. */
static void
test_gpu_variant (void)
{
  GError *err = NULL;
  SisegContext *one;

  g_setenv ("SISEG_SPAN", "1", TRUE);
  one = siseg_context_new (g_getenv ("SISEG_TEST_DEVICE") ?
      g_getenv ("SISEG_TEST_DEVICE") : "cpu", &err);
  g_unsetenv ("SISEG_SPAN");
  g_assert_no_error (err);
  run_case (one, ref_ctx, SISEG_FORMAT_RGBA, 385, 289, 385, 289, FALSE,
      SISEG_CBR_INSTANCES, 70);
  run_case (one, ref_ctx, SISEG_FORMAT_RGBA, 385, 289, 97, 73, TRUE,
      SISEG_CBR_ON, 71);
  case_mask_align = SISEG_MASK_ALIGN_CORNER;
  run_case (one, ref_ctx, SISEG_FORMAT_RGBA, 384, 216, 103, 58, FALSE,
      SISEG_CBR_AUTO, 72);
  case_mask_align = SISEG_MASK_ALIGN_CENTRE;
  case_max_size = 256;
  run_case (one, ref_ctx, SISEG_FORMAT_RGBA, 384, 200, 384, 200, FALSE,
      SISEG_CBR_AUTO, 73);
  case_max_size = 0;
  siseg_context_free (one);
}

/* Every launch comes in groups of one shape per kind and build, whatever
 * its size: left to PoCL, each size had groups of its own, and each group
 * shape was a compile of the kernel (found by tests/fuzz: a stall of a
 * frame at every new basin count, and at every new frame size). The
 * global size is whole groups that cover the work, less than a group
 * more. */
static void
test_launch_groups (void)
{
  for (gint span = 1; span <= SISEG_CPU_SPAN; span += SISEG_CPU_SPAN - 1)
    for (SisegLaunch how = LAUNCH_SPANS; how <= LAUNCH_ITEMS; how++) {
      size_t first[2] = { 0, 0 };
      for (gint w = 1; w < 300; w += 7)
        for (gint h = 1; h < 300; h += 11) {
          size_t g[2], l[2], work[2] = { 1, 1 };
          guint dims = siseg_launch_size (span, how, w, h, 4096, g, l);
          switch (how) {
            case LAUNCH_SPANS:
              work[0] = (w + span - 1) / span;
              work[1] = h;
              break;
            case LAUNCH_ROWS:
              work[0] = h;
              break;
            case LAUNCH_STRIPS:
              work[0] = (w + span - 1) / span;
              break;
            case LAUNCH_ITEMS:
              work[0] = w;
              break;
          }
          g_assert_cmpuint (dims, ==, how == LAUNCH_SPANS ? 2 : 1);
          if (first[0] == 0)
            memcpy (first, l, sizeof (first));
          for (guint i = 0; i < 2; i++) {
            g_assert_cmpuint (l[i], ==, first[i]);
            g_assert_cmpuint (g[i] % l[i], ==, 0);
            g_assert_cmpuint (g[i], >=, work[i]);
            g_assert_cmpuint (g[i], <, work[i] + l[i]);
          }
          if (how == LAUNCH_ITEMS)
            g_assert_cmpuint (l[0], ==, SISEG_ITEMS_GROUP);
        }
    }
  /* a device's kernel that takes fewer items a group: groups shrink to
   * fit, rows first, and still cover the work */
  for (size_t max = 1; max <= 256; max *= 2) {
    size_t g[2], l[2];
    g_assert_cmpuint (siseg_launch_size (1, LAUNCH_SPANS, 100, 37, max, g, l),
        ==, 2);
    g_assert_cmpuint (l[0] * l[1], <=, max);
    g_assert_cmpuint (l[0], ==, MIN (16, max));
    g_assert_cmpuint (l[1], ==, CLAMP (max / 16, 1, 8));
    g_assert_true (g[0] >= 100 && g[0] % l[0] == 0 && g[1] >= 37
        && g[1] % l[1] == 0);
  }
}

static void
test_seeds (void)
{
  for (guint32 seed = 100; seed < 112; seed++)
    run_case (cl_ctx, ref_ctx, seed % 2 ? SISEG_FORMAT_RGBA :
        SISEG_FORMAT_BGR, 211 + seed % 5, 157 + seed % 7, 211 + seed % 5,
        157 + seed % 7, FALSE, seed % 3 ? SISEG_CBR_INSTANCES : SISEG_CBR_ON,
        seed);
}

/* --small: the context of the GPU build (span 1) beside cl_ctx (span 64) */
static SisegContext *one_ctx;

/* one small case through both builds of the kernels (with --small) */
static void
run_small (SisegFormat fmt, gint fw, gint fh, gint mw, gint mh, gboolean m16,
    SisegCbrMode cbr, guint32 seed)
{
  run_case (cl_ctx, ref_ctx, fmt, fw, fh, mw, mh, m16, cbr, seed);
  if (one_ctx)
    run_case (one_ctx, ref_ctx, fmt, fw, fh, mw, mh, m16, cbr, seed);
}

static void
test_small_formats (void)
{
  for (SisegFormat f = SISEG_FORMAT_RGBA; f <= SISEG_FORMAT_I420; f++)
    run_small (f, 37, 21, 37, 21, f % 2 == 1, f % 3 ? SISEG_CBR_INSTANCES :
        SISEG_CBR_ON, 200 + f);
}

/* as test_sizes (), smaller */
static void
test_small_sizes (void)
{
  run_small (SISEG_FORMAT_RGBA, 37, 21, 10, 6, FALSE, SISEG_CBR_AUTO, 210);
  run_small (SISEG_FORMAT_NV12, 33, 17, 47, 29, FALSE, SISEG_CBR_OFF, 211);
  run_small (SISEG_FORMAT_I420, 21, 37, 3, 11, TRUE, SISEG_CBR_ON, 212);
  run_small (SISEG_FORMAT_RGB, 1, 1, 1, 1, FALSE, SISEG_CBR_AUTO, 213);
  run_small (SISEG_FORMAT_RGBA, 3, 2, 7, 9, TRUE, SISEG_CBR_ON, 214);
  /* processing under the frame's size; rows scaled from 3 pixels to 2 */
  case_max_size = 32;
  run_small (SISEG_FORMAT_BGRX, 48, 24, 48, 24, FALSE, SISEG_CBR_AUTO, 215);
  run_small (SISEG_FORMAT_RGBA, 48, 24, 48, 24, TRUE, SISEG_CBR_ON, 216);
  run_small (SISEG_FORMAT_BGR, 48, 24, 48, 24, FALSE, SISEG_CBR_AUTO, 217);
  run_small (SISEG_FORMAT_NV12, 48, 24, 12, 6, FALSE, SISEG_CBR_AUTO, 218);
  run_small (SISEG_FORMAT_RGBX, 37, 21, 37, 21, FALSE,
      SISEG_CBR_INSTANCES, 219);
  case_max_size = 0;
  /* masks aligned by their top-left corners */
  case_mask_align = SISEG_MASK_ALIGN_CORNER;
  run_small (SISEG_FORMAT_RGBA, 37, 21, 10, 6, FALSE, SISEG_CBR_AUTO, 220);
  run_small (SISEG_FORMAT_NV12, 33, 17, 47, 29, TRUE, SISEG_CBR_ON, 221);
  case_max_size = 32;
  run_small (SISEG_FORMAT_BGR, 48, 24, 12, 6, FALSE, SISEG_CBR_AUTO, 222);
  case_max_size = 0;
  case_mask_align = SISEG_MASK_ALIGN_CENTRE;
}

/* Rows and frames that start on any byte: strides of 3-byte rows no
 * multiple of 4 (99, 101), of 4-byte rows (133), and a frame one byte past
 * an aligned address. */
static void
test_small_strides (void)
{
  for (case_pad = 0; case_pad < 3; case_pad++) {
    run_small (SISEG_FORMAT_RGB, 33, 9, 33, 9, FALSE, SISEG_CBR_ON, 230);
    run_small (SISEG_FORMAT_BGRA, 33, 9, 33, 9, FALSE, SISEG_CBR_ON, 231);
  }
  case_pad = 1;
  case_shift = 1;
  run_small (SISEG_FORMAT_RGBA, 37, 9, 37, 9, FALSE, SISEG_CBR_INSTANCES, 232);
  run_small (SISEG_FORMAT_BGR, 37, 9, 37, 9, FALSE, SISEG_CBR_INSTANCES, 233);
  run_small (SISEG_FORMAT_I420, 37, 9, 37, 9, FALSE, SISEG_CBR_ON, 234);
  case_max_size = 32;
  run_small (SISEG_FORMAT_BGRX, 48, 24, 48, 24, FALSE, SISEG_CBR_AUTO, 235);
  run_small (SISEG_FORMAT_RGB, 48, 24, 48, 24, FALSE, SISEG_CBR_AUTO, 236);
  case_max_size = 0;
  case_shift = 0;
  case_pad = 13;
}

/* a context on the test's device with the given span */
static SisegContext *
context_with_span (const gchar * span)
{
  GError *err = NULL;
  SisegContext *ctx;

  if (span)
    g_setenv ("SISEG_SPAN", span, TRUE);
  ctx = siseg_context_new (g_getenv ("SISEG_TEST_DEVICE") ?
      g_getenv ("SISEG_TEST_DEVICE") : "cpu", &err);
  g_unsetenv ("SISEG_SPAN");
  if (!ctx)
    g_error ("no OpenCL device: %s", err->message);
  g_assert_true (siseg_context_is_opencl (ctx));
  return ctx;
}

int
main (int argc, char **argv)
{
  GError *err = NULL;
  gboolean small = FALSE;
  int ret;

  /* --small is ours: out of the way of g_test_init () */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--small")) {
      small = TRUE;
      memmove (argv + i, argv + i + 1, (argc - i) * sizeof (gchar *));
      argc--;
      break;
    }
  g_test_init (&argc, &argv, NULL);
  cl_ctx = context_with_span (small ? G_STRINGIFY (SISEG_CPU_SPAN) : NULL);
  g_assert_true (siseg_context_is_opencl (cl_ctx));
  g_print ("# OpenCL device: %s\n", siseg_context_device_name (cl_ctx));
  ref_ctx = siseg_context_new ("reference", &err);
  g_assert_nonnull (ref_ctx);

  if (small) {
    one_ctx = context_with_span ("1");
    g_test_add_func ("/kernels/small/formats", test_small_formats);
    g_test_add_func ("/kernels/small/sizes", test_small_sizes);
    g_test_add_func ("/kernels/small/strides", test_small_strides);
  } else {
    g_test_add_func ("/kernels/dfm-exact", test_dfm_exact);
    g_test_add_func ("/kernels/formats", test_formats);
    g_test_add_func ("/kernels/sizes", test_sizes);
    g_test_add_func ("/kernels/seeds", test_seeds);
    g_test_add_func ("/kernels/gpu-variant", test_gpu_variant);
    g_test_add_func ("/kernels/strides", test_small_strides);
    g_test_add_func ("/kernels/launch-groups", test_launch_groups);
  }
  ret = g_test_run ();
  if (one_ctx)
    siseg_context_free (one_ctx);
  siseg_context_free (cl_ctx);
  siseg_context_free (ref_ctx);
  return ret;
}
