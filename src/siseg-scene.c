/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The synthetic scene. Objects live in groups: the members of a group are
 * laid out touching each other (that is what the element has to split) and
 * the group moves and turns as one rigid body, so they keep touching. Groups
 * are placed at random and overlap each other; a later object hides an
 * earlier one. Scene units: the height is 1, the width SCENE_ASPECT; an image
 * of any size samples the scene at its pixel centres.
 */
#include <math.h>
#include <string.h>

#include "siseg-scene.h"

#define SCENE_ASPECT (16.0 / 9.0)
#define TILE 256                /* side of the noise tile, a power of two */
#define TILE_MASK (TILE - 1)
#define RIM 0.9                 /* objects darken from here to the edge */

typedef enum
{
  TEXTURE_STRIPES,
  TEXTURE_NOISE,
  TEXTURE_CHECKS,
  N_TEXTURES
} SceneTexture;

/* One object, in its group's frame (the group at angle 0). */
typedef struct
{
  gint group;
  guint class_id;
  gdouble ox, oy;               /* centre, offset from the group's centre */
  gdouble angle;
  gdouble rx, ry;               /* radii along the object's own axes */
  gdouble a2, c2, s2;           /* blob: 2nd harmonic amplitude, phase */
  gdouble a3, c3, s3;           /* blob: 3rd harmonic */
  guint8 rgb[3];
  SceneTexture texture;
  gdouble tex_freq, tex_cos, tex_sin;
  gint tex_off;
} SceneObject;

/* A group's motion: centre + amplitude * sin (speed * t + phase). */
typedef struct
{
  gdouble cx, cy;
  gdouble ax, ay, wx, wy, px, py;
  gdouble angle, spin;
} SceneGroup;

/* One object at one frame, in one image's pixels. */
typedef struct
{
  gdouble cx, cy;               /* centre, scene units */
  gdouble cos_a, sin_a;
  gdouble q_max;                /* squared normalised radius of the bbox */
  gint x0, y0, x1, y1;          /* pixel bbox, inclusive-exclusive */
} ObjectPose;

/* Images of one size rendered together. */
typedef struct
{
  gint width, height;
  gdouble sx, sy;               /* scene units per pixel */
  SisegImage *rgba, *classes, *ids;
  gint off[4];                  /* byte of R, G, B, A/X in an RGBA pixel */
} Pass;

struct _SisegScene
{
  SisegSceneParams params;
  SceneObject *objects;
  SceneGroup *groups;
  gint n_groups;
  guint8 noise[TILE * TILE];
};

void
siseg_scene_params_init (SisegSceneParams * params)
{
  g_return_if_fail (params != NULL);

  params->seed = SISEG_SCENE_DEFAULT_SEED;
  params->n_objects = SISEG_SCENE_DEFAULT_N_OBJECTS;
  params->n_classes = SISEG_SCENE_DEFAULT_N_CLASSES;
}

/* ---- layout ------------------------------------------------------------ */

static gdouble
smooth (gdouble t)
{
  return t * t * (3.0 - 2.0 * t);
}

/* Adds one octave of smooth value noise with a lattice of `cells` squares
 * over the tile, wrapping around so the tile repeats without seams. */
static void
noise_add_octave (gfloat * acc, GRand * rand, gint cells, gfloat amp)
{
  gfloat *lattice = g_new (gfloat, cells * cells);
  gint step = TILE / cells, x, y, i;

  for (i = 0; i < cells * cells; i++)
    lattice[i] = g_rand_double (rand) * amp;
  for (y = 0; y < TILE; y++) {
    gint ly = y / step, ny = (ly + 1) % cells;
    gdouble fy = smooth ((y % step) / (gdouble) step);
    for (x = 0; x < TILE; x++) {
      gint lx = x / step, nx = (lx + 1) % cells;
      gdouble fx = smooth ((x % step) / (gdouble) step);
      gdouble top = lattice[ly * cells + lx] * (1 - fx)
          + lattice[ly * cells + nx] * fx;
      gdouble bottom = lattice[ny * cells + lx] * (1 - fx)
          + lattice[ny * cells + nx] * fx;
      acc[y * TILE + x] += top * (1 - fy) + bottom * fy;
    }
  }
  g_free (lattice);
}

