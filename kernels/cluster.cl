/* siseg: centroid clustering, the device side: basins to instance ids.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The host merges basins (siseg-cluster.c) and sends each basin's root pixel
 * with its instance id; lut holds the id at every root pixel.
 */

__kernel void
siseg_cluster_scatter (__global ushort * lut, __global const uint * roots,
    __global const ushort * ids, int n)
{
  int i = get_global_id (0);

  if (i < n)
    lut[roots[i]] = ids[i];
}

__kernel void
siseg_cluster_label (__global ushort * labels, __global const ushort * lut,
    __global const uint * parent, int w, int h)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  __global const uint *pr = parent + y * w;
  __global ushort *out = labels + y * w;

  if (PAST_EDGE (x, y, w, h))
    return;
  for (; x < x1; x++) {
    /* most of a frame is of no basin: 16 such pixels at a time */
    if (x + 16 <= x1 && !any (vload16 (0, pr + x) != (uint16) SISEG_NONE)) {
      vstore16 ((ushort16) 0, 0, out + x);
      x += 15;
      continue;
    }
    out[x] = pr[x] == SISEG_NONE ? 0 : lut[pr[x]];
  }
}
