/* siseg: known answers on hand-made masks, on the reference and on OpenCL.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "siseg-private.h"

#include <math.h>
#include <string.h>

typedef gboolean (*Shape) (gdouble x, gdouble y);

static SisegContext *contexts[2];

/* Segments a GRAY8 mask (class 1 where shape) under a flat grey frame of
 * frame_w x frame_h; returns the instances. */
static const SisegInstance *
segment (SisegContext * ctx, const SisegParams * p, Shape shape, gint mw,
    gint mh, gint fw, gint fh, guint * n)
{
  guint8 *mask = g_malloc0 (mw * mh), *pix = g_malloc (fw * fh * 4);
  SisegImage m = { SISEG_FORMAT_GRAY8, mw, mh, {mask}, {mw} };
  SisegImage f = { SISEG_FORMAT_RGBA, fw, fh, {pix}, {4 * fw} };
  GError *err = NULL;
  const SisegInstance *in;

  memset (pix, 128, fw * fh * 4);
  for (gint y = 0; y < mh; y++)
    for (gint x = 0; x < mw; x++)
      mask[y * mw + x] = shape (x + 0.5, y + 0.5) ? 1 : 0;
  g_assert_true (siseg_context_process (ctx, p, &f, &m, &err));
  g_assert_no_error (err);
  in = siseg_context_instances (ctx, n);
  g_free (mask);
  g_free (pix);
  return in;
}

static gboolean
disc (gdouble x, gdouble y, gdouble cx, gdouble cy, gdouble r)
{
  return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r;
}

static gboolean
two_discs (gdouble x, gdouble y)
{
  return disc (x, y, 60, 60, 40) || disc (x, y, 136, 60, 40);
}

/* centres 0.8 of their radii's sum apart: a neck 0.6 of a radius wide,
 * as long as the common border of a body and its part */
static gboolean
overlapping_discs (gdouble x, gdouble y)
{
  return disc (x, y, 60, 60, 40) || disc (x, y, 124, 60, 40);
}

/* two discs in a quarter-resolution mask (50x30 for a 200x120 frame),
 * centres 0.75 of their radii's sum apart: a dip of 3.4 mask pixels */
static gboolean
overlapping_discs_quarter (gdouble x, gdouble y)
{
  return disc (x, y, 15, 15, 10) || disc (x, y, 30, 15, 10);
}

static gboolean
dumbbell (gdouble x, gdouble y)
{
  return disc (x, y, 50, 60, 35) || disc (x, y, 150, 60, 35)
      || (x > 50 && x < 150 && fabs (y - 60) < 8);
}

static gboolean
ellipse (gdouble x, gdouble y)
{
  return (x - 100) * (x - 100) / (90.0 * 90) + (y - 60) * (y - 60) / (20.0 *
      20) <= 1.0;
}

static gboolean
top_half (gdouble x, gdouble y)
{
  return y < 25;
}

static gboolean
tiny_and_big (gdouble x, gdouble y)
{
  return disc (x, y, 60, 60, 40) || disc (x, y, 170, 20, 2);
}

/* the same in a quarter-resolution mask (50x30 for a 200x120 frame): the
 * small disc, 20 mask pixels, is a whole object there */
static gboolean
tiny_and_big_quarter (gdouble x, gdouble y)
{
  return disc (x, y, 15, 15, 10) || disc (x, y, 42, 5, 2.5);
}

/* two separate discs; moving them swaps their raster order */
static gdouble disc_a_y, disc_b_y;

static gboolean
two_moving (gdouble x, gdouble y)
{
  return disc (x, y, 50, disc_a_y, 25) || disc (x, y, 150, disc_b_y, 25);
}

/* the object id of the instance left of x = 100 */
static guint64
left_id (const SisegInstance * in, guint n)
{
  for (guint i = 0; i < n; i++)
    if (in[i].cx < 100)
      return in[i].object_id;
  return 0;
}

/* With tracking, each disc keeps its object id when the compact (raster
 * order) ids swap; without, object ids are the ids, in raster order. */
static void
test_tracking (void)
{
  for (gint i = 0; i < 2; i++) {
    for (gint track = 0; track < 2; track++) {
      SisegParams p;
      guint n;
      guint64 before, after;
      SisegContext *ctx = siseg_context_new (i ? "cpu" : "reference", NULL);
      siseg_params_init (&p);
      p.tracking = track;
      disc_a_y = 45;
      disc_b_y = 42;
      before = left_id (segment (ctx, &p, two_moving, 200, 120, 200, 120,
              &n), n);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpuint (before, ==, 2);
      disc_a_y = 40;
      disc_b_y = 47;
      after = left_id (segment (ctx, &p, two_moving, 200, 120, 200, 120, &n),
          n);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpuint (after, ==, track ? before : 1);
      siseg_context_free (ctx);
    }
  }
}

