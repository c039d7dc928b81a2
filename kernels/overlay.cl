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

/* labels a .. b of rows p and q (w long) are the same */
inline int
same_labels (__global const ushort * p, __global const ushort * q, int a,
    int b, int w)
{
  if (p == q)
    return 1;
  for (; b - a >= 16 && a + 16 <= w; a += 16)
    if (any (vload16 (0, p + a) != vload16 (0, q + a)))
      return 0;
  if (a + 16 <= w)
    return !any ((vload16 (0, p + a) != vload16 (0, q + a))
        & convert_short16 (IOTA16 <= b - a));
  for (; a <= b; a++)
    if (p[a] != q[a])
      return 0;
  return 1;
}

/* The label of frame pixels x - 1 .. x + 16 on label rows lu, ly, ld (of
 * labels w wide, the frame fw wide) when they all have one, else -1: then
 * pixels x .. x + 15 lie inside it. */
inline int
one_label16 (__global const ushort * lu, __global const ushort * ly,
    __global const ushort * ld, int x, int fw, int w)
{
  int c0 = nearest (x - 1, fw, w), c1 = nearest (x + 16, fw, w), l = ly[c0];

  if (c0 + 16 > w || any ((vload16 (0, ly + c0) != (ushort16) l)
          & convert_short16 (IOTA16 <= c1 - c0)))
    return -1;
  for (int i = c0 + 16; i <= c1; i++)
    if (ly[i] != l)
      return -1;
  return same_labels (lu, ly, c0, c1, w) && same_labels (ld, ly, c0, c1, w) ?
      l : -1;
}

#if defined (PACKED) && BPP == 3
/* 16 pixels of 3 bytes from p blended with colour c (0xRRGGBB) by alpha
 * a / 256: the colour's bytes in the frame's order, repeated by constant
 * shuffles, over three explicit vectors of 16 bytes */
inline void
blend48 (__global uchar * p, uint c, int a)
{
  uchar b[4];
  uchar4 px;
  ushort16 s[3];

  b[R_OFF] = (c >> 16) & 0xff;
  b[G_OFF] = (c >> 8) & 0xff;
  b[B_OFF] = c & 0xff;
  b[3] = 0;
  px = vload4 (0, b);
  s[0] = convert_ushort16 (shuffle (px,
          (uchar16) (0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0)));
  s[1] = convert_ushort16 (shuffle (px,
          (uchar16) (1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1)));
  s[2] = convert_ushort16 (shuffle (px,
          (uchar16) (2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2)));
  for (int k = 0; k < 3; k++) {
    ushort16 d = convert_ushort16 (vload16 (k, p));
    vstore16 (convert_uchar16 ((s[k] * (ushort) a + d * (ushort) (256 - a)
                + (ushort) 128) >> (ushort) 8), k, p);
  }
}
#endif

#if defined (PACKED) && BPP == 4
/* 16 pixels' channel at byte off blended with src by alpha a / 256 */
inline uint16
blend16 (uint16 px, uint16 src, uint16 a, int off)
{
  uint16 d = (px >> (8 * off)) & 0xff;
  uint16 v = (src * a + d * (256 - a) + 128) >> 8;

  return (px & ~(uint16) (0xffu << (8 * off))) | (v << (8 * off));
}

/* Pixels x .. x + 15 of a row with both horizontal neighbours: their
 * labels l, those of their left, right, upper and lower neighbours (the
 * row itself where there is none). Labels and blend in explicit vectors,
 * colours and alphas per pixel; alpha 0 leaves a pixel as it is. */
inline void
overlay16 (__global uchar * px, ushort16 l, ushort16 left, ushort16 right,
    ushort16 up, ushort16 down, __global const uint * colors,
    __global const uchar * visible, int x, int alpha, int fill, int contours)
{
  short16 edge = (left != l) | (right != l) | (up != l) | (down != l);
  ushort ls[16];
  short es[16];
  uint c[16], a[16];
  uint16 p;

  if (!any (l != (ushort16) 0))
    return;
  /* inside one instance: one colour and alpha for all 16 */
  if (!any (edge) && !any (l != (ushort16) l.s0)) {
    uint c0 = colors[l.s0];
    uint16 a0 = (uint16) (fill && visible[l.s0] ? alpha : 0);
    if (a0.s0 == 0)
      return;
    p = vload_px16 (px + 4 * x);
    p = blend16 (p, (uint16) ((c0 >> 16) & 0xff), a0, R_OFF);
    p = blend16 (p, (uint16) ((c0 >> 8) & 0xff), a0, G_OFF);
    p = blend16 (p, (uint16) (c0 & 0xff), a0, B_OFF);
    vstore_px16 (p, px + 4 * x);
    return;
  }
  vstore16 (l, 0, ls);
  vstore16 (edge, 0, es);
  for (int i = 0; i < 16; i++) {
    int shown = ls[i] != 0 && visible[ls[i]];
    a[i] = !shown ? 0 : contours && es[i] ? 256 : fill ? alpha : 0;
    c[i] = colors[ls[i]];
  }
  p = vload_px16 (px + 4 * x);
  p = blend16 (p, (vload16 (0, c) >> 16) & 0xff, vload16 (0, a), R_OFF);
  p = blend16 (p, (vload16 (0, c) >> 8) & 0xff, vload16 (0, a), G_OFF);
  p = blend16 (p, vload16 (0, c) & 0xff, vload16 (0, a), B_OFF);
  vstore_px16 (p, px + 4 * x);
}

