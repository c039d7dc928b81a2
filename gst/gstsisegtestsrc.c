/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/**
 * SECTION:element-sisegtestsrc
 * @title: sisegtestsrc
 *
 * Produces a synthetic scene of textured, moving objects of several classes,
 * many of them touching others of their class: the picture, its class mask
 * or its ground-truth instance ids. The scene depends only on
 * #GstSisegTestSrc:seed, #GstSisegTestSrc:num-objects and
 * #GstSisegTestSrc:num-classes, and is drawn at any size: two sources with
 * the same seed, one with `output=frame` and one with `output=mask`, give a
 * frame and its mask with identical timestamps, whatever their sizes. Frame
 * n has timestamp n * duration; a live source makes frame n at running time
 * n * duration and skips frames when it falls behind, so two live sources
 * stay in step too.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 sisegment name=s ! videoconvert ! autovideosink \
 *     sisegtestsrc ! video/x-raw,width=1280,height=720 ! s.sink \
 *     sisegtestsrc output=mask ! video/x-raw,width=320,height=180 ! s.mask
 * ]| Segments the synthetic scene, from a mask at a quarter of its size.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsisegtestsrc.h"

GST_DEBUG_CATEGORY_STATIC (gst_siseg_test_src_debug);
#define GST_CAT_DEFAULT gst_siseg_test_src_debug

enum
{
  PROP_0,
  PROP_OUTPUT,
  PROP_SEED,
  PROP_NUM_OBJECTS,
  PROP_NUM_CLASSES,
  PROP_IS_LIVE,
};

#define DEFAULT_OUTPUT GST_SISEG_TEST_SRC_FRAME
#define DEFAULT_SEED SISEG_SCENE_DEFAULT_SEED
#define DEFAULT_NUM_OBJECTS SISEG_SCENE_DEFAULT_N_OBJECTS
#define DEFAULT_NUM_CLASSES SISEG_SCENE_DEFAULT_N_CLASSES
#define DEFAULT_IS_LIVE FALSE

#define DEFAULT_WIDTH 640
#define DEFAULT_HEIGHT 480
#define DEFAULT_FPS_N 30
#define DEFAULT_FPS_D 1

#define FRAME_FORMATS "{ RGBA, BGRA, RGBx, BGRx }"
#define CAPS_RANGES ", width = (int) [ 1, 32767 ]" \
    ", height = (int) [ 1, 32767 ]" \
    ", framerate = (fraction) [ 1/2147483647, 2147483647/1 ]"

static GstStaticPadTemplate gst_siseg_test_src_template =
    GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw, format = (string) " FRAME_FORMATS
        CAPS_RANGES "; video/x-raw, format = (string) { GRAY8, GRAY16_LE }"
        CAPS_RANGES));

#define GST_TYPE_SISEG_TEST_SRC_OUTPUT (gst_siseg_test_src_output_get_type ())
static GType
gst_siseg_test_src_output_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SISEG_TEST_SRC_FRAME, "The picture (RGBA, BGRA, RGBx, BGRx)",
        "frame"},
    {GST_SISEG_TEST_SRC_MASK, "The class mask (GRAY8)", "mask"},
    {GST_SISEG_TEST_SRC_INSTANCES, "Ground-truth instance ids (GRAY16_LE)",
        "instances"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstSisegTestSrcOutput", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

static void gst_siseg_test_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_siseg_test_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static void gst_siseg_test_src_finalize (GObject * object);

static GstCaps *gst_siseg_test_src_get_caps (GstBaseSrc * bsrc,
    GstCaps * filter);
static GstCaps *gst_siseg_test_src_fixate (GstBaseSrc * bsrc, GstCaps * caps);
static gboolean gst_siseg_test_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps);
static gboolean gst_siseg_test_src_decide_allocation (GstBaseSrc * bsrc,
    GstQuery * query);
static gboolean gst_siseg_test_src_start (GstBaseSrc * bsrc);
static gboolean gst_siseg_test_src_stop (GstBaseSrc * bsrc);
static gboolean gst_siseg_test_src_query (GstBaseSrc * bsrc, GstQuery * query);
static gboolean gst_siseg_test_src_is_seekable (GstBaseSrc * bsrc);
static gboolean gst_siseg_test_src_do_seek (GstBaseSrc * bsrc,
    GstSegment * segment);
static gboolean gst_siseg_test_src_unlock (GstBaseSrc * bsrc);
static gboolean gst_siseg_test_src_unlock_stop (GstBaseSrc * bsrc);
static GstFlowReturn gst_siseg_test_src_fill (GstPushSrc * psrc,
    GstBuffer * buffer);

#define gst_siseg_test_src_parent_class parent_class
G_DEFINE_TYPE (GstSisegTestSrc, gst_siseg_test_src, GST_TYPE_PUSH_SRC);
GST_ELEMENT_REGISTER_DEFINE (sisegtestsrc, "sisegtestsrc", GST_RANK_NONE,
    GST_TYPE_SISEG_TEST_SRC);

static void
gst_siseg_test_src_install_properties (GObjectClass * gobject_class)
{
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  g_object_class_install_property (gobject_class, PROP_OUTPUT,
      g_param_spec_enum ("output", "Output",
          "What to produce: the picture, the class mask or the ground-truth "
          "instance ids", GST_TYPE_SISEG_TEST_SRC_OUTPUT, DEFAULT_OUTPUT,
          flags));
  g_object_class_install_property (gobject_class, PROP_SEED,
      g_param_spec_uint ("seed", "Seed",
          "Chooses the scene: equal seeds give equal scenes", 0, G_MAXUINT,
          DEFAULT_SEED, flags));
  g_object_class_install_property (gobject_class, PROP_NUM_OBJECTS,
      g_param_spec_int ("num-objects", "Number of objects",
          "How many objects the scene holds", 1, SISEG_SCENE_MAX_OBJECTS,
          DEFAULT_NUM_OBJECTS, flags));
  g_object_class_install_property (gobject_class, PROP_NUM_CLASSES,
      g_param_spec_int ("num-classes", "Number of classes",
          "Objects get class ids 1..num-classes (0 is the background)", 1,
          SISEG_SCENE_MAX_CLASSES, DEFAULT_NUM_CLASSES, flags));
  g_object_class_install_property (gobject_class, PROP_IS_LIVE,
      g_param_spec_boolean ("is-live", "Is live",
          "Act as a live source: one frame per frame duration of the clock",
          DEFAULT_IS_LIVE, flags));
}

static void
gst_siseg_test_src_class_init (GstSisegTestSrcClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSrcClass *base_class = GST_BASE_SRC_CLASS (klass);
  GstPushSrcClass *push_class = GST_PUSH_SRC_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_siseg_test_src_debug, "sisegtestsrc", 0,
      "siseg synthetic scene source");

  gobject_class->set_property = gst_siseg_test_src_set_property;
  gobject_class->get_property = gst_siseg_test_src_get_property;
  gobject_class->finalize = gst_siseg_test_src_finalize;
  gst_siseg_test_src_install_properties (gobject_class);

  gst_element_class_set_static_metadata (element_class,
      "siseg synthetic scene source", "Source/Video",
      "Textured, moving, touching objects of several classes: "
      "frames, class masks and ground-truth instance ids", "The siseg authors");
  gst_element_class_add_static_pad_template (element_class,
      &gst_siseg_test_src_template);

  base_class->get_caps = GST_DEBUG_FUNCPTR (gst_siseg_test_src_get_caps);
  base_class->fixate = GST_DEBUG_FUNCPTR (gst_siseg_test_src_fixate);
  base_class->set_caps = GST_DEBUG_FUNCPTR (gst_siseg_test_src_set_caps);
  base_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_siseg_test_src_decide_allocation);
  base_class->start = GST_DEBUG_FUNCPTR (gst_siseg_test_src_start);
  base_class->stop = GST_DEBUG_FUNCPTR (gst_siseg_test_src_stop);
  base_class->query = GST_DEBUG_FUNCPTR (gst_siseg_test_src_query);
  base_class->is_seekable = GST_DEBUG_FUNCPTR (gst_siseg_test_src_is_seekable);
  base_class->do_seek = GST_DEBUG_FUNCPTR (gst_siseg_test_src_do_seek);
  base_class->unlock = GST_DEBUG_FUNCPTR (gst_siseg_test_src_unlock);
  base_class->unlock_stop = GST_DEBUG_FUNCPTR (gst_siseg_test_src_unlock_stop);
  push_class->fill = GST_DEBUG_FUNCPTR (gst_siseg_test_src_fill);

  gst_type_mark_as_plugin_api (GST_TYPE_SISEG_TEST_SRC_OUTPUT, 0);
}

static void
gst_siseg_test_src_init (GstSisegTestSrc * src)
{
  src->output = DEFAULT_OUTPUT;
  src->params.seed = DEFAULT_SEED;
  src->params.n_objects = DEFAULT_NUM_OBJECTS;
  src->params.n_classes = DEFAULT_NUM_CLASSES;
  gst_video_info_init (&src->info);

  gst_base_src_set_format (GST_BASE_SRC (src), GST_FORMAT_TIME);
  gst_base_src_set_live (GST_BASE_SRC (src), DEFAULT_IS_LIVE);
}

static void
gst_siseg_test_src_finalize (GObject * object)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (object);

  siseg_scene_free (src->scene);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_siseg_test_src_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (object);

  if (prop_id == PROP_IS_LIVE) {
    /* takes the object lock itself */
    gst_base_src_set_live (GST_BASE_SRC (src), g_value_get_boolean (value));
    return;
  }

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_OUTPUT:
      src->output = g_value_get_enum (value);
      break;
    case PROP_SEED:
      src->params.seed = g_value_get_uint (value);
      break;
    case PROP_NUM_OBJECTS:
      src->params.n_objects = g_value_get_int (value);
      break;
    case PROP_NUM_CLASSES:
      src->params.n_classes = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

