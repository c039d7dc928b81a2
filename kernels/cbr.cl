/* siseg: the CBR head, class-constrained refinement of instance borders.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * PAMR-style, on labels: in a band around borders, each pixel takes the
 * label with the largest sum of affinities over its neighbours at dilations
 * 1, 2 and 4; the affinity falls with the colour difference, normalised by
 * the local spread. Without class borders a pixel keeps its class and only
 * chooses among instances of that class. Integer weights from a table, so
 * the result is exact.
 */

#define N_NEIGH 24
#define N_WEIGHTS 64

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

/* One work-item a row: bit 0 marks pixels within radius of a border along
 * the row. */
__kernel void
siseg_cbr_band_rows (__global uchar * band, __global const ushort * labels,
    __global const ushort * inst_class, int w, int h, int radius,
    int class_borders)
{
  int y = get_global_id (0), last = -1 - radius, next = w + radius;
  __global const ushort *l = labels + y * w;
  __global uchar *b = band + y * w;

  if (y >= h)
    return;
  for (int x = 0; x < w; x++) {
    if (edge_at (l, inst_class, x, y, w, h, class_borders))
      last = x;
    b[x] = x - last <= radius;
  }
  for (int x = w - 1; x >= 0; x--) {
    if (edge_at (l, inst_class, x, y, w, h, class_borders))
      next = x;
    b[x] |= next - x <= radius;
  }
}

/* One work-item a column: bit 1 marks pixels within radius (vertically) of
 * a bit-0 pixel: the band. */
__kernel void
siseg_cbr_band_cols (__global uchar * band, int w, int h, int radius)
{
  int x = get_global_id (0), last = -1 - radius, next = h + radius;

  if (x >= w)
    return;
  for (int y = 0; y < h; y++) {
    if (band[y * w + x] & 1)
      last = y;
    if (y - last <= radius)
      band[y * w + x] |= 2;
  }
  for (int y = h - 1; y >= 0; y--) {
    if (band[y * w + x] & 1)
      next = y;
    if (next - y <= radius)
      band[y * w + x] |= 2;
  }
}

inline int
diff3 (uchar4 a, uchar4 b)
{
  return abs ((int) a.x - (int) b.x) + abs ((int) a.y - (int) b.y)
      + abs ((int) a.z - (int) b.z);
}

inline int
cbr_choose (__global const ushort * in, __global const uchar4 * rgba,
    __global const ushort * inst_class, __constant ushort * weights,
    int x, int y, int w, int h, int c, int class_borders)
{
  int p = y * w + x, n = 1, diff[N_NEIGH], sum = 0, valid = 0, best = 0;
  ushort cand[N_NEIGH + 1];
  uint score[N_NEIGH + 1];
  uchar4 me = rgba[p];

  for (int k = 0; k < N_NEIGH; k++) {
    int qx = x + neigh[k].x, qy = y + neigh[k].y;
    diff[k] = -1;
    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
      continue;
    diff[k] = diff3 (me, rgba[qy * w + qx]);
    sum += diff[k];
    valid++;
  }
  cand[0] = in[p];
  score[0] = weights[0];
  for (int k = 0; k < N_NEIGH; k++) {
    int i, lq;
    if (diff[k] < 0)
      continue;
    lq = in[(y + neigh[k].y) * w + x + neigh[k].x];
    if (!class_borders && (lq == 0 || inst_class[lq] != c))
      continue;
    for (i = 0; i < n && cand[i] != lq; i++);
    if (i == n) {
      cand[n] = lq;
      score[n++] = 0;
    }
    score[i] += weights[min (N_WEIGHTS - 1, diff[k] * 8 * valid / (sum + valid))];
  }
  for (int i = 1; i < n; i++)
    if (score[i] > score[best])
      best = i;
  return cand[best];
}

/* One refinement iteration, in -> out. */
__kernel void
siseg_cbr_step (__global ushort * out, __global const ushort * in,
    __global const uchar * band, __global const uchar4 * rgba,
    __global const ushort * inst_class, __global const ushort * cls,
    __constant ushort * weights, int w, int h, int class_borders)
{
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    int p = y * w + x, l = in[p];
    if (!(band[p] & 2) || (!class_borders && l == 0))
      out[p] = l;
    else
      out[p] = cbr_choose (in, rgba, inst_class, weights, x, y, w, h,
          cls[p], class_borders);
  }
}