static void
check_count (Shape shape, guint expect, SisegClassMode mode)
{
  for (gint i = 0; i < 2; i++) {
    SisegParams p;
    guint n;
    static const guint none[1];
    siseg_params_init (&p);
    if (mode != SISEG_CLASS_SPLIT) {
      p.split_classes = none;   /* no class split: all unsplit_mode */
      p.n_split_classes = 0;
      p.unsplit_mode = mode;
    }
    segment (contexts[i], &p, shape, 200, 120, 200, 120, &n);
    g_assert_cmpuint (n, ==, expect);
  }
}

/* A 50x30 mask (a quarter of the 200x120 frame): expected instances on
 * both contexts with the defaults */
static void
check_count_coarse (Shape shape, guint expected)
{
  for (gint i = 0; i < 2; i++) {
    SisegParams p;
    guint n;
    siseg_params_init (&p);
    segment (contexts[i], &p, shape, 50, 30, 200, 120, &n);
    g_assert_cmpuint (n, ==, expected);
  }
}

static void
test_two_discs (void)
{
  check_count (two_discs, 2, SISEG_CLASS_SPLIT);
}

/* two compact basins are two objects, however wide their neck */
static void
test_overlapping_discs (void)
{
  check_count (overlapping_discs, 2, SISEG_CLASS_SPLIT);
}

/* ... also in a coarse mask, where their dip counts processing pixels */
static void
test_overlapping_discs_coarse (void)
{
  check_count_coarse (overlapping_discs_quarter, 2);
}

static void
test_dumbbell (void)
{
  check_count (dumbbell, 2, SISEG_CLASS_SPLIT);
}

static void
test_ellipse (void)
{
  check_count (ellipse, 1, SISEG_CLASS_SPLIT);
}

static void
test_modes (void)
{
  check_count (two_discs, 1, SISEG_CLASS_STUFF);
  check_count (two_discs, 0, SISEG_CLASS_SKIP);
}

static void
test_min_area (void)
{
  check_count (tiny_and_big, 1, SISEG_CLASS_SPLIT);
}

/* A region alone in its class is kept from a quarter of min-area mask
 * pixels: at quarter resolution the 20-pixel disc stays. */
static void
test_min_area_coarse (void)
{
  check_count_coarse (tiny_and_big_quarter, 2);
}

/* A 5x50 mask over a 100x100 frame: the class fills the mask's top half,
 * so the instance is the frame's top half (W and H never swapped). */
