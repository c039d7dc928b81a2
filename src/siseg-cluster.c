/* siseg: centroid clustering, the host side.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pixels whose displacements meet (same root) form a basin. Touching basins
 * of one class are joined in order of decreasing saddle (the highest
 * distance value on their common border), as in persistence-based
 * clustering, unless the rule below keeps them apart; then fragments join
 * a neighbour, and ids are compacted in raster order of the first pixel.
 * The basin graph is small, so a union-find here does it. The rule, its
 * units and its constants are all in this file.
 */
#include "siseg-private.h"

#include <math.h>
#include <string.h>

typedef struct
{
  guint32 root;                 /* root pixel */
  SisegBasinInfo s;             /* of the set, for union-find roots */
  guint32 up;                   /* union-find parent */
  guint16 cls;
  guint16 id;
} Basin;

typedef struct
{
  guint32 a, b;                 /* basins, a < b */
  SisegBorderInfo s;
} Edge;

struct _SisegCluster
{
  GArray *basins;               /* Basin */
  GArray *edges;                /* Edge */
  GHashTable *edge_index;       /* (a, b) -> index + 1 in edges */
  guint32 *bid;                 /* basin + 1 of each root pixel, 0 elsewhere:
                                 * zeroed once, so only pages with roots are
                                 * ever touched */
  gsize n_bid;
  GArray *roots, *ids, *classes, *scores;
};

/* an edge's key is the pair (a, b) packed in a pointer-sized integer */
static guint
edge_hash (gconstpointer key)
{
  guint64 k = (guint64) GPOINTER_TO_SIZE (key);

  return (guint) ((k >> 32) * 2654435761u) ^ (guint) k;
}

SisegCluster *
siseg_cluster_new (void)
{
  SisegCluster *cl = g_new0 (SisegCluster, 1);

  cl->basins = g_array_new (FALSE, FALSE, sizeof (Basin));
  cl->edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  cl->edge_index = g_hash_table_new (edge_hash, g_direct_equal);
  cl->roots = g_array_new (FALSE, FALSE, sizeof (guint32));
  cl->ids = g_array_new (FALSE, FALSE, sizeof (guint16));
  cl->classes = g_array_new (FALSE, TRUE, sizeof (guint16));
  cl->scores = g_array_new (FALSE, TRUE, sizeof (gfloat));
  return cl;
}

void
siseg_cluster_free (SisegCluster * cl)
{
  if (!cl)
    return;
  g_array_free (cl->basins, TRUE);
  g_array_free (cl->edges, TRUE);
  g_hash_table_destroy (cl->edge_index);
  g_array_free (cl->roots, TRUE);
  g_array_free (cl->ids, TRUE);
  g_array_free (cl->classes, TRUE);
  g_array_free (cl->scores, TRUE);
  g_free (cl->bid);
  g_free (cl);
}

static guint32
basin_of (SisegCluster * cl, guint32 root, const guint16 * cls,
    const gint32 * d2)
{
  Basin b;

  if (cl->bid[root] > 0)
    return cl->bid[root] - 1;
  b.root = root;
  b.s.peak = d2[root];
  b.s.area = 0;
  b.s.grad = 0;
  b.up = cl->basins->len;
  b.cls = cls[root];
  b.id = 0;
  g_array_append_val (cl->basins, b);
  cl->bid[root] = b.up + 1;
  return b.up;
}

static void
add_edge (SisegCluster * cl, guint32 a, guint32 b, gint32 saddle, guint g)
{
  Edge e = { MIN (a, b), MAX (a, b), {saddle, 1, g} };
  gpointer key = GSIZE_TO_POINTER (((gsize) e.a << 32) | e.b);
  gpointer idx = g_hash_table_lookup (cl->edge_index, key);

  if (idx) {
    Edge *old = &g_array_index (cl->edges, Edge, GPOINTER_TO_UINT (idx) - 1);
    old->s.saddle = MAX (old->s.saddle, saddle);
    old->s.n++;
    old->s.grad += g;
    return;
  }
  g_array_append_val (cl->edges, e);
  g_hash_table_insert (cl->edge_index, key, GUINT_TO_POINTER (cl->edges->len));
}

/* one pair of touching basins' border pixels: the lookup is skipped when
 * the pair is the last one seen, as most border pixels are */
