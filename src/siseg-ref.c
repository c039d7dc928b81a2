/* siseg: the plain-C reference of every kernel.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One function per kernel in kernels/, same arguments, same integer
 * arithmetic, same results bit for bit. The tests hold the kernels to these;
 * with no OpenCL device the pipeline runs on them.
 */
#include "siseg-private.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static inline gint
nearest (gint d, gint dst_size, gint src_size)
{
  return ((2 * d + 1) * src_size) / (2 * dst_size);
}

/* The mask pixel of processing pixel d (of dst_size), the mask src_size
 * and the frame frame_size long: the one nearest to d's centre in the
 * frame, by pixel centres or (corner) with mask pixel i the frame's pixel
 * i * frame_size / src_size. */
static inline gint
mask_index (gint d, gint dst_size, gint frame_size, gint src_size,
    gboolean corner)
{
  gint64 num, den;

  if (!corner)
    return nearest (d, dst_size, src_size);
  num = (gint64) (2 * d + 1) * src_size * frame_size
      - (gint64) src_size *dst_size + (gint64) dst_size *frame_size;
  den = 2 * (gint64) dst_size *frame_size;
  return (gint) MIN (num / den, src_size - 1);
}

void
siseg_ref_convert_mask (guint16 * cls, gint w, gint h, const SisegImage * mask,
    gint fw, gint fh, gboolean corner)
{
  for (gint y = 0; y < h; y++) {
    const guint8 *row = mask->data[0] + (gsize) mask_index (y, h, fh,
        mask->height, corner) * mask->stride[0];
    for (gint x = 0; x < w; x++) {
      gint sx = mask_index (x, w, fw, mask->width, corner);
      cls[y * w + x] = mask->format == SISEG_FORMAT_GRAY16 ?
          ((const guint16 *) row)[sx] : row[sx];
    }
  }
}

static inline guint8
clamp8 (gint v)
{
  return CLAMP (v, 0, 255 << 8) >> 8;
}

static void
yuv_to_rgba (guint8 * out, gint y, gint u, gint v)
{
  gint c = SISEG_YUV_Y * (y - 16) + 128, d = u - 128, e = v - 128;

  out[0] = clamp8 (c + SISEG_YUV_RV * e);
  out[1] = clamp8 (c - SISEG_YUV_GU * d - SISEG_YUV_GV * e);
  out[2] = clamp8 (c + SISEG_YUV_BU * d);
  out[3] = 255;
}

void
siseg_ref_convert_frame (guint8 * rgba, gint w, gint h,
    const SisegImage * frame)
{
  gint bpp, off[3];
  gboolean packed = siseg_format_packed (frame->format, &bpp, off);
  guint8 *const *d = frame->data;
  const gint *s = frame->stride;

  for (gint y = 0; y < h; y++) {
    gint sy = nearest (y, h, frame->height);
    for (gint x = 0; x < w; x++) {
      gint sx = nearest (x, w, frame->width);
      guint8 *out = rgba + 4 * (y * w + x);
      if (packed) {
        const guint8 *p = d[0] + sy * s[0] + sx * bpp;
        out[0] = p[off[0]];
        out[1] = p[off[1]];
        out[2] = p[off[2]];
        out[3] = 255;
      } else if (frame->format == SISEG_FORMAT_NV12) {
        const guint8 *uv = d[1] + (sy / 2) * s[1] + (sx / 2) * 2;
        yuv_to_rgba (out, d[0][sy * s[0] + sx], uv[0], uv[1]);
      } else {
        yuv_to_rgba (out, d[0][sy * s[0] + sx],
            d[1][(sy / 2) * s[1] + sx / 2], d[2][(sy / 2) * s[2] + sx / 2]);
      }
    }
  }
}

static inline gint
luma_at (const guint8 * rgba, gint x, gint y, gint w, gint h)
{
  const guint8 *c = rgba + 4 * (CLAMP (y, 0, h - 1) * w + CLAMP (x, 0, w - 1));

  return (SISEG_LUMA_R * c[0] + SISEG_LUMA_G * c[1] + SISEG_LUMA_B * c[2]) >> 8;
}