static void
test_oblong (void)
{
  for (gint i = 0; i < 2; i++) {
    SisegParams p;
    guint n;
    const SisegInstance *in;
    siseg_params_init (&p);
    in = segment (contexts[i], &p, top_half, 5, 50, 100, 100, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (in[0].x, ==, 0);
    g_assert_cmpint (in[0].y, ==, 0);
    g_assert_cmpint (in[0].w, ==, 100);
    g_assert_cmpint (in[0].h, ==, 50);
    g_assert_cmpuint (in[0].area, ==, 5000);
    g_assert_cmpfloat_with_epsilon (in[0].cx, 50.0, 0.01);
    g_assert_cmpfloat_with_epsilon (in[0].cy, 25.0, 0.01);
  }
}

static gboolean
left_half_of_4 (gdouble x, gdouble y)
{
  return x < 2;
}

/* A 4x4 mask, its left half of class 1, on a 16x16 frame. Centres
 * aligned, mask pixel 1 covers frame columns 4 .. 7: the instance is 8
 * wide. Corners aligned, it is frame column 4, nearest to columns 2 .. 5:
 * 6 wide. */
static void
test_mask_align (void)
{
  for (gint i = 0; i < 2; i++) {
    SisegParams p;
    guint n;
    const SisegInstance *in;
    siseg_params_init (&p);
    p.min_area = 0;
    in = segment (contexts[i], &p, left_half_of_4, 4, 4, 16, 16, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (in[0].w, ==, 8);
    p.mask_align = SISEG_MASK_ALIGN_CORNER;
    in = segment (contexts[i], &p, left_half_of_4, 4, 4, 16, 16, &n);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (in[0].x, ==, 0);
    g_assert_cmpint (in[0].w, ==, 6);
    g_assert_cmpint (in[0].h, ==, 16);
  }
}

/* A frame of any format, each plane its own allocation of exactly
 * stride x rows bytes (so that AddressSanitizer sees one byte past it). */
static SisegImage
frame_new (SisegFormat format, gint w, gint h, gint stride0, GRand * rand)
{
  static const gint bpp[] = { 4, 4, 4, 4, 3, 3, 1, 1 };
  SisegImage f = { format, w, h };
  gint cw = (w + 1) / 2, ch = (h + 1) / 2;
  gint n = format == SISEG_FORMAT_NV12 ? 2 : format == SISEG_FORMAT_I420 ?
      3 : 1;

  for (gint i = 0; i < n; i++) {
    gint row = i == 0 ? w * bpp[format] : format == SISEG_FORMAT_NV12 ?
        2 * cw : cw, rows = i == 0 ? h : ch;
    gsize size;
    f.stride[i] = i == 0 ? MAX (stride0, row) : row;
    size = (gsize) f.stride[i] * rows;
    f.data[i] = g_malloc (size);
    for (gsize k = 0; k < size; k++)
      f.data[i][k] = g_rand_int (rand);
  }
  return f;
}

static void
frame_free (SisegImage * f)
{
  for (gint i = 0; i < 3; i++)
    g_free (f->data[i]);
}

/* Segments a mask of class 1 in blobs (or everywhere, when full) on the
 * frame at max_size, draws boxes, and checks that every box lies in the
 * frame; a full mask's one instance has the frame as its box. */
static void
check_boxes (SisegContext * ctx, SisegImage * f, gint mw, gint mh,
    gint max_size, gboolean full, GRand * rand)
{
  guint8 *mask = g_malloc (mw * mh);
  SisegImage m = { SISEG_FORMAT_GRAY8, mw, mh, {mask}, {mw} };
  SisegParams p;
  GError *err = NULL;
  const SisegInstance *in;
  guint n;

  for (gint i = 0; i < mw * mh; i++)
    mask[i] = full || g_rand_int_range (rand, 0, 4) ? 1 : 0;
  siseg_params_init (&p);
  p.max_size = max_size;
  p.boxes = TRUE;
  p.min_area = 0;
  g_assert_true (siseg_context_process (ctx, &p, f, &m, &err));
  g_assert_no_error (err);
  g_assert_true (siseg_context_draw (ctx, &p, f, &err));
  g_assert_no_error (err);
  in = siseg_context_instances (ctx, &n);
  for (guint i = 0; i < n; i++) {
    g_assert_cmpint (in[i].x, >=, 0);
    g_assert_cmpint (in[i].y, >=, 0);
    g_assert_cmpint (in[i].w, >=, 1);
    g_assert_cmpint (in[i].h, >=, 1);
    g_assert_cmpint (in[i].x + in[i].w, <=, f->width);
    g_assert_cmpint (in[i].y + in[i].h, <=, f->height);
    g_assert_cmpfloat (in[i].cx, <=, f->width);
    g_assert_cmpfloat (in[i].cy, <=, f->height);
    g_assert_cmpuint (in[i].area, <=, (guint) f->width * f->height);
  }
  if (full) {
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpint (in[0].x, ==, 0);
    g_assert_cmpint (in[0].y, ==, 0);
    g_assert_cmpint (in[0].w, ==, f->width);
    g_assert_cmpint (in[0].h, ==, f->height);
  }
  g_free (mask);
}

/* Frames larger than the processing size: boxes that once reached a pixel
 * past the frame (and were drawn there), then random sizes, formats,
 * strides and max sizes. */
static void
test_boxes_inside (void)
{
  static const struct
  {
    SisegFormat format;
    gint w, h, stride, mw, mh, max_size;
  } cases[] = {
    {SISEG_FORMAT_RGBX, 348, 436, 1441, 191, 366, 50},
    {SISEG_FORMAT_BGR, 98, 493, 0, 98, 493, 158},
    {SISEG_FORMAT_I420, 479, 1, 0, 479, 1, 230},
    {SISEG_FORMAT_BGRX, 415, 266, 0, 415, 266, 179},
    {SISEG_FORMAT_RGBA, 1303, 732, 0, 1303, 732, 1280},
  };
  GRand *rand = g_rand_new_with_seed (14);

  for (gint c = 0; c < 2; c++) {
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
      SisegImage f = frame_new (cases[i].format, cases[i].w, cases[i].h,
          cases[i].stride, rand);
      check_boxes (contexts[c], &f, cases[i].mw, cases[i].mh,
          cases[i].max_size, TRUE, rand);
      frame_free (&f);
    }
    for (gint i = 0; i < 40; i++) {
      SisegFormat format = g_rand_int_range (rand, 0, SISEG_FORMAT_I420 + 1);
      gint w = g_rand_int_range (rand, 1, 300), h = g_rand_int_range (rand,
          1, 300);
      SisegImage f = frame_new (format, w, h, 4 * w + g_rand_int_range (rand,
              0, 9), rand);
      check_boxes (contexts[c], &f, g_rand_int_range (rand, 1, 200),
          g_rand_int_range (rand, 1, 200), g_rand_int_range (rand, 8, 320),
          i % 2 == 0, rand);
      frame_free (&f);
    }
  }
  g_rand_free (rand);
}

/* ---- the clustering rule, one threshold at a time: a pair of basins
 * just on each side of it (siseg-cluster.c states the rule) ---- */

static SisegClusterRule
rule_at (gfloat k)
{
  SisegParams p;
  SisegClusterRule r;

  siseg_params_init (&p);
  siseg_cluster_rule (&r, &p, k, k);
  return r;
}

/* two basins with peaks at distances 20 and sqrt (peak_b), the areas
 * given, a border of n pixel pairs whose saddle is at distance sqrt
 * (saddle); no image edges unless border_grad */
static gboolean
apart (const SisegClusterRule * r, gint32 peak_b, guint32 area,
    gint32 saddle, guint32 n, guint64 border_grad)
{
  SisegBasinInfo a = { 400, area, 0 }, b = { peak_b, area, 0 };
  SisegBorderInfo e = { saddle, n, border_grad };

  return siseg_cluster_apart (r, &a, &b, &e);
}

/* merge_depth and min_area count mask pixels: k times coarser masks
 * scale them (k - 1 more for the blocks' offsets), the depth up to 10
 * processing pixels; compact pairs' depth counts processing pixels */
static void
test_rule_units (void)
{
  SisegClusterRule r = rule_at (1.0f), q = rule_at (4.0f), h = rule_at (2.0f);
  SisegParams p;

  siseg_params_init (&p);
  g_assert_cmpfloat (r.merge_depth, ==, p.merge_depth);
  g_assert_cmpfloat (r.compact_depth, ==, p.merge_depth);
  g_assert_cmpuint (r.min_area, ==, p.min_area);
  g_assert_cmpuint (r.min_alone, ==, p.min_area);
  g_assert_cmpfloat (h.merge_depth, ==, 2 * p.merge_depth + 1);
  g_assert_cmpfloat (q.merge_depth, ==, 10.0f);
  g_assert_cmpfloat (q.compact_depth, ==, p.merge_depth + 3);
  g_assert_cmpuint (q.min_area, ==, 16 * p.min_area);
  g_assert_cmpuint (q.min_alone, ==, 4 * p.min_area);
  siseg_cluster_rule (&q, &p, 2.0f, 8.0f);
  g_assert_cmpfloat (q.merge_depth, ==, 10.0f);
  p.merge_depth = 12.0f;
  siseg_cluster_rule (&q, &p, 4.0f, 4.0f);
  g_assert_cmpfloat (q.merge_depth, ==, 12.0f);
  g_assert_cmpuint (q.min_area, ==, 16 * p.min_area);
}

/* the dip: 3 pixels keeps them apart, 2.97 does not (ratio out of play) */
static void
test_rule_depth (void)
{
  SisegClusterRule r = rule_at (1.0f);

  r.merge_ratio = 0.0f;
  g_assert_true (apart (&r, 400, 5000, 17 * 17, 10, 0));
  g_assert_false (apart (&r, 400, 5000, 17 * 17 + 1, 10, 0));
}

/* the relative dip: 8 of 20 is 0.4, apart; 7.96 of 20 is not */
static void
test_rule_ratio (void)
{
  SisegClusterRule r = rule_at (1.0f);

  g_assert_cmpfloat (r.merge_ratio, ==, 0.4f);
  g_assert_true (apart (&r, 400, 5000, 12 * 12, 10, 0));
  g_assert_false (apart (&r, 400, 5000, 12 * 12 + 1, 10, 0));
  /* a 3-pixel dip is too shallow alone, not with an edge along the border */
  g_assert_false (apart (&r, 400, 5000, 17 * 17, 10, 0));
  g_assert_true (apart (&r, 400, 5000, 17 * 17, 10, 10 * 60));
}

/* the peaks: 10 against 20 is 0.5; 9.95 against 20 is less */
static void
test_rule_peaks (void)
{
  SisegClusterRule r = rule_at (1.0f);

  r.peak_ratio = 0.5f;
  r.merge_ratio = 0.0f;
  g_assert_true (apart (&r, 100, 5000, 5 * 5, 10, 0));
  g_assert_false (apart (&r, 99, 5000, 5 * 5, 10, 0));
}

/* the border: 1.3 sqrt (5000) = 91.9 pixel pairs; 91 apart, 92 one object */
static void
test_rule_border (void)
{
  SisegClusterRule r = rule_at (1.0f);

  g_assert_true (apart (&r, 400, 5000, 10 * 10, 91, 0));
  g_assert_false (apart (&r, 400, 5000, 10 * 10, 92, 0));
}

/* compact basins (area at most 1.6 pi 20^2 = 2010): no border test, a
 * ratio of 0.25 and a dip in processing pixels; 2100 is not compact */
static void
test_rule_compact (void)
{
  SisegClusterRule r = rule_at (1.0f), q = rule_at (4.0f);

  g_assert_true (apart (&r, 400, 2000, 10 * 10, 500, 0));
  g_assert_false (apart (&r, 400, 2100, 10 * 10, 500, 0));
  g_assert_true (apart (&r, 400, 2000, 15 * 15, 10, 0));
  g_assert_false (apart (&r, 400, 2100, 15 * 15, 10, 0));
  /* at 4x: 6 processing pixels for compact pairs, 15 for others */
  g_assert_true (apart (&q, 400, 2000, 14 * 14, 10, 0));
  g_assert_false (apart (&q, 400, 2000, 14 * 14 + 1, 10, 0));
  g_assert_false (apart (&q, 400, 2100, 14 * 14, 10, 0));
  g_assert_true (apart (&q, 400, 2100, 5 * 5, 10, 0));
}

/* the id map at the frame's size: the pixel whose centre is nearest, as
 * ((2 x + 1) w) / (2 width) says, for up- and downscaling, odd sizes and a
 * stride with padding */
static void
test_scale_ids (void)
{
  static const gint sizes[][4] = {
    {1280, 720, 1920, 1080}, {640, 360, 641, 359}, {7, 3, 1, 1},
    {33, 17, 5, 40}, {1, 1, 9, 4}, {100, 60, 37, 61},
  };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++) {
    gint w = sizes[i][0], h = sizes[i][1], fw = sizes[i][2], fh = sizes[i][3];
    gint stride = 2 * fw + 6;
    guint16 *ids = g_new (guint16, (gsize) w * h);
    guint16 *out = g_new0 (guint16, (gsize) stride / 2 * fh);

    for (gint p = 0; p < w * h; p++)
      ids[p] = (guint16) (p * 2654435761u >> 16);
    siseg_image_scale_ids (out, stride, fw, fh, ids, w, h);
    for (gint y = 0; y < fh; y++)
      for (gint x = 0; x < fw; x++) {
        gint sx = (2 * x + 1) * w / (2 * fw), sy = (2 * y + 1) * h / (2 * fh);
        g_assert_cmpuint (out[y * (stride / 2) + x], ==, ids[sy * w + sx]);
      }
    g_free (ids);
    g_free (out);
  }
}

