/* siseg: prepare stage, frame and mask to the processing resolution.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Build options: MASK16 (16-bit class ids), and one frame layout: PACKED
 * with BPP, R_OFF, G_OFF, B_OFF, or NV12, or I420.
 */

/* With corners aligned, mask pixel i is the frame's pixel i fsize / msize.
 * Processing pixel d, centred at (d + 1/2) fsize / dsize in the frame,
 * takes the nearest: (2 d + 1) msize fsize - msize dsize + dsize fsize
 * over 2 dsize fsize, a run of it from d (the caller keeps it under
 * msize). The numerator in 64 bits; the steps fit 32. */
inline NearestRun
corner_run (int d, int dsize, int fsize, int msize)
{
  long num = (long) (2 * d + 1) * msize * fsize - (long) msize * dsize
      + (long) dsize * fsize;
  long step = 2 * (long) msize * fsize;
  NearestRun n;

  n.den = 2 * dsize * fsize;
  n.q = (int) (num / n.den);
  n.r = (int) (num % n.den);
  n.dq = (int) (step / n.den);
  n.dr = (int) (step % n.den);
  return n;
}

/* The class map: the mask scaled by nearest neighbour, never interpolated.
 * Processing pixel x takes the mask pixel nearest to its centre in the
 * frame: by pixel centres, nearest (x, w, mw); with corner, by the mask
 * pixels' top-left corners. A mask as wide as the class map is copied in
 * explicit vectors. */
__kernel void
siseg_convert_mask (__global ushort * cls, __global const uchar * mask,
    int mstride, int mw, int mh, int fw, int fh, int w, int h, int corner)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  int sy = corner && mh != fh ? min (corner_run (y, h, fh, mh).q, mh - 1) :
      nearest (y, h, mh);
  __global const uchar *row = mask + sy * mstride;
  __global ushort *out = cls + y * w;
  NearestRun nx;

  if (PAST_EDGE (x, y, w, h))
    return;

  /* (a mask as large as the frame gives nearest () either way) */
  if (corner && mw != fw) {
    nx = corner_run (x, w, fw, mw);
    for (; x < x1; x++) {
      int sx = min (nearest_next (&nx), mw - 1);
#ifdef MASK16
      out[x] = ((__global const ushort *) row)[sx];
#else
      out[x] = row[sx];
#endif
    }
    return;
  }

  for (; mw == w && x + 16 <= x1; x += 16)
#ifdef MASK16
    vstore16 (vload16 (0, (__global const ushort *) row + x), 0, out + x);
#else
    vstore16 (convert_ushort16 (vload16 (0, row + x)), 0, out + x);
#endif
  for (; 2 * mw == 3 * w && x % 2 == 0 && x + 16 <= x1
      && 3 * x / 2 + 32 <= mw; x += 16) {
    /* as 32-bit lanes: PoCL calls a function for narrower shuffles */
#ifdef MASK16
    __global const ushort *s = (__global const ushort *) row + 3 * x / 2;
#else
    __global const uchar *s = row + 3 * x / 2;
#endif
    vstore16 (convert_ushort16 (shuffle2 (convert_uint16 (vload16 (0, s)),
                convert_uint16 (vload16 (0, s + 16)), (uint16) FROM_3_TO_2)),
        0, out + x);
  }
  nx = nearest_run (x, w, mw);
  for (; x < x1; x++) {
    int sx = nearest_next (&nx);
#ifdef MASK16
    out[x] = ((__global const ushort *) row)[sx];
#else
    out[x] = row[sx];
#endif
  }
}

inline uchar
clamp8 (int v)
{
  return (uchar) (clamp (v, 0, 255 << 8) >> 8);
}

/* BT.601 limited range to RGB, integer */
inline uchar4
yuv_to_rgba (int y, int u, int v)
{
  int c = SISEG_YUV_Y * (y - 16) + 128, d = u - 128, e = v - 128;

  return (uchar4) (clamp8 (c + SISEG_YUV_RV * e),
      clamp8 (c - SISEG_YUV_GU * d - SISEG_YUV_GV * e),
      clamp8 (c + SISEG_YUV_BU * d), 255);
}

