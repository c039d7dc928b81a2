/* siseg: OpenCL device selection, context and queue.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#define _GNU_SOURCE
#include "siseg-private.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK (siseg - error - quark, siseg_error);

const gchar *
siseg_cl_strerror (cl_int err)
{
#define E(x) case x: return #x
  switch (err) {
      E (CL_SUCCESS);
      E (CL_DEVICE_NOT_FOUND);
      E (CL_DEVICE_NOT_AVAILABLE);
      E (CL_COMPILER_NOT_AVAILABLE);
      E (CL_MEM_OBJECT_ALLOCATION_FAILURE);
      E (CL_OUT_OF_RESOURCES);
      E (CL_OUT_OF_HOST_MEMORY);
      E (CL_BUILD_PROGRAM_FAILURE);
      E (CL_INVALID_VALUE);
      E (CL_INVALID_PLATFORM);
      E (CL_INVALID_DEVICE);
      E (CL_INVALID_CONTEXT);
      E (CL_INVALID_COMMAND_QUEUE);
      E (CL_INVALID_MEM_OBJECT);
      E (CL_INVALID_BINARY);
      E (CL_INVALID_BUILD_OPTIONS);
      E (CL_INVALID_PROGRAM);
      E (CL_INVALID_PROGRAM_EXECUTABLE);
      E (CL_INVALID_KERNEL_NAME);
      E (CL_INVALID_KERNEL);
      E (CL_INVALID_ARG_INDEX);
      E (CL_INVALID_ARG_VALUE);
      E (CL_INVALID_ARG_SIZE);
      E (CL_INVALID_KERNEL_ARGS);
      E (CL_INVALID_WORK_DIMENSION);
      E (CL_INVALID_WORK_GROUP_SIZE);
      E (CL_INVALID_GLOBAL_OFFSET);
      E (CL_INVALID_BUFFER_SIZE);
      E (CL_INVALID_GLOBAL_WORK_SIZE);
    case -1001:
      return "CL_PLATFORM_NOT_FOUND_KHR";
    default:
      return NULL;
  }
#undef E
}

cl_int
siseg_cl_checked (cl_int err)
{
  static gint fail_at = -1, calls;

  if (G_UNLIKELY (g_atomic_int_get (&fail_at) < 0)) {
    const gchar *env = g_getenv ("SISEG_CL_FAIL");
    g_atomic_int_set (&fail_at, env ? MAX (atoi (env), 0) : 0);
  }
  if (G_UNLIKELY (fail_at > 0) && g_atomic_int_add (&calls, 1) + 1 == fail_at)
    return CL_OUT_OF_RESOURCES;
  return err;
}

void
siseg_cl_set_error (GError ** error, const gchar * call, cl_int err,
    const gchar * file, gint line)
{
  const gchar *name = siseg_cl_strerror (err);

  if (name)
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_OPENCL,
        "%s failed: %s (%d) (%s:%d)", call, name, err, file, line);
  else
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_OPENCL,
        "%s failed: OpenCL error %d (%s:%d)", call, err, file, line);
}

void
siseg_set_memory_error (GError ** error, gsize bytes, const gchar * hint,
    const gchar * what, ...)
{
  gboolean gib = bytes >= (1 << 30);
  gchar *subject;
  va_list ap;

  va_start (ap, what);
  subject = g_strdup_vprintf (what, ap);
  va_end (ap);
  g_set_error (error, SISEG_ERROR, SISEG_ERROR_MEMORY,
      "Out of memory: %s asked for %.1f %s (%" G_GSIZE_FORMAT " bytes); %s",
      subject, bytes / (gdouble) (gib ? 1 << 30 : 1 << 20),
      gib ? "GiB" : "MiB", bytes, hint);
  g_free (subject);
}

typedef struct
{
  cl_platform_id platform;
  cl_device_id device;
  cl_device_type type;
  gchar *name;
} Candidate;

static gchar *
device_string (cl_device_id dev, cl_device_info what)
{
  gchar buf[512] = "";

  clGetDeviceInfo (dev, what, sizeof (buf) - 1, buf, NULL);
  return g_strstrip (g_strdup (buf));
}

static gchar *
platform_string (cl_platform_id plat, cl_platform_info what)
{
  gchar buf[512] = "";

  clGetPlatformInfo (plat, what, sizeof (buf) - 1, buf, NULL);
  return g_strstrip (g_strdup (buf));
}

/* PoCL's CPU device (3.1, Debian 12) ran every kernel on one thread on the
 * 2-vCPU machines we measure on (user time = wall time) unless its
 * environment asks for more: POCL_MAX_PTHREAD_COUNT, read when it starts.
 * Set it to the online CPUs, unless the user chose; once, before the first
 * OpenCL call. Measured: the per-pixel kernels run 1.5-2x faster. */