static void
scene_make_noise (SisegScene * scene, GRand * rand)
{
  gfloat *acc = g_new0 (gfloat, TILE * TILE);
  gfloat lo = G_MAXFLOAT, hi = -G_MAXFLOAT;
  gint i;

  noise_add_octave (acc, rand, 8, 1.0f);
  noise_add_octave (acc, rand, 32, 0.5f);
  noise_add_octave (acc, rand, 128, 0.25f);
  for (i = 0; i < TILE * TILE; i++) {
    lo = MIN (lo, acc[i]);
    hi = MAX (hi, acc[i]);
  }
  for (i = 0; i < TILE * TILE; i++)
    scene->noise[i] = (guint8) (255.0f * (acc[i] - lo) / (hi - lo + 1e-6f));
  g_free (acc);
}

static void
hsv_to_rgb (gdouble h, gdouble s, gdouble v, guint8 rgb[3])
{
  gdouble hh = (h - floor (h)) * 6.0, f = hh - floor (hh);
  gdouble p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  gdouble r, g, b;

  switch ((gint) hh) {
    case 0:
      r = v, g = t, b = p;
      break;
    case 1:
      r = q, g = v, b = p;
      break;
    case 2:
      r = p, g = v, b = t;
      break;
    case 3:
      r = p, g = q, b = v;
      break;
    case 4:
      r = t, g = p, b = v;
      break;
    default:
      r = v, g = p, b = q;
      break;
  }
  rgb[0] = (guint8) (255 * r);
  rgb[1] = (guint8) (255 * g);
  rgb[2] = (guint8) (255 * b);
}

/* Red, green, blue, then hues spread by the golden ratio. */
static gdouble
class_hue (guint class_id)
{
  static const gdouble first[] = { 0.0, 0.33, 0.61 };

  if (class_id >= 1 && class_id <= G_N_ELEMENTS (first))
    return first[class_id - 1];
  return 0.618034 * class_id;
}

/* Shape and look of one object; its place in the group comes later. */
static void
object_make (SceneObject * o, GRand * rand, guint class_id)
{
  gint kind = g_rand_int_range (rand, 0, 3);    /* disc, ellipse, blob */
  gdouble p2 = g_rand_double_range (rand, 0, 2 * G_PI);
  gdouble p3 = g_rand_double_range (rand, 0, 2 * G_PI);
  gdouble hue = class_hue (class_id) + g_rand_double_range (rand, -0.02,
      0.02);
  gdouble tex_angle = g_rand_double_range (rand, 0, G_PI);

  o->class_id = class_id;
  o->angle = g_rand_double_range (rand, 0, 2 * G_PI);
  o->rx = g_rand_double_range (rand, 0.04, 0.075);
  o->ry = kind == 1 ? o->rx * g_rand_double_range (rand, 0.55, 0.85)
      : kind == 2 ? o->rx * g_rand_double_range (rand, 0.8, 1.0) : o->rx;
  o->a2 = kind == 2 ? g_rand_double_range (rand, 0.05, 0.16) : 0.0;
  o->a3 = kind == 2 ? g_rand_double_range (rand, 0.03, 0.1) : 0.0;
  o->c2 = cos (p2);
  o->s2 = sin (p2);
  o->c3 = cos (p3);
  o->s3 = sin (p3);
  hsv_to_rgb (hue, g_rand_double_range (rand, 0.5, 0.85),
      g_rand_double_range (rand, 0.7, 0.98), o->rgb);
  o->texture = g_rand_int_range (rand, 0, N_TEXTURES);
  o->tex_freq = g_rand_double_range (rand, 25.0, 60.0);
  o->tex_cos = cos (tex_angle);
  o->tex_sin = sin (tex_angle);
  o->tex_off = g_rand_int_range (rand, 0, TILE);
}

/* How far the boundary of a blob lies, relative to its ellipse, at the
 * point whose normalised coordinates are (un, vn) / rho. */
