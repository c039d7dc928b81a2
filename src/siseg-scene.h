/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A synthetic scene for demos, tests and benchmarks: textured objects of
 * several classes (discs, ellipses, blobs) on a textured background, in
 * groups whose members touch, overlapping other groups, moving smoothly from
 * frame to frame. The scene is fixed by its seed; its geometry is in
 * normalised coordinates, so a 1920x1080 frame and a 480x270 mask of the same
 * frame index show the same objects.
 */
#ifndef __SISEG_SCENE_H__
#define __SISEG_SCENE_H__

#include "siseg.h"

G_BEGIN_DECLS

#define SISEG_SCENE_DEFAULT_SEED 0
#define SISEG_SCENE_DEFAULT_N_OBJECTS 48
#define SISEG_SCENE_DEFAULT_N_CLASSES 3
#define SISEG_SCENE_MAX_OBJECTS 1024
#define SISEG_SCENE_MAX_CLASSES 255

typedef struct
{
  guint seed;
  gint n_objects;               /* 1 .. SISEG_SCENE_MAX_OBJECTS */
  gint n_classes;               /* 1 .. SISEG_SCENE_MAX_CLASSES */
} SisegSceneParams;

typedef struct _SisegScene SisegScene;

/* Fills params with the defaults: seed 0, 48 objects, 3 classes. */
void siseg_scene_params_init (SisegSceneParams * params);

/* Lays the scene out; out-of-range counts are clamped. */
SisegScene *siseg_scene_new (const SisegSceneParams * params);
void siseg_scene_free (SisegScene * scene);

/* Renders frame frame_index into any of the images that are not NULL, each
 * at its own size:
 *   rgba:      the picture, SISEG_FORMAT_RGBA, BGRA, RGBX or BGRX
 *   classes:   class ids (0 background, 1..n_classes), GRAY8 or GRAY16
 *   instances: ground-truth ids, GRAY16: object index + 1 where the object
 *              is visible, 0 on the background
 * Objects drawn later occlude earlier ones. Returns FALSE on a format it
 * does not draw. */
gboolean siseg_scene_render (SisegScene * scene, guint frame_index,
    SisegImage * rgba, SisegImage * classes, SisegImage * instances);

/* The class of object index i (0-based), for ground truth. */
guint siseg_scene_object_class (SisegScene * scene, gint i);

G_END_DECLS

#endif /* __SISEG_SCENE_H__ */