static void
border (SisegCluster * cl, guint32 a, guint32 b, gint32 s, guint g,
    guint32 * last)
{
  if (a == last[0] && b == last[1]) {
    Edge *e = &g_array_index (cl->edges, Edge, cl->edges->len - 1);
    if (e->a == MIN (a, b) && e->b == MAX (a, b)) {
      e->s.saddle = MAX (e->s.saddle, s);
      e->s.n++;
      e->s.grad += g;
      return;
    }
  }
  add_edge (cl, a, b, s, g);
  last[0] = a;
  last[1] = b;
}

/* the pixel pair (p, q) when q has another basin of p's class */
static inline void
pair (SisegCluster * cl, guint32 a, guint32 p, guint32 q,
    const guint16 * cls, const gint32 * d2, const guint32 * parent,
    const guint8 * grad, guint32 * last)
{
  if (parent[q] == SISEG_NONE || parent[q] == parent[p] || cls[q] != cls[p])
    return;
  border (cl, a, basin_of (cl, parent[q], cls, d2), MIN (d2[p], d2[q]),
      MAX (grad[p], grad[q]), last);
}

/* 0 when the 16 roots from row all are r (a loop the compiler unrolls) */
static inline guint32
differ16 (const guint32 * row, guint32 r)
{
  guint32 d = 0;

  for (gint k = 0; k < 16; k++)
    d |= row[k] ^ r;
  return d;
}

/* Basins and their borders, a run of pixels of one root at a time (its
 * area and edges at once), pixel pairs in raster order: right (only at the
 * run's end), below-left, below, below-right. Inside a run, 16 pixels
 * whose 18 lower neighbours have its root too have no pair at all. */
static void
collect (SisegCluster * cl, const guint16 * cls, const gint32 * d2,
    const guint32 * parent, const guint8 * grad, gint w, gint h)
{
  guint32 last[2] = { G_MAXUINT32, G_MAXUINT32 };

  for (gint y = 0; y < h; y++) {
    const guint32 *row = parent + (gsize) y * w, *below = row + w;
    for (gint x = 0, end; x < w; x = end) {
      guint32 r = row[x], a, p;
      guint64 g = 0;
      Basin *ba;
      for (end = x + 1; end + 16 <= w && !differ16 (row + end, r); end += 16);
      for (; end < w && row[end] == r; end++);
      if (r == SISEG_NONE)
        continue;
      a = basin_of (cl, r, cls, d2);
      for (p = y * w + x; p < (guint32) (y * w + end); p++)
        g += grad[p];
      ba = &g_array_index (cl->basins, Basin, a);
      ba->s.area += end - x;
      ba->s.grad += g;
      for (gint i = x; i < end; i++) {
        p = y * w + i;
        if (i == end - 1 && end < w)
          pair (cl, a, p, p + 1, cls, d2, parent, grad, last);
        if (y + 1 == h)
          continue;
        if (i > 0 && i + 16 < end && !differ16 (below + i - 1, r)
            && below[i + 15] == r && below[i + 16] == r) {
          i += 15;
          continue;
        }
        if (i > 0)
          pair (cl, a, p, p + w - 1, cls, d2, parent, grad, last);
        pair (cl, a, p, p + w, cls, d2, parent, grad, last);
        if (i + 1 < w)
          pair (cl, a, p, p + w + 1, cls, d2, parent, grad, last);
      }
    }
  }
}

static guint32
find (GArray * basins, guint32 i)
{
  Basin *b = (Basin *) basins->data;

  while (b[i].up != i) {
    b[i].up = b[b[i].up].up;
    i = b[i].up;
  }
  return i;
}

static void
join (GArray * basins, guint32 a, guint32 b)
{
  Basin *bs = (Basin *) basins->data;

  /* the set keeps the lower index, so ids follow raster order */
  if (a > b) {
    guint32 t = a;
    a = b;
    b = t;
  }
  bs[b].up = a;
  bs[a].s.peak = MAX (bs[a].s.peak, bs[b].s.peak);
  bs[a].s.area += bs[b].s.area;
  bs[a].s.grad += bs[b].s.grad;
}

static gint
by_saddle (gconstpointer pa, gconstpointer pb)
{
  const Edge *a = pa, *b = pb;

  if (a->s.saddle != b->s.saddle)
    return a->s.saddle < b->s.saddle ? 1 : -1;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : (a->b > b->b);
}

