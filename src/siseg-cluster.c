/* siseg: centroid clustering, the host side.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Pixels whose displacements meet (same root) form a basin. Touching basins
 * of one class are joined in order of decreasing saddle (the highest
 * distance value on their common border), as in persistence-based
 * clustering: two stay apart only when the dip from the lower peak down to
 * the saddle is deep, absolutely and relative to that peak (less so for
 * two compact, disc-like basins), and the peaks are comparable. Then fragments under the minimum area join the neighbour
 * with the highest saddle; a region with no neighbour of its class is a
 * whole object as far as the mask can tell, kept down to a smaller area
 * (min_alone), dropped under it; ids are compacted in raster order of the
 * first pixel. The basin graph is small, so
 * a union-find here does it.
 */
#include "siseg-private.h"

#include <math.h>
#include <string.h>

typedef struct
{
  guint32 root;                 /* root pixel */
  gint32 peak;                  /* d2 at the peak (of the set, for roots) */
  guint32 area;
  guint64 grad;                 /* sum of the image edges over the basin */
  guint32 up;                   /* union-find parent */
  guint16 cls;
  guint16 id;
} Basin;

typedef struct
{
  guint32 a, b;                 /* basins, a < b */
  gint32 saddle;                /* d2 at the saddle */
  guint32 n;                    /* border pixel pairs */
  guint64 grad;                 /* sum of the image edges along the border */
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
  b.peak = d2[root];
  b.area = 0;
  b.grad = 0;
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
  Edge e = { MIN (a, b), MAX (a, b), saddle, 1, g };
  gpointer key = GSIZE_TO_POINTER (((gsize) e.a << 32) | e.b);
  gpointer idx = g_hash_table_lookup (cl->edge_index, key);

  if (idx) {
    Edge *old = &g_array_index (cl->edges, Edge, GPOINTER_TO_UINT (idx) - 1);
    old->saddle = MAX (old->saddle, saddle);
    old->n++;
    old->grad += g;
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
      e->saddle = MAX (e->saddle, s);
      e->n++;
      e->grad += g;
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
      ba->area += end - x;
      ba->grad += g;
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
  bs[a].peak = MAX (bs[a].peak, bs[b].peak);
  bs[a].area += bs[b].area;
  bs[a].grad += bs[b].grad;
}

static gint
by_saddle (gconstpointer pa, gconstpointer pb)
{
  const Edge *a = pa, *b = pb;

  if (a->saddle != b->saddle)
    return a->saddle < b->saddle ? 1 : -1;
  if (a->a != b->a)
    return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : (a->b > b->b);
}

/* A compact basin: its area at most COMPACT_AREA times the disc of its
 * peak's radius, as a disc or an ellipse up to 1.6:1 has, not a limb or a
 * body with parts. Two compact basins that touch are two whole objects
 * whatever the length of their neck: a smaller relative dip,
 * COMPACT_RATIO (two discs whose centres are 2/3 of their radii's sum
 * apart), and a smaller absolute one, compact_depth, tell them apart. */
#define COMPACT_AREA 1.6f
#define COMPACT_RATIO 0.25f

static gboolean
compact (const Basin * b)
{
  return b->area <= COMPACT_AREA * G_PI * b->peak;
}

/* The evidence that two touching basins are two objects: the dip from the
 * lower peak to the saddle, relative to that peak, plus edge_weight times
 * how much stronger the image edges are along their border than inside;
 * and, unless both are compact, a common border short next to the smaller
 * basin. */
static gboolean
apart (const SisegParams * p, gfloat compact_depth, const Basin * a,
    const Basin * b, const Edge * e)
{
  gfloat lo = sqrtf (MIN (a->peak, b->peak)), hi = sqrtf (MAX (a->peak,
          b->peak));
  gfloat depth = lo - sqrtf (e->saddle), evidence = depth / MAX (lo, 1.0f);
  gdouble inside = (gdouble) (a->grad + b->grad) / (a->area + b->area);
  gboolean both = compact (a) && compact (b);
  gfloat ratio = both ? MIN (p->merge_ratio, COMPACT_RATIO) : p->merge_ratio;

  if (!both && e->n > p->border_ratio * sqrtf (MIN (a->area, b->area)))
    return FALSE;
  if (p->edge_weight > 0.0f)
    evidence += p->edge_weight * MAX (0.0, (gdouble) e->grad / e->n /
        (inside + 1.0) - 1.0);
  return depth >= (both ? compact_depth : p->merge_depth) && evidence >= ratio
      && lo >= p->peak_ratio * hi;
}

static void
merge (SisegCluster * cl, const SisegParams * p, gfloat compact_depth,
    const guint8 * mode)
{
  Basin *bs = (Basin *) cl->basins->data;

  g_array_sort (cl->edges, by_saddle);
  for (guint i = 0; i < cl->edges->len; i++) {
    Edge *e = &g_array_index (cl->edges, Edge, i);
    guint32 a = find (cl->basins, e->a), b = find (cl->basins, e->b);
    if (a == b)
      continue;
    if (mode[bs[a].cls] == SISEG_CLASS_SPLIT
        && apart (p, compact_depth, &bs[a], &bs[b], e))
      continue;
    join (cl->basins, a, b);
  }
  for (guint i = 0; i < cl->edges->len; i++) {
    Edge *e = &g_array_index (cl->edges, Edge, i);
    guint32 a = find (cl->basins, e->a), b = find (cl->basins, e->b);
    if (a != b && (bs[a].area < p->min_area || bs[b].area < p->min_area))
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
    if (r == i && bs[i].area >= MAX (min_alone, 1)
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
      gfloat s = 1.0f - sqrtf (e->saddle) / MAX (sqrtf (b->peak), 1.0f);
      gfloat *score = &g_array_index (cl->scores, gfloat, b->id);
      if (b->id)
        *score = CLAMP (MIN (*score, s), 0.0f, 1.0f);
    }
  }
}

void
siseg_cluster_run (SisegCluster * cl, const SisegParams * params,
    const guint8 * mode, const guint16 * cls, const gint32 * d2,
    const guint32 * parent, const guint8 * grad, guint min_alone,
    gfloat compact_depth, gint w, gint h)
{
  gsize n = (gsize) w * h;

  if (cl->n_bid < n) {
    g_free (cl->bid);
    cl->bid = g_new0 (guint32, n);
    cl->n_bid = n;
  }
  g_array_set_size (cl->basins, 0);
  g_array_set_size (cl->edges, 0);
  g_array_set_size (cl->roots, 0);
  g_array_set_size (cl->ids, 0);
  g_hash_table_remove_all (cl->edge_index);

  collect (cl, cls, d2, parent, grad, w, h);
  merge (cl, params, MIN (compact_depth, params->merge_depth), mode);
  number (cl, MIN (min_alone, params->min_area));

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
