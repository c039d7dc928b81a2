/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * JSON Lines close to DL Streamer's gvametaconvert schema, one object a
 * frame, each instance's mask as COCO compressed RLE. "timestamp" is what
 * gvametaconvert writes (the stream time less the segment's time), "pts"
 * the buffer's; "has_mask" tells a frame passed on undrawn from one
 * segmented with no instance in it.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "gstsisegjson.h"
#include "gstsisegparse.h"

struct _GstSisegJson
{
  gchar *location;
  FILE *file;
  GString *line;                /* the frame's object, reused */
  GArray *boxes;                /* gint[4] per instance id, reused */
};
/* COCO RLE: run lengths alternate 0s and 1s, starting with 0s; each count
 * from the third on is stored as the difference to the count two before,
 * then written 5 bits a character, low bits first, 0x20 meaning "more",
 * the last character's 0x10 bit the sign, each character offset by 48. */
typedef struct
{
  GString *out;
  gboolean on;                  /* value of the current run */
  gint64 len;                   /* length of the current run */
  gint64 prev[2];               /* counts i-1 and i-2 */
  guint index;                  /* index of the current run */
} GstSisegRle;
static void
gst_siseg_rle_put_count (GstSisegRle * rle, gint64 count)
{
  gint64 x = count;
  gboolean more = TRUE;

  if (rle->index > 2)
    x -= rle->prev[1];
  while (more) {
    gint c = x & 0x1f;

    x >>= 5;                    /* arithmetic shift: keeps the sign */
    more = (c & 0x10) ? x != -1 : x != 0;
    if (more)
      c |= 0x20;
    g_string_append_c (rle->out, (gchar) (c + 48));
  }
  rle->prev[1] = rle->prev[0];
  rle->prev[0] = count;
  rle->index++;
}

static inline void
gst_siseg_rle_push (GstSisegRle * rle, gboolean on, gint64 len)
{
  if (len == 0)
    return;
  if (on != rle->on) {
    gst_siseg_rle_put_count (rle, rle->len);
    rle->on = on;
    rle->len = 0;
  }
  rle->len += len;
}

void
gst_siseg_rle_append (GString * out, const guint16 * ids, gint stride,
    gint width, gint height, guint16 id, const gint box[4])
{
  GstSisegRle rle = { out, FALSE, 0, {0, 0}, 0 };
  gint x, y;

  if (box[2] < box[0] || box[3] < box[1]) {
    gst_siseg_rle_push (&rle, FALSE, (gint64) width * height);
    gst_siseg_rle_put_count (&rle, rle.len);
    return;
  }

  gst_siseg_rle_push (&rle, FALSE, (gint64) box[0] * height);
  for (x = box[0]; x <= box[2]; x++) {
    gst_siseg_rle_push (&rle, FALSE, box[1]);
    for (y = box[1]; y <= box[3]; y++) {
      const guint16 *row = (const guint16 *) ((const guint8 *) ids +
          (gsize) y * stride);

      gst_siseg_rle_push (&rle, row[x] == id, 1);
    }
    gst_siseg_rle_push (&rle, FALSE, height - 1 - box[3]);
  }
  gst_siseg_rle_push (&rle, FALSE, (gint64) (width - 1 - box[2]) * height);
  gst_siseg_rle_put_count (&rle, rle.len);
}

GstSisegJson *
gst_siseg_json_open (const gchar * location, GError ** error)
{
  GstSisegJson *json;
  FILE *file;

  file = fopen (location, "w");
  if (file == NULL) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "Could not open \"%s\" for writing: %s", location, g_strerror (errno));
    return NULL;
  }

  json = g_new0 (GstSisegJson, 1);
  json->location = g_strdup (location);
  json->file = file;
  json->line = g_string_sized_new (4096);
  json->boxes = g_array_new (FALSE, FALSE, sizeof (gint) * 4);
  return json;
}

const gchar *
gst_siseg_json_location (GstSisegJson * json)
{
  return json->location;
}

void
gst_siseg_json_close (GstSisegJson * json)
{
  if (json == NULL)
    return;
  fclose (json->file);
  g_string_free (json->line, TRUE);
  g_array_free (json->boxes, TRUE);
  g_free (json->location);
  g_free (json);
}

/* The box of every id in the map, from one pass over it. */
static void
gst_siseg_json_find_boxes (GstSisegJson * json, const GstSisegResult * r)
{
  guint i, n = 1;
  gint x, y;

  for (i = 0; i < r->n_instances; i++)
    n = MAX (n, (guint) r->instances[i].id + 1);
  g_array_set_size (json->boxes, n);
  for (i = 0; i < n; i++) {
    gint *b = &g_array_index (json->boxes, gint, i * 4);

    b[0] = b[1] = G_MAXINT;
    b[2] = b[3] = -1;
  }

  for (y = 0; y < r->height; y++) {
    const guint16 *row = (const guint16 *) ((const guint8 *) r->ids +
        (gsize) y * r->ids_stride);

    for (x = 0; x < r->width; x++) {
      gint *b;

      if (row[x] == 0 || row[x] >= n)
        continue;
      b = &g_array_index (json->boxes, gint, row[x] * 4);
      b[0] = MIN (b[0], x);
      b[1] = MIN (b[1], y);
      b[2] = MAX (b[2], x);
      b[3] = MAX (b[3], y);
    }
  }
}

