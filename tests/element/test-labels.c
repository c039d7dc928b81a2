/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Text labels (draw-labels) and colours by class or instance (color-mode):
 * the labeller on every video format, then sisegment with GstHarness.
 */
#include <string.h>

#include <glib/gstdio.h>
#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "check-buffers.h"
#include "gstsiseglabels.h"
#include "siseg.h"

static const GstVideoFormat formats[] = {
  GST_VIDEO_FORMAT_RGBA, GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_RGBx,
  GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR,
  GST_VIDEO_FORMAT_NV12, GST_VIDEO_FORMAT_I420,
};

static SisegInstance
instance (guint id, guint class_id, gint x, gint y, gint w, gint h,
    gfloat score)
{
  SisegInstance in = { 0 };

  in.id = id;
  in.object_id = id;
  in.class_id = class_id;
  in.x = x;
  in.y = y;
  in.w = w;
  in.h = h;
  in.cx = x + w / 2.0f;
  in.cy = y + h / 2.0f;
  in.area = w * h;
  in.score = score;
  return in;
}

/* n instances on a width x height frame: boxes in a grid, the first three
 * at one place (their labels must not pile up), one at the bottom edge */
static SisegInstance *
instances (guint n, gint width, gint height)
{
  SisegInstance *inst = g_new0 (SisegInstance, n);
  gint cols = 8, bw = width / cols, bh = height / ((n + cols - 1) / cols);

  for (guint i = 0; i < n; i++)
    inst[i] = instance (i + 1, 1 + i % 3, (i % cols) * bw + 3,
        (i / cols) * bh + 5, bw - 6, bh - 10, (i * 37 % 101) / 100.0f);
  for (guint i = 1; i < 3 && i < n; i++) {
    inst[i].x = inst[0].x;
    inst[i].y = inst[0].y;
  }
  if (n > 4)
    inst[4].y = height - 4;
  return inst;
}

static GstVideoRectangle
render_rect (GstVideoOverlayComposition * comp, guint i)
{
  GstVideoOverlayRectangle *r = gst_video_overlay_composition_get_rectangle
      (comp, i);
  GstVideoRectangle v;
  guint w, h;

  gst_video_overlay_rectangle_get_render_rectangle (r, &v.x, &v.y, &w, &h);
  v.w = w;
  v.h = h;
  return v;
}

/* Pixels of a and b that differ lie in comp's rectangles, and every
 * rectangle has some; plane by plane, a chroma sample counts for the
 * frame pixels it covers. */