static gdouble
object_edge (const SceneObject * o, gdouble c1, gdouble s1)
{
  gdouble c2 = c1 * c1 - s1 * s1, s2 = 2 * c1 * s1;
  gdouble c3 = c2 * c1 - s2 * s1, s3 = s2 * c1 + c2 * s1;

  return 1.0 + o->a2 * (c2 * o->c2 - s2 * o->s2)
      + o->a3 * (c3 * o->c3 - s3 * o->s3);
}

/* Distance from the centre to the boundary along direction phi, in scene
 * units, the group at angle 0. */
static gdouble
object_extent (const SceneObject * o, gdouble phi)
{
  gdouble un = cos (phi - o->angle) / o->rx;
  gdouble vn = sin (phi - o->angle) / o->ry;
  gdouble rho = sqrt (un * un + vn * vn);

  return object_edge (o, un / rho, vn / rho) / rho;
}

/* Where member k would sit if it touched member `to` in direction phi. */
static void
object_place (SceneObject * o, const SceneObject * to, gdouble phi,
    gdouble overlap)
{
  gdouble dist = overlap * (object_extent (to, phi)
      + object_extent (o, phi + G_PI));

  o->ox = to->ox + dist * cos (phi);
  o->oy = to->oy + dist * sin (phi);
}

/* How much room member k has: its clearance from the members before it
 * other than the one it touches, relative to its size. */
static gdouble
object_room (const SceneObject * objects, gint first, gint k, gint to)
{
  const SceneObject *o = &objects[first + k];
  gdouble room = G_MAXDOUBLE;
  gint j;

  for (j = 0; j < k; j++) {
    const SceneObject *other = &objects[first + j];
    if (first + j != to)
      room = MIN (room, hypot (o->ox - other->ox, o->oy - other->oy)
          / (o->rx + other->rx));
  }
  return room;
}

/* Member k of a group touches one of the members before it; of a few tries
 * the one that covers the other members least wins. */
static void
object_attach (SceneObject * objects, gint first, gint k, GRand * rand)
{
  SceneObject *o = &objects[first + k];
  gdouble best_room = -1.0, best_x = 0.0, best_y = 0.0;
  gint try;

  o->ox = o->oy = 0.0;
  for (try = 0; k > 0 && try < 6; try++) {
    gint to = first + g_rand_int_range (rand, 0, k);
    gdouble room;

    object_place (o, &objects[to], g_rand_double_range (rand, 0, 2 * G_PI),
        g_rand_double_range (rand, 0.8, 0.93));
    room = object_room (objects, first, k, to);
    if (room > best_room) {
      best_room = room;
      best_x = o->ox;
      best_y = o->oy;
    }
  }
  o->ox = best_x;
  o->oy = best_y;
}

/* Of a few random places, the one farthest from the groups placed so far,
 * so that groups spread over the frame. */
static void
group_place (SceneGroup * groups, gint n, GRand * rand)
{
  gdouble best = -1.0;
  gint try, j;

  for (try = 0; try < 8; try++) {
    gdouble x = g_rand_double_range (rand, 0.12, SCENE_ASPECT - 0.12);
    gdouble y = g_rand_double_range (rand, 0.12, 0.88);
    gdouble nearest = G_MAXDOUBLE;

    for (j = 0; j < n; j++)
      nearest = MIN (nearest, hypot (x - groups[j].cx, y - groups[j].cy));
    if (nearest > best) {
      best = nearest;
      groups[n].cx = x;
      groups[n].cy = y;
    }
  }
}

static void
group_make (SceneGroup * groups, gint n, GRand * rand)
{
  SceneGroup *g = &groups[n];

  group_place (groups, n, rand);
  g->ax = g_rand_double_range (rand, 0.02, 0.1);
  g->ay = g_rand_double_range (rand, 0.02, 0.07);
  g->wx = 2 * G_PI / g_rand_double_range (rand, 90, 300);
  g->wy = 2 * G_PI / g_rand_double_range (rand, 90, 300);
  g->px = g_rand_double_range (rand, 0, 2 * G_PI);
  g->py = g_rand_double_range (rand, 0, 2 * G_PI);
  g->angle = g_rand_double_range (rand, 0, 2 * G_PI);
  g->spin = g_rand_double_range (rand, -0.012, 0.012);
}

