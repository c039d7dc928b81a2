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
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    uint r = parent[y * w + x];
    labels[y * w + x] = r == SISEG_NONE ? 0 : lut[r];
  }
}
