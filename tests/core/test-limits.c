/* siseg: the core at its limits: out of memory, and object ids over many
 * frames.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Out of memory is made real with an address-space limit in a subprocess
 * (not under ASan or valgrind, which reserve address space of their own):
 * a 16384x16384 frame at max-size 16384 must fail with SISEG_ERROR_MEMORY,
 * saying how much was asked for and that max-size lowers it, and the same
 * context must then process a frame at a smaller max-size.
 */
#include "siseg-private.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define BIG 16384

/* bytes of address space the process uses now */
static gsize
address_space (void)
{
  gchar *statm = NULL;
  gsize pages = 0;

  g_assert_true (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL));
  pages = g_ascii_strtoull (statm, NULL, 10);
  g_free (statm);
  return pages * sysconf (_SC_PAGESIZE);
}

/* In the subprocess: a BIG x BIG frame of zero pages, never touched, and
 * a limit of slack bytes more than the process uses then. */
static void
out_of_memory (const gchar * device, gsize slack)
{
  gsize frame_size = (gsize) BIG * BIG * 4;
  guint8 *pixels = mmap (NULL, frame_size, PROT_READ, MAP_PRIVATE |
      MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  guint8 *mask = g_malloc0 (64 * 64);
  SisegImage f = { SISEG_FORMAT_RGBA, BIG, BIG, {pixels}, {4 * BIG} };
  SisegImage m = { SISEG_FORMAT_GRAY8, 64, 64, {mask}, {64} };
  SisegContext *ctx = siseg_context_new (device, NULL);
  GError *err = NULL;
  struct rlimit limit;
  SisegParams p;

  g_assert_nonnull (ctx);
  g_assert_true (pixels != MAP_FAILED);
  memset (mask + 64 * 16, 1, 64 * 32);
  limit.rlim_cur = limit.rlim_max = address_space () + slack;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &limit), ==, 0);

  siseg_params_init (&p);
  p.max_size = BIG;
  g_assert_false (siseg_context_process (ctx, &p, &f, &m, &err));
  g_assert_error (err, SISEG_ERROR, SISEG_ERROR_MEMORY);
  g_printerr ("%s\n", err->message);
  g_assert_nonnull (strstr (err->message, "max-size"));
  g_assert_nonnull (strstr (err->message, "bytes)"));
  g_clear_error (&err);

  /* nothing half made is left: a smaller size works, then fails again */
  p.max_size = 256;
  g_assert_true (siseg_context_process (ctx, &p, &f, &m, &err));
  g_assert_no_error (err);
  p.max_size = BIG;
  g_assert_false (siseg_context_process (ctx, &p, &f, &m, &err));
  g_assert_error (err, SISEG_ERROR, SISEG_ERROR_MEMORY);
  g_clear_error (&err);

  siseg_context_free (ctx);
  munmap (pixels, frame_size);
  g_free (mask);
}

/* out_of_memory () in a subprocess, which must pass and say what
 * pattern says on stderr */
static void
check_out_of_memory (const gchar * device, gsize slack, const gchar * pattern)
{
  if (g_test_subprocess ()) {
    out_of_memory (device, slack);
    return;
  }
  g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, 0);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr (pattern);
}

static void
test_oom_reference (void)
{
  check_out_of_memory ("reference", 256 << 20, "*Out of memory: the working "
      "buffers at a processing size of 16384x16384 asked for 7.0 GiB "
      "(7516323840 bytes); a smaller max-size *");
}

/* room for the host's buffers (labels 512 MiB, clustering 1 GiB), not for
 * the device's: the device's allocation fails, and says so */
static void
test_oom_opencl (void)
{
  check_out_of_memory ("cpu", (gsize) 1792 << 20, "*Processing at "
      "16384x16384: Out of memory: a working buffer on * (CL_*) asked for * "
      "MiB (* bytes); a smaller max-size *");
}

/* A 64x64 mask: a 4x4 grid of 12x12 squares, class 1 or 2 as odd says,
 * and a stripe of class 3 at the bottom that never changes. */