static void
gst_siseg_test_src_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (object);

  if (prop_id == PROP_IS_LIVE) {
    g_value_set_boolean (value, gst_base_src_is_live (GST_BASE_SRC (src)));
    return;
  }

  GST_OBJECT_LOCK (src);
  switch (prop_id) {
    case PROP_OUTPUT:
      g_value_set_enum (value, src->output);
      break;
    case PROP_SEED:
      g_value_set_uint (value, src->params.seed);
      break;
    case PROP_NUM_OBJECTS:
      g_value_set_int (value, src->params.n_objects);
      break;
    case PROP_NUM_CLASSES:
      g_value_set_int (value, src->params.n_classes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (src);
}

/* The formats the output property allows, as a caps format field. */
static void
gst_siseg_test_src_output_formats (GstSisegTestSrcOutput output,
    GValue * formats)
{
  static const gchar *frame[] = { "RGBA", "BGRA", "RGBx", "BGRx", NULL };
  static const gchar *mask[] = { "GRAY8", NULL };
  static const gchar *instances[] = { "GRAY16_LE", NULL };
  const gchar **names = output == GST_SISEG_TEST_SRC_FRAME ? frame
      : output == GST_SISEG_TEST_SRC_MASK ? mask : instances;
  GValue name = G_VALUE_INIT;

  g_value_init (formats, GST_TYPE_LIST);
  g_value_init (&name, G_TYPE_STRING);
  for (; *names != NULL; names++) {
    g_value_set_static_string (&name, *names);
    gst_value_list_append_value (formats, &name);
  }
  g_value_unset (&name);
}

static GstCaps *
gst_siseg_test_src_get_caps (GstBaseSrc * bsrc, GstCaps * filter)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);
  GstCaps *caps = gst_pad_get_pad_template_caps (GST_BASE_SRC_PAD (bsrc));
  GValue formats = G_VALUE_INIT;
  GstSisegTestSrcOutput output;

  GST_OBJECT_LOCK (src);
  output = src->output;
  GST_OBJECT_UNLOCK (src);

  caps = gst_caps_truncate (caps);
  gst_siseg_test_src_output_formats (output, &formats);
  gst_caps_set_value (caps, "format", &formats);
  g_value_unset (&formats);

  if (filter != NULL) {
    GstCaps *tmp = gst_caps_intersect_full (filter, caps,
        GST_CAPS_INTERSECT_FIRST);
    gst_caps_unref (caps);
    caps = tmp;
  }
  return caps;
}