static void
scene_layout (SisegScene * scene, GRand * rand)
{
  static const gint sizes[] = { 1, 2, 2, 3, 3, 4, 5 };
  gint n = scene->params.n_objects, i = 0, k;

  scene->groups = g_new0 (SceneGroup, n);
  while (i < n) {
    gint size = sizes[g_rand_int_range (rand, 0, G_N_ELEMENTS (sizes))];
    guint class_id = g_rand_int_range (rand, 1, scene->params.n_classes + 1);

    size = MIN (size, n - i);
    group_make (scene->groups, scene->n_groups, rand);
    for (k = 0; k < size; k++) {
      scene->objects[i + k].group = scene->n_groups;
      object_make (&scene->objects[i + k], rand, class_id);
      object_attach (scene->objects, i, k, rand);
    }
    scene->n_groups++;
    i += size;
  }
}

SisegScene *
siseg_scene_new (const SisegSceneParams * params)
{
  SisegScene *scene;
  GRand *rand;

  g_return_val_if_fail (params != NULL, NULL);

  scene = g_new0 (SisegScene, 1);
  scene->params = *params;
  scene->params.n_objects = CLAMP (params->n_objects, 1,
      SISEG_SCENE_MAX_OBJECTS);
  scene->params.n_classes = CLAMP (params->n_classes, 1,
      SISEG_SCENE_MAX_CLASSES);
  scene->objects = g_new0 (SceneObject, scene->params.n_objects);

  rand = g_rand_new_with_seed (params->seed);
  scene_make_noise (scene, rand);
  scene_layout (scene, rand);
  g_rand_free (rand);
  return scene;
}

void
siseg_scene_free (SisegScene * scene)
{
  if (scene == NULL)
    return;
  g_free (scene->objects);
  g_free (scene->groups);
  g_free (scene);
}

guint
siseg_scene_object_class (SisegScene * scene, gint i)
{
  g_return_val_if_fail (scene != NULL, 0);
  g_return_val_if_fail (i >= 0 && i < scene->params.n_objects, 0);

  return scene->objects[i].class_id;
}

/* ---- rendering --------------------------------------------------------- */

static guint8
noise_at (const SisegScene * scene, gdouble u, gdouble v)
{
  gint ix = (gint) floor (u) & TILE_MASK;
  gint iy = (gint) floor (v) & TILE_MASK;

  return scene->noise[iy * TILE + ix];
}

static void
pose_compute (const SisegScene * scene, gint i, guint t, const Pass * p,
    ObjectPose * pose)
{
  const SceneObject *o = &scene->objects[i];
  const SceneGroup *g = &scene->groups[o->group];
  gdouble ga = g->angle + g->spin * t, gc = cos (ga), gs = sin (ga);
  gdouble reach = 1.0 + fabs (o->a2) + fabs (o->a3);
  gdouble r = MAX (o->rx, o->ry) * reach;

  pose->cx = g->cx + g->ax * sin (g->wx * t + g->px) + gc * o->ox - gs * o->oy;
  pose->cy = g->cy + g->ay * sin (g->wy * t + g->py) + gs * o->ox + gc * o->oy;
  pose->cos_a = cos (ga + o->angle);
  pose->sin_a = sin (ga + o->angle);
  pose->q_max = reach * reach;
  pose->x0 = CLAMP ((gint) floor ((pose->cx - r) / p->sx), 0, p->width);
  pose->x1 = CLAMP ((gint) ceil ((pose->cx + r) / p->sx), 0, p->width);
  pose->y0 = CLAMP ((gint) floor ((pose->cy - r) / p->sy), 0, p->height);
  pose->y1 = CLAMP ((gint) ceil ((pose->cy + r) / p->sy), 0, p->height);
}