/* 16 pixels of 4 bytes as RGBA, to dst + x */
inline void
rgba16 (__global uint * dst, uint16 p, int x)
{
#if defined (PACKED) && BPP == 4
  vstore16 (((p >> (8 * R_OFF)) & 0xff) | (((p >> (8 * G_OFF)) & 0xff) << 8)
      | (((p >> (8 * B_OFF)) & 0xff) << 16) | 0xff000000, 0, dst + x);
#endif
}

#if defined (PACKED) && BPP == 3
#define RGB3_AT(o) 3 * (o) + R_OFF, 3 * (o) + G_OFF, 3 * (o) + B_OFF, 0

/* RGBA of four destination pixels of a row scaled from 3 pixels to 2:
 * source pixels 0, 2, 3 and 5 (FROM_3_TO_2) of the six from s, in one
 * constant shuffle of two loads */
inline uint4
rgba4_from_3_to_2 (__global const uchar * s)
{
  uchar16 v = shuffle2 (vload16 (0, s), vload16 (0, s + 16),
      (uchar16) (RGB3_AT (0), RGB3_AT (2), RGB3_AT (3), RGB3_AT (5)));

  return as_uint4 (v) | 0xff000000;
}
#endif

/* A frame of 4-byte pixels as wide as the working image: its pixels x ..
 * x + 15 of source row src, in explicit vectors. */
inline void
packed16 (__global uint * dst, __global const uchar * src, int x)
{
  rgba16 (dst, vload_px16 (src + 4 * x), x);
}

/* The working colour image: RGBA at the processing size, nearest. */
__kernel void
siseg_convert_frame (__global uchar4 * rgba, __global const uchar * frame,
    int off1, int off2, int s0, int s1, int s2, int fw, int fh, int w, int h)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  int sy = nearest (y, h, fh);
  NearestRun nx;

  if (PAST_EDGE (x, y, w, h))
    return;

#if defined (PACKED) && BPP == 4
  for (; fw == w && x + 16 <= x1; x += 16)
    packed16 ((__global uint *) (rgba + y * w), frame + sy * s0, x);
  for (; 2 * fw == 3 * w && x % 2 == 0 && x + 16 <= x1
      && 3 * x / 2 + 32 <= fw; x += 16) {
    __global const uchar *s = frame + sy * s0 + 4 * (3 * x / 2);
    rgba16 ((__global uint *) (rgba + y * w), shuffle2 (vload_px16 (s),
            vload_px16 (s + 64), (uint16) FROM_3_TO_2), x);
  }
#elif defined (PACKED) && BPP == 3
  for (; 2 * fw == 3 * w && x % 2 == 0 && x + 16 <= x1
      && 3 * x / 2 + 29 <= fw; x += 16) {
    __global const uchar *s = frame + sy * s0 + 3 * (3 * x / 2);
    for (int q = 0; q < 4; q++)
      vstore4 (rgba4_from_3_to_2 (s + 18 * q), q,
          (__global uint *) (rgba + y * w + x));
  }
#endif
  nx = nearest_run (x, w, fw);
  for (; x < x1; x++) {
    int sx = nearest_next (&nx);
#ifdef PACKED
    __global const uchar *p = frame + sy * s0 + sx * BPP;
    rgba[y * w + x] = (uchar4) (p[R_OFF], p[G_OFF], p[B_OFF], 255);
#elif defined (NV12)
    __global const uchar *uv = frame + off1 + (sy / 2) * s1 + (sx / 2) * 2;
    rgba[y * w + x] = yuv_to_rgba (frame[sy * s0 + sx], uv[0], uv[1]);
#else
    int c = (sy / 2) * s1 + sx / 2;
    rgba[y * w + x] = yuv_to_rgba (frame[sy * s0 + sx], frame[off1 + c],
        frame[off2 + (sy / 2) * s2 + sx / 2]);
#endif
  }
}

