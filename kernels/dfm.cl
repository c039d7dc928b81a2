/* siseg: the DFM head, an analytic displacement field.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * 1. exact squared Euclidean distance to the class boundary (Meijster:
 *    a column pass, then a row pass), all in integers, not computed on
 *    classes that are skipped (the reference writes 0 there);
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

/* The SPAN pixels of row c from x0 are all of one class that is skipped
 * (never when spans are short) */
inline int
span_skipped (__global const ushort * c, __global const uchar * mode, int x0,
    int w)
{
#if SPAN >= 16 && SPAN % 16 == 0
  ushort16 c0 = (ushort16) c[x0];
  short16 d = 0;

  if (x0 + SPAN > w)
    return 0;
  for (int i = 0; i < SPAN; i += 16)
    d |= vload16 (0, c + x0 + i) != c0;
  return !any (d) && mode[c[x0]] == CLASS_SKIP;
#else
  return 0;
#endif
}

/* One work-item a strip of SPAN columns, walked row by row (rows are
 * contiguous), down then up: distance to the nearest boundary pixel in each
 * column, d[] the distance so far in each. A pixel's distance depends only
 * on its run of one class in the column, whose ends are boundary pixels,
 * so spans of a skipped class are left out: g is not defined there. */
__kernel void
siseg_dfm_cols (__global int *g, __global const ushort * cls,
    __global const uchar * mode, int w, int h)
{
  int x0 = span_start (), far = w + h, d[SPAN];

  if (PAST_EDGE (x0, 0, w, h))
    return;
  for (int i = 0; i < SPAN; i++)
    d[i] = far;
  for (int y = 0; y < h; y++) {
    if (span_skipped (cls + y * w, mode, x0, w))
      continue;
    FOR_SPAN (x, w) {
      int i = x - x0;
      d[i] = on_boundary (cls, x, y, w, h) ? 0 : min (d[i] + 1, far);
      g[y * w + x] = d[i];
    }
  }
  for (int i = 0; i < SPAN; i++)
    d[i] = far;
  for (int y = h - 1; y >= 0; y--) {
    if (span_skipped (cls + y * w, mode, x0, w))
      continue;
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

/* Lower envelope of parabolas (Meijster et al.) over one run of w pixels:
 * the apexes s live in the output: the last loop reads s[q] before it
 * writes out[u], and q <= u. The boundaries t live in scratch. */
inline void
dfm_run (__global int *out, __global const int *gr, __global int *t, int w)
{
  __global int *s = out;
  int q = 0;

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

/* One work-item a row, a run of one class at a time: the pixels at either
 * end of a run that does not meet the image's side are boundary pixels
 * (g = 0), nearer than any beyond them, so each run is a row of its own.
 * Skipped classes get nothing: d2 is not defined there. */
__kernel void
siseg_dfm_rows (__global int *d2, __global const int *g,
    __global int *scratch, __global const ushort * cls,
    __global const uchar * mode, int w, int h)
{
  int y = get_global_id (0), a = 0;
  __global const ushort *c = cls + y * w;

  if (y >= h)
    return;
  while (a < w) {
    int b = a + 1, o = y * w + a;
    while (b + 16 <= w && !any (vload16 (0, c + b) != (ushort16) c[a]))
      b += 16;
    while (b < w && c[b] == c[a])
      b++;
    if (mode[c[a]] != CLASS_SKIP)
      dfm_run (d2 + o, g + o, scratch + o, b - a);
    a = b;
  }
}

/* Pixels x .. x + 15 of a row with all their neighbours inside the image,
 * in explicit vectors: each neighbour's key is d2 << 4 | k, k its place in
 * raster order (the pixel itself is 4), so the highest key is the highest
 * neighbour of the class with ties to the higher index. d2 < 2^27. */
inline void
ascent16 (__global uint * parent, __global const ushort * cls,
    __global const int *d2, __global const uchar * mode, int p, int w)
{
  ushort16 c = vload16 (0, cls + p);
  uint16 best = 0, k, ky;
  uint out[16];
  int skip[16];

  if (!any (c != (ushort16) c.s0)) {
    if (mode[c.s0] == CLASS_SKIP) {
      vstore16 ((uint16) SISEG_NONE, 0, parent + p);
      return;
    }
    for (int i = 0; i < 16; i++)
      skip[i] = 0;
  } else {
    for (int i = 0; i < 16; i++)
      skip[i] = mode[cls[p + i]] == CLASS_SKIP;
  }
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) {
      int q = p + dy * w + dx;
      uint16 key = (as_uint16 (vload16 (0, d2 + q)) << 4)
          | (uint) (3 * dy + dx + 4);
      best = max (best, select ((uint16) 0, key,
              convert_uint16 (vload16 (0, cls + q) == c)));
    }
  k = best & 15;
  ky = (k * 11) >> 5;
  best = as_uint16 ((uint) p + as_uint16 (IOTA16)) + (ky - 1) * w
      + (k - 3 * ky) - 1;
  vstore16 (best, 0, out);
  for (int i = 0; i < 16; i++)
    parent[p + i] = skip[i] ? SISEG_NONE : out[i];
}

/* steepest ascent: the highest 8-neighbour of the class, ties to the higher
 * index; skipped classes get none */
__kernel void
siseg_dfm_ascent (__global uint * parent, __global const ushort * cls,
    __global const int *d2, __global const uchar * mode, int w, int h)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  int vec = y > 0 && y + 1 < h && w < 8192 && h < 8192;

  if (PAST_EDGE (x, y, w, h))
    return;
  while (x < x1) {
    uint p = y * w + x, best = p;
    int c = cls[p], bd = d2[p];

    if (vec && x >= 1 && x + 16 <= x1 && x + 17 <= w) {
      ascent16 (parent, cls, d2, mode, p, w);
      x += 16;
      continue;
    }
    x++;
    if (mode[c] == CLASS_SKIP) {
      parent[p] = SISEG_NONE;
      continue;
    }
    for (int dy = -1; dy <= 1; dy++) {
      if (y + dy < 0 || y + dy >= h)
        continue;
      for (int dx = -1; dx <= 1; dx++) {
        uint q = p + dy * w + dx;
        int qx = x - 1 + dx;
        if ((dx | dy) == 0 || qx < 0 || qx >= w || cls[q] != c)
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
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);

  if (PAST_EDGE (x, y, w, h))
    return;
  for (; x < x1; x++) {
    uint p = y * w + x, r = parent[p], q = r, n;

    /* most of a frame is of no basin: 16 such pixels at a time */
    if (x + 16 <= x1 && !any (vload16 (0, parent + p) != (uint16) SISEG_NONE)) {
      x += 15;
      continue;
    }
    if (r == SISEG_NONE || (n = parent[r]) == r)
      continue;                 /* no basin, or next to its root */
    /* most pixels: two steps, once their neighbours are compressed */
    if (parent[n] == n) {
      parent[p] = n;
      continue;
    }
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
