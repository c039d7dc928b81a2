/* siseg: libFuzzer target over the core API, OpenCL against the reference.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * An input decodes into a frame (format, size up to 72x72, padded
 * strides), a mask (GRAY8 or GRAY16, up to 128x128, as large as the frame
 * or not), its class ids, every parameter, and a frame of shapes (two or
 * three with tracking, which sees them move). Each frame goes through an
 * OpenCL context (PoCL's CPU device, the CPU or the GPU build of the
 * kernels) and
 * the C reference: results, instance tables, id maps and drawn frames must
 * be equal, else "siseg-fuzz: mismatch" and exit. Any other failed check
 * is "siseg-fuzz: invariant". The contexts are made once, in
 * LLVMFuzzerInitialize; each input starts with fresh trackers.
 *
 * The bytes, in order (missing ones read as 0): format, frame width and
 * height, flags, mask width and height (0: the frame's), max size, four
 * class ids (two bytes each), background and ignore class, split classes,
 * unsplit mode, the clustering parameters, min area, CBR mode, iterations
 * and band, alpha, palette, class visibility, stride paddings, frames,
 * size of a second id map read, frame colours' seed, then shapes.
 */
#include "siseg-context.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MASK 128
#define MAX_SHAPES 16

/* Frame sides of 1 to MAX_SIDE; processing caps from a list of the
 * special ones (the default, none, a bad one) and small ones, or any up to
 * 255. Kernels launch in groups of one shape whatever the size, so PoCL
 * compiles each kernel once per frame layout and mask depth, not once per
 * size. */
#define MAX_SIDE 72
static const gint caps[] = { SISEG_DEFAULT_MAX_SIZE, 0, -1, 5, 24, 40 };

enum
{
  F_MASK16 = 1 << 0,
  F_CORNER = 1 << 1,
  F_FILL = 1 << 2,
  F_CONTOURS = 1 << 3,
  F_BOXES = 1 << 4,
  F_TRACKING = 1 << 5,
  F_SPAN1 = 1 << 6,
  F_RAW_MASK = 1 << 7,
};

typedef struct
{
  const guint8 *p;
  gsize n;
} Input;

typedef struct
{
  SisegParams p;
  SisegFormat format;
  gint fw, fh, mw, mh;
  guint flags;
  guint ids[4];
  guint split[5];
  guint32 palette[3];
  guint8 visible[256];
  gint pad[2], mask_pad;
  gint n_frames, read_w, read_h;
  guint32 seed;
  gint dx, dy;
} Case;

static SisegContext *cl_ctx[2], *ref_ctx;

static guint
next (Input * in)
{
  if (in->n == 0)
    return 0;
  in->n--;
  return *in->p++;
}

/* exit, not abort: libFuzzer saves the input and prints its statistics
 * either way, but PoCL's LLVM, building kernels, takes the SIGABRT handler
 * from it */
static G_NORETURN void
fail (const gchar * kind, const gchar * what)
{
  fprintf (stderr, "siseg-fuzz: %s: %s\n", kind, what);
  exit (1);
}

static SisegContext *
context_new (const gchar * device)
{
  GError *err = NULL;
  SisegContext *ctx = siseg_context_new (device, &err);

  if (!ctx) {
    fprintf (stderr, "siseg-fuzz: no context \"%s\": %s\n", device,
        err->message);
    exit (1);
  }
  return ctx;
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  ref_ctx = context_new ("reference");
  cl_ctx[0] = context_new ("cpu");
  g_setenv ("SISEG_SPAN", "1", TRUE);
  cl_ctx[1] = context_new ("cpu");
  g_unsetenv ("SISEG_SPAN");
  if (!siseg_context_is_opencl (cl_ctx[0]))
    fail ("setup", "no OpenCL device");
  fprintf (stderr, "siseg-fuzz: OpenCL device: %s\n",
      siseg_context_device_name (cl_ctx[0]));
  return 0;
}

/* a class id: one of the case's four, or -1 */
static gint
class_of (const Case * c, guint b)
{
  return b % 5 == 4 ? -1 : (gint) c->ids[b % 5];
}

