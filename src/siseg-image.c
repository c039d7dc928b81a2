/* siseg: image descriptors: planes, their sizes, packed layouts.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "siseg-private.h"

#include <string.h>

gboolean
siseg_format_packed (SisegFormat f, gint * bpp, gint off[3])
{
  static const gint8 layout[][4] = {
    [SISEG_FORMAT_RGBA] = {4, 0, 1, 2},[SISEG_FORMAT_BGRA] = {4, 2, 1, 0},
    [SISEG_FORMAT_RGBX] = {4, 0, 1, 2},[SISEG_FORMAT_BGRX] = {4, 2, 1, 0},
    [SISEG_FORMAT_RGB] = {3, 0, 1, 2},[SISEG_FORMAT_BGR] = {3, 2, 1, 0},
  };

  if (f > SISEG_FORMAT_BGR)
    return FALSE;
  *bpp = layout[f][0];
  for (gint i = 0; i < 3; i++)
    off[i] = layout[f][i + 1];
  return TRUE;
}

gint
siseg_image_n_planes (const SisegImage * img)
{
  return img->format == SISEG_FORMAT_NV12 ? 2 :
      img->format == SISEG_FORMAT_I420 ? 3 : 1;
}

/* bytes from a plane's first pixel to the end of its last row */
gsize
siseg_image_plane_size (const SisegImage * img, gint i)
{
  gint bpp, off[3], cw = (img->width + 1) / 2, ch = (img->height + 1) / 2;
  gint row, rows = i == 0 ? img->height : ch;

  if (img->format == SISEG_FORMAT_GRAY16)
    row = 2 * img->width;
  else if (siseg_format_packed (img->format, &bpp, off))
    row = bpp * img->width;
  else if (i == 0 || img->format == SISEG_FORMAT_GRAY8)
    row = img->width;
  else
    row = img->format == SISEG_FORMAT_NV12 ? 2 * cw : cw;
  return (gsize) img->stride[i] * (rows - 1) + row;
}

/* ids (w x h, packed) at width x height in dst: nearest neighbour sampled
 * at pixel centres, source column ((2 x + 1) w) / (2 width), stepped
 * without a division; a row with the source row of the one above is a
 * copy of it. */
void
siseg_image_scale_ids (guint16 * dst, gint stride, gint width, gint height,
    const guint16 * ids, gint w, gint h)
{
  gint64 den = 2 * (gint64) width, step = 2 * (gint64) w / den;
  gint64 step_rem = 2 * (gint64) w % den;
  const guint8 *prev = NULL;
  gint last = -1;

  for (gint y = 0; y < height; y++) {
    guint8 *out = (guint8 *) dst + (gsize) y * stride;
    guint16 *row = (guint16 *) out;
    gint sy = (gint) ((2 * (gint64) y + 1) * h / (2 * (gint64) height));
    const guint16 *src = ids + (gsize) sy * w;
    gint64 sx = w / den, rem = w % den;

    if (sy == last) {
      memcpy (out, prev, (gsize) width * sizeof (guint16));
      continue;
    }
    for (gint x = 0; x < width; x++) {
      row[x] = src[sx];
      sx += step;
      rem += step_rem;
      if (rem >= den) {
        rem -= den;
        sx++;
      }
    }
    last = sy;
    prev = out;
  }
}
