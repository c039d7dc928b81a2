/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The synthetic scene: deterministic, its masks agree with each other and
 * with the picture's geometry at any size, and it holds what the element
 * must split: touching objects of one class.
 */
#include <string.h>

#include "siseg-scene.h"

typedef struct
{
  SisegImage rgba, classes, ids;
} Images;

static void
image_alloc (SisegImage * img, SisegFormat format, gint w, gint h, gint bpp,
    gint pad)
{
  img->format = format;
  img->width = w;
  img->height = h;
  img->stride[0] = w * bpp + pad;
  img->data[0] = g_malloc0 ((gsize) img->stride[0] * h);
}

static void
images_alloc (Images * im, gint w, gint h)
{
  image_alloc (&im->rgba, SISEG_FORMAT_RGBA, w, h, 4, 0);
  image_alloc (&im->classes, SISEG_FORMAT_GRAY8, w, h, 1, 0);
  image_alloc (&im->ids, SISEG_FORMAT_GRAY16, w, h, 2, 0);
}

static void
images_free (Images * im)
{
  g_free (im->rgba.data[0]);
  g_free (im->classes.data[0]);
  g_free (im->ids.data[0]);
}

static guint8
class_at (const SisegImage * img, gint x, gint y)
{
  return img->data[0][y * img->stride[0] + x];
}

static guint16
id_at (const SisegImage * img, gint x, gint y)
{
  return ((const guint16 *) (img->data[0] + y * img->stride[0]))[x];
}

static SisegScene *
scene_with_seed (guint seed)
{
  SisegSceneParams params;

  siseg_scene_params_init (&params);
  params.seed = seed;
  return siseg_scene_new (&params);
}

static void
render (guint seed, guint t, Images * im)
{
  SisegScene *scene = scene_with_seed (seed);

  g_assert_true (siseg_scene_render (scene, t, &im->rgba, &im->classes,
          &im->ids));
  siseg_scene_free (scene);
}

static gboolean
images_equal (const SisegImage * a, const SisegImage * b)
{
  return memcmp (a->data[0], b->data[0], (gsize) a->stride[0] * a->height)
      == 0;
}

static void
test_deterministic (void)
{
  Images a, b, c;

  images_alloc (&a, 321, 243);
  images_alloc (&b, 321, 243);
  images_alloc (&c, 321, 243);
  render (7, 12, &a);
  render (7, 12, &b);
  render (8, 12, &c);
  g_assert_true (images_equal (&a.rgba, &b.rgba));
  g_assert_true (images_equal (&a.classes, &b.classes));
  g_assert_true (images_equal (&a.ids, &b.ids));
  g_assert_false (images_equal (&a.rgba, &c.rgba));
  g_assert_false (images_equal (&a.ids, &c.ids));
  images_free (&a);
  images_free (&b);
  images_free (&c);
}

/* Every instance pixel has its object's class, every class pixel an id;
 * about num-objects instances of every class show. */
static void
test_masks_agree (void)
{
  SisegScene *scene = scene_with_seed (3);
  gboolean seen_id[SISEG_SCENE_DEFAULT_N_OBJECTS + 1] = { FALSE, };
  gboolean seen_class[SISEG_SCENE_DEFAULT_N_CLASSES + 1] = { FALSE, };
  gint x, y, n_ids = 0;
  Images im;

  images_alloc (&im, 640, 480);
  g_assert_true (siseg_scene_render (scene, 5, &im.rgba, &im.classes, &im.ids));
  for (y = 0; y < 480; y++)
    for (x = 0; x < 640; x++) {
      guint id = id_at (&im.ids, x, y), cls = class_at (&im.classes, x, y);
      g_assert_cmpuint (id, <=, SISEG_SCENE_DEFAULT_N_OBJECTS);
      g_assert_cmpuint (cls, <=, SISEG_SCENE_DEFAULT_N_CLASSES);
      g_assert_cmpuint (id == 0, ==, cls == 0);
      if (id > 0)
        g_assert_cmpuint (cls, ==, siseg_scene_object_class (scene, id - 1));
      n_ids += !seen_id[id];
      seen_id[id] = seen_class[cls] = TRUE;
    }
  g_test_message ("%d ids with the background", n_ids);
  g_assert_cmpint (n_ids, >=, 40 + 1);
  for (x = 0; x <= SISEG_SCENE_DEFAULT_N_CLASSES; x++)
    g_assert_true (seen_class[x]);
  images_free (&im);
  siseg_scene_free (scene);
}

