/* siseg: the CBR head, class-constrained refinement of instance borders.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * First, when the mask is coarser than the processing grid, the grid step:
 * a pixel between mask samples of different classes takes the label that
 * the four samples around it vote for, each with its bilinear weight times
 * a weak colour weight, so that class borders run between the samples
 * instead of along their blocks. Then, in cbr-mode on and instances,
 * PAMR-style iterations, on labels: in a band around borders, each pixel takes the
 * label with the largest sum of affinities over its neighbours at dilations
 * 1, 2 and 4; the affinity falls with the colour difference, normalised by
 * the local spread. Without class borders a pixel keeps its class and only
 * chooses among instances of that class. Integer weights from a table, so
 * the result is exact.
 */

#define N_NEIGH 24
#define N_WEIGHTS SISEG_CBR_WEIGHTS

__constant int2 neigh[N_NEIGH] = {
  (int2) (-1, -1), (int2) (0, -1), (int2) (1, -1), (int2) (-1, 0),
  (int2) (1, 0), (int2) (-1, 1), (int2) (0, 1), (int2) (1, 1),
  (int2) (-2, -2), (int2) (0, -2), (int2) (2, -2), (int2) (-2, 0),
  (int2) (2, 0), (int2) (-2, 2), (int2) (0, 2), (int2) (2, 2),
  (int2) (-4, -4), (int2) (0, -4), (int2) (4, -4), (int2) (-4, 0),
  (int2) (4, 0), (int2) (-4, 4), (int2) (0, 4), (int2) (4, 4),
};

inline int
is_border (__global const ushort * inst_class, ushort a, ushort b,
    int class_borders)
{
  if (a == b)
    return 0;
  if (class_borders)
    return 1;
  return a != 0 && b != 0 && inst_class[a] == inst_class[b];
}

/* a border between pixel x and its right or lower neighbour */
inline int
edge_at (__global const ushort * l, __global const ushort * inst_class,
    int x, int y, int w, int h, int class_borders)
{
  return (x + 1 < w && is_border (inst_class, l[x], l[x + 1], class_borders))
      || (y + 1 < h && is_border (inst_class, l[x], l[x + w], class_borders));
}

/* no two labels differ between pixels x .. x + 15 and their right (x + 16
 * inside the row) and, with below, lower neighbours: none is on a border */
inline int
no_border16 (__global const ushort * l, int x, int w, int below)
{
  ushort16 c = vload16 (0, l + x);
  short16 d = c != vload16 (0, l + x + 1);

  if (below)
    d |= c != vload16 (0, l + x + w);
  return !any (d);
}

/* none of 16 pixels has bit 2 set */
inline int
no_mark16 (__global const uchar * b)
{
  return !any ((vload16 (0, b) & (uchar16) 4) != (uchar16) 0);
}

/* One work-item a row: bit 0 marks pixels within radius of a border along
 * the row. The forward pass keeps each pixel's border test in bit 2 for the
 * backward pass, which drops it. Runs of 16 pixels with no border in
 * explicit vectors. */
__kernel void
siseg_cbr_band_rows (__global uchar * band, __global const ushort * labels,
    __global const ushort * inst_class, int w, int h, int radius,
    int class_borders)
{
  int y = get_global_id (0), last = -1 - radius, next = w + radius, x;
  __global const ushort *l = labels + y * w;
  __global uchar *b = band + y * w;

  if (y >= h)
    return;
  for (x = 0; x < w;) {
    if (x + 16 < w && no_border16 (l, x, w, y + 1 < h)) {
      vstore16 (convert_uchar16 ((x + IOTA16 - last <= radius) & 1), 0,
          b + x);
      x += 16;
    } else {
      int e = edge_at (l, inst_class, x, y, w, h, class_borders);
      if (e)
        last = x;
      b[x] = (x - last <= radius) | (e << 2);
      x++;
    }
  }
  for (x = w - 1; x >= 0;) {
    if (x >= 15 && no_mark16 (b + x - 15)) {
      vstore16 (vload16 (0, b + x - 15)
          | convert_uchar16 ((next - (x - 15 + IOTA16) <= radius) & 1), 0,
          b + x - 15);
      x -= 16;
    } else {
      if (b[x] & 4)
        next = x;
      b[x] = (b[x] & 1) | (next - x <= radius);
      x--;
    }
  }
}