/* Brightness factor of an object's texture at local point (u, v). */
static gdouble
object_texture (const SisegScene * scene, const SceneObject * o, gdouble u,
    gdouble v)
{
  gdouble t, f;

  switch (o->texture) {
    case TEXTURE_STRIPES:
      t = (u * o->tex_cos + v * o->tex_sin) * o->tex_freq;
      f = t - floor (t);
      return 0.72 + 0.28 * fabs (2.0 * f - 1.0);
    case TEXTURE_NOISE:
      return 0.6 + 0.4 / 255.0 * noise_at (scene,
          u * o->tex_freq * 20 + o->tex_off, v * o->tex_freq * 20);
    default:
      t = floor (u * o->tex_freq * 0.5) + floor (v * o->tex_freq * 0.5);
      return ((gint) t & 1) ? 0.78 : 1.0;
  }
}

static void
put_rgb (const Pass * p, gint x, gint y, const guint8 rgb[3], gdouble f)
{
  guint8 *px = p->rgba->data[0] + (gsize) y * p->rgba->stride[0] + 4 * x;

  px[p->off[0]] = (guint8) MIN (255.0, rgb[0] * f);
  px[p->off[1]] = (guint8) MIN (255.0, rgb[1] * f);
  px[p->off[2]] = (guint8) MIN (255.0, rgb[2] * f);
  px[p->off[3]] = 255;
}

static void
put_label (const Pass * p, gint x, gint y, guint class_id, guint id)
{
  if (p->classes != NULL) {
    guint8 *row = p->classes->data[0] + (gsize) y * p->classes->stride[0];
    if (p->classes->format == SISEG_FORMAT_GRAY8)
      row[x] = (guint8) class_id;
    else
      ((guint16 *) row)[x] = (guint16) class_id;
  }
  if (p->ids != NULL) {
    guint8 *row = p->ids->data[0] + (gsize) y * p->ids->stride[0];
    ((guint16 *) row)[x] = (guint16) id;
  }
}

/* Normalised distance of pixel offset (dx, dy) from the object's centre:
 * below 1 inside. Fills the object-local coordinates. */
static gdouble
object_distance (const SceneObject * o, const ObjectPose * pose, gdouble dx,
    gdouble dy, gdouble * u, gdouble * v)
{
  gdouble un, vn, q, rho;

  *u = dx * pose->cos_a + dy * pose->sin_a;
  *v = dy * pose->cos_a - dx * pose->sin_a;
  un = *u / o->rx;
  vn = *v / o->ry;
  q = un * un + vn * vn;
  if (q >= pose->q_max)
    return 2.0;
  rho = sqrt (q);
  if (o->a2 == 0.0 && o->a3 == 0.0)
    return rho;
  if (rho < 1e-9)
    return 0.0;
  return rho / object_edge (o, un / rho, vn / rho);
}

static void
pass_draw_object (const SisegScene * scene, const Pass * p, gint i,
    const ObjectPose * pose)
{
  const SceneObject *o = &scene->objects[i];
  gint x, y;

  for (y = pose->y0; y < pose->y1; y++) {
    gdouble dy = (y + 0.5) * p->sy - pose->cy;
    for (x = pose->x0; x < pose->x1; x++) {
      gdouble u, v, d, shade;

      d = object_distance (o, pose, (x + 0.5) * p->sx - pose->cx, dy, &u, &v);
      if (d >= 1.0)
        continue;
      put_label (p, x, y, o->class_id, i + 1);
      if (p->rgba == NULL)
        continue;
      shade = 0.45 + 0.55 * sqrt (1.0 - d * d);
      if (d > RIM)
        shade *= 0.55;
      put_rgb (p, x, y, o->rgb, shade * object_texture (scene, o, u, v));
    }
  }
}