/* ---- the rule: when two touching basins are two objects ----
 *
 * Units. The rule counts processing pixels; merge_depth and min_area are
 * given in mask pixels. A mask blown up kx and ky times (k = sqrt (kx ky))
 * carries no detail finer than k processing pixels, and each of its
 * boundaries sits up to k - 1 processing pixels off, which a dip between
 * two peaks must also exceed: the dip is merge_depth k + k - 1 processing
 * pixels (at most DEPTH_CAP, below), the smallest instance min_area kx ky.
 *
 * Two basins stay apart when all of these hold:
 * - depth: the dip from the lower peak down to the saddle (the highest
 *   distance on their common border) is at least merge_depth;
 * - ratio: that dip relative to the lower peak, plus edge_weight times the
 *   excess of the image edges along the border over those inside, is at
 *   least merge_ratio;
 * - peaks: the lower peak is at least peak_ratio of the higher;
 * - border: their common border is at most border_ratio times the square
 *   root of the smaller basin's area (a long common border is one
 *   object's).
 * Compact basins: a basin whose area is at most COMPACT_AREA times the disc
 * of its peak's radius is a disc or an ellipse up to 1.6:1, not a limb or
 * a body with parts. Two compact basins that touch are two whole objects
 * whatever the length of their neck: the border test is skipped, the
 * ratio is at most COMPACT_RATIO (two discs whose centres are 2/3 of their
 * radii's sum apart) and the depth merge_depth processing pixels plus the
 * blocks' k - 1, not mask pixels.
 * Coarse masks' depth stops growing at DEPTH_CAP processing pixels (or
 * merge_depth, if more): a mask coarser than that cannot show its small
 * objects' dips in mask pixels (tests/bench/README.md: at 1/8 of 1080p,
 * 20 processing pixels kept nearly every pair of pedestrians together).
 * Areas: after the merge, fragments under min_area join the neighbour with
 * the highest saddle. A region with no neighbour of its class is no
 * fragment but a whole object of the mask: it is kept from a quarter of
 * min_area mask pixels (blocks a coarse mask does resolve), never under
 * min_area processing pixels, so a full-resolution mask keeps its
 * threshold (min_alone). */
#define COMPACT_AREA 1.6f
#define COMPACT_RATIO 0.25f
#define ALONE_FRACTION 4
#define DEPTH_CAP 10.0f

void
siseg_cluster_rule (SisegClusterRule * r, const SisegParams * p, gfloat kx,
    gfloat ky)
{
  gfloat kk = MAX (kx, 1.0f) * MAX (ky, 1.0f), k = sqrtf (kk);
  guint min_area = (guint) MIN (p->min_area * kk, (gfloat) G_MAXUINT);

  r->merge_depth = MAX (p->merge_depth,
      MIN (p->merge_depth * k + k - 1.0f, DEPTH_CAP));
  r->compact_depth = MIN (p->merge_depth + k - 1.0f, r->merge_depth);
  r->merge_ratio = p->merge_ratio;
  r->compact_ratio = MIN (p->merge_ratio, COMPACT_RATIO);
  r->compact_area = COMPACT_AREA;
  r->peak_ratio = p->peak_ratio;
  r->border_ratio = p->border_ratio;
  r->edge_weight = p->edge_weight;
  r->min_area = min_area;
  r->min_alone = MIN (MAX (p->min_area, min_area / ALONE_FRACTION), min_area);
}

static gboolean
compact (const SisegClusterRule * r, const SisegBasinInfo * b)
{
  return b->area <= r->compact_area * G_PI * b->peak;
}

gboolean
siseg_cluster_apart (const SisegClusterRule * r, const SisegBasinInfo * a,
    const SisegBasinInfo * b, const SisegBorderInfo * e)
{
  gfloat lo = sqrtf (MIN (a->peak, b->peak)), hi = sqrtf (MAX (a->peak,
          b->peak));
  gfloat depth = lo - sqrtf (e->saddle), evidence = depth / MAX (lo, 1.0f);
  gdouble inside = (gdouble) (a->grad + b->grad) / MAX (a->area + b->area, 1);
  gboolean both = compact (r, a) && compact (r, b);

  if (!both && e->n > r->border_ratio * sqrtf (MIN (a->area, b->area)))
    return FALSE;
  if (r->edge_weight > 0.0f && e->n > 0)
    evidence += r->edge_weight * MAX (0.0, (gdouble) e->grad / e->n /
        (inside + 1.0) - 1.0);
  return depth >= (both ? r->compact_depth : r->merge_depth)
      && evidence >= (both ? r->compact_ratio : r->merge_ratio)
      && lo >= r->peak_ratio * hi;
}