void
siseg_ref_convert_grad (guint8 * grad, const guint8 * rgba,
    const guint16 * cls, const guint8 * mode, gint w, gint h)
{
  for (gint y = 0; y < h; y++) {
    for (gint x = 0; x < w; x++) {
      gint a = luma_at (rgba, x - 1, y - 1, w, h);
      gint b = luma_at (rgba, x, y - 1, w, h);
      gint c = luma_at (rgba, x + 1, y - 1, w, h);
      gint d = luma_at (rgba, x - 1, y, w, h);
      gint f = luma_at (rgba, x + 1, y, w, h);
      gint g = luma_at (rgba, x - 1, y + 1, w, h);
      gint k = luma_at (rgba, x, y + 1, w, h);
      gint l = luma_at (rgba, x + 1, y + 1, w, h);
      gint gx = (c + 2 * f + l) - (a + 2 * d + g);
      gint gy = (g + 2 * k + l) - (a + 2 * b + c);
      grad[y * w + x] = mode[cls[y * w + x]] == SISEG_CLASS_SKIP ? 0 :
          MIN ((ABS (gx) + ABS (gy)) >> 3, 255);
    }
  }
}

static inline gboolean
on_boundary (const guint16 * cls, gint x, gint y, gint w, gint h)
{
  gint p = y * w + x, c = cls[p];

  return (x > 0 && cls[p - 1] != c) || (x + 1 < w && cls[p + 1] != c)
      || (y > 0 && cls[p - w] != c) || (y + 1 < h && cls[p + w] != c);
}

void
siseg_ref_dfm_cols (gint32 * g, const guint16 * cls, const guint8 * mode,
    gint w, gint h)
{
  gint far = SISEG_FAR (w, h);

  for (gint x = 0; x < w; x++) {
    gint d = far;
    for (gint y = 0; y < h; y++) {
      d = on_boundary (cls, x, y, w, h) ? 0 : MIN (d + 1, far);
      g[y * w + x] = d;
    }
    d = far;
    for (gint y = h - 1; y >= 0; y--) {
      gint v = g[y * w + x];
      d = v == 0 ? 0 : MIN (d + 1, far);
      g[y * w + x] = MIN (v, d);
    }
  }
  for (gsize p = 0; p < (gsize) w * h; p++)
    if (mode[cls[p]] == SISEG_CLASS_SKIP)
      g[p] = 0;
}

#define F(x, i) (((x) - (i)) * ((x) - (i)) + gr[i] * gr[i])
#define SEP(i, u) \
  (((u) * (u) - (i) * (i) + gr[u] * gr[u] - gr[i] * gr[i]) / (2 * ((u) - (i))))

static void
dfm_row (gint32 * out, const gint32 * gr, gint32 * s, gint32 * t, gint w)
{
  gint q = 0;

  s[0] = t[0] = 0;
  for (gint u = 1; u < w; u++) {
    while (q >= 0 && F (t[q], s[q]) > F (t[q], u))
      q--;
    if (q < 0) {
      q = 0;
      s[0] = u;
    } else {
      gint v = 1 + SEP (s[q], u);
      if (v < w) {
        q++;
        s[q] = u;
        t[q] = v;
      }
    }
  }
  for (gint u = w - 1; u >= 0; u--) {
    out[u] = F (u, s[q]);
    if (u == t[q])
      q--;
  }
}

/* a run of one class at a time, as the kernel does: see dfm.cl */
void
siseg_ref_dfm_rows (gint32 * d2, const gint32 * g, gint32 * s,
    const guint16 * cls, const guint8 * mode, gint w, gint h)
{
  for (gint y = 0; y < h; y++) {
    const guint16 *c = cls + y * w;
    for (gint a = 0, b; a < w; a = b) {
      gsize o = (gsize) y * w + a;
      for (b = a + 1; b < w && c[b] == c[a]; b++);
      if (mode[c[a]] == SISEG_CLASS_SKIP)
        memset (d2 + o, 0, (b - a) * sizeof (gint32));
      else
        dfm_row (d2 + o, g + o, s, s + w, b - a);
    }
  }
}