static void
check_changes (GstVideoFrame * a, GstVideoFrame * b,
    GstVideoOverlayComposition * comp)
{
  const GstVideoFormatInfo *fi = a->info.finfo;
  guint n = gst_video_overlay_composition_n_rectangles (comp);
  gint fw = GST_VIDEO_FRAME_WIDTH (a), fh = GST_VIDEO_FRAME_HEIGHT (a);
  guint8 *cover = g_new0 (guint8, (gsize) fw * fh);
  gint *changed = g_new0 (gint, n);

  /* which frame pixels the rectangles cover, 1 + the rectangle's index */
  for (guint i = 0; i < n; i++) {
    GstVideoRectangle r = render_rect (comp, i);
    for (gint y = MAX (r.y, 0); y < MIN (r.y + r.h, fh); y++)
      for (gint x = MAX (r.x, 0); x < MIN (r.x + r.w, fw); x++)
        cover[y * fw + x] = i + 1;
  }

  for (guint p = 0; p < GST_VIDEO_FRAME_N_PLANES (a); p++) {
    gint comp_i = p == 0 ? 0 : (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 2 ? 1
        : (gint) p);
    gint ws = GST_VIDEO_FORMAT_INFO_W_SUB (fi, comp_i);
    gint hs = GST_VIDEO_FORMAT_INFO_H_SUB (fi, comp_i);
    gint pw = GST_VIDEO_FRAME_COMP_WIDTH (a, comp_i);
    gint ph = GST_VIDEO_FRAME_COMP_HEIGHT (a, comp_i);
    gint ps = GST_VIDEO_FRAME_COMP_PSTRIDE (a, comp_i);
    gint bytes = p == 0 ? ps : (GST_VIDEO_FORMAT_INFO_N_PLANES (fi) == 2 ?
        2 : 1);

    for (gint y = 0; y < ph; y++) {
      const guint8 *ra = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (a, p) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (a, p);
      const guint8 *rb = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (b, p) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (b, p);
      for (gint x = 0; x < pw; x++) {
        gint fx = x << ws, fy = y << hs, in = 0;
        gboolean same = TRUE;
        for (gint k = 0; k < bytes; k++)
          same &= ra[x * bytes + k] == rb[x * bytes + k];
        if (same)
          continue;
        for (gint dy = 0; dy < 1 << hs && fy + dy < fh; dy++)
          for (gint dx = 0; dx < 1 << ws && fx + dx < fw; dx++)
            in = MAX (in, cover[(fy + dy) * fw + fx + dx]);
        fail_unless (in > 0, "%s: plane %u changed at %d,%d, outside the "
            "labels", GST_VIDEO_FORMAT_INFO_NAME (fi), p, x, y);
        changed[in - 1] = TRUE;
      }
    }
  }
  for (guint i = 0; i < n; i++)
    fail_unless (changed[i], "%s: rectangle %u unchanged",
        GST_VIDEO_FORMAT_INFO_NAME (fi), i);
  g_free (changed);
  g_free (cover);
}

/* no two rectangles overlap; each lies in the frame */
static void
check_apart (GstVideoOverlayComposition * comp, gint width, gint height)
{
  guint n = gst_video_overlay_composition_n_rectangles (comp);

  for (guint i = 0; i < n; i++) {
    GstVideoRectangle r = render_rect (comp, i);
    fail_unless (r.x >= 0 && r.y >= 0 && r.x + r.w <= width
        && r.y + r.h <= height, "label %u at %d,%d %dx%d, outside %dx%d", i,
        r.x, r.y, r.w, r.h, width, height);
    for (guint j = 0; j < i; j++) {
      GstVideoRectangle q = render_rect (comp, j);
      fail_if (r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h
          && q.y < r.y + r.h, "labels %u and %u overlap", i, j);
    }
  }
}

/* A frame of random bytes, labelled; the labeller's composition */
static GstVideoOverlayComposition *
label_frame (GstSisegLabeller * l, GstVideoFormat format, gint width,
    gint height, const SisegParams * p, const SisegInstance * inst, guint n,
    GstBuffer ** before, GstBuffer ** after)
{
  GstVideoInfo info;
  GstVideoOverlayComposition *comp;
  GstMapInfo map;
  GRand *rand = g_rand_new_with_seed (width + format);

  gst_video_info_set_format (&info, format, width, height);
  *before = gst_buffer_new_allocate (NULL, GST_VIDEO_INFO_SIZE (&info), NULL);
  gst_buffer_map (*before, &map, GST_MAP_WRITE);
  for (gsize i = 0; i + 4 <= map.size; i += 4) {
    guint32 v = g_rand_int (rand);
    memcpy (map.data + i, &v, 4);
  }
  gst_buffer_unmap (*before, &map);
  g_rand_free (rand);
  gst_buffer_add_video_meta (*before, GST_VIDEO_FRAME_FLAG_NONE, format,
      width, height);
  *after = gst_buffer_copy_deep (*before);

  fail_unless (gst_siseg_labeller_draw (l, *after, &info, p, NULL, inst, n,
          NULL));
  comp = gst_siseg_labeller_compose (l, p, NULL, inst, n, width, height);
  fail_unless (comp != NULL);
  return comp;
}

/* Labels on a frame of format, with boxes: every label in the frame, none
 * over another, pixels changed only inside them; their rectangles */
