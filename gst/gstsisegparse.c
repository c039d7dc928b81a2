/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The text the element's properties take: labels files, class lists,
 * palettes.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegparse.h"

const gchar *
gst_siseg_label (GPtrArray * labels, guint class_id, gchar * buf, gsize size)
{
  const gchar *label = NULL;

  if (labels != NULL && class_id < labels->len)
    label = g_ptr_array_index (labels, class_id);
  if (label != NULL && label[0] != '\0')
    return label;

  g_snprintf (buf, size, "class-%u", class_id);
  return buf;
}

GPtrArray *
gst_siseg_labels_load (const gchar * path, GError ** error)
{
  GPtrArray *labels;
  gchar *contents;
  gchar **lines;
  guint i;

  if (!g_file_get_contents (path, &contents, NULL, error))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  labels = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; lines[i] != NULL; i++) {
    /* a final newline does not make one more class */
    if (lines[i + 1] == NULL && lines[i][0] == '\0')
      break;
    g_ptr_array_add (labels, g_strdup (g_strstrip (lines[i])));
  }

  g_strfreev (lines);
  g_free (contents);
  return labels;
}

gboolean
gst_siseg_classes_parse (const gchar * text, GArray ** ids)
{
  gchar **tokens;
  gboolean ok = TRUE;
  guint i;

  *ids = NULL;
  if (text == NULL || g_ascii_strcasecmp (text, "all") == 0)
    return TRUE;

  *ids = g_array_new (FALSE, FALSE, sizeof (guint));
  tokens = g_strsplit (text, ",", -1);
  for (i = 0; ok && tokens[i] != NULL; i++) {
    guint64 id;

    ok = g_ascii_string_to_unsigned (g_strstrip (tokens[i]), 10, 0,
        SISEG_MAX_CLASSES - 1, &id, NULL);
    if (ok)
      g_array_append_val (*ids, (guint) {
          id}
    );
  }
  g_strfreev (tokens);
  if (!ok)
    g_clear_pointer (ids, g_array_unref);
  return ok;
}

gboolean
gst_siseg_palette_parse (const gchar * text, GArray ** colours)
{
  gchar **tokens;
  gboolean ok = TRUE;
  guint i;

  *colours = NULL;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  *colours = g_array_new (FALSE, FALSE, sizeof (guint32));
  tokens = g_strsplit (text, ",", -1);
  for (i = 0; ok && tokens[i] != NULL; i++) {
    const gchar *t = g_strstrip (tokens[i]);
    guint64 rgb;

    t += (t[0] == '#');
    ok = strlen (t) == 6 && g_ascii_string_to_unsigned (t, 16, 0, 0xffffff,
        &rgb, NULL);
    if (ok)
      g_array_append_val (*colours, (guint32) {
          rgb}
    );
  }
  g_strfreev (tokens);
  if (!ok)
    g_clear_pointer (colours, g_array_unref);
  return ok;
}

gboolean
gst_siseg_numbers_parse (const gchar * text, gdouble * values, guint n)
{
  gchar **tokens = g_strsplit (text ? text : "", ",", -1);
  guint count = g_strv_length (tokens), i;
  gboolean ok = count == 1 || count == n;

  for (i = 0; ok && i < count; i++) {
    gchar *end;

    values[i] = g_ascii_strtod (g_strstrip (tokens[i]), &end);
    ok = end != tokens[i] && *end == '\0';
  }
  for (; ok && i < n; i++)
    values[i] = values[0];
  g_strfreev (tokens);
  return ok;
}

/* The class id @name stands for: a number, or a label's line. */
static gboolean
gst_siseg_class_id_parse (const gchar * name, GPtrArray * labels, guint16 * id)
{
  guint64 v;
  guint i;

  if (g_ascii_string_to_unsigned (name, 10, 0, G_MAXUINT16, &v, NULL)) {
    *id = v;
    return TRUE;
  }
  for (i = 0; labels != NULL && i < labels->len && i <= G_MAXUINT16; i++)
    if (g_strcmp0 (g_ptr_array_index (labels, i), name) == 0) {
      *id = i;
      return TRUE;
    }
  return FALSE;
}

gboolean
gst_siseg_class_map_parse (const gchar * text, GPtrArray * labels,
    GArray ** ids, gchar ** bad)
{
  gchar **tokens;
  guint i;

  *ids = NULL;
  *bad = NULL;
  if (text == NULL || text[0] == '\0')
    return TRUE;

  *ids = g_array_new (FALSE, FALSE, sizeof (guint16));
  tokens = g_strsplit (text, ",", -1);
  for (i = 0; tokens[i] != NULL; i++) {
    const gchar *name = g_strstrip (tokens[i]);
    guint16 id;

    if (!gst_siseg_class_id_parse (name, labels, &id)) {
      *bad = g_strdup (name);
      break;
    }
    g_array_append_val (*ids, id);
  }
  g_strfreev (tokens);
  if (*bad != NULL)
    g_clear_pointer (ids, g_array_unref);
  return *bad == NULL;
}

GArray *
gst_siseg_class_visible_new (GArray * ids)
{
  GArray *visible;
  guint i;

  visible = g_array_sized_new (FALSE, TRUE, sizeof (guint8), SISEG_MAX_CLASSES);
  g_array_set_size (visible, SISEG_MAX_CLASSES);
  for (i = 0; i < ids->len; i++)
    visible->data[g_array_index (ids, guint, i)] = 1;
  return visible;
}