static GstCaps *
gst_siseg_test_src_fixate (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstStructure *s;

  caps = gst_caps_make_writable (caps);
  caps = gst_caps_truncate (caps);
  s = gst_caps_get_structure (caps, 0);
  gst_structure_fixate_field_nearest_int (s, "width", DEFAULT_WIDTH);
  gst_structure_fixate_field_nearest_int (s, "height", DEFAULT_HEIGHT);
  gst_structure_fixate_field_nearest_fraction (s, "framerate", DEFAULT_FPS_N,
      DEFAULT_FPS_D);

  return GST_BASE_SRC_CLASS (parent_class)->fixate (bsrc, caps);
}

static gboolean
gst_siseg_test_src_set_caps (GstBaseSrc * bsrc, GstCaps * caps)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);
  GstVideoInfo info;

  if (!gst_video_info_from_caps (&info, caps) || info.fps_n <= 0) {
    GST_ERROR_OBJECT (src, "cannot produce %" GST_PTR_FORMAT, caps);
    return FALSE;
  }
  GST_DEBUG_OBJECT (src, "producing %" GST_PTR_FORMAT, caps);
  GST_OBJECT_LOCK (src);
  src->info = info;
  GST_OBJECT_UNLOCK (src);
  return TRUE;
}

static gboolean
gst_siseg_test_src_decide_allocation (GstBaseSrc * bsrc, GstQuery * query)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);
  GstBufferPool *pool = NULL;
  GstStructure *config;
  GstCaps *caps;
  guint size = 0, min = 0, max = 0;
  gboolean update = gst_query_get_n_allocation_pools (query) > 0;

  if (update)
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  if (pool == NULL)
    pool = gst_video_buffer_pool_new ();
  size = MAX (size, src->info.size);

  gst_query_parse_allocation (query, &caps, NULL);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_VIDEO_META);
  gst_buffer_pool_set_config (pool, config);

  if (update)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);

  return GST_BASE_SRC_CLASS (parent_class)->decide_allocation (bsrc, query);
}

