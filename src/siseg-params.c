/* siseg: the parameters' defaults and the class table made from them.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "siseg-private.h"

#include <string.h>

G_STATIC_ASSERT (SISEG_CLASS_SPLIT == SISEG_MODE_SPLIT);
G_STATIC_ASSERT (SISEG_CLASS_STUFF == SISEG_MODE_STUFF);
G_STATIC_ASSERT (SISEG_CLASS_SKIP == SISEG_MODE_SKIP);

void
siseg_params_init (SisegParams * p)
{
  memset (p, 0, sizeof (*p));
  p->max_size = SISEG_DEFAULT_MAX_SIZE;
  p->mask_align = SISEG_DEFAULT_MASK_ALIGN;
  p->background_class = SISEG_DEFAULT_BACKGROUND_CLASS;
  p->ignore_class = SISEG_DEFAULT_IGNORE_CLASS;
  p->unsplit_mode = SISEG_DEFAULT_UNSPLIT_MODE;
  p->edge_weight = SISEG_DEFAULT_EDGE_WEIGHT;
  p->merge_depth = SISEG_DEFAULT_MERGE_DEPTH;
  p->merge_ratio = SISEG_DEFAULT_MERGE_RATIO;
  p->peak_ratio = SISEG_DEFAULT_PEAK_RATIO;
  p->border_ratio = SISEG_DEFAULT_BORDER_RATIO;
  p->min_area = SISEG_DEFAULT_MIN_AREA;
  p->cbr_mode = SISEG_DEFAULT_CBR_MODE;
  p->cbr_iterations = SISEG_DEFAULT_CBR_ITERATIONS;
  p->cbr_band = SISEG_DEFAULT_CBR_BAND;
  p->alpha = SISEG_DEFAULT_ALPHA;
  p->fill = SISEG_DEFAULT_FILL;
  p->contours = SISEG_DEFAULT_CONTOURS;
  p->boxes = SISEG_DEFAULT_BOXES;
  p->color_mode = SISEG_DEFAULT_COLOR_MODE;
  p->tracking = SISEG_DEFAULT_TRACKING;
}

/* The mode of every class id, from the split list, the unsplit mode, the
 * background and the ignore class: the one place that makes it. */
void
siseg_mode_table (guint8 * mode, const SisegParams * p)
{
  memset (mode, p->split_classes ? p->unsplit_mode : SISEG_CLASS_SPLIT,
      SISEG_MAX_CLASSES);
  for (guint i = 0; p->split_classes && i < p->n_split_classes; i++)
    if (p->split_classes[i] < SISEG_MAX_CLASSES)
      mode[p->split_classes[i]] = SISEG_CLASS_SPLIT;
  if (p->background_class >= 0 && p->background_class < SISEG_MAX_CLASSES)
    mode[p->background_class] = SISEG_CLASS_SKIP;
  if (p->ignore_class >= 0 && p->ignore_class < SISEG_MAX_CLASSES)
    mode[p->ignore_class] = SISEG_CLASS_SKIP;
}