static void
pocl_threads (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    gchar n[16];
    g_snprintf (n, sizeof (n), "%u", g_get_num_processors ());
    g_setenv ("POCL_MAX_PTHREAD_COUNT", n, FALSE);
    g_once_init_leave (&done, 1);
  }
}

/* All devices of all platforms, in platform then device order. */
static GArray *
list_devices (void)
{
  GArray *all = g_array_new (FALSE, TRUE, sizeof (Candidate));
  cl_platform_id plats[16];
  cl_uint n_plats = 0;

  pocl_threads ();
  if (clGetPlatformIDs (16, plats, &n_plats) != CL_SUCCESS)
    return all;
  for (cl_uint i = 0; i < n_plats; i++) {
    cl_device_id devs[16];
    cl_uint n_devs = 0;
    if (clGetDeviceIDs (plats[i], CL_DEVICE_TYPE_ALL, 16, devs,
            &n_devs) != CL_SUCCESS)
      continue;
    for (cl_uint j = 0; j < n_devs; j++) {
      Candidate c = { plats[i], devs[j], 0, NULL };
      gchar *pname = platform_string (plats[i], CL_PLATFORM_NAME);
      gchar *dname = device_string (devs[j], CL_DEVICE_NAME);
      clGetDeviceInfo (devs[j], CL_DEVICE_TYPE, sizeof (c.type), &c.type, NULL);
      c.name = g_strdup_printf ("%s: %s [%u.%u]", pname, dname, i, j);
      g_free (pname);
      g_free (dname);
      g_array_append_val (all, c);
    }
  }
  return all;
}

static gboolean
matches (const Candidate * c, const gchar * spec, guint index)
{
  guint p, d;

  if (g_str_equal (spec, "gpu"))
    return (c->type & CL_DEVICE_TYPE_GPU) != 0;
  if (g_str_equal (spec, "cpu"))
    return (c->type & CL_DEVICE_TYPE_CPU) != 0;
  if (sscanf (spec, "%u.%u", &p, &d) == 2) {
    gchar *tag = g_strdup_printf ("[%u.%u]", p, d);
    gboolean ok = g_str_has_suffix (c->name, tag);
    g_free (tag);
    return ok;
  }
  return strcasestr (c->name, spec) != NULL;
}

/* "auto": the first GPU, else the first device. */
static gint
pick (GArray * all, const gchar * spec)
{
  for (guint i = 0; i < all->len; i++) {
    Candidate *c = &g_array_index (all, Candidate, i);
    if (g_str_equal (spec, "auto") ? (c->type & CL_DEVICE_TYPE_GPU) != 0 :
        matches (c, spec, i))
      return i;
  }
  if (g_str_equal (spec, "auto") && all->len > 0)
    return 0;
  return -1;
}