/* bit 1 where bit 0 is within radius along a strip's columns, d[] the
 * distance to the last bit 0 in each; branch-free, so that it vectorises */
inline void
band_cols_row (__global uchar * row, int x0, int w, int radius, int *d)
{
  FOR_SPAN (x, w) {
    int i = x - x0, v = row[x];
    d[i] = v & 1 ? 0 : min (d[i] + 1, radius + 1);
    row[x] = v | ((d[i] <= radius) << 1);
  }
}

/* One work-item a strip of SPAN columns, walked row by row, down then up:
 * bit 1 marks pixels within radius (vertically) of a bit-0 pixel: the
 * band. */
__kernel void
siseg_cbr_band_cols (__global uchar * band, int w, int h, int radius)
{
  int x0 = span_start (), d[SPAN];

  if (PAST_EDGE (x0, 0, w, h))
    return;
  for (int i = 0; i < SPAN; i++)
    d[i] = radius + 1;
  for (int y = 0; y < h; y++)
    band_cols_row (band + y * w, x0, w, radius, d);
  for (int i = 0; i < SPAN; i++)
    d[i] = radius + 1;
  for (int y = h - 1; y >= 0; y--)
    band_cols_row (band + y * w, x0, w, radius, d);
}

inline int
diff3 (uchar4 a, uchar4 b)
{
  return abs ((int) a.x - (int) b.x) + abs ((int) a.y - (int) b.y)
      + abs ((int) a.z - (int) b.z);
}

/* min (N_WEIGHTS - 1, num / d) for num, d >= 0, through a float reciprocal
 * corrected to the exact quotient: a division a pixel, not a neighbour */
inline int
weight_index (int num, int d, float inv)
{
  int q;

  if (num >= (N_WEIGHTS - 1) * d)
    return N_WEIGHTS - 1;
  q = (int) (num * inv);
  if (q * d > num)
    q--;
  else if ((q + 1) * d <= num)
    q++;
  return q;
}

/* The neighbours' labels (-1 outside the image or not a candidate); FALSE
 * when none differs from the pixel's own: then it keeps it. */
inline int
cbr_gather (__global const ushort * in, __global const ushort * inst_class,
    int x, int y, int w, int h, int c, int class_borders, int *lab)
{
  int own = in[y * w + x], differs = 0;

  for (int k = 0; k < N_NEIGH; k++) {
    int qx = x + neigh[k].x, qy = y + neigh[k].y, lq;
    lab[k] = -1;
    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
      continue;
    lq = in[qy * w + qx];
    lab[k] = lq;
    if (!class_borders && (lq == 0 || inst_class[lq] != c))
      lab[k] = -2;
    else
      differs |= lq != own;
  }
  return differs;
}

inline int
cbr_choose (__global const ushort * in, __global const uchar4 * rgba,
    __global const ushort * inst_class, __constant ushort * weights,
    int x, int y, int w, int h, int c, int class_borders)
{
  int p = y * w + x, n = 1, lab[N_NEIGH], diff[N_NEIGH], sum = 0, valid = 0;
  int best = 0;
  ushort cand[N_NEIGH + 1];
  uint score[N_NEIGH + 1];
  uchar4 me = rgba[p];
  float inv;

  if (!cbr_gather (in, inst_class, x, y, w, h, c, class_borders, lab))
    return in[p];
  for (int k = 0; k < N_NEIGH; k++) {
    if (lab[k] == -1)
      continue;
    diff[k] = diff3 (me, rgba[(y + neigh[k].y) * w + x + neigh[k].x]);
    sum += diff[k];
    valid++;
  }
  inv = 1.0f / (sum + valid);
  cand[0] = in[p];
  score[0] = weights[0];
  for (int k = 0; k < N_NEIGH; k++) {
    int i, lq = lab[k];
    if (lq < 0)
      continue;
    for (i = 0; i < n && cand[i] != lq; i++);
    if (i == n) {
      cand[n] = lq;
      score[n++] = 0;
    }
    score[i] += weights[weight_index (diff[k] * 8 * valid, sum + valid, inv)];
  }
  for (int i = 1; i < n; i++)
    if (score[i] > score[best])
      best = i;
  return cand[best];
}