void
siseg_ref_dfm_ascent (guint32 * parent, const guint16 * cls,
    const gint32 * d2, const guint8 * mode, gint w, gint h)
{
  for (gint y = 0; y < h; y++) {
    for (gint x = 0; x < w; x++) {
      guint32 p = y * w + x, best = p;
      gint c = cls[p], bd = d2[p];
      if (mode[c] == SISEG_CLASS_SKIP) {
        parent[p] = SISEG_NONE;
        continue;
      }
      for (gint dy = -1; dy <= 1; dy++) {
        if (y + dy < 0 || y + dy >= h)
          continue;
        for (gint dx = -1; dx <= 1; dx++) {
          guint32 q = p + dy * w + dx;
          if ((dx | dy) == 0 || x + dx < 0 || x + dx >= w || cls[q] != c)
            continue;
          if (d2[q] > bd || (d2[q] == bd && q > best)) {
            best = q;
            bd = d2[q];
          }
        }
      }
      parent[p] = best;
    }
  }
}

void
siseg_ref_dfm_jump (guint32 * parent, gint w, gint h)
{
  for (gint p = 0; p < w * h; p++) {
    guint32 r = parent[p], n;
    if (r == SISEG_NONE)
      continue;
    while ((n = parent[r]) != r)
      r = n;
    parent[p] = r;
  }
}

void
siseg_ref_cluster_label (guint16 * labels, guint16 * lut,
    const guint32 * parent, const guint32 * roots, const guint16 * ids,
    guint n_basins, gint w, gint h)
{
  for (guint i = 0; i < n_basins; i++)
    lut[roots[i]] = ids[i];
  for (gint p = 0; p < w * h; p++)
    labels[p] = parent[p] == SISEG_NONE ? 0 : lut[parent[p]];
}

static inline gboolean
is_border (const guint16 * inst_class, guint16 a, guint16 b,
    gboolean class_borders)
{
  if (a == b)
    return FALSE;
  if (class_borders)
    return TRUE;
  return a != 0 && b != 0 && inst_class[a] == inst_class[b];
}

static inline gboolean
edge_at (const guint16 * l, const guint16 * inst_class, gint x, gint y,
    gint w, gint h, gboolean class_borders)
{
  return (x + 1 < w && is_border (inst_class, l[x], l[x + 1], class_borders))
      || (y + 1 < h && is_border (inst_class, l[x], l[x + w], class_borders));
}

void
siseg_ref_cbr_band (guint8 * band, const guint16 * labels,
    const guint16 * inst_class, gint w, gint h, gint r, gboolean class_borders)
{
  for (gint y = 0; y < h; y++) {
    const guint16 *l = labels + y * w;
    guint8 *b = band + y * w;
    gint last = -1 - r, next = w + r;
    for (gint x = 0; x < w; x++) {
      if (edge_at (l, inst_class, x, y, w, h, class_borders))
        last = x;
      b[x] = x - last <= r;
    }
    for (gint x = w - 1; x >= 0; x--) {
      if (edge_at (l, inst_class, x, y, w, h, class_borders))
        next = x;
      b[x] |= next - x <= r;
    }
  }
  for (gint x = 0; x < w; x++) {
    gint last = -1 - r, next = h + r;
    for (gint y = 0; y < h; y++) {
      if (band[y * w + x] & 1)
        last = y;
      if (y - last <= r)
        band[y * w + x] |= 2;
    }
    for (gint y = h - 1; y >= 0; y--) {
      if (band[y * w + x] & 1)
        next = y;
      if (next - y <= r)
        band[y * w + x] |= 2;
    }
  }
}

#define N_NEIGH 24
static const gint8 neigh[N_NEIGH][2] = {
  {-1, -1}, {0, -1}, {1, -1}, {-1, 0}, {1, 0}, {-1, 1}, {0, 1}, {1, 1},
  {-2, -2}, {0, -2}, {2, -2}, {-2, 0}, {2, 0}, {-2, 2}, {0, 2}, {2, 2},
  {-4, -4}, {0, -4}, {4, -4}, {-4, 0}, {4, 0}, {-4, 4}, {0, 4}, {4, 4},
};

static inline gint
diff3 (const guint8 * a, const guint8 * b)
{
  return abs (a[0] - b[0]) + abs (a[1] - b[1]) + abs (a[2] - b[2]);
}

