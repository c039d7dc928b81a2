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

#if defined (PACKED) && BPP == 4
/* 16 pixels' channel at byte off blended with src by alpha a / 256 */
inline uint16
blend16 (uint16 px, uint16 src, uint16 a, int off)
{
  uint16 d = (px >> (8 * off)) & 0xff;
  uint16 v = (src * a + d * (256 - a) + 128) >> 8;

  return (px & ~(uint16) (0xffu << (8 * off))) | (v << (8 * off));
}

/* Labels as large as the frame, pixels x .. x + 15 of a row with both
 * horizontal neighbours (rows lu, ly, ld: above, the row, below; the row
 * itself where there is none): labels and blend in explicit vectors,
 * colours and alphas per pixel; alpha 0 leaves a pixel as it is. */
inline void
overlay16 (__global uint * px, __global const ushort * lu,
    __global const ushort * ly, __global const ushort * ld,
    __global const uint * colors, __global const uchar * visible, int x,
    int alpha, int fill, int contours)
{
  ushort16 l = vload16 (0, ly + x);
  short16 edge = (vload16 (0, ly + x - 1) != l)
      | (vload16 (0, ly + x + 1) != l) | (vload16 (0, lu + x) != l)
      | (vload16 (0, ld + x) != l);
  ushort ls[16];
  short es[16];
  uint c[16], a[16];
  uint16 p;

  if (!any (l != (ushort16) 0))
    return;
  vstore16 (l, 0, ls);
  vstore16 (edge, 0, es);
  for (int i = 0; i < 16; i++) {
    int shown = ls[i] != 0 && visible[ls[i]];
    a[i] = !shown ? 0 : contours && es[i] ? 256 : fill ? alpha : 0;
    c[i] = colors[ls[i]];
  }
  p = vload16 (0, px + x);
  p = blend16 (p, (vload16 (0, c) >> 16) & 0xff, vload16 (0, a), R_OFF);
  p = blend16 (p, (vload16 (0, c) >> 8) & 0xff, vload16 (0, a), G_OFF);
  p = blend16 (p, vload16 (0, c) & 0xff, vload16 (0, a), B_OFF);
  vstore16 (p, 0, px + x);
}
#endif

/* labels a .. b of a row are all 0: no pixel painted there */
inline int
no_label (__global const ushort * row, int a, int b)
{
  for (; a + 16 <= b + 1; a += 16)
    if (any (vload16 (0, row + a) != (ushort16) 0))
      return 0;
  for (; a <= b; a++)
    if (row[a] != 0)
      return 0;
  return 1;
}

/* Packed layouts: the whole pixel; planar layouts: the luma plane. Label
 * columns step along the span without a division; 4-byte pixels with
 * labels as large as the frame in vectors of 16 where they fit. */
__kernel void
siseg_overlay_main (__global uchar * frame, __global const ushort * labels,
    __global const uint * colors, __global const uchar * visible, int s0,
    int fw, int fh, int w, int h, int alpha, int fill, int contours)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, fw), l;
  int ly = nearest (y, fh, h), lu = y > 0 ? nearest (y - 1, fh, h) : ly;
  int ld = y + 1 < fh ? nearest (y + 1, fh, h) : ly;
  int sl, sx;
  NearestRun nx;

#if defined (PACKED) && BPP == 4
  for (; fw == w && fh == h && x >= 1 && x + 16 <= x1 && x + 16 < fw;
      x += 16)
    overlay16 ((__global uint *) (frame + y * s0), labels + lu * w,
        labels + ly * w, labels + ld * w, colors, visible, x, alpha, fill,
        contours);
#endif
  if (x < x1 && no_label (labels + ly * w, nearest (x, fw, w),
          nearest (x1 - 1, fw, w)))
    return;
  sl = x > 0 ? nearest (x - 1, fw, w) : 0;
  nx = nearest_run (x, fw, w);
  sx = nearest_next (&nx);
  for (; x < x1; x++) {
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