/* overlay16 () with labels as large as the frame (rows lu, ly, ld) */
inline void
overlay16_same (__global uchar * px, __global const ushort * lu,
    __global const ushort * ly, __global const ushort * ld,
    __global const uint * colors, __global const uchar * visible, int x,
    int alpha, int fill, int contours)
{
  overlay16 (px, vload16 (0, ly + x), vload16 (0, ly + x - 1),
      vload16 (0, ly + x + 1), vload16 (0, lu + x), vload16 (0, ld + x),
      colors, visible, x, alpha, fill, contours);
}

/* overlay16 () with labels no larger than the frame (fw wide, w the
 * labels' width): 16 pixels inside one instance in one colour; otherwise
 * the label columns are gathered on row ly, and on the rows above and
 * below only where they differ from it. */
inline void
overlay16_scaled (__global uchar * px, __global const ushort * lu,
    __global const ushort * ly, __global const ushort * ld, int fw, int w,
    __global const uint * colors, __global const uchar * visible, int x,
    int alpha, int fill, int contours)
{
  int one = one_label16 (lu, ly, ld, x, fw, w);
  ushort r[18], u[16], d[16];
  int col[18];
  ushort16 l;
  NearestRun n;

  if (one >= 0) {
    l = (ushort16) one;
    overlay16 (px, l, l, l, l, l, colors, visible, x, alpha, fill, contours);
    return;
  }
  n = nearest_run (x - 1, fw, w);
  for (int i = 0; i < 18; i++) {
    col[i] = nearest_next (&n);
    r[i] = ly[col[i]];
  }
  l = vload16 (0, r + 1);
  if (!same_labels (lu, ly, col[1], col[16], w))
    for (int i = 0; i < 16; i++)
      u[i] = lu[col[i + 1]];
  else
    vstore16 (l, 0, u);
  if (!same_labels (ld, ly, col[1], col[16], w))
    for (int i = 0; i < 16; i++)
      d[i] = ld[col[i + 1]];
  else
    vstore16 (l, 0, d);
  overlay16 (px, l, vload16 (0, r), vload16 (0, r + 2), vload16 (0, u),
      vload16 (0, d), colors, visible, x, alpha, fill, contours);
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

/* Pixels x .. x1 - 1 of row y one at a time: label columns step along
 * without a division. Packed layouts: the whole pixel; planar layouts:
 * the luma plane. */
inline void
overlay_run (__global uchar * frame, __global const ushort * labels,
    __global const uint * colors, __global const uchar * visible, int s0,
    int fw, int fh, int w, int lu, int ly, int ld, int x, int x1, int y,
    int alpha, int fill, int contours)
{
  int sl = x > 0 ? nearest (x - 1, fw, w) : 0, sx, l;
  NearestRun nx = nearest_run (x, fw, w);

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

/* A span of a row. Spans with no label are left at once; packed pixels go
 * 16 at a time where they have both horizontal neighbours (3-byte ones
 * only inside one instance). */
__kernel void
siseg_overlay_main (__global uchar * frame, __global const ushort * labels,
    __global const uint * colors, __global const uchar * visible, int s0,
    int fw, int fh, int w, int h, int alpha, int fill, int contours)
{
  int y = get_global_id (1), x = span_start (), x1 = min (x + SPAN, fw);
  int ly = nearest (y, fh, h), lu = y > 0 ? nearest (y - 1, fh, h) : ly;
  int ld = y + 1 < fh ? nearest (y + 1, fh, h) : ly;

  if (PAST_EDGE (x, y, fw, fh) || no_label (labels + ly * w, nearest (x, fw, w),
          nearest (x1 - 1, fw, w)))
    return;
#if defined (PACKED) && BPP == 4
  {
    __global uchar *px = frame + y * s0;
    int v = max (x, 1);

    overlay_run (frame, labels, colors, visible, s0, fw, fh, w, lu, ly, ld,
        x, v, y, alpha, fill, contours);
    for (x = v; x + 16 <= x1 && x + 16 < fw; x += 16)
      if (fw == w && fh == h)
        overlay16_same (px, labels + lu * w, labels + ly * w, labels + ld * w,
            colors, visible, x, alpha, fill, contours);
      else
        overlay16_scaled (px, labels + lu * w, labels + ly * w,
            labels + ld * w, fw, w, colors, visible, x, alpha, fill,
            contours);
  }
#elif defined (PACKED) && BPP == 3
  {
    int v = max (x, 1);

    overlay_run (frame, labels, colors, visible, s0, fw, fh, w, lu, ly, ld,
        x, v, y, alpha, fill, contours);
    for (x = v; x + 16 <= x1 && x + 16 < fw; x += 16) {
      int l = one_label16 (labels + lu * w, labels + ly * w, labels + ld * w,
          x, fw, w);
      if (l < 0)
        overlay_run (frame, labels, colors, visible, s0, fw, fh, w, lu, ly,
            ld, x, x + 16, y, alpha, fill, contours);
      else if (l != 0 && fill && visible[l])
        blend48 (frame + y * s0 + 3 * x, colors[l], alpha);
    }
  }
#endif
  overlay_run (frame, labels, colors, visible, s0, fw, fh, w, lu, ly, ld, x,
      x1, y, alpha, fill, contours);
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

  if (PAST_EDGE (span_start (), y, (fw + 1) / 2, (fh + 1) / 2))
    return;
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