/* A warm grey floor with smooth noise, a light gradient and tile lines. */
static void
pass_draw_background_row (const SisegScene * scene, const Pass * p, gint y)
{
  static const guint8 floor_rgb[3] = { 150, 146, 132 };
  gdouble sy = (y + 0.5) * p->sy, gy = 8.0 * sy - floor (8.0 * sy);
  gdouble light = 0.7 + 0.3 * (1.0 - sy);
  gint x;

  for (x = 0; x < p->width; x++) {
    gdouble sx = (x + 0.5) * p->sx, gx = 8.0 * sx - floor (8.0 * sx);
    gdouble f = light * (0.75 + 0.25 / 255.0 * noise_at (scene, sx * 300.0,
            sy * 300.0));

    if (gx < 0.025 || gy < 0.025)
      f *= 0.6;
    put_rgb (p, x, y, floor_rgb, f);
  }
}

static void
pass_clear_labels (const Pass * p)
{
  gint y, bpp;

  for (y = 0; y < p->height; y++) {
    if (p->classes != NULL) {
      bpp = p->classes->format == SISEG_FORMAT_GRAY8 ? 1 : 2;
      memset (p->classes->data[0] + (gsize) y * p->classes->stride[0], 0,
          (gsize) p->width * bpp);
    }
    if (p->ids != NULL)
      memset (p->ids->data[0] + (gsize) y * p->ids->stride[0], 0,
          (gsize) p->width * 2);
  }
}

static void
pass_run (const SisegScene * scene, const Pass * p, guint t)
{
  ObjectPose pose;
  gint i, y;

  pass_clear_labels (p);
  if (p->rgba != NULL)
    for (y = 0; y < p->height; y++)
      pass_draw_background_row (scene, p, y);
  for (i = 0; i < scene->params.n_objects; i++) {
    pose_compute (scene, i, t, p, &pose);
    pass_draw_object (scene, p, i, &pose);
  }
}

/* Byte offsets of R, G, B and A/X; FALSE for other formats. */
static gboolean
rgba_offsets (SisegFormat format, gint off[4])
{
  static const gint rgba[4] = { 0, 1, 2, 3 }, bgra[4] = { 2, 1, 0, 3 };

  switch (format) {
    case SISEG_FORMAT_RGBA:
    case SISEG_FORMAT_RGBX:
      memcpy (off, rgba, sizeof (rgba));
      return TRUE;
    case SISEG_FORMAT_BGRA:
    case SISEG_FORMAT_BGRX:
      memcpy (off, bgra, sizeof (bgra));
      return TRUE;
    default:
      return FALSE;
  }
}

static gboolean
same_size (const SisegImage * a, const SisegImage * b)
{
  return a != NULL && b != NULL && a->width == b->width
      && a->height == b->height;
}

/* Renders `first` together with every other image of the same size still
 * to do; marks them done by clearing the caller's pointers. */
static void
scene_render_size (SisegScene * scene, guint t, SisegImage * first,
    SisegImage ** rgba, SisegImage ** classes, SisegImage ** ids)
{
  Pass p = { 0, };

  p.width = first->width;
  p.height = first->height;
  p.sx = SCENE_ASPECT / p.width;
  p.sy = 1.0 / p.height;
  if (same_size (first, *rgba)) {
    p.rgba = *rgba;
    rgba_offsets (p.rgba->format, p.off);
    *rgba = NULL;
  }
  if (same_size (first, *classes)) {
    p.classes = *classes;
    *classes = NULL;
  }
  if (same_size (first, *ids)) {
    p.ids = *ids;
    *ids = NULL;
  }
  pass_run (scene, &p, t);
}

gboolean
siseg_scene_render (SisegScene * scene, guint frame_index,
    SisegImage * rgba, SisegImage * classes, SisegImage * instances)
{
  gint off[4];

  g_return_val_if_fail (scene != NULL, FALSE);
  if (rgba != NULL && !rgba_offsets (rgba->format, off))
    return FALSE;
  if (classes != NULL && classes->format != SISEG_FORMAT_GRAY8
      && classes->format != SISEG_FORMAT_GRAY16)
    return FALSE;
  if (instances != NULL && instances->format != SISEG_FORMAT_GRAY16)
    return FALSE;

  while (rgba != NULL || classes != NULL || instances != NULL) {
    SisegImage *first = rgba ? rgba : classes ? classes : instances;
    scene_render_size (scene, frame_index, first, &rgba, &classes, &instances);
  }
  return TRUE;
}