static void
decode_params (Case * c, Input * in)
{
  SisegParams *p = &c->p;
  guint b, n;

  siseg_params_init (p);
  b = next (in);
  p->max_size = b < G_N_ELEMENTS (caps) ? caps[b] : (gint) b;
  for (gint i = 0; i < 4; i++) {
    c->ids[i] = next (in);
    c->ids[i] |= c->flags & F_MASK16 ? next (in) << 8 : 0;
  }
  p->background_class = class_of (c, next (in));
  p->ignore_class = class_of (c, next (in));
  /* 0: every class split; else a list of n - 1, ids past the last
   * class among them */
  n = next (in) % 6;
  for (guint i = 0; i + 1 < n; i++) {
    b = next (in);
    c->split[i] = b & 0x80 ? b << 10 : c->ids[b % 4];
  }
  p->split_classes = n ? c->split : NULL;
  p->n_split_classes = n ? n - 1 : 0;
  p->unsplit_mode = next (in) % 3;
  p->edge_weight = next (in) / 32.0f;
  p->merge_depth = next (in) / 16.0f;
  p->merge_ratio = next (in) / 255.0f;
  p->peak_ratio = next (in) / 255.0f;
  p->border_ratio = next (in) / 32.0f;
  b = next (in);
  p->min_area = b * b / 64;
  p->mask_align = c->flags & F_CORNER ? SISEG_MASK_ALIGN_CORNER :
      SISEG_MASK_ALIGN_CENTRE;
  p->cbr_mode = next (in) % 4;
  p->cbr_iterations = next (in) % 9;
  p->cbr_band = next (in) % 10;
  p->alpha = next (in) / 255.0f;
  p->fill = (c->flags & F_FILL) != 0;
  p->contours = (c->flags & F_CONTOURS) != 0;
  p->boxes = (c->flags & F_BOXES) != 0;
  p->tracking = (c->flags & F_TRACKING) != 0;
}

static void
decode_drawing (Case * c, Input * in)
{
  SisegParams *p = &c->p;
  guint n = next (in) % 4, b;

  for (guint i = 0; i < n; i++)
    c->palette[i] = next (in) << 16 | next (in) << 8 | next (in);
  p->palette = n ? c->palette : NULL;
  p->n_palette = n;
  b = next (in);
  if (b % 4 != 0) {
    guint pattern = next (in);
    p->n_class_visible = 1 + next (in);
    for (guint i = 0; i < p->n_class_visible; i++)
      c->visible[i] = (pattern >> (i % 8)) & 1;
    p->class_visible = c->visible;
  }
}

static void
decode (Case * c, Input * in)
{
  guint b;

  memset (c, 0, sizeof (*c));
  c->format = next (in) % (SISEG_FORMAT_I420 + 1);
  c->fw = 1 + next (in) % MAX_SIDE;
  c->fh = 1 + next (in) % MAX_SIDE;
  c->flags = next (in);
  b = next (in);
  c->mw = b == 0 ? c->fw : 1 + b * MAX_MASK / 256;
  b = next (in);
  c->mh = b == 0 ? c->fh : 1 + b * MAX_MASK / 256;
  decode_params (c, in);
  decode_drawing (c, in);
  c->pad[0] = next (in) % 8;
  c->pad[1] = next (in) % 8;
  /* a GRAY16 mask's rows are 16-bit aligned: so are GStreamer's */
  c->mask_pad = (next (in) % 8) * (c->flags & F_MASK16 ? 2 : 1);
  /* more frames only where they make a difference: tracking */
  b = next (in);
  c->n_frames = c->p.tracking ? 2 + b % 2 : 1;
  b = next (in);
  c->read_w = 1 + b % 128;
  c->read_h = 1 + (b * 7) % 128;
  c->seed = next (in) | next (in) << 8;
  c->dx = (gint) (next (in) % 9) - 4;
  c->dy = (gint) (next (in) % 9) - 4;
}

/* A frame whose planes are allocations of exactly the bytes the core may
 * read (siseg_image_plane_size), so that AddressSanitizer sees one past. */