static gboolean
gst_siseg_test_src_start (GstBaseSrc * bsrc)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);

  src->n_frames = 0;
  return TRUE;
}

static gboolean
gst_siseg_test_src_stop (GstBaseSrc * bsrc)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);

  siseg_scene_free (src->scene);
  src->scene = NULL;
  return TRUE;
}

/* A live source is one frame late: it makes a frame when its time came.
 * Before its caps, how late is not known yet: no upper bound then (the
 * base class says 0, which a pipeline with another live source cannot
 * meet, so an aggregator downstream would not run live). */
static gboolean
gst_siseg_test_src_query (GstBaseSrc * bsrc, GstQuery * query)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);
  GstClockTime latency;

  if (GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return GST_BASE_SRC_CLASS (parent_class)->query (bsrc, query);
  if (src->info.fps_n <= 0) {
    gst_query_set_latency (query, gst_base_src_is_live (bsrc), 0,
        GST_CLOCK_TIME_NONE);
    return TRUE;
  }

  latency = gst_util_uint64_scale (GST_SECOND, src->info.fps_d,
      src->info.fps_n);
  gst_query_set_latency (query, gst_base_src_is_live (bsrc), latency, latency);
  return TRUE;
}

/* a frame is a function of its number: any time can be sought */
static gboolean
gst_siseg_test_src_is_seekable (GstBaseSrc * bsrc)
{
  return TRUE;
}

static gboolean
gst_siseg_test_src_do_seek (GstBaseSrc * bsrc, GstSegment * segment)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);

  segment->time = segment->start;
  if (src->info.fps_n > 0)
    src->n_frames = gst_util_uint64_scale (segment->start, src->info.fps_n,
        src->info.fps_d * GST_SECOND);
  else
    src->n_frames = 0;
  return TRUE;
}