inline int
luma (uchar4 c)
{
  return (SISEG_LUMA_R * c.x + SISEG_LUMA_G * c.y + SISEG_LUMA_B * c.z) >> 8;
}

/* luma of 16 pixels read as little-endian words: R in the low byte */
inline int16
luma16 (__global const uint * row, int x)
{
  int16 c = as_int16 (vload16 (0, row + x));

  return (SISEG_LUMA_R * (c & 0xff) + SISEG_LUMA_G * ((c >> 8) & 0xff)
      + SISEG_LUMA_B * ((c >> 16) & 0xff))
      >> 8;
}

/* Sobel of pixels x .. x + 15, all with both horizontal neighbours */
inline void
sobel16 (__global uchar * out, __global const uint * r0,
    __global const uint * r1, __global const uint * r2, int x)
{
  int16 a0 = luma16 (r0, x - 1), b0 = luma16 (r0, x), c0 = luma16 (r0, x + 1);
  int16 a2 = luma16 (r2, x - 1), b2 = luma16 (r2, x), c2 = luma16 (r2, x + 1);
  int16 gx = (c0 + 2 * luma16 (r1, x + 1) + c2)
      - (a0 + 2 * luma16 (r1, x - 1) + a2);
  int16 gy = (a2 + 2 * b2 + c2) - (a0 + 2 * b0 + c0);

  vstore16 (convert_uchar16 (min ((abs (gx) + abs (gy)) >> 3, (uint16) 255)),
      0, out + x);
}

/* Sobel of pixel x, neighbours clamped to the row */
inline uchar
sobel1 (__global const uchar4 * r0, __global const uchar4 * r1,
    __global const uchar4 * r2, int x, int w)
{
  int l = max (x - 1, 0), r = min (x + 1, w - 1);
  int gx = (luma (r0[r]) + 2 * luma (r1[r]) + luma (r2[r]))
      - (luma (r0[l]) + 2 * luma (r1[l]) + luma (r2[l]));
  int gy = (luma (r2[l]) + 2 * luma (r2[x]) + luma (r2[r]))
      - (luma (r0[l]) + 2 * luma (r0[x]) + luma (r0[r]));

  return min ((int) (abs (gx) + abs (gy)) >> 3, 255);
}

/* Image edges: Sobel magnitude of the luma, |gx| + |gy| over 8, borders
 * replicated; 0 on classes that are skipped (no one reads them). Explicit
 * vectors of 16 pixels where a span has them with both neighbours (PoCL
 * does not vectorise the scalar loop), one pixel at a time elsewhere. */
__kernel void
siseg_convert_grad (__global uchar * grad, __global const uchar4 * rgba,
    __global const ushort * cls, __global const uchar * mode, int w, int h)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, w);
  int y0 = max (y - 1, 0), y2 = min (y + 1, h - 1);
  __global const uint *px = (__global const uint *) rgba;
  __global const ushort *c = cls + y * w;
  __global uchar *out = grad + y * w;

  if (PAST_EDGE (x, y, w, h))
    return;
  while (x < x1) {
    if (x >= 1 && x + 16 <= x1 && x + 16 < w) {
      ushort16 c16 = vload16 (0, c + x);
      int same = !any (c16 != (ushort16) c16.s0);
      if (same && mode[c16.s0] == CLASS_SKIP) {
        vstore16 ((uchar16) 0, 0, out + x);
      } else {
        sobel16 (out, px + y0 * w, px + y * w, px + y2 * w, x);
        for (int i = 0; !same && i < 16; i++)
          if (mode[c[x + i]] == CLASS_SKIP)
            out[x + i] = 0;
      }
      x += 16;
    } else {
      out[x] = mode[c[x]] == CLASS_SKIP ? 0 :
          sobel1 (rgba + y0 * w, rgba + y * w, rgba + y2 * w, x, w);
      x++;
    }
  }
}
