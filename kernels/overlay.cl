/* siseg: the overlay, drawn in place on the frame.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each frame pixel takes the label of its nearest processing pixel. Pixels
 * whose 4-neighbours have another label are contour pixels (solid colour),
 * the others are blended with alpha / 256. colors[] holds, per instance id,
 * 0xAABBCC: R, G, B for packed layouts, Y, U, V for NV12 and I420.
 * Build options as convert.cl.
 */

inline int
label_at (__global const ushort * labels, int x, int y, int fw, int fh,
    int w, int h)
{
  return labels[nearest (y, fh, h) * w + nearest (x, fw, w)];
}

/* 0: leave, 1: fill, 2: contour */
inline int
paint_kind (__global const ushort * labels, __global const uchar * visible,
    int x, int y, int fw, int fh, int w, int h, int fill, int contours,
    int *l)
{
  *l = label_at (labels, x, y, fw, fh, w, h);
  if (*l == 0 || !visible[*l])
    return 0;
  if (contours && ((x > 0 && label_at (labels, x - 1, y, fw, fh, w, h) != *l)
          || (x + 1 < fw && label_at (labels, x + 1, y, fw, fh, w, h) != *l)
          || (y > 0 && label_at (labels, x, y - 1, fw, fh, w, h) != *l)
          || (y + 1 < fh && label_at (labels, x, y + 1, fw, fh, w, h) != *l)))
    return 2;
  return fill;
}

inline uchar
blend (uchar dst, uint src, int alpha)
{
  return (uchar) ((src * alpha + dst * (256 - alpha) + 128) >> 8);
}

/* paint_kind () on rows ly (above lu, below ld) and columns sx (left sl,
 * right sr) of the labels, already scaled */
inline int
paint_kind_at (__global const ushort * labels,
    __global const uchar * visible, int x, int y, int fw, int fh, int w,
    int lu, int ly, int ld, int sl, int sx, int sr, int fill, int contours,
    int *l)
{
  __global const ushort *row = labels + ly * w;

  *l = row[sx];
  if (*l == 0 || !visible[*l])
    return 0;
  if (contours && ((x > 0 && row[sl] != *l) || (x + 1 < fw && row[sr] != *l)
          || (y > 0 && labels[lu * w + sx] != *l)
          || (y + 1 < fh && labels[ld * w + sx] != *l)))
    return 2;
  return fill;
}

/* Packed layouts: the whole pixel; planar layouts: the luma plane. Label
 * columns step along the span without a division. */
__kernel void
siseg_overlay_main (__global uchar * frame, __global const ushort * labels,
    __global const uint * colors, __global const uchar * visible, int s0,
    int fw, int fh, int w, int h, int alpha, int fill, int contours)
{
  int y = get_global_id (1), x0 = span_start (), l;
  int ly = nearest (y, fh, h), lu = y > 0 ? nearest (y - 1, fh, h) : ly;
  int ld = y + 1 < fh ? nearest (y + 1, fh, h) : ly;
  int sl = x0 > 0 ? nearest (x0 - 1, fw, w) : 0;
  NearestRun nx = nearest_run (x0, fw, w);
  int sx = nearest_next (&nx);

  FOR_SPAN (x, fw) {
    int sr = nearest_next (&nx);
    int kind = paint_kind_at (labels, visible, x, y, fw, fh, w, lu, ly, ld,
        sl, sx, sr, fill, contours, &l);
    sl = sx;
    sx = sr;
    if (kind == 0)
      continue;
#ifdef PACKED
    {
      __global uchar *p = frame + y * s0 + x * BPP;
      uint c = colors[l];
      int a = kind == 2 ? 256 : alpha;
      p[R_OFF] = blend (p[R_OFF], (c >> 16) & 0xff, a);
      p[G_OFF] = blend (p[G_OFF], (c >> 8) & 0xff, a);
      p[B_OFF] = blend (p[B_OFF], c & 0xff, a);
    }
#else
    __global uchar *p = frame + y * s0 + x;
    *p = blend (*p, (colors[l] >> 16) & 0xff, kind == 2 ? 256 : alpha);
#endif
  }
}

/* Planar layouts: one work-item span of chroma samples, label taken at the
 * sample's top-left luma pixel. */
__kernel void
siseg_overlay_chroma (__global uchar * frame, __global const ushort * labels,
    __global const uint * colors, __global const uchar * visible, int off1,
    int off2, int s1, int s2, int fw, int fh, int w, int h, int alpha,
    int fill, int contours)
{
  int y = get_global_id (1), l;

  FOR_SPAN (x, (fw + 1) / 2) {
    int kind = paint_kind (labels, visible, 2 * x, 2 * y, fw, fh, w, h, fill,
        contours, &l);
    int a = kind == 2 ? 256 : alpha;
    __global uchar *u, *v;
    if (kind == 0)
      continue;
#ifdef NV12
    u = frame + off1 + y * s1 + 2 * x;
    v = u + 1;
#else
    u = frame + off1 + y * s1 + x;
    v = frame + off2 + y * s2 + x;
#endif
    *u = blend (*u, (colors[l] >> 8) & 0xff, a);
    *v = blend (*v, colors[l] & 0xff, a);
  }
}