static guint
check_labelled (GstSisegLabeller * l, GstVideoFormat format, gint width,
    gint height, const SisegInstance * inst, guint n)
{
  GstVideoOverlayComposition *comp;
  GstBuffer *before, *after;
  GstVideoFrame a, b;
  GstVideoInfo info;
  SisegParams p;
  guint rects;

  siseg_params_init (&p);
  p.boxes = TRUE;
  comp = label_frame (l, format, width, height, &p, inst, n, &before, &after);
  rects = gst_video_overlay_composition_n_rectangles (comp);
  check_apart (comp, width, height);
  gst_video_info_set_format (&info, format, width, height);
  gst_video_frame_map (&a, &info, before, GST_MAP_READ);
  gst_video_frame_map (&b, &info, after, GST_MAP_READ);
  check_changes (&a, &b, comp);
  gst_video_frame_unmap (&b);
  gst_video_frame_unmap (&a);
  gst_video_overlay_composition_unref (comp);
  gst_buffer_unref (before);
  gst_buffer_unref (after);
  return rects;
}

static void
check_format (GstSisegLabeller * l, GstVideoFormat format, gint width,
    gint height, guint n)
{
  SisegInstance *inst = instances (n, width, height);

  /* two rectangles a label, every label placed */
  fail_unless_equals_int (check_labelled (l, format, width, height, inst, n),
      2 * n);
  g_free (inst);
}

/* Labels change every format only inside their rectangles, at 320x240
 * with 12 instances, three of them at one place; at 1080p with 48 in a
 * format of each kind (4 and 3 bytes a pixel, semi-planar, planar), and at
 * an odd size. */
GST_START_TEST (test_labels_formats)
{
  GstSisegLabeller *l = gst_siseg_labeller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    check_format (l, formats[i], 320, 240, 12);
  check_format (l, GST_VIDEO_FORMAT_BGRx, 1920, 1080, 48);
  check_format (l, GST_VIDEO_FORMAT_RGB, 1920, 1080, 48);
  check_format (l, GST_VIDEO_FORMAT_NV12, 1920, 1080, 48);
  check_format (l, GST_VIDEO_FORMAT_I420, 1920, 1080, 48);
  check_format (l, GST_VIDEO_FORMAT_NV12, 321, 243, 9);
  check_format (l, GST_VIDEO_FORMAT_BGR, 321, 243, 9);
  gst_siseg_labeller_free (l);
}

GST_END_TEST;

/* Frames narrower than a label (the name piece alone wider than some):
 * such labels are left out, the rest drawn inside their rectangles, each
 * in the frame. A score piece once started past the right edge and was
 * copied with a negative width. */
GST_START_TEST (test_labels_narrow)
{
  static const gint widths[] = { 2, 16, 40, 64, 100, 130 };
  static const GstVideoFormat narrow[] = { GST_VIDEO_FORMAT_BGRx,
    GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_NV12, GST_VIDEO_FORMAT_I420
  };
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  guint drawn = 0;

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    for (guint f = 0; f < G_N_ELEMENTS (narrow); f++) {
      gint w = widths[i], h = 48;
      SisegInstance inst[2] = {
        instance (1, 1, 0, 20, w, 10, 0.5f),
        instance (123456, 2, w / 2, 30, (w + 1) / 2, 10, 0.25f),
      };
      GstVideoOverlayComposition *comp;
      SisegParams p;

      siseg_params_init (&p);
      p.boxes = TRUE;
      comp = gst_siseg_labeller_compose (l, &p, NULL, inst, 2, w, h);
      if (comp == NULL) {
        fail_unless (w < 100, "no label fits %dx%d", w, h);
        continue;
      }
      gst_video_overlay_composition_unref (comp);
      drawn += check_labelled (l, narrow[f], w, h, inst, 2) / 2;
    }
  /* the widest frames have labels */
  fail_unless (drawn >= 2 * G_N_ELEMENTS (narrow));
  gst_siseg_labeller_free (l);
}

GST_END_TEST;

