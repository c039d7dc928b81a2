/* siseg: building the kernels, through a compiled-program cache on disk.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The cache is keyed by a hash of the source, the build options, the device
 * and the driver versions. A binary that fails to load or build for any
 * reason is ignored and the program is rebuilt from source.
 */
#include "siseg-private.h"

#include <string.h>

static gchar *
all_sources (void)
{
  GString *s = g_string_new ("");

  for (const SisegKernelSource * k = siseg_kernel_sources; k->name; k++)
    g_string_append_printf (s, "%s\n", k->source);
  return g_string_free (s, FALSE);
}

static gchar *
cache_path (SisegDevice * dev, const gchar * src, const gchar * options)
{
  const gchar *dir = g_getenv ("SISEG_CACHE_DIR");
  GChecksum *sum;
  gchar *path, *name, *base;

  if (dir && !*dir)
    return NULL;
  base = dir ? g_strdup (dir) :
      g_build_filename (g_get_user_cache_dir (), "siseg", NULL);
  sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guchar *) src, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) options, -1);
  g_checksum_update (sum, (const guchar *) dev->name, -1);
  g_checksum_update (sum, (const guchar *) dev->driver, -1);
  name = g_strdup_printf ("%s.bin", g_checksum_get_string (sum));
  path = g_build_filename (base, name, NULL);
  g_checksum_free (sum);
  g_free (name);
  g_free (base);
  return path;
}

static cl_program
load_cached (SisegDevice * dev, const gchar * path, const gchar * options)
{
  gchar *bin = NULL;
  gsize len = 0;
  cl_int err, status;
  cl_program prog;

  if (!path || !g_file_get_contents (path, &bin, &len, NULL))
    return NULL;
  prog = clCreateProgramWithBinary (dev->context, 1, &dev->device, &len,
      (const guchar **) &bin, &status, &err);
  g_free (bin);
  if (err != CL_SUCCESS || status != CL_SUCCESS)
    goto fail;
  if (clBuildProgram (prog, 1, &dev->device, options, NULL, NULL) == CL_SUCCESS)
    return prog;

fail:
  if (prog)
    clReleaseProgram (prog);
  return NULL;
}

static void
save_cached (SisegDevice * dev, cl_program prog, const gchar * path)
{
  size_t len = 0;
  guchar *bin;
  gchar *dir;

  if (!path || clGetProgramInfo (prog, CL_PROGRAM_BINARY_SIZES,
          sizeof (len), &len, NULL) != CL_SUCCESS || len == 0)
    return;
  bin = g_malloc (len);
  if (clGetProgramInfo (prog, CL_PROGRAM_BINARIES, sizeof (bin), &bin,
          NULL) == CL_SUCCESS) {
    dir = g_path_get_dirname (path);
    g_mkdir_with_parents (dir, 0755);
    g_file_set_contents (path, (const gchar *) bin, len, NULL);
    g_free (dir);
  }
  g_free (bin);
}

static gchar *
build_log (SisegDevice * dev, cl_program prog)
{
  size_t len = 0;
  gchar *log;

  clGetProgramBuildInfo (prog, dev->device, CL_PROGRAM_BUILD_LOG, 0, NULL,
      &len);
  log = g_malloc0 (len + 1);
  clGetProgramBuildInfo (prog, dev->device, CL_PROGRAM_BUILD_LOG, len, log,
      NULL);
  return log;
}

static cl_program
build_source (SisegDevice * dev, const gchar * src, const gchar * options,
    GError ** error)
{
  cl_int err;
  cl_program prog;
  gchar *log;

  prog = clCreateProgramWithSource (dev->context, 1, &src, NULL, &err);
  SISEG_CL (err, fail);
  err = clBuildProgram (prog, 1, &dev->device, options, NULL, NULL);
  if (err == CL_SUCCESS)
    return prog;
  log = build_log (dev, prog);
  g_set_error (error, SISEG_ERROR, SISEG_ERROR_BUILD,
      "kernels did not build on %s (%s, options \"%s\"):\n%s", dev->name,
      siseg_cl_strerror (err) ? siseg_cl_strerror (err) : "an OpenCL error",
      options, log);
  g_free (log);
  clReleaseProgram (prog);
fail:
  return NULL;
}

cl_program
siseg_program_build (SisegDevice * dev, const gchar * options, GError ** error)
{
  gchar *src = all_sources ();
  gchar *path = cache_path (dev, src, options);
  cl_program prog;
  SisegSignals saved;

  siseg_signals_block (&saved);
  prog = load_cached (dev, path, options);
  if (!prog) {
    prog = build_source (dev, src, options, error);
    if (prog)
      save_cached (dev, prog, path);
  }
  siseg_signals_restore (&saved);
  g_free (path);
  g_free (src);
  return prog;
}