/* Makes the scene again when its properties changed since the last frame. */
static void
gst_siseg_test_src_update_scene (GstSisegTestSrc * src,
    GstSisegTestSrcOutput * output)
{
  SisegSceneParams params;

  GST_OBJECT_LOCK (src);
  params = src->params;
  *output = src->output;
  GST_OBJECT_UNLOCK (src);

  if (src->scene != NULL && params.seed == src->scene_params.seed
      && params.n_objects == src->scene_params.n_objects
      && params.n_classes == src->scene_params.n_classes)
    return;

  GST_DEBUG_OBJECT (src, "new scene: seed %u, %d objects, %d classes",
      params.seed, params.n_objects, params.n_classes);
  siseg_scene_free (src->scene);
  src->scene = siseg_scene_new (&params);
  src->scene_params = params;
}

static SisegFormat
gst_siseg_test_src_siseg_format (GstVideoFormat format)
{
  switch (format) {
    case GST_VIDEO_FORMAT_RGBA:
      return SISEG_FORMAT_RGBA;
    case GST_VIDEO_FORMAT_BGRA:
      return SISEG_FORMAT_BGRA;
    case GST_VIDEO_FORMAT_RGBx:
      return SISEG_FORMAT_RGBX;
    case GST_VIDEO_FORMAT_BGRx:
      return SISEG_FORMAT_BGRX;
    case GST_VIDEO_FORMAT_GRAY8:
      return SISEG_FORMAT_GRAY8;
    default:
      return SISEG_FORMAT_GRAY16;
  }
}

/* The ids come native-endian from the scene; the caps say little-endian. */
static void
gst_siseg_test_src_to_le (GstVideoFrame * frame)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gint x, y;

  for (y = 0; y < GST_VIDEO_FRAME_HEIGHT (frame); y++) {
    guint16 *row = (guint16 *) ((guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame,
            0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0));
    for (x = 0; x < GST_VIDEO_FRAME_WIDTH (frame); x++)
      row[x] = GUINT16_TO_LE (row[x]);
  }
#endif
}

static gboolean
gst_siseg_test_src_render (GstSisegTestSrc * src, GstVideoFrame * frame,
    GstSisegTestSrcOutput output, guint index)
{
  SisegImage image = { 0, };
  gboolean ok;

  image.format = gst_siseg_test_src_siseg_format (GST_VIDEO_FRAME_FORMAT
      (frame));
  image.width = GST_VIDEO_FRAME_WIDTH (frame);
  image.height = GST_VIDEO_FRAME_HEIGHT (frame);
  image.data[0] = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  image.stride[0] = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);

  if (output == GST_SISEG_TEST_SRC_FRAME)
    ok = siseg_scene_render (src->scene, index, &image, NULL, NULL);
  else if (output == GST_SISEG_TEST_SRC_MASK)
    ok = siseg_scene_render (src->scene, index, NULL, &image, NULL);
  else
    ok = siseg_scene_render (src->scene, index, NULL, NULL, &image);
  if (ok && output == GST_SISEG_TEST_SRC_INSTANCES)
    gst_siseg_test_src_to_le (frame);
  return ok;
}

static void
gst_siseg_test_src_stamp (GstSisegTestSrc * src, GstBuffer * buffer)
{
  guint64 n = src->n_frames;
  GstClockTime pts = gst_util_uint64_scale (n * GST_SECOND, src->info.fps_d,
      src->info.fps_n);
  GstClockTime next = gst_util_uint64_scale ((n + 1) * GST_SECOND,
      src->info.fps_d, src->info.fps_n);

  GST_BUFFER_PTS (buffer) = pts;
  GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (buffer) = next - pts;
  GST_BUFFER_OFFSET (buffer) = n;
  GST_BUFFER_OFFSET_END (buffer) = n + 1;
}

static gboolean
gst_siseg_test_src_unlock (GstBaseSrc * bsrc)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);

  GST_OBJECT_LOCK (src);
  src->flushing = TRUE;
  if (src->clock_id != NULL)
    gst_clock_id_unschedule (src->clock_id);
  GST_OBJECT_UNLOCK (src);
  return TRUE;
}

