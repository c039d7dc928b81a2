/* siseg: object ids kept across frames.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each frame's instances are matched to the previous frame's by overlap:
 * pairs of one class, greedily by decreasing IoU, at IoU >= 0.3. A matched
 * instance keeps its object id (and so its colour); the others get fresh
 * ones. Object ids are 64-bit and only ever count up: at 1000 new objects
 * a second they last 584 million years, so they never wrap and a fresh id
 * is never one still in use. The frame's id map keeps its compact 16-bit
 * ids; the tracker maps them to object ids.
 */
#include "siseg-private.h"

#include <string.h>

#define MIN_IOU 0.3

typedef struct
{
  guint16 a, b;                 /* previous and current compact ids */
  guint32 overlap;
  gdouble iou;
} Pair;

struct _SisegTracker
{
  guint16 *prev;                /* the previous frame's compact ids */
  gint w, h;
  GArray *prev_map;             /* guint64: compact id -> object id */
  GArray *prev_class;           /* guint16 per compact id */
  GArray *prev_area;            /* guint32 per compact id */
  GArray *map;                  /* the current frame's map */
  guint64 next;                 /* next fresh object id */
  /* per frame, kept to spare allocations */
  guint32 *area;                /* pixels of each compact id */
  GArray *taken;                /* guint8 per previous compact id */
  GArray *pairs;                /* Pair */
  GHashTable *index;            /* (previous, current) -> index + 1 */
};

SisegTracker *
siseg_tracker_new (void)
{
  SisegTracker *t = g_new0 (SisegTracker, 1);

  t->prev_map = g_array_new (FALSE, TRUE, sizeof (guint64));
  t->prev_class = g_array_new (FALSE, TRUE, sizeof (guint16));
  t->prev_area = g_array_new (FALSE, TRUE, sizeof (guint32));
  t->map = g_array_new (FALSE, TRUE, sizeof (guint64));
  t->next = 1;
  t->area = g_new0 (guint32, G_MAXUINT16 + 1);
  t->taken = g_array_new (FALSE, TRUE, sizeof (guint8));
  t->pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  t->index = g_hash_table_new (NULL, NULL);
  return t;
}

void
siseg_tracker_free (SisegTracker * t)
{
  if (!t)
    return;
  g_free (t->prev);
  g_array_free (t->prev_map, TRUE);
  g_array_free (t->prev_class, TRUE);
  g_array_free (t->prev_area, TRUE);
  g_array_free (t->map, TRUE);
  g_free (t->area);
  g_array_free (t->taken, TRUE);
  g_array_free (t->pairs, TRUE);
  g_hash_table_destroy (t->index);
  g_free (t);
}

static gint
by_iou (gconstpointer pa, gconstpointer pb)
{
  const Pair *a = pa, *b = pb;

  if (a->iou != b->iou)
    return a->iou < b->iou ? 1 : -1;
  return a->a != b->a ? a->a - b->a : a->b - b->b;
}

/* overlaps of (previous, current) ids and the current areas */
static GArray *
overlaps (SisegTracker * t, const guint16 * labels, gsize n, guint32 * area)
{
  GHashTable *index = t->index;
  GArray *pairs = t->pairs;

  g_array_set_size (pairs, 0);
  g_hash_table_remove_all (index);
  for (gsize p = 0; p < n; p++) {
    guint16 a = t->prev[p], b = labels[p];
    gpointer key = GUINT_TO_POINTER (((guint) a << 16) | b), idx;
    area[b]++;
    if (!a || !b)
      continue;
    idx = g_hash_table_lookup (index, key);
    if (!idx) {
      Pair pr = { a, b, 0, 0.0 };
      g_array_append_val (pairs, pr);
      idx = GUINT_TO_POINTER (pairs->len);
      g_hash_table_insert (index, key, idx);
    }
    g_array_index (pairs, Pair, GPOINTER_TO_UINT (idx) - 1).overlap++;
  }
  return pairs;
}

/* Each previous instance passes its object id to at most one current
 * instance of its class, so no two current instances share one. */
static void
match (SisegTracker * t, const guint16 * labels, const guint16 * classes,
    guint32 * area)
{
  guint64 *map = (guint64 *) t->map->data;
  guint8 *taken;
  GArray *pairs = overlaps (t, labels, (gsize) t->w * t->h, area);

  g_array_set_size (t->taken, 0);
  g_array_set_size (t->taken, t->prev_map->len);
  taken = (guint8 *) t->taken->data;
  for (guint i = 0; i < pairs->len; i++) {
    Pair *p = &g_array_index (pairs, Pair, i);
    p->iou = p->overlap / (gdouble) (g_array_index (t->prev_area, guint32,
            p->a) + area[p->b] - p->overlap);
  }
  g_array_sort (pairs, by_iou);
  for (guint i = 0; i < pairs->len; i++) {
    Pair *p = &g_array_index (pairs, Pair, i);
    if (p->iou < MIN_IOU || taken[p->a] || map[p->b]
        || g_array_index (t->prev_class, guint16, p->a) != classes[p->b])
      continue;
    map[p->b] = g_array_index (t->prev_map, guint64, p->a);
    taken[p->a] = 1;
  }
}

/* A frame of another size than the previous one starts over. */
static gboolean
restart (SisegTracker * t, const guint16 * labels, gint w, gint h,
    guint32 * area, GError ** error)
{
  gsize n = (gsize) w * h;

  g_clear_pointer (&t->prev, g_free);
  t->w = t->h = 0;
  t->prev = g_try_malloc (n * sizeof (guint16));
  if (!t->prev) {
    siseg_set_memory_error (error, n * sizeof (guint16), SISEG_HINT_MAX_SIZE,
        "tracking at a processing size of %dx%d", w, h);
    return FALSE;
  }
  t->w = w;
  t->h = h;
  for (gsize p = 0; p < n; p++)
    area[labels[p]]++;
  return TRUE;
}

const guint64 *
siseg_tracker_update (SisegTracker * t, const guint16 * labels, gint w,
    gint h, const guint16 * classes, guint n_inst, GError ** error)
{
  guint64 *map;

  memset (t->area, 0, (n_inst + 1) * sizeof (guint32));
  g_array_set_size (t->map, 0);
  g_array_set_size (t->map, n_inst + 1);
  map = (guint64 *) t->map->data;
  if (t->prev && t->w == w && t->h == h)
    match (t, labels, classes, t->area);
  else if (!restart (t, labels, w, h, t->area, error))
    return NULL;
  for (guint id = 1; id <= n_inst; id++)
    if (!map[id])
      map[id] = t->next++;

  memcpy (t->prev, labels, (gsize) w * h * sizeof (guint16));
  g_array_set_size (t->prev_map, 0);
  g_array_append_vals (t->prev_map, map, n_inst + 1);
  g_array_set_size (t->prev_class, 0);
  g_array_append_vals (t->prev_class, classes, n_inst + 1);
  g_array_set_size (t->prev_area, 0);
  g_array_append_vals (t->prev_area, t->area, n_inst + 1);
  return map;
}

guint64
siseg_tracker_next_id (SisegTracker * t)
{
  return t->next;
}

void
siseg_tracker_set_next_id (SisegTracker * t, guint64 next)
{
  t->next = MAX (next, 1);
}