static void
gst_siseg_json_double (GString * s, const gchar * name, gdouble v)
{
  gchar buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "\"%s\":%s", name,
      g_ascii_formatd (buf, sizeof buf, "%.6g", v));
}

/* nanoseconds, or null */
static void
gst_siseg_json_time (GString * s, const gchar * name, GstClockTime t)
{
  if (GST_CLOCK_TIME_IS_VALID (t))
    g_string_append_printf (s, "\"%s\":%" G_GUINT64_FORMAT, name, t);
  else
    g_string_append_printf (s, "\"%s\":null", name);
}

static void
gst_siseg_json_string (GString * s, const gchar * text)
{
  const gchar *p;

  g_string_append_c (s, '"');
  for (p = text; *p != '\0'; p++) {
    if (*p == '"' || *p == '\\')
      g_string_append_printf (s, "\\%c", *p);
    else if ((guchar) * p < 0x20)
      g_string_append_printf (s, "\\u%04x", (guint) * p);
    else
      g_string_append_c (s, *p);
  }
  g_string_append_c (s, '"');
}

static void
gst_siseg_json_detection (GString * s, const SisegInstance * inst,
    const GstSisegResult * r, const gchar * label)
{
  g_string_append (s, "\"detection\":{\"bounding_box\":{");
  gst_siseg_json_double (s, "x_min", (gdouble) inst->x / r->width);
  g_string_append_c (s, ',');
  gst_siseg_json_double (s, "y_min", (gdouble) inst->y / r->height);
  g_string_append_c (s, ',');
  gst_siseg_json_double (s, "x_max", (gdouble) (inst->x + inst->w) / r->width);
  g_string_append_c (s, ',');
  gst_siseg_json_double (s, "y_max", (gdouble) (inst->y + inst->h) / r->height);
  g_string_append (s, "},");
  gst_siseg_json_double (s, "confidence", inst->score);
  g_string_append_printf (s, ",\"label_id\":%u,\"label\":", inst->class_id);
  gst_siseg_json_string (s, label);
  g_string_append (s, "},");
}

/* The RLE string, its backslashes escaped for JSON (no other character of
 * it needs escaping: they run from '0' to 'o'). */
static void
gst_siseg_json_rle (GString * s, const GstSisegResult * r, const gint box[4],
    guint16 id)
{
  gsize i = s->len;

  gst_siseg_rle_append (s, r->ids, r->ids_stride, r->width, r->height, id, box);
  for (; i < s->len; i++)
    if (s->str[i] == '\\')
      g_string_insert_c (s, i++, '\\');
}

static void
gst_siseg_json_object (GstSisegJson * json, const SisegInstance * inst,
    const GstSisegResult * r)
{
  GString *s = json->line;
  const gchar *label;
  gchar buf[32];

  label = gst_siseg_label (r->labels, inst->class_id, buf, sizeof buf);
  g_string_append_printf (s, "{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d,"
      "\"id\":%u,\"object_id\":%" G_GUINT64_FORMAT ",\"roi_type\":", inst->x,
      inst->y, inst->w, inst->h, inst->id, inst->object_id);
  gst_siseg_json_string (s, label);
  g_string_append_c (s, ',');
  gst_siseg_json_detection (s, inst, r, label);
  g_string_append_printf (s, "\"area\":%u,\"centroid\":{", inst->area);
  gst_siseg_json_double (s, "x", inst->cx);
  g_string_append_c (s, ',');
  gst_siseg_json_double (s, "y", inst->cy);
  g_string_append_c (s, '}');
  if (r->ids != NULL) {
    g_string_append_printf (s, ",\"mask_rle\":{\"size\":[%d,%d],\"counts\":\"",
        r->height, r->width);
    gst_siseg_json_rle (s, r, &g_array_index (json->boxes, gint,
            inst->id * 4), inst->id);
    g_string_append (s, "\"}");
  }
  g_string_append_c (s, '}');
}

gboolean
gst_siseg_json_write (GstSisegJson * json, const GstSisegResult * r,
    GError ** error)
{
  GString *s = json->line;
  guint i;

  if (r->ids != NULL)
    gst_siseg_json_find_boxes (json, r);

  g_string_truncate (s, 0);
  g_string_append_c (s, '{');
  gst_siseg_json_time (s, "timestamp", gst_siseg_result_stream_offset (r));
  g_string_append_c (s, ',');
  gst_siseg_json_time (s, "pts", r->timestamp);
  g_string_append_printf (s, ",\"frame\":%" G_GUINT64_FORMAT ",\"resolution\":"
      "{\"width\":%d,\"height\":%d},\"has_mask\":%s,\"objects\":[",
      r->frame, r->width, r->height, r->has_mask ? "true" : "false");
  for (i = 0; i < r->n_instances; i++) {
    if (i > 0)
      g_string_append_c (s, ',');
    gst_siseg_json_object (json, &r->instances[i], r);
  }
  g_string_append (s, "]}\n");

  if (fwrite (s->str, 1, s->len, json->file) != s->len
      || fflush (json->file) != 0) {
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
        "Could not write to \"%s\": %s", json->location, g_strerror (errno));
    return FALSE;
  }
  return TRUE;
}