static gboolean
gst_siseg_test_src_unlock_stop (GstBaseSrc * bsrc)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (bsrc);

  GST_OBJECT_LOCK (src);
  src->flushing = FALSE;
  GST_OBJECT_UNLOCK (src);
  return TRUE;
}

/* A live source makes the frames of a grid on the pipeline's running time,
 * frame n at n * duration; when it falls behind by a frame or more it skips
 * to the current one. Two live sources of one rate then stamp and draw the
 * same frames. */
static void
gst_siseg_test_src_catch_up (GstSisegTestSrc * src, GstClockTime running)
{
  guint64 slot = gst_util_uint64_scale (running, src->info.fps_n,
      src->info.fps_d * GST_SECOND);

  if (slot > src->n_frames) {
    GST_LOG_OBJECT (src, "skipping %" G_GUINT64_FORMAT " frames",
        slot - src->n_frames);
    src->n_frames = slot;
  }
}

/* Waits until the running time of the next frame, as a camera would. We
 * wait ourselves rather than have basesrc sync: basesrc would shift the
 * timestamps by the start-up time of each source. */
static GstFlowReturn
gst_siseg_test_src_wait (GstSisegTestSrc * src)
{
  GstClock *clock = gst_element_get_clock (GST_ELEMENT (src));
  GstClockTime base = gst_element_get_base_time (GST_ELEMENT (src)), now;
  GstClockReturn ret;
  GstClockID id;

  if (clock == NULL)
    return GST_FLOW_OK;
  now = gst_clock_get_time (clock);
  gst_siseg_test_src_catch_up (src, now > base ? now - base : 0);
  id = gst_clock_new_single_shot_id (clock, base + gst_util_uint64_scale
      (src->n_frames * GST_SECOND, src->info.fps_d, src->info.fps_n));
  gst_object_unref (clock);

  GST_OBJECT_LOCK (src);
  if (src->flushing) {
    GST_OBJECT_UNLOCK (src);
    gst_clock_id_unref (id);
    return GST_FLOW_FLUSHING;
  }
  src->clock_id = id;
  GST_OBJECT_UNLOCK (src);

  ret = gst_clock_id_wait (id, NULL);

  GST_OBJECT_LOCK (src);
  src->clock_id = NULL;
  GST_OBJECT_UNLOCK (src);
  gst_clock_id_unref (id);
  return ret == GST_CLOCK_UNSCHEDULED ? GST_FLOW_FLUSHING : GST_FLOW_OK;
}

static GstFlowReturn
gst_siseg_test_src_fill (GstPushSrc * psrc, GstBuffer * buffer)
{
  GstSisegTestSrc *src = GST_SISEG_TEST_SRC (psrc);
  GstSisegTestSrcOutput output;
  GstVideoFrame frame;
  gboolean ok;

  if (G_UNLIKELY (GST_VIDEO_INFO_FORMAT (&src->info) ==
          GST_VIDEO_FORMAT_UNKNOWN))
    return GST_FLOW_NOT_NEGOTIATED;

  if (gst_base_src_is_live (GST_BASE_SRC (src))) {
    GstFlowReturn ret = gst_siseg_test_src_wait (src);
    if (ret != GST_FLOW_OK)
      return ret;
  }
  gst_siseg_test_src_update_scene (src, &output);
  if (!gst_video_frame_map (&frame, &src->info, buffer, GST_MAP_WRITE)) {
    GST_ELEMENT_ERROR (src, RESOURCE, WRITE, (NULL),
        ("cannot map the output buffer"));
    return GST_FLOW_ERROR;
  }
  ok = gst_siseg_test_src_render (src, &frame, output, (guint) src->n_frames);
  gst_video_frame_unmap (&frame);
  if (!ok) {
    GST_ELEMENT_ERROR (src, CORE, NEGOTIATION, (NULL),
        ("format %s does not match output %d",
            gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&src->info)),
            output));
    return GST_FLOW_NOT_NEGOTIATED;
  }

  gst_siseg_test_src_stamp (src, buffer);
  src->n_frames++;
  return GST_FLOW_OK;
}