static guint16
cbr_choose (const guint16 * in, const guint8 * rgba,
    const guint16 * inst_class, const guint16 * weights, gint x, gint y,
    gint w, gint h, gint c, gboolean class_borders)
{
  gint p = y * w + x, n = 1, diff[N_NEIGH], sum = 0, valid = 0, best = 0;
  guint16 cand[N_NEIGH + 1];
  guint32 score[N_NEIGH + 1];

  for (gint k = 0; k < N_NEIGH; k++) {
    gint qx = x + neigh[k][0], qy = y + neigh[k][1];
    diff[k] = -1;
    if (qx < 0 || qy < 0 || qx >= w || qy >= h)
      continue;
    diff[k] = diff3 (rgba + 4 * p, rgba + 4 * (qy * w + qx));
    sum += diff[k];
    valid++;
  }
  cand[0] = in[p];
  score[0] = weights[0];
  for (gint k = 0; k < N_NEIGH; k++) {
    gint i, lq;
    if (diff[k] < 0)
      continue;
    lq = in[(y + neigh[k][1]) * w + x + neigh[k][0]];
    if (!class_borders && (lq == 0 || inst_class[lq] != c))
      continue;
    for (i = 0; i < n && cand[i] != lq; i++);
    if (i == n) {
      cand[n] = lq;
      score[n++] = 0;
    }
    score[i] += weights[MIN (SISEG_CBR_WEIGHTS - 1,
            diff[k] * 8 * valid / (sum + valid))];
  }
  for (gint i = 1; i < n; i++)
    if (score[i] > score[best])
      best = i;
  return cand[best];
}

void
siseg_ref_cbr_step (guint16 * out, const guint16 * in, const guint8 * band,
    const guint8 * rgba, const guint16 * inst_class, const guint16 * cls,
    const guint16 * weights, gint w, gint h, gboolean class_borders)
{
  for (gint y = 0; y < h; y++) {
    for (gint x = 0; x < w; x++) {
      gint p = y * w + x, l = in[p];
      if (!(band[p] & 2) || (!class_borders && l == 0))
        out[p] = l;
      else
        out[p] = cbr_choose (in, rgba, inst_class, weights, x, y, w, h,
            cls[p], class_borders);
    }
  }
}

/* The label of pixel p from the four mask samples around it (their pixels
 * q, bilinear weights wb): each sample's weight times the colour weight of
 * its difference to p, summed per label; of two equal, the later sample's
 * label wins (as nearest rounds a half up). */
static guint16
grid_choose (const guint16 * in, const guint8 * rgba, gint p, const gint q[4],
    const guint32 wb[4], const guint16 * cw)
{
  guint32 score[4] = { 0, 0, 0, 0 };
  gint best = 0;

  for (gint k = 0; k < 4; k++) {
    gint d = diff3 (rgba + 4 * p, rgba + 4 * q[k]), i;
    for (i = 0; in[q[i]] != in[q[k]]; i++);
    score[i] += wb[k] * cw[MIN (d >> 2, SISEG_GRID_WEIGHTS - 1)];
  }
  for (gint k = 1; k < 4; k++)
    if (score[k] >= score[best])
      best = k;
  return in[q[best]];
}

void
siseg_ref_cbr_grid (guint16 * out, const guint16 * in, const guint16 * cls,
    const guint8 * rgba, const guint32 * xtab, const guint32 * ytab,
    const guint16 * cw, gint w, gint h)
{
  for (gint y = 0; y < h; y++) {
    gint ya = ytab[2 * y] & 0xffff, yb = ytab[2 * y] >> 16;
    guint32 ty = ytab[2 * y + 1];
    for (gint x = 0; x < w; x++) {
      gint xa = xtab[2 * x] & 0xffff, xb = xtab[2 * x] >> 16, p = y * w + x;
      guint32 tx = xtab[2 * x + 1];
      gint q[4] = { ya * w + xa, ya * w + xb, yb * w + xa, yb * w + xb };
      guint32 wb[4] = { (256 - tx) * (256 - ty), tx * (256 - ty),
        (256 - tx) * ty, tx * ty
      };
      if (cls[q[0]] == cls[q[1]] && cls[q[0]] == cls[q[2]]
          && cls[q[0]] == cls[q[3]])
        out[p] = in[p];
      else
        out[p] = grid_choose (in, rgba, p, q, wb, cw);
    }
  }
}

