/* siseg: per-instance statistics, one atomic per run of equal labels.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * stats holds SISEG_STATS_WORDS uints per instance id (SisegStats, see
 * siseg-defs.h). The host fills it with
 * area = sums = 0, x0 = y0 = INT_MAX, x1 = y1 = -1 before the launch.
 */

inline void
add64 (__global uint * lo, __global uint * hi, uint v)
{
  uint old = atomic_add (lo, v);

  if (old + v < old)
    atomic_inc (hi);
}

inline void
add_run (__global uint * stats, int l, int x0, int x1, int y)
{
  __global uint *s = stats + SISEG_STATS_WORDS * l;
  uint len = x1 - x0 + 1;

  atomic_add (&s[0], len);
  add64 (&s[1], &s[2], (uint) (x0 + x1) * len / 2);
  add64 (&s[3], &s[4], (uint) y * len);
  atomic_min ((__global int *) &s[5], x0);
  atomic_min ((__global int *) &s[6], y);
  atomic_max ((__global int *) &s[7], x1);
  atomic_max ((__global int *) &s[8], y);
}

/* One work-item a row; run ends found 16 pixels at a time. */
__kernel void
siseg_stats_runs (__global uint * stats, __global const ushort * labels,
    int w, int h)
{
  int y = get_global_id (0), start = 0;
  __global const ushort *l = labels + y * w;

  if (y >= h)
    return;
  while (start < w) {
    int x = start + 1;
    ushort16 c = (ushort16) l[start];
    while (x + 16 <= w && !any (vload16 (0, l + x) != c))
      x += 16;
    while (x < w && l[x] == l[start])
      x++;
    if (l[start] != 0)
      add_run (stats, l[start], start, x - 1, y);
    start = x;
  }
}