int
main (int argc, char **argv)
{
  GError *err = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  contexts[0] = siseg_context_new ("reference", &err);
  contexts[1] = siseg_context_new ("cpu", &err);
  if (!contexts[1])
    g_error ("no OpenCL device: %s", err->message);
  g_test_add_func ("/known/two-discs", test_two_discs);
  g_test_add_func ("/known/overlapping-discs", test_overlapping_discs);
  g_test_add_func ("/known/overlapping-discs-coarse",
      test_overlapping_discs_coarse);
  g_test_add_func ("/known/dumbbell", test_dumbbell);
  g_test_add_func ("/known/ellipse", test_ellipse);
  g_test_add_func ("/known/class-modes", test_modes);
  g_test_add_func ("/known/min-area", test_min_area);
  g_test_add_func ("/known/min-area-coarse", test_min_area_coarse);
  g_test_add_func ("/known/oblong-mask", test_oblong);
  g_test_add_func ("/known/mask-align", test_mask_align);
  g_test_add_func ("/known/tracking", test_tracking);
  g_test_add_func ("/known/boxes-inside", test_boxes_inside);
  g_test_add_func ("/known/scale-ids", test_scale_ids);
  g_test_add_func ("/known/rule/units", test_rule_units);
  g_test_add_func ("/known/rule/depth", test_rule_depth);
  g_test_add_func ("/known/rule/ratio", test_rule_ratio);
  g_test_add_func ("/known/rule/peaks", test_rule_peaks);
  g_test_add_func ("/known/rule/border", test_rule_border);
  g_test_add_func ("/known/rule/compact", test_rule_compact);
  ret = g_test_run ();
  siseg_context_free (contexts[0]);
  siseg_context_free (contexts[1]);
  return ret;
}
