/* siseg: the DFM head, an analytic displacement field.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * 1. exact squared Euclidean distance to the class boundary (Meijster:
 *    a column pass, then a row pass), all in integers;
 * 2. steepest ascent: each pixel points to its highest 8-neighbour of the
 *    same class (ties to the higher index);
 * 3. pointer jumping to the peak: parent becomes the basin's root.
 * The displacement field is D(p) = root(p) - p.
 */

/* boundary pixel: a 4-neighbour inside the image has another class;
 * branch-free (a missing neighbour is the pixel itself), so that a row of
 * them vectorises */
inline int
on_boundary (__global const ushort * cls, int x, int y, int w, int h)
{
  int p = y * w + x, c = cls[p];

  return (cls[p - (x > 0)] != c) | (cls[p + (x + 1 < w)] != c)
      | (cls[p - (y > 0) * w] != c) | (cls[p + (y + 1 < h) * w] != c);
}

/* One work-item a strip of SPAN columns, walked row by row (rows are
 * contiguous), down then up: distance to the nearest boundary pixel in each
 * column, d[] the distance so far in each. */
__kernel void
siseg_dfm_cols (__global int *g, __global const ushort * cls, int w, int h)
{
  int x0 = span_start (), far = w + h, d[SPAN];

  for (int i = 0; i < SPAN; i++)
    d[i] = far;
  for (int y = 0; y < h; y++) {
    FOR_SPAN (x, w) {
      int i = x - x0;
      d[i] = on_boundary (cls, x, y, w, h) ? 0 : min (d[i] + 1, far);
      g[y * w + x] = d[i];
    }
  }
  for (int i = 0; i < SPAN; i++)
    d[i] = far;
  for (int y = h - 1; y >= 0; y--) {
    FOR_SPAN (x, w) {
      int i = x - x0, v = g[y * w + x];
      d[i] = v == 0 ? 0 : min (d[i] + 1, far);
      g[y * w + x] = min (v, d[i]);
    }
  }
}

#define F(x, i) (((x) - (i)) * ((x) - (i)) + gr[i] * gr[i])
#define SEP(i, u) \
  (((u) * (u) - (i) * (i) + gr[u] * gr[u] - gr[i] * gr[i]) / (2 * ((u) - (i))))

/* One work-item a row: lower envelope of parabolas (Meijster et al.). The
 * apexes s live in the output row: the last loop reads s[q] before it
 * writes out[u], and q <= u. The boundaries t live in scratch, w ints a
 * row. */
__kernel void
siseg_dfm_rows (__global int *d2, __global const int *g,
    __global int *scratch, int w, int h)
{
  int y = get_global_id (0), q = 0;
  __global const int *gr = g + y * w;
  __global int *out = d2 + y * w, *s = out, *t = scratch + y * w;

  if (y >= h)
    return;
  s[0] = t[0] = 0;
  for (int u = 1; u < w; u++) {
    while (q >= 0 && F (t[q], s[q]) > F (t[q], u))
      q--;
    if (q < 0) {
      q = 0;
      s[0] = u;
    } else {
      int v = 1 + SEP (s[q], u);
      if (v < w) {
        q++;
        s[q] = u;
        t[q] = v;
      }
    }
  }
  for (int u = w - 1; u >= 0; u--) {
    int tq = t[q];
    out[u] = F (u, s[q]);
    if (u == tq)
      q--;
  }
}

__kernel void
siseg_dfm_ascent (__global uint * parent, __global const ushort * cls,
    __global const int *d2, __global const uchar * mode, int w, int h)
{
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    uint p = y * w + x, best = p;
    int c = cls[p], bd = d2[p];

    if (mode[c] == CLASS_SKIP) {
      parent[p] = SISEG_NONE;
      continue;
    }
    for (int dy = -1; dy <= 1; dy++) {
      if (y + dy < 0 || y + dy >= h)
        continue;
      for (int dx = -1; dx <= 1; dx++) {
        uint q = p + dy * w + dx;
        if ((dx | dy) == 0 || x + dx < 0 || x + dx >= w || cls[q] != c)
          continue;
        if (d2[q] > bd || (d2[q] == bd && q > best)) {
          best = q;
          bd = d2[q];
        }
      }
    }
    parent[p] = best;
  }
}

/* In place: any value read is an ancestor, so races only shorten paths.
 * The path walked is compressed to the root, so that the next pixels,
 * whose paths mostly join it, stop early. */
__kernel void
siseg_dfm_jump (__global uint * parent, int w, int h)
{
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    uint p = y * w + x, r = parent[p], q = r, n;

    if (r == SISEG_NONE)
      continue;
    while ((n = parent[r]) != r)
      r = n;
    while (q != r) {
      n = parent[q];
      parent[q] = r;
      q = n;
    }
    parent[p] = r;
  }
}