/* Labels at one corner stack down a label's height at a time; without
 * boxes a label is centred on the centroid. */
GST_START_TEST (test_labels_stack)
{
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  SisegInstance inst[4];
  GstVideoOverlayComposition *comp;
  GstVideoRectangle top;
  SisegParams p;

  siseg_params_init (&p);
  p.boxes = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (inst); i++)
    inst[i] = instance (i + 1, 1, 100, 200, 50, 50, 0.5f);
  comp = gst_siseg_labeller_compose (l, &p, NULL, inst, 4, 640, 480);
  fail_unless_equals_int (gst_video_overlay_composition_n_rectangles (comp), 8);
  top = render_rect (comp, 0);
  /* above the box's corner */
  fail_unless_equals_int (top.x, 100);
  fail_unless_equals_int (top.y + top.h, 200);
  for (guint i = 1; i < 4; i++) {
    GstVideoRectangle r = render_rect (comp, 2 * i);
    fail_unless_equals_int (r.x, 100);
    fail_unless_equals_int (r.y, top.y + (gint) i * top.h);
  }
  check_apart (comp, 640, 480);
  gst_video_overlay_composition_unref (comp);

  p.boxes = FALSE;
  comp = gst_siseg_labeller_compose (l, &p, NULL, inst, 1, 640, 480);
  top = render_rect (comp, 0);
  fail_unless (ABS (top.y + top.h / 2 - 225) <= 2);
  gst_video_overlay_composition_unref (comp);

  /* a frame with no room for a second label: it is left out */
  comp = gst_siseg_labeller_compose (l, &p, NULL, inst, 2, 640, top.h + 1);
  fail_unless_equals_int (gst_video_overlay_composition_n_rectangles (comp), 2);
  gst_video_overlay_composition_unref (comp);
  gst_siseg_labeller_free (l);
}

GST_END_TEST;

/* The text grows with the frame: legible at 320x240, not huge at 4K. */
GST_START_TEST (test_labels_size)
{
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  SisegInstance in = instance (1, 1, 10, 100, 50, 50, 0.5f);
  const gint heights[] = { 240, 1080, 2160 };
  gint last = 0;
  SisegParams p;

  siseg_params_init (&p);
  for (guint i = 0; i < G_N_ELEMENTS (heights); i++) {
    GstVideoOverlayComposition *comp = gst_siseg_labeller_compose (l, &p,
        NULL, &in, 1, heights[i] * 16 / 9, heights[i]);
    GstVideoRectangle r = render_rect (comp, 0);
    fail_unless (r.h >= gst_siseg_labeller_font_size (heights[i]));
    fail_unless (r.h >= 12 && r.h > last && r.h <= MAX (24, heights[i] / 20),
        "label %d pixels high at %d lines", r.h, heights[i]);
    last = r.h;
    gst_video_overlay_composition_unref (comp);
  }
  gst_siseg_labeller_free (l);
}

GST_END_TEST;

/* A text is rendered once: the next frame's label has the same pixels;
 * the cache stays bounded. */
