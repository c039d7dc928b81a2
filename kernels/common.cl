/* siseg: definitions shared by every kernel.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Per-pixel kernels walk a span of SPAN pixels of one row per work-item:
 * global size (ceil (w / SPAN), h), rounded up to whole groups (see
 * PAST_EDGE). SPAN comes from the build options: long
 * spans on CPU devices (PoCL), 1 on GPUs.
 */
#ifndef SPAN
#define SPAN 1
#endif

#define IOTA16 (int16) (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
#define CLASS_SPLIT SISEG_MODE_SPLIT
#define CLASS_STUFF SISEG_MODE_STUFF
#define CLASS_SKIP SISEG_MODE_SKIP

/* Launches round their global size up to whole groups of one shape
 * (siseg_launch_size ()): the work-items whose first pixel lies past the
 * image's last column or row return at once. */
#define PAST_EDGE(x, y, w, h) ((x) >= (w) || (y) >= (h))

#define FOR_SPAN(x, w)                                                     \
  for (int x = (int) get_global_id (0) * SPAN,                             \
       x##_end = min ((int) get_global_id (0) * SPAN + SPAN, (w));         \
       x < x##_end; x++)

/* nearest source coordinate of destination coordinate d: centres aligned */
inline int
nearest (int d, int dst_size, int src_size)
{
  return ((2 * d + 1) * src_size) / (2 * dst_size);
}

/* nearest () of d, d + 1, d + 2, ... without a division a step: the
 * quotient and remainder of (2 d + 1) src / (2 dst), carried along */
typedef struct
{
  int q, r, dq, dr, den;
} NearestRun;

inline NearestRun
nearest_run (int d, int dst_size, int src_size)
{
  NearestRun n;
  int num = (2 * d + 1) * src_size;

  n.den = 2 * dst_size;
  n.q = num / n.den;
  n.r = num % n.den;
  n.dq = (2 * src_size) / n.den;
  n.dr = (2 * src_size) % n.den;
  return n;
}

/* the current coordinate, then a step to the next destination pixel */
inline int
nearest_next (NearestRun * n)
{
  int q = n->q;

  n->q += n->dq;
  n->r += n->dr;
  if (n->r >= n->den) {
    n->r -= n->den;
    n->q++;
  }
  return q;
}

/* A row scaled from 3 pixels to 2 (2 src == 3 dst, as 1920 to 1280):
 * destination pixels x .. x + 15, x even, are source pixels 3 x / 2 plus
 * these: one constant shuffle of two loads */
#define FROM_3_TO_2 (0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23)

/* 16 pixels of 4 bytes at p, as little-endian words (the first byte in
 * the low one). Frame rows start on any byte (a stride need not be a
 * multiple of 4), so through vectors of bytes, whose loads need no
 * alignment. */
inline uint16
vload_px16 (__global const uchar * p)
{
  return (uint16) (as_uint4 (vload16 (0, p)), as_uint4 (vload16 (1, p)),
      as_uint4 (vload16 (2, p)), as_uint4 (vload16 (3, p)));
}

/* the 16 pixels of v to p, as vload_px16 () reads them */
inline void
vstore_px16 (uint16 v, __global uchar * p)
{
  vstore16 (as_uchar16 (v.lo.lo), 0, p);
  vstore16 (as_uchar16 (v.lo.hi), 1, p);
  vstore16 (as_uchar16 (v.hi.lo), 2, p);
  vstore16 (as_uchar16 (v.hi.hi), 3, p);
}

/* the first pixel of this work-item's span */
inline int
span_start (void)
{
  return (int) get_global_id (0) * SPAN;
}
