/* siseg: libFuzzer target over the text the element's properties take.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An input is a labels file's bytes, then a 0xff byte, then the text of a
 * property (up to its first NUL, as a C string property is): the labels
 * file is written to a file and read back with gst_siseg_labels_load; the
 * text goes through every parser of gst/gstsisegparse.c (class lists,
 * palettes, numbers, class maps naming the labels). Results must stay in
 * their bounds, round-trip where they can, and labels be valid UTF-8;
 * any failed check prints "siseg-fuzz: invariant" and aborts.
 */
#include "gstsisegparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static gchar *labels_path;

static G_NORETURN void
fail (const gchar * what)
{
  fprintf (stderr, "siseg-fuzz: invariant: %s\n", what);
  abort ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  gint fd = g_file_open_tmp ("siseg-fuzz-labels-XXXXXX", &labels_path, NULL);

  if (fd < 0)
    fail ("no temporary file");
  close (fd);
  return 0;
}

/* without the fsync of g_file_set_contents: 25 ms an input */
static void
write_labels (const guint8 * data, gsize size)
{
  FILE *f = fopen (labels_path, "wb");

  if (f == NULL || fwrite (data, 1, size, f) != size || fclose (f) != 0)
    fail ("cannot write the labels file");
}

/* Labels: valid UTF-8, no newline, no space around, at most one a line
 * and SISEG_MAX_CLASSES in all. */
static GPtrArray *
check_labels (const guint8 * data, gsize size)
{
  gchar *warning = NULL;
  GError *err = NULL;
  GPtrArray *labels;
  guint lines = 0;

  write_labels (data, size);
  labels = gst_siseg_labels_load (labels_path, &warning, &err);
  if (labels == NULL)
    fail ("a labels file that is not read");
  for (gsize i = 0; i < size; i++)
    lines += data[i] == '\n';
  lines += size > 0 && data[size - 1] != '\n';
  if (labels->len != MIN (lines, SISEG_MAX_CLASSES))
    fail ("not one label a line");
  for (guint i = 0; i < labels->len; i++) {
    const gchar *l = g_ptr_array_index (labels, i);
    gsize n = strlen (l);
    if (!g_utf8_validate (l, -1, NULL))
      fail ("a label that is not UTF-8");
    if (strchr (l, '\n') || (n && (g_ascii_isspace (l[0])
                || g_ascii_isspace (l[n - 1]))))
      fail ("a label with a newline or space around it");
  }
  if (warning && !g_utf8_validate (warning, -1, NULL))
    fail ("a warning that is not UTF-8");
  if (lines > SISEG_MAX_CLASSES && warning == NULL)
    fail ("no warning for lines past the last class");
  g_free (warning);
  return labels;
}

static void
check_label (GPtrArray * labels, guint class_id)
{
  gchar buf[32];
  const gchar *l = gst_siseg_label (labels, class_id, buf, sizeof buf);

  if (l == NULL || l[0] == '\0' || !g_utf8_validate (l, -1, NULL))
    fail ("an empty or invalid label");
}

/* a and b (of 4-byte elements) hold the same */
static gboolean
same (GArray * a, GArray * b)
{
  return a != NULL && a->len == b->len && (a->len == 0
      || memcmp (a->data, b->data, a->len * 4) == 0);
}

/* A list of class ids ("": none): each a class; written back, read back
 * the same. */
static void
check_classes (const gchar * text)
{
  GArray *ids, *again;
  GString *s;

  if (!gst_siseg_classes_parse (text, &ids) || ids == NULL)
    return;
  s = g_string_new (NULL);
  for (guint i = 0; i < ids->len; i++) {
    guint id = g_array_index (ids, guint, i);
    if (id >= SISEG_MAX_CLASSES)
      fail ("a class id past the last class");
    g_string_append_printf (s, "%s%u", i ? "," : "", id);
  }
  if (!gst_siseg_classes_parse (s->str, &again) || !same (again, ids))
    fail ("class ids that do not read back");
  g_array_unref (gst_siseg_class_visible_new (ids));
  g_array_unref (again);
  g_array_unref (ids);
  g_string_free (s, TRUE);
}

/* A palette: 24-bit colours; written back, read back the same. */
static void
check_palette (const gchar * text)
{
  GArray *colours, *again;
  GString *s;

  if (!gst_siseg_palette_parse (text, &colours) || colours == NULL)
    return;
  s = g_string_new (NULL);
  for (guint i = 0; i < colours->len; i++) {
    guint32 c = g_array_index (colours, guint32, i);
    if (c > 0xffffff)
      fail ("a colour of more than 24 bits");
    g_string_append_printf (s, "%s%06x", i ? "," : "", c);
  }
  if (!gst_siseg_palette_parse (s->str, &again) || !same (again, colours))
    fail ("a palette that does not read back");
  g_array_unref (again);
  g_array_unref (colours);
  g_string_free (s, TRUE);
}

/* Numbers: one value fills all n */
static void
check_numbers (const gchar * text, guint n)
{
  gdouble v[4];

  if (!gst_siseg_numbers_parse (text, v, n))
    return;
  if (strchr (text, ',') == NULL)
    for (guint i = 1; i < n; i++)
      if (memcmp (&v[i], &v[0], sizeof (gdouble)) != 0)
        fail ("one number that does not fill them all");
}

/* A class map: ids, each the number given or the line of its label;
 * on failure, the entry that is neither. */
static void
check_class_map (const gchar * text, GPtrArray * labels)
{
  GArray *ids;
  gchar *bad;
  gboolean ok = gst_siseg_class_map_parse (text, labels, &ids, &bad);

  if (ok != (bad == NULL) || (!ok && ids != NULL))
    fail ("a class map's result and its bad entry disagree");
  if (!ok && !strstr (text, bad))
    fail ("a bad entry not in the text");
  g_free (bad);
  if (ids == NULL)
    return;
  for (guint i = 0; i < ids->len; i++)
    check_label (labels, g_array_index (ids, guint16, i));
  g_array_unref (ids);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, gsize size)
{
  const guint8 *sep = memchr (data, 0xff, size);
  gsize nl = sep ? (gsize) (sep - data) : size;
  gchar *text = sep ? g_strndup ((const gchar *) sep + 1,
      size - nl - 1) : g_strdup ("");
  GPtrArray *labels = check_labels (data, nl);

  check_classes (text);
  check_palette (text);
  check_numbers (text, 1);
  check_numbers (text, 3);
  check_class_map (text, labels);
  check_label (labels, size > 0 ? data[0] : 0);
  check_label (labels, G_MAXUINT);
  g_ptr_array_unref (labels);
  g_free (text);
  return 0;
}
