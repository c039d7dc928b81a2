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

/* boundary pixel: a 4-neighbour inside the image has another class */
inline int
on_boundary (__global const ushort * cls, int x, int y, int w, int h)
{
  int p = y * w + x, c = cls[p];

  return (x > 0 && cls[p - 1] != c) || (x + 1 < w && cls[p + 1] != c)
      || (y > 0 && cls[p - w] != c) || (y + 1 < h && cls[p + w] != c);
}

/* One work-item a column: distance to the nearest boundary pixel in it. */
__kernel void
siseg_dfm_cols (__global int *g, __global const ushort * cls, int w, int h)
{
  int x = get_global_id (0), far = w + h, d = far;

  if (x >= w)
    return;
  for (int y = 0; y < h; y++) {
    d = on_boundary (cls, x, y, w, h) ? 0 : min (d + 1, far);
    g[y * w + x] = d;
  }
  d = far;
  for (int y = h - 1; y >= 0; y--) {
    int v = g[y * w + x];
    d = v == 0 ? 0 : min (d + 1, far);
    g[y * w + x] = min (v, d);
  }
}

#define F(x, i) (((x) - (i)) * ((x) - (i)) + gr[i] * gr[i])
#define SEP(i, u) \
  (((u) * (u) - (i) * (i) + gr[u] * gr[u] - gr[i] * gr[i]) / (2 * ((u) - (i))))

/* One work-item a row: lower envelope of parabolas (Meijster et al.). */
__kernel void
siseg_dfm_rows (__global int *d2, __global const int *g,
    __global int *scratch, int w, int h)
{
  int y = get_global_id (0), q = 0;
  __global const int *gr = g + y * w;
  __global int *s = scratch + 2 * y * w, *t = s + w, *out = d2 + y * w;

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
    out[u] = F (u, s[q]);
    if (u == t[q])
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

/* In place: any value read is an ancestor, so races only shorten paths. */
__kernel void
siseg_dfm_jump (__global uint * parent, int w, int h)
{
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    uint p = y * w + x, r = parent[p], n;

    if (r == SISEG_NONE)
      continue;
    while ((n = parent[r]) != r)
      r = n;
    parent[p] = r;
  }
}
