/* siseg: prepare stage, frame and mask to the processing resolution.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Build options: MASK16 (16-bit class ids), and one frame layout: PACKED
 * with BPP, R_OFF, G_OFF, B_OFF, or NV12, or I420.
 */

/* The class map: the mask scaled by nearest neighbour, never interpolated. */
__kernel void
siseg_convert_mask (__global ushort * cls, __global const uchar * mask,
    int mstride, int mw, int mh, int w, int h)
{
  int y = get_global_id (1);
  __global const uchar *row = mask + nearest (y, h, mh) * mstride;

  FOR_SPAN (x, w) {
    int sx = nearest (x, w, mw);
#ifdef MASK16
    cls[y * w + x] = ((__global const ushort *) row)[sx];
#else
    cls[y * w + x] = row[sx];
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
  int c = 298 * (y - 16) + 128, d = u - 128, e = v - 128;

  return (uchar4) (clamp8 (c + 409 * e), clamp8 (c - 100 * d - 208 * e),
      clamp8 (c + 516 * d), 255);
}

/* The working colour image: RGBA at the processing size, nearest. */
__kernel void
siseg_convert_frame (__global uchar4 * rgba, __global const uchar * frame,
    int off1, int off2, int s0, int s1, int s2, int fw, int fh, int w, int h)
{
  int y = get_global_id (1);
  int sy = nearest (y, h, fh);

  FOR_SPAN (x, w) {
    int sx = nearest (x, w, fw);
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
luma_at (__global const uchar4 * rgba, int x, int y, int w, int h)
{
  uchar4 c = rgba[clamp (y, 0, h - 1) * w + clamp (x, 0, w - 1)];

  return (77 * c.x + 150 * c.y + 29 * c.z) >> 8;
}

/* Image edges: Sobel magnitude of the luma, |gx| + |gy| over 8. */
__kernel void
siseg_convert_grad (__global uchar * grad, __global const uchar4 * rgba,
    int w, int h)
{
  int y = get_global_id (1);

  FOR_SPAN (x, w) {
    int a = luma_at (rgba, x - 1, y - 1, w, h), b = luma_at (rgba, x, y - 1, w,
        h), c = luma_at (rgba, x + 1, y - 1, w, h);
    int d = luma_at (rgba, x - 1, y, w, h), f = luma_at (rgba, x + 1, y, w, h);
    int g = luma_at (rgba, x - 1, y + 1, w, h), k = luma_at (rgba, x, y + 1, w,
        h), l = luma_at (rgba, x + 1, y + 1, w, h);
    int gx = (c + 2 * f + l) - (a + 2 * d + g);
    int gy = (g + 2 * k + l) - (a + 2 * b + c);
    grad[y * w + x] = min ((int) (abs (gx) + abs (gy)) >> 3, 255);
  }
}