static void
grid_mask (guint8 * mask, gboolean odd)
{
  memset (mask, 0, 64 * 64);
  for (gint y = 0; y < 64; y++)
    for (gint x = 0; x < 64; x++) {
      if (y >= 58)
        mask[y * 64 + x] = 3;
      else if (y < 56 && x % 16 >= 2 && x % 16 < 14 && y % 14 >= 1
          && y % 14 < 13)
        mask[y * 64 + x] = odd ? 2 : 1;
    }
}

/* With tracking, 17 instances a frame over 4200 frames: the 16 squares
 * change class every frame, so are new objects (67200 of them, past 16
 * bits); the stripe keeps its object id throughout. Object ids only rise
 * and never repeat; the id map keeps per-frame ids. */
static void
test_object_ids (void)
{
  static const gchar *devices[] = { "reference", "cpu" };
  guint8 *mask = g_malloc (64 * 64), *pix = g_malloc0 (64 * 64 * 4);
  SisegImage f = { SISEG_FORMAT_RGBA, 64, 64, {pix}, {256} };
  SisegImage m = { SISEG_FORMAT_GRAY8, 64, 64, {mask}, {64} };

  for (guint d = 0; d < G_N_ELEMENTS (devices); d++) {
    SisegContext *ctx = siseg_context_new (devices[d], NULL);
    guint64 stripe = 0, last = 0;
    gint frames = d == 0 ? 4200 : 300;
    SisegParams p;

    g_assert_nonnull (ctx);
    siseg_params_init (&p);
    p.tracking = TRUE;
    p.min_area = 0;
    for (gint i = 0; i < frames; i++) {
      guint n;
      guint64 lowest = G_MAXUINT64;
      const SisegInstance *in;

      grid_mask (mask, i % 2);
      g_assert_true (siseg_context_process (ctx, &p, &f, &m, NULL));
      in = siseg_context_instances (ctx, &n);
      g_assert_cmpuint (n, ==, 17);
      for (guint k = 0; k < n; k++) {
        g_assert_cmpuint (in[k].id, >=, 1);
        g_assert_cmpuint (in[k].id, <=, 17);
        if (in[k].class_id == 3) {
          if (i == 0)
            stripe = in[k].object_id;
          g_assert_cmpuint (in[k].object_id, ==, stripe);
          continue;
        }
        g_assert_cmpuint (in[k].object_id, >, last);
        lowest = MIN (lowest, in[k].object_id);
      }
      /* the squares' ids are the 16 after the last frame's */
      g_assert_cmpuint (lowest, ==, (i == 0 ? 1 : last) + (i == 0 ? 0 : 1));
      last = lowest + 15 + (i == 0);
    }
    if (d == 0)
      g_assert_cmpuint (last, >, 65536);
    siseg_context_free (ctx);
  }
  g_free (mask);
  g_free (pix);
}

/* The tracker past 32 bits: fresh ids go on counting. */
static void
test_object_ids_32bit (void)
{
  SisegTracker *t = siseg_tracker_new ();
  guint16 labels[4] = { 1, 1, 2, 2 };
  guint16 classes[3] = { 0, 5, 6 };
  const guint64 *map;

  siseg_tracker_set_next_id (t, G_MAXUINT32);
  map = siseg_tracker_update (t, labels, 2, 2, classes, 2, NULL);
  g_assert_cmpuint (map[1], ==, G_MAXUINT32);
  g_assert_cmpuint (map[2], ==, (guint64) G_MAXUINT32 + 1);
  classes[2] = 7;
  map = siseg_tracker_update (t, labels, 2, 2, classes, 2, NULL);
  g_assert_cmpuint (map[1], ==, G_MAXUINT32);
  g_assert_cmpuint (map[2], ==, (guint64) G_MAXUINT32 + 2);
  g_assert_cmpuint (siseg_tracker_next_id (t), ==, (guint64) G_MAXUINT32 + 3);
  siseg_tracker_free (t);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/out-of-memory/reference", test_oom_reference);
  g_test_add_func ("/limits/out-of-memory/opencl", test_oom_opencl);
  g_test_add_func ("/limits/object-ids", test_object_ids);
  g_test_add_func ("/limits/object-ids-32bit", test_object_ids_32bit);
  return g_test_run ();
}