static gboolean
device_init (SisegDevice * dev, const Candidate * c, GError ** error)
{
  cl_context_properties props[] = { CL_CONTEXT_PLATFORM,
    (cl_context_properties) c->platform, 0
  };
  gchar *pver, *dver;
  cl_int err;

  dev->platform = c->platform;
  dev->device = c->device;
  dev->is_cpu = (c->type & CL_DEVICE_TYPE_CPU) != 0;
  dev->name = g_strdup (c->name);
  pver = platform_string (c->platform, CL_PLATFORM_VERSION);
  dver = device_string (c->device, CL_DRIVER_VERSION);
  dev->driver = g_strdup_printf ("%s|%s", pver, dver);
  g_free (pver);
  g_free (dver);

  dev->context = clCreateContext (props, 1, &c->device, NULL, NULL, &err);
  SISEG_CL (err, fail);
  /* benchmarks time each kernel from profiling events */
  dev->profiling = g_getenv ("SISEG_PROFILE") != NULL;
  dev->queue = clCreateCommandQueue (dev->context, c->device,
      dev->profiling ? CL_QUEUE_PROFILING_ENABLE : 0, &err);
  SISEG_CL (err, fail);
  return TRUE;

fail:
  return FALSE;
}

/* The signals a terminal or a service manager sends a whole process group
 * (Ctrl-C, Ctrl-\\, hang-up, stop): blocked in the calling thread while an
 * OpenCL driver starts its threads and builds, and their handlers put back
 * as they were afterwards. Threads started then, and the processes they
 * run, inherit the mask: PoCL's compiler threads run the system linker,
 * and a Ctrl-C meant for the application would kill a link half way, which
 * PoCL answers with abort (). And the compiler (LLVM) installs handlers of
 * its own that swallow a Ctrl-C the application has not yet taken over
 * (gst-launch-1.0 takes it once the pipeline is PAUSED): put back, a
 * signal that came meanwhile goes where it would have gone. The
 * application's own threads get the signals as before. */
static const gint terminal_signals[] = { SIGINT, SIGQUIT, SIGTERM, SIGHUP };

void
siseg_signals_block (SisegSignals * saved)
{
  sigset_t set;

  sigemptyset (&set);
  for (guint i = 0; i < G_N_ELEMENTS (terminal_signals); i++) {
    sigaddset (&set, terminal_signals[i]);
    sigaction (terminal_signals[i], NULL, &saved->actions[i]);
  }
  pthread_sigmask (SIG_BLOCK, &set, &saved->mask);
}

void
siseg_signals_restore (const SisegSignals * saved)
{
  for (guint i = 0; i < G_N_ELEMENTS (terminal_signals); i++)
    sigaction (terminal_signals[i], &saved->actions[i], NULL);
  pthread_sigmask (SIG_SETMASK, &saved->mask, NULL);
}

SisegDevice *
siseg_device_open (const gchar * spec, GError ** error)
{
  SisegSignals saved;
  GArray *all;
  SisegDevice *dev = NULL;
  gint i;

  siseg_signals_block (&saved);
  all = list_devices ();
  i = pick (all, spec);

  if (i < 0) {
    GString *names = g_string_new ("");
    for (guint k = 0; k < all->len; k++)
      g_string_append_printf (names, "%s%s", k ? ", " : "",
          g_array_index (all, Candidate, k).name);
    g_set_error (error, SISEG_ERROR, SISEG_ERROR_DEVICE,
        "no OpenCL device matches \"%s\" (devices: %s)", spec,
        all->len ? names->str : "none; is an ICD such as pocl-opencl-icd "
        "installed?");
    g_string_free (names, TRUE);
    goto done;
  }
  dev = g_new0 (SisegDevice, 1);
  if (!device_init (dev, &g_array_index (all, Candidate, i), error)) {
    siseg_device_close (dev);
    dev = NULL;
  }

done:
  for (guint k = 0; k < all->len; k++)
    g_free (g_array_index (all, Candidate, k).name);
  g_array_free (all, TRUE);
  siseg_signals_restore (&saved);
  return dev;
}

void
siseg_device_close (SisegDevice * dev)
{
  if (!dev)
    return;
  if (dev->queue)
    clReleaseCommandQueue (dev->queue);
  if (dev->context)
    clReleaseContext (dev->context);
  g_free (dev->name);
  g_free (dev->driver);
  g_free (dev);
}