/* some label in the pixel's neighbourhood changed: a flag set there */
inline int
cbr_changed (__global const uchar * chg, int x, int y, int w, int h)
{
  int any = chg[y * w + x];

  for (int k = 0; k < N_NEIGH; k++) {
    int qx = x + neigh[k].x, qy = y + neigh[k].y;
    if (qx >= 0 && qy >= 0 && qx < w && qy < h)
      any |= chg[qy * w + qx];
  }
  return any;
}

/* One refinement iteration, in -> out, on band pixels only: out holds
 * the labels outside the band already (the host copies them in), and the
 * flags of chg (half it & 1 written, the other read; w * h bytes each)
 * are 0 outside it. With no class borders, pixels of no instance keep
 * their label. After the first iteration, pixels whose neighbourhood did
 * not change in the previous one keep theirs without a look. Spans of 16
 * pixels with no band pixel are passed over at once. */
__kernel void
siseg_cbr_step (__global ushort * out, __global const ushort * in,
    __global const uchar * band, __global const uchar4 * rgba,
    __global const ushort * inst_class, __global const ushort * cls,
    __constant ushort * weights, __global uchar * chg, int w, int h,
    int class_borders, int it)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  int n = w * h;
  __global uchar *chg_out = chg + (it & 1) * n;
  __global const uchar *chg_in = chg + ((it + 1) & 1) * n;

  if (PAST_EDGE (x, y, w, h))
    return;
  for (; x < x1; x++) {
    int p = y * w + x, l, m;
    if (x + 16 <= x1 && !any ((vload16 (0, band + p) & (uchar16) 2)
            != (uchar16) 0)) {
      x += 15;
      continue;
    }
    if (!(band[p] & 2))
      continue;
    l = in[p];
    if ((!class_borders && l == 0)
        || (it > 0 && !cbr_changed (chg_in, x, y, w, h)))
      m = l;
    else
      m = cbr_choose (in, rgba, inst_class, weights, x, y, w, h, cls[p],
          class_borders);
    chg_out[p] = m != l;
    if (m != out[p])
      out[p] = m;
  }
}

/* see grid_choose in siseg-ref.c */
inline ushort
grid_choose (__global const ushort * in, __global const uchar4 * rgba,
    int p, int4 q, uint4 wb, __constant ushort * cw)
{
  uint score[4] = { 0, 0, 0, 0 };
  int qs[4] = { q.x, q.y, q.z, q.w }, best = 0;
  uint wbs[4] = { wb.x, wb.y, wb.z, wb.w };
  uchar4 me = rgba[p];

  for (int k = 0; k < 4; k++) {
    int d = diff3 (me, rgba[qs[k]]), i;
    for (i = 0; in[qs[i]] != in[qs[k]]; i++);
    score[i] += wbs[k] * cw[min (d >> 2, SISEG_GRID_WEIGHTS - 1)];
  }
  for (int k = 1; k < 4; k++)
    if (score[k] >= score[best])
      best = k;
  return in[qs[best]];
}

/* The grid step, in -> out: xtab and ytab give, per pixel, the pixels of
 * the mask samples before and after it (low and high 16 bits) and the
 * weight of the second (0 .. 256). */
__kernel void
siseg_cbr_grid (__global ushort * out, __global const ushort * in,
    __global const ushort * cls, __global const uchar4 * rgba,
    __global const uint * xtab, __global const uint * ytab,
    __constant ushort * cw, int w, int h)
{
  int y = get_global_id (1), ya, yb;
  uint ty;
  __global const ushort *ca, *cb;

  if (PAST_EDGE (span_start (), y, w, h))
    return;
  ya = ytab[2 * y] & 0xffff;
  yb = ytab[2 * y] >> 16;
  ty = ytab[2 * y + 1];
  ca = cls + ya * w;
  cb = cls + yb * w;
  FOR_SPAN (x, w) {
    int xa = xtab[2 * x] & 0xffff, xb = xtab[2 * x] >> 16, p = y * w + x;
    uint tx = xtab[2 * x + 1];
    ushort c = ca[xa];
    if (c == ca[xb] && c == cb[xa] && c == cb[xb]) {
      out[p] = in[p];
      continue;
    }
    out[p] = grid_choose (in, rgba, p, (int4) (ya * w + xa, ya * w + xb,
            yb * w + xa, yb * w + xb), (uint4) ((256 - tx) * (256 - ty),
            tx * (256 - ty), (256 - tx) * ty, tx * ty), cw);
  }
}