static void
merge (SisegCluster * cl, const SisegClusterRule * r, const guint8 * mode)
{
  Basin *bs = (Basin *) cl->basins->data;

  g_array_sort (cl->edges, by_saddle);
  for (guint i = 0; i < cl->edges->len; i++) {
    Edge *e = &g_array_index (cl->edges, Edge, i);
    guint32 a = find (cl->basins, e->a), b = find (cl->basins, e->b);
    if (a == b)
      continue;
    if (mode[bs[a].cls] == SISEG_CLASS_SPLIT
        && siseg_cluster_apart (r, &bs[a].s, &bs[b].s, &e->s))
      continue;
    join (cl->basins, a, b);
  }
  for (guint i = 0; i < cl->edges->len; i++) {
    Edge *e = &g_array_index (cl->edges, Edge, i);
    guint32 a = find (cl->basins, e->a), b = find (cl->basins, e->b);
    if (a != b && (bs[a].s.area < r->min_area || bs[b].s.area < r->min_area))
      join (cl->basins, a, b);
  }
}

/* Instance ids in raster order, the class of each and a score: the dip to
 * the highest saddle with another instance of its class, over its peak. */
static void
number (SisegCluster * cl, guint min_alone)
{
  Basin *bs = (Basin *) cl->basins->data;
  guint n = 0;

  g_array_set_size (cl->classes, 1);
  for (guint i = 0; i < cl->basins->len; i++) {
    guint32 r = find (cl->basins, i);
    if (r == i && bs[i].s.area >= MAX (min_alone, 1)
        && n < SISEG_MAX_INSTANCES) {
      bs[i].id = ++n;
      g_array_append_val (cl->classes, bs[i].cls);
    }
    g_array_append_val (cl->roots, bs[i].root);
    g_array_append_val (cl->ids, bs[r].id);
  }
  g_array_set_size (cl->scores, n + 1);
  for (guint i = 0; i <= n; i++)
    g_array_index (cl->scores, gfloat, i) = 1.0f;
  for (guint i = 0; i < cl->edges->len; i++) {
    Edge *e = &g_array_index (cl->edges, Edge, i);
    guint32 ends[2] = { find (cl->basins, e->a), find (cl->basins, e->b) };
    if (ends[0] == ends[1])
      continue;
    for (gint k = 0; k < 2; k++) {
      Basin *b = &bs[ends[k]];
      gfloat s = 1.0f - sqrtf (e->s.saddle) / MAX (sqrtf (b->s.peak), 1.0f);
      gfloat *score = &g_array_index (cl->scores, gfloat, b->id);
      if (b->id)
        *score = CLAMP (MIN (*score, s), 0.0f, 1.0f);
    }
  }
}

gboolean
siseg_cluster_reserve (SisegCluster * cl, gsize n, GError ** error)
{
  if (cl->n_bid >= n)
    return TRUE;
  g_free (cl->bid);
  cl->n_bid = 0;
  cl->bid = g_try_malloc0 (n * sizeof (guint32));
  if (!cl->bid) {
    siseg_set_memory_error (error, n * sizeof (guint32), SISEG_HINT_MAX_SIZE,
        "the clustering of %" G_GSIZE_FORMAT " pixels", n);
    return FALSE;
  }
  cl->n_bid = n;
  return TRUE;
}

void
siseg_cluster_run (SisegCluster * cl, const SisegClusterRule * rule,
    const guint8 * mode, const guint16 * cls, const gint32 * d2,
    const guint32 * parent, const guint8 * grad, gint w, gint h)
{
  g_return_if_fail (cl->n_bid >= (gsize) w * h);
  g_array_set_size (cl->basins, 0);
  g_array_set_size (cl->edges, 0);
  g_array_set_size (cl->roots, 0);
  g_array_set_size (cl->ids, 0);
  g_hash_table_remove_all (cl->edge_index);

  collect (cl, cls, d2, parent, grad, w, h);
  merge (cl, rule, mode);
  number (cl, rule->min_alone);

  for (guint i = 0; i < cl->basins->len; i++)
    cl->bid[g_array_index (cl->basins, Basin, i).root] = 0;
  g_hash_table_remove_all (cl->edge_index);
}

guint
siseg_cluster_n_basins (SisegCluster * cl)
{
  return cl->roots->len;
}

const guint32 *
siseg_cluster_roots (SisegCluster * cl)
{
  return (const guint32 *) cl->roots->data;
}

const guint16 *
siseg_cluster_ids (SisegCluster * cl)
{
  return (const guint16 *) cl->ids->data;
}

guint
siseg_cluster_n_instances (SisegCluster * cl)
{
  return cl->classes->len - 1;
}

const guint16 *
siseg_cluster_classes (SisegCluster * cl)
{
  return (const guint16 *) cl->classes->data;
}

const gfloat *
siseg_cluster_scores (SisegCluster * cl)
{
  return (const gfloat *) cl->scores->data;
}