static void
frame_new (const Case * c, SisegImage * f, GRand * rand)
{
  static const gint bpp[] = { 4, 4, 4, 4, 3, 3, 1, 1 };
  gint cw = (c->fw + 1) / 2;

  memset (f, 0, sizeof (*f));
  f->format = c->format;
  f->width = c->fw;
  f->height = c->fh;
  f->stride[0] = c->fw * bpp[c->format] + c->pad[0];
  if (c->format == SISEG_FORMAT_NV12)
    f->stride[1] = 2 * cw + c->pad[1];
  if (c->format == SISEG_FORMAT_I420)
    f->stride[1] = f->stride[2] = cw + c->pad[1];
  for (gint i = 0; i < siseg_image_n_planes (f); i++) {
    gsize size = siseg_image_plane_size (f, i);
    f->data[i] = g_malloc (size);
    for (gsize k = 0; k < size; k++)
      f->data[i][k] = (k / 37 * 29 + g_rand_int_range (rand, 0, 48)) & 0xff;
  }
}

static void
frame_copy (const SisegImage * f, SisegImage * copy)
{
  *copy = *f;
  for (gint i = 0; i < siseg_image_n_planes (f); i++)
    copy->data[i] = g_memdup2 (f->data[i], siseg_image_plane_size (f, i));
}

static void
frame_free (SisegImage * f)
{
  for (gint i = 0; i < 3; i++)
    g_clear_pointer (&f->data[i], g_free);
}

static void
mask_set (const Case * c, SisegImage * m, gint x, gint y, guint v)
{
  guint8 *row = m->data[0] + (gsize) y * m->stride[0];

  if (c->flags & F_MASK16)
    ((guint16 *) row)[x] = v;
  else
    row[x] = v;
}

/* The mask of frame k: the remaining bytes as pixels (each picks one of
 * the four class ids), or as shapes (class, centre, radius, kind: disc or
 * box) moved by k steps of (dx, dy). */