static void
add64 (guint32 * lo, guint32 * hi, guint32 v)
{
  guint32 old = *lo;

  *lo = old + v;
  if (old + v < old)
    (*hi)++;
}

void
siseg_ref_stats (SisegStats * stats, const guint16 * labels, gint w, gint h)
{
  for (gint y = 0; y < h; y++) {
    const guint16 *l = labels + y * w;
    gint start = 0;
    for (gint x = 1; x <= w; x++) {
      SisegStats *s;
      guint32 len;
      if (x < w && l[x] == l[start])
        continue;
      if (l[start] != 0) {
        s = stats + l[start];
        len = x - start;
        s->area += len;
        add64 (&s->sum_x_lo, &s->sum_x_hi, (guint32) (start + x - 1) * len / 2);
        add64 (&s->sum_y_lo, &s->sum_y_hi, (guint32) y * len);
        s->x0 = MIN (s->x0, start);
        s->y0 = MIN (s->y0, y);
        s->x1 = MAX (s->x1, x - 1);
        s->y1 = MAX (s->y1, y);
      }
      start = x;
    }
  }
}

static inline gint
label_at (const guint16 * labels, gint x, gint y, gint fw, gint fh, gint w,
    gint h)
{
  return labels[nearest (y, fh, h) * w + nearest (x, fw, w)];
}

static gint
paint_kind (const guint16 * labels, const guint8 * visible, gint x, gint y,
    gint fw, gint fh, gint w, gint h, gboolean fill, gboolean contours,
    gint * l)
{
  *l = label_at (labels, x, y, fw, fh, w, h);
  if (*l == 0 || !visible[*l])
    return 0;
  if (contours && ((x > 0 && label_at (labels, x - 1, y, fw, fh, w, h) != *l)
          || (x + 1 < fw && label_at (labels, x + 1, y, fw, fh, w, h) != *l)
          || (y > 0 && label_at (labels, x, y - 1, fw, fh, w, h) != *l)
          || (y + 1 < fh && label_at (labels, x, y + 1, fw, fh, w, h) != *l)))
    return 2;
  return fill ? 1 : 0;
}

static inline guint8
blend (guint8 dst, guint32 src, gint alpha)
{
  return (src * alpha + dst * (256 - alpha) + 128) >> 8;
}

void
siseg_ref_overlay (SisegImage * f, const guint16 * labels, gint w, gint h,
    const guint32 * colors, const guint8 * visible, gint alpha,
    gboolean fill, gboolean contours)
{
  gint bpp, off[3], l, fw = f->width, fh = f->height;
  gboolean packed = siseg_format_packed (f->format, &bpp, off);

  for (gint y = 0; y < fh; y++) {
    for (gint x = 0; x < fw; x++) {
      gint kind = paint_kind (labels, visible, x, y, fw, fh, w, h, fill,
          contours, &l);
      gint a = kind == 2 ? 256 : alpha;
      guint32 c = colors[l];
      guint8 *p = f->data[0] + y * f->stride[0] + x * (packed ? bpp : 1);
      if (kind == 0)
        continue;
      p[packed ? off[0] : 0] = blend (p[packed ? off[0] : 0], c >> 16, a);
      if (!packed)
        continue;
      p[off[1]] = blend (p[off[1]], (c >> 8) & 0xff, a);
      p[off[2]] = blend (p[off[2]], c & 0xff, a);
    }
  }
  if (packed)
    return;
  for (gint y = 0; y < (fh + 1) / 2; y++) {
    for (gint x = 0; x < (fw + 1) / 2; x++) {
      gint kind = paint_kind (labels, visible, 2 * x, 2 * y, fw, fh, w, h,
          fill, contours, &l);
      gint a = kind == 2 ? 256 : alpha;
      guint8 *u, *v;
      if (kind == 0)
        continue;
      if (f->format == SISEG_FORMAT_NV12) {
        u = f->data[1] + y * f->stride[1] + 2 * x;
        v = u + 1;
      } else {
        u = f->data[1] + y * f->stride[1] + x;
        v = f->data[2] + y * f->stride[2] + x;
      }
      *u = blend (*u, (colors[l] >> 8) & 0xff, a);
      *v = blend (*v, colors[l] & 0xff, a);
    }
  }
}