GST_START_TEST (test_labels_cache)
{
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  SisegInstance in = instance (1, 1, 10, 100, 50, 50, 0.5f);
  GstVideoOverlayComposition *c1, *c2;
  GstBuffer *p1, *p2;
  SisegParams p;

  siseg_params_init (&p);
  c1 = gst_siseg_labeller_compose (l, &p, NULL, &in, 1, 640, 480);
  c2 = gst_siseg_labeller_compose (l, &p, NULL, &in, 1, 640, 480);
  fail_unless_equals_int (gst_siseg_labeller_n_cached (l), 2);
  p1 = gst_video_overlay_rectangle_get_pixels_unscaled_raw
      (gst_video_overlay_composition_get_rectangle (c1, 0),
      GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
  p2 = gst_video_overlay_rectangle_get_pixels_unscaled_raw
      (gst_video_overlay_composition_get_rectangle (c2, 0),
      GST_VIDEO_OVERLAY_FORMAT_FLAG_NONE);
  fail_unless (p1 == p2);
  gst_video_overlay_composition_unref (c1);
  gst_video_overlay_composition_unref (c2);

  for (guint i = 0; i < 3 * GST_SISEG_LABELLER_CACHE_MAX; i++) {
    in.object_id = i + 1;
    c1 = gst_siseg_labeller_compose (l, &p, NULL, &in, 1, 640, 480);
    gst_video_overlay_composition_unref (c1);
    fail_unless (gst_siseg_labeller_n_cached (l) <=
        GST_SISEG_LABELLER_CACHE_MAX);
  }
  /* a long label is cut at a character, never inside one */
  {
    GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
    GString *name = g_string_new ("x");

    for (guint i = 0; i < 200; i++)
      g_string_append (name, "\xc3\xa9");
    g_ptr_array_add (labels, g_strdup ("background"));
    g_ptr_array_add (labels, g_string_free (name, FALSE));
    c1 = gst_siseg_labeller_compose (l, &p, labels, &in, 1, 640, 480);
    fail_unless (c1 != NULL);
    gst_video_overlay_composition_unref (c1);
    g_ptr_array_unref (labels);
  }
  /* hidden classes get no label */
  {
    guint8 hidden[2] = { 1, 0 };
    p.class_visible = hidden;
    p.n_class_visible = 2;
    fail_unless (gst_siseg_labeller_compose (l, &p, NULL, &in, 1, 640,
            480) == NULL);
  }
  gst_siseg_labeller_free (l);
}

GST_END_TEST;

/* sisegment on W x H RGBA frames of 0x40 and masks of class ids */
#define W 160
#define H 120

/* x0, y0, x1, y1 exclusive, and their classes: two apart of class 1, one
 * of class 2 */
static const gint blocks[3][5] = {
  {10, 40, 40, 80, 1}, {60, 40, 90, 80, 1}, {110, 40, 140, 80, 2},
};

static GstBuffer *
make_mask (void)
{
  GstBuffer *buf = make_buffer (W * H, 0, 0);
  GstMapInfo map;

  gst_buffer_map (buf, &map, GST_MAP_WRITE);
  for (guint b = 0; b < G_N_ELEMENTS (blocks); b++)
    for (gint y = blocks[b][1]; y < blocks[b][3]; y++)
      memset (map.data + y * W + blocks[b][0], blocks[b][4],
          blocks[b][2] - blocks[b][0]);
  gst_buffer_unmap (buf, &map);
  return buf;
}

/* One frame through sisegment with the properties given ("name=value",
 * NULL-terminated). */
static GstBuffer *
run_element (const gchar * device, const gchar * first, ...)
{
  GstHarness *h = gst_harness_new_with_padnames ("sisegment", "sink", "src");
  GstHarness *hm = gst_harness_new_with_element (h->element, "mask", NULL);
  gchar *caps;
  GstBuffer *out;
  va_list args;

  g_object_set (h->element, "device", device, NULL);
  va_start (args, first);
  for (const gchar * a = first; a != NULL; a = va_arg (args, const gchar *))
  {
    gchar **kv = g_strsplit (a, "=", 2);
    gst_util_set_object_arg (G_OBJECT (h->element), kv[0], kv[1]);
    g_strfreev (kv);
  }
  va_end (args);
  caps = g_strdup_printf ("video/x-raw,format=RGBA,width=%d,height=%d,"
      "framerate=25/1", W, H);
  gst_harness_set_src_caps_str (h, caps);
  g_free (caps);
  caps = g_strdup_printf ("video/x-raw,format=GRAY8,width=%d,height=%d,"
      "framerate=25/1", W, H);
  gst_harness_set_src_caps_str (hm, caps);
  g_free (caps);
  gst_harness_push (hm, make_mask ());
  gst_harness_push (h, make_buffer (W * H * 4, 0x40, 0));
  out = gst_harness_pull (h);
  fail_unless (out != NULL);
  gst_harness_teardown (hm);
  gst_harness_teardown (h);
  return out;
}

static guint32
rgb_at (GstBuffer * buf, gint x, gint y)
{
  guint8 px[4];

  gst_buffer_extract (buf, (y * W + x) * 4, px, 4);
  return (px[0] << 16) | (px[1] << 8) | px[2];
}

/* The instances of the ROI metas' "detection" parameters, as the core
 * gave them (the confidence is the score, a float). */
static SisegInstance *
instances_of (GstBuffer * buf, guint * n)
{
  SisegInstance *inst = g_new0 (SisegInstance, n_rois (buf));
  GstVideoRegionOfInterestMeta *m;
  gpointer state = NULL;

  *n = 0;
  while ((m = (GstVideoRegionOfInterestMeta *)
          gst_buffer_iterate_meta_filtered (buf, &state,
              GST_VIDEO_REGION_OF_INTEREST_META_API_TYPE))) {
    GstStructure *d = gst_video_region_of_interest_meta_get_param (m,
        "detection");
    gdouble conf;
    gint class_id;

    fail_unless (d != NULL);
    fail_unless (gst_structure_get_double (d, "confidence", &conf));
    fail_unless (gst_structure_get_int (d, "label_id", &class_id));
    inst[*n] = instance (m->id, class_id, m->x, m->y, m->w, m->h, conf);
    (*n)++;
  }
  return inst;
}

static gchar *
labels_file (void)
{
  gchar *path = g_build_filename (g_get_tmp_dir (), "siseg-test-labels.txt",
      NULL);

  fail_unless (g_file_set_contents (path, "background\nperson\ncar\n", -1,
          NULL));
  return path;
}

/* draw-labels=true changes the picture only where the labels are, and
 * there; the label of a known instance has its colour and text. */
GST_START_TEST (test_element_labels)
{
  gchar *path = labels_file ();
  gchar *lf = g_strdup_printf ("labels-file=%s", path);
  GstBuffer *off = run_element ("reference", "draw-boxes=true", lf,
      "draw-labels=false", NULL);
  GstBuffer *on = run_element ("reference", "draw-boxes=true", lf,
      "draw-labels=true", NULL);
  GstSisegLabeller *l = gst_siseg_labeller_new ();
  GPtrArray *labels = g_ptr_array_new ();
  GstVideoOverlayComposition *comp;
  GstVideoFrame a, b;
  GstVideoInfo info;
  SisegInstance *inst;
  SisegParams p;
  guint n;

  inst = instances_of (on, &n);
  fail_unless_equals_int (n, 3);
  g_ptr_array_add (labels, (gpointer) "background");
  g_ptr_array_add (labels, (gpointer) "person");
  g_ptr_array_add (labels, (gpointer) "car");
  siseg_params_init (&p);
  p.boxes = TRUE;
  comp = gst_siseg_labeller_compose (l, &p, labels, inst, n, W, H);
  fail_unless_equals_int (gst_video_overlay_composition_n_rectangles (comp),
      2 * n);

  gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBA, W, H);
  gst_video_frame_map (&a, &info, off, GST_MAP_READ);
  gst_video_frame_map (&b, &info, on, GST_MAP_READ);
  check_changes (&a, &b, comp);
  gst_video_frame_unmap (&b);
  gst_video_frame_unmap (&a);

  /* the class-and-id piece of each: its colour at its corner, and text
   * (white or black) inside */
  for (guint i = 0; i < n; i++) {
    GstVideoRectangle r = render_rect (comp, 2 * i);
    guint32 colour = siseg_params_color (&p, inst[i].class_id,
        inst[i].object_id);
    gboolean text = FALSE;

    fail_unless_equals_int (rgb_at (on, r.x, r.y), colour);
    for (gint y = r.y; y < r.y + r.h; y++)
      for (gint x = r.x; x < r.x + r.w; x++)
        text |= rgb_at (on, x, y) == 0xffffff || rgb_at (on, x, y) == 0;
    fail_unless (text, "no text in label %u", i);
  }

  gst_video_overlay_composition_unref (comp);
  g_ptr_array_unref (labels);
  gst_siseg_labeller_free (l);
  g_free (inst);
  gst_buffer_unref (on);
  gst_buffer_unref (off);
  g_unlink (path);
  g_free (path);
  g_free (lf);
}