static void
mask_new (const Case * c, SisegImage * m, const Input * shapes, gint k)
{
  gint b = c->flags & F_MASK16 ? 2 : 1;

  memset (m, 0, sizeof (*m));
  m->format = b == 2 ? SISEG_FORMAT_GRAY16 : SISEG_FORMAT_GRAY8;
  m->width = c->mw;
  m->height = c->mh;
  m->stride[0] = c->mw * b + c->mask_pad;
  m->data[0] = g_malloc0 (siseg_image_plane_size (m, 0));
  if (c->flags & F_RAW_MASK) {
    for (gint y = 0; y < c->mh; y++)
      for (gint x = 0; x < c->mw; x++) {
        gsize i = ((gsize) y * c->mw + x + k) % MAX (shapes->n, 1);
        mask_set (c, m, x, y, c->ids[shapes->n ? shapes->p[i] % 4 : 0]);
      }
    return;
  }
  for (gsize s = 0; s + 5 <= shapes->n && s < 5 * MAX_SHAPES; s += 5) {
    const guint8 *q = shapes->p + s;
    gint cx = q[1] * c->mw / 256 + k * c->dx, cy = q[2] * c->mh / 256 +
        k * c->dy, r = 1 + q[3] % (MAX (c->mw, c->mh) / 2 + 1);
    for (gint y = MAX (0, cy - r); y < MIN (c->mh, cy + r + 1); y++)
      for (gint x = MAX (0, cx - r); x < MIN (c->mw, cx + r + 1); x++)
        if (q[4] % 2 || (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
          mask_set (c, m, x, y, c->ids[q[0] % 4]);
  }
}

/* Every instance inside the frame, ids counting up (an instance that the
 * CBR left empty is gone: ids may skip), the ids in the map at the frame's
 * size (no smaller than the processing size) theirs, and all of them. */
static void
check_instances (const Case * c, const SisegInstance * in, guint n,
    const guint16 * ids)
{
  guint8 *listed = g_malloc0 (G_MAXUINT16 + 1), *seen;

  for (guint i = 0; i < n; i++) {
    if (in[i].id < 1 || (i > 0 && in[i].id <= in[i - 1].id))
      fail ("invariant", "instance ids not counting up from 1");
    if (in[i].x < 0 || in[i].y < 0 || in[i].w < 1 || in[i].h < 1
        || in[i].x + in[i].w > c->fw || in[i].y + in[i].h > c->fh)
      fail ("invariant", "a box outside the frame");
    if (in[i].area < 1 || in[i].area > (guint) c->fw * c->fh)
      fail ("invariant", "an area out of range");
    if (!(in[i].score >= 0.0f && in[i].score <= 1.0f))
      fail ("invariant", "a score out of 0..1");
    listed[in[i].id] = 1;
  }
  seen = g_malloc0 (G_MAXUINT16 + 1);
  for (gint i = 0; i < c->fw * c->fh; i++) {
    if (ids[i] && !listed[ids[i]])
      fail ("invariant", "an id in the map that no instance has");
    seen[ids[i]] = 1;
  }
  for (guint i = 0; i < n; i++)
    if (!seen[in[i].id])
      fail ("invariant", "an instance missing from the map");
  g_free (listed);
  g_free (seen);
}

static void
compare_ids (SisegContext * cl, gint w, gint h, gboolean first,
    const Case * c, const SisegInstance * in, guint n)
{
  guint16 *a = g_new (guint16, (gsize) w * h), *b = g_new (guint16,
      (gsize) w * h);
  gboolean ra = siseg_context_read_ids (cl, a, 2 * w, w, h, NULL);
  gboolean rb = siseg_context_read_ids (ref_ctx, b, 2 * w, w, h, NULL);

  if (ra != rb)
    fail ("mismatch", "read_ids succeeded on one path only");
  if (ra && memcmp (a, b, (gsize) 2 * w * h) != 0)
    fail ("mismatch", "id maps differ");
  if (ra && first)
    check_instances (c, in, n, a);
  g_free (a);
  g_free (b);
}

static void
compare_draw (SisegContext * cl, const Case * c, const SisegImage * f)
{
  SisegImage a, b;
  gboolean ra, rb;

  frame_copy (f, &a);
  frame_copy (f, &b);
  ra = siseg_context_draw (cl, &c->p, &a, NULL);
  rb = siseg_context_draw (ref_ctx, &c->p, &b, NULL);
  if (ra != rb)
    fail ("mismatch", "draw succeeded on one path only");
  for (gint i = 0; ra && i < siseg_image_n_planes (f); i++)
    if (memcmp (a.data[i], b.data[i], siseg_image_plane_size (f, i)) != 0)
      fail ("mismatch", "drawn frames differ");
  frame_free (&a);
  frame_free (&b);
}

static void
run_frame (SisegContext * cl, const Case * c, const SisegImage * f,
    const SisegImage * m)
{
  GError *ea = NULL, *eb = NULL;
  gboolean ra = siseg_context_process (cl, &c->p, f, m, &ea);
  gboolean rb = siseg_context_process (ref_ctx, &c->p, f, m, &eb);
  const SisegInstance *ia, *ib;
  guint na, nb;

  if (ra != rb)
    fail ("mismatch", ra ? "only the reference failed" : "only OpenCL failed");
  if (!ra) {
    if (ea->domain != eb->domain || ea->code != eb->code)
      fail ("mismatch", "different errors");
    g_error_free (ea);
    g_error_free (eb);
    return;
  }
  ia = siseg_context_instances (cl, &na);
  ib = siseg_context_instances (ref_ctx, &nb);
  if (na != nb)
    fail ("mismatch", "instance counts differ");
  if (na && memcmp (ia, ib, na * sizeof (SisegInstance)) != 0)
    fail ("mismatch", "instance tables (boxes, areas, ids) differ");
  compare_ids (cl, c->fw, c->fh, TRUE, c, ia, na);
  compare_ids (cl, c->read_w, c->read_h, FALSE, c, ia, na);
  compare_draw (cl, c, f);
}

int
LLVMFuzzerTestOneInput (const guint8 * data, gsize size)
{
  Input in = { data, size };
  SisegContext *cl;
  SisegImage f, m;
  GRand *rand;
  Case c;

  decode (&c, &in);
  cl = cl_ctx[c.flags & F_SPAN1 ? 1 : 0];
  /* each input on its own: no tracks from the one before */
  if (c.p.tracking) {
    siseg_tracker_free (cl->tracker);
    cl->tracker = siseg_tracker_new ();
    siseg_tracker_free (ref_ctx->tracker);
    ref_ctx->tracker = siseg_tracker_new ();
  }

  rand = g_rand_new_with_seed (c.seed);
  frame_new (&c, &f, rand);
  for (gint k = 0; k < c.n_frames; k++) {
    mask_new (&c, &m, &in, k);
    run_frame (cl, &c, &f, &m);
    frame_free (&m);
  }
  frame_free (&f);
  g_rand_free (rand);
  return 0;
}
