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

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

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

/* Reads a regular file of at most GST_SISEG_LABELS_MAX_BYTES, never
 * blocking on a FIFO or a device: contents NUL-terminated, *len its size. */
static gchar *
gst_siseg_labels_read (const gchar * path, gsize * len, GError ** error)
{
  gint fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  gchar *buf = NULL;
  struct stat st;
  gssize n = 0, r;

  if (fd < 0 || fstat (fd, &st) != 0) {
    gint e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
        "Could not open \"%s\": %s", path, g_strerror (e));
    goto done;
  }
  if (!S_ISREG (st.st_mode)) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "\"%s\" is not a "
        "regular file", path);
    goto done;
  }
  /* one byte more than the cap tells a larger file, whatever stat said */
  buf = g_malloc (GST_SISEG_LABELS_MAX_BYTES + 2);
  do {
    r = read (fd, buf + n, GST_SISEG_LABELS_MAX_BYTES + 1 - n);
    n += MAX (r, 0);
  } while ((r > 0 && n <= GST_SISEG_LABELS_MAX_BYTES) || (r < 0
          && errno == EINTR));
  if (r < 0) {
    gint e = errno;
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e),
        "Could not read \"%s\": %s", path, g_strerror (e));
  } else if (n > GST_SISEG_LABELS_MAX_BYTES) {
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "\"%s\" is "
        "larger than %d bytes: not a labels file", path,
        GST_SISEG_LABELS_MAX_BYTES);
  }
  if (r < 0 || n > GST_SISEG_LABELS_MAX_BYTES) {
    g_clear_pointer (&buf, g_free);
    goto done;
  }
  buf[n] = '\0';
  *len = n;
done:
  if (fd >= 0)
    close (fd);
  return buf;
}

/* What was wrong with the file, NULL if nothing: the first few lines that
 * were not UTF-8, lines past the last class id. */
static gchar *
gst_siseg_labels_warning (const gchar * path, GArray * bad, gboolean extra)
{
  GString *s;
  guint i;

  if (bad->len == 0 && !extra)
    return NULL;
  s = g_string_new (NULL);
  g_string_append_printf (s, "labels-file \"%s\":", path);
  for (i = 0; i < bad->len && i < 8; i++)
    g_string_append_printf (s, "%s %u (class %u)", i ? "," : bad->len > 1 ?
        " lines" : " line", g_array_index (bad, guint, i) + 1,
        g_array_index (bad, guint, i));
  if (bad->len > 8)
    g_string_append_printf (s, " and %u more", bad->len - 8);
  if (bad->len > 0)
    g_string_append_printf (s, " %s not valid UTF-8 (bytes replaced by "
        "U+FFFD)%s", bad->len > 1 ? "are" : "is", extra ? ";" : "");
  if (extra)
    g_string_append_printf (s, " lines after line %d name no class id "
        "(ignored)", SISEG_MAX_CLASSES);
  return g_string_free (s, FALSE);
}

GPtrArray *
gst_siseg_labels_load (const gchar * path, gchar ** warning, GError ** error)
{
  GArray *bad;
  GPtrArray *labels;
  gchar *contents, *line, *end;
  gsize len;

  *warning = NULL;
  if (!(contents = gst_siseg_labels_read (path, &len, error)))
    return NULL;

  bad = g_array_new (FALSE, FALSE, sizeof (guint));
  labels = g_ptr_array_new_with_free_func (g_free);
  /* a final newline does not make one more class */
  for (line = contents; line < contents + len; line = end + 1) {
    gchar *label;

    end = memchr (line, '\n', contents + len - line);
    if (end == NULL)
      end = contents + len;
    if (labels->len == SISEG_MAX_CLASSES)
      break;
    if (g_utf8_validate (line, end - line, NULL)) {
      label = g_strndup (line, end - line);
    } else {
      label = g_utf8_make_valid (line, end - line);
      g_array_append_val (bad, labels->len);
    }
    g_ptr_array_add (labels, g_strstrip (label));
  }

  *warning = gst_siseg_labels_warning (path, bad, line < contents + len);
  g_array_free (bad, TRUE);
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