/* Pairs of objects of one class that share a border. */
static gint
count_touching_pairs (const Images * im)
{
  GHashTable *pairs = g_hash_table_new (NULL, NULL);
  gint x, y, n;

  for (y = 0; y < im->ids.height - 1; y++)
    for (x = 0; x < im->ids.width - 1; x++) {
      guint a = id_at (&im->ids, x, y), c = class_at (&im->classes, x, y);
      guint right = id_at (&im->ids, x + 1, y);
      guint down = id_at (&im->ids, x, y + 1);
      if (a && right && right != a && class_at (&im->classes, x + 1, y) == c)
        g_hash_table_add (pairs, GUINT_TO_POINTER (MIN (a, right) << 16
                | MAX (a, right)));
      if (a && down && down != a && class_at (&im->classes, x, y + 1) == c)
        g_hash_table_add (pairs, GUINT_TO_POINTER (MIN (a, down) << 16
                | MAX (a, down)));
    }
  n = g_hash_table_size (pairs);
  g_hash_table_unref (pairs);
  return n;
}

static void
test_touching (void)
{
  guint seeds[] = { 0, 1, 42 }, t[] = { 0, 100 }, i, j;
  Images im;

  images_alloc (&im, 640, 480);
  for (i = 0; i < G_N_ELEMENTS (seeds); i++)
    for (j = 0; j < G_N_ELEMENTS (t); j++) {
      gint n;

      render (seeds[i], t[j], &im);
      n = count_touching_pairs (&im);
      g_test_message ("seed %u frame %u: %d touching pairs", seeds[i], t[j], n);
      g_assert_cmpint (n, >=, 15);
    }
  images_free (&im);
}

/* Share of the small image's pixels whose value the big image has at the
 * same place (big is `scale` times the small one). */
static gdouble
agreement (const SisegImage * big, const SisegImage * small, gint scale)
{
  gint x, y, same = 0;

  for (y = 0; y < small->height; y++)
    for (x = 0; x < small->width; x++)
      same += id_at (small, x, y) == id_at (big, scale * x + scale / 2,
          scale * y + scale / 2);
  return same / (gdouble) (small->width * small->height);
}

static void
test_scaling (void)
{
  Images big, small, other;

  images_alloc (&big, 1920, 1080);
  images_alloc (&small, 480, 270);
  images_alloc (&other, 480, 270);
  render (0, 30, &big);
  render (0, 30, &small);
  render (1, 30, &other);
  g_test_message ("agreement %.4f, other seed %.4f",
      agreement (&big.ids, &small.ids, 4), agreement (&big.ids, &other.ids, 4));
  g_assert_cmpfloat (agreement (&big.ids, &small.ids, 4), >, 0.98);
  g_assert_cmpfloat (agreement (&big.ids, &other.ids, 4), <, 0.9);
  images_free (&big);
  images_free (&small);
  images_free (&other);
}

/* Consecutive frames differ, but only a little: the objects glide. */
static void
test_motion (void)
{
  Images a, b;
  gdouble same;

  images_alloc (&a, 480, 270);
  images_alloc (&b, 480, 270);
  render (0, 40, &a);
  render (0, 41, &b);
  same = agreement (&a.ids, &b.ids, 1);
  g_test_message ("frames 40 and 41 agree on %.4f", same);
  g_assert_cmpfloat (same, <, 1.0);
  g_assert_cmpfloat (same, >, 0.95);
  render (0, 140, &b);
  g_assert_cmpfloat (agreement (&a.ids, &b.ids, 1), <, 0.9);
  images_free (&a);
  images_free (&b);
}

/* Padded strides and the other 4-byte orders draw the same pixels. */
static void
test_layouts (void)
{
  SisegScene *scene = scene_with_seed (0);
  SisegImage rgba, bgrx;
  gint x, y;

  image_alloc (&rgba, SISEG_FORMAT_RGBA, 97, 55, 4, 0);
  image_alloc (&bgrx, SISEG_FORMAT_BGRX, 97, 55, 4, 28);
  g_assert_true (siseg_scene_render (scene, 3, &rgba, NULL, NULL));
  g_assert_true (siseg_scene_render (scene, 3, &bgrx, NULL, NULL));
  for (y = 0; y < 55; y++)
    for (x = 0; x < 97; x++) {
      const guint8 *p = rgba.data[0] + y * rgba.stride[0] + 4 * x;
      const guint8 *q = bgrx.data[0] + y * bgrx.stride[0] + 4 * x;
      g_assert_cmpuint (p[0], ==, q[2]);
      g_assert_cmpuint (p[1], ==, q[1]);
      g_assert_cmpuint (p[2], ==, q[0]);
    }
  rgba.format = SISEG_FORMAT_NV12;
  g_assert_false (siseg_scene_render (scene, 3, &rgba, NULL, NULL));
  g_free (rgba.data[0]);
  g_free (bgrx.data[0]);
  siseg_scene_free (scene);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/scene/deterministic", test_deterministic);
  g_test_add_func ("/scene/masks-agree", test_masks_agree);
  g_test_add_func ("/scene/touching", test_touching);
  g_test_add_func ("/scene/scaling", test_scaling);
  g_test_add_func ("/scene/motion", test_motion);
  g_test_add_func ("/scene/layouts", test_layouts);

  return g_test_run ();
}
