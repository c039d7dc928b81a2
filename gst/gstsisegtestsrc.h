/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_SISEG_TEST_SRC_H__
#define __GST_SISEG_TEST_SRC_H__

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>
#include <gst/video/video.h>

#include "siseg-scene.h"

G_BEGIN_DECLS

/**
 * GstSisegTestSrcOutput:
 * @GST_SISEG_TEST_SRC_FRAME: the picture, RGBA (or BGRA, RGBx, BGRx)
 * @GST_SISEG_TEST_SRC_MASK: the class mask, GRAY8
 * @GST_SISEG_TEST_SRC_INSTANCES: the ground-truth instance ids, GRAY16_LE
 *
 * What sisegtestsrc produces.
 */
typedef enum
{
  GST_SISEG_TEST_SRC_FRAME,
  GST_SISEG_TEST_SRC_MASK,
  GST_SISEG_TEST_SRC_INSTANCES,
} GstSisegTestSrcOutput;

#define GST_TYPE_SISEG_TEST_SRC (gst_siseg_test_src_get_type ())
G_DECLARE_FINAL_TYPE (GstSisegTestSrc, gst_siseg_test_src, GST,
    SISEG_TEST_SRC, GstPushSrc)

struct _GstSisegTestSrc
{
  GstPushSrc parent;

  /* properties, under the object lock */
  GstSisegTestSrcOutput output;
  SisegSceneParams params;

  /* unlocking a live wait, under the object lock */
  GstClockID clock_id;
  gboolean flushing;

  /* streaming thread only */
  SisegScene *scene;
  SisegSceneParams scene_params;        /* what scene was made from */
  GstVideoInfo info;
  guint64 n_frames;
};

GST_ELEMENT_REGISTER_DECLARE (sisegtestsrc);

G_END_DECLS

#endif /* __GST_SISEG_TEST_SRC_H__ */