GST_END_TEST;

/* draw-labels reads TRUE with boxes or a labels file until set */
GST_START_TEST (test_draw_labels_default)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  gchar *path = labels_file ();
  gboolean on;

  g_object_get (el, "draw-labels", &on, NULL);
  fail_if (on);
  g_object_set (el, "draw-boxes", TRUE, NULL);
  g_object_get (el, "draw-labels", &on, NULL);
  fail_unless (on);
  g_object_set (el, "draw-boxes", FALSE, "labels-file", path, NULL);
  g_object_get (el, "draw-labels", &on, NULL);
  fail_unless (on);
  g_object_set (el, "draw-labels", FALSE, "draw-boxes", TRUE, NULL);
  g_object_get (el, "draw-labels", &on, NULL);
  fail_if (on);
  gst_object_unref (el);

  el = gst_element_factory_make ("sisegment", NULL);
  g_object_set (el, "draw-labels", TRUE, NULL);
  g_object_get (el, "draw-labels", &on, NULL);
  fail_unless (on);
  gst_object_unref (el);
  g_unlink (path);
  g_free (path);
}

GST_END_TEST;

/* the colour at each block's centre */
static void
block_colours (GstBuffer * out, guint32 c[3])
{
  for (guint b = 0; b < 3; b++)
    c[b] = rgb_at (out, (blocks[b][0] + blocks[b][2]) / 2,
        (blocks[b][1] + blocks[b][3]) / 2);
}

static void
check_color_mode (const gchar * device)
{
  GstBuffer *out;
  guint32 c[3];

  /* the palette's entry of each class id: 1 -> 00ff00, 2 -> 0000ff */
  out = run_element (device, "alpha=1.0", "draw-contours=false",
      "palette=ff0000,00ff00,0000ff", "color-mode=class", NULL);
  fail_unless_equals_int (n_rois (out), 3);
  block_colours (out, c);
  fail_unless_equals_int (c[0], 0x00ff00);
  fail_unless_equals_int (c[1], 0x00ff00);
  fail_unless_equals_int (c[2], 0x0000ff);
  gst_buffer_unref (out);

  /* the default: a colour per instance, so the two of class 1 differ */
  out = run_element (device, "alpha=1.0", "draw-contours=false",
      "palette=ff0000,00ff00,0000ff", NULL);
  fail_unless_equals_int (n_rois (out), 3);
  block_colours (out, c);
  fail_unless (c[0] != c[1] && c[0] != c[2] && c[1] != c[2],
      "%06x %06x %06x", c[0], c[1], c[2]);
  gst_buffer_unref (out);
}

GST_START_TEST (test_color_mode)
{
  GstElement *el = gst_element_factory_make ("sisegment", NULL);
  gint mode;

  g_object_get (el, "color-mode", &mode, NULL);
  fail_unless_equals_int (mode, SISEG_DEFAULT_COLOR_MODE);
  gst_object_unref (el);
  check_color_mode ("reference");
  check_color_mode ("auto");
}

GST_END_TEST;

static Suite *
labels_suite (void)
{
  Suite *s = suite_create ("labels");
  TCase *tc = tcase_create ("general");

  tcase_set_timeout (tc, 600);
  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_labels_formats);
  tcase_add_test (tc, test_labels_narrow);
  tcase_add_test (tc, test_labels_stack);
  tcase_add_test (tc, test_labels_size);
  tcase_add_test (tc, test_labels_cache);
  tcase_add_test (tc, test_element_labels);
  tcase_add_test (tc, test_draw_labels_default);
  tcase_add_test (tc, test_color_mode);
  return s;
}

GST_CHECK_MAIN (labels);
