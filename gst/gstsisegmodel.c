/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
/**
 * SECTION:element-sisegmodel
 * @title: sisegmodel
 *
 * Runs a semantic segmentation model with OpenCV's DNN module and gives its
 * class map as video: `GRAY8` class ids (`GRAY16_LE` when the model has
 * more than 255 output channels or a class id is above 255) at the model's
 * output resolution, for sisegment's `mask` pad.
 * It is the segmentation branch of a pipeline on a machine where GStreamer
 * has no inference element.
 *
 * #GstSisegModel:model is an ONNX file (or another format OpenCV reads,
 * such as a frozen TensorFlow `.pb`), with one NCHW input (1x3xHxW, or
 * 1x1xHxW for grey) and one 1xCxHxW output of scores. Each frame is scaled
 * to the model's input size: the size the model fixes, else
 * #GstSisegModel:input-width x #GstSisegModel:input-height, else the
 * frame's own. It is stretched to it, or with #GstSisegModel:keep-aspect
 * keeps its aspect ratio, black around it, and the class map is the
 * frame's part of the output. Its channels go in
 * #GstSisegModel:channel-order, and each
 * value becomes (pixel - mean) * scale / std. The class of a pixel is the
 * output channel with the highest score, through #GstSisegModel:class-map;
 * a one-channel model (a person/background sigmoid) gives its class where
 * the score is above #GstSisegModel:threshold, and 0 elsewhere.
 *
 * The model is read and run once at the READY to PAUSED change: a missing,
 * corrupt or unsupported model, or an output that makes no class map, fails
 * there with the file and what OpenCV said. The element answers latency
 * queries with its processing time and, with #GstBaseTransform:qos (on by
 * default), drops frames that are already late before running the model.
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 v4l2src ! videoconvert ! tee name=t \
 *     t. ! queue leaky=downstream max-size-buffers=1 ! sisegment name=s \
 *         mask-policy=reuse ! videoconvert ! autovideosink \
 *     t. ! queue leaky=downstream max-size-buffers=1 ! \
 *         sisegmodel model=selfie.onnx ! s.mask
 * ]| Splits the people a person segmentation model finds into instances.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsisegmodel.h"
#include "gstsisegparse.h"

GST_DEBUG_CATEGORY_STATIC (gst_siseg_model_debug);
#define GST_CAT_DEFAULT gst_siseg_model_debug

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_INPUT_WIDTH,
  PROP_INPUT_HEIGHT,
  PROP_KEEP_ASPECT,
  PROP_SCALE,
  PROP_MEAN,
  PROP_STD,
  PROP_CHANNEL_ORDER,
  PROP_CLASS_MAP,
  PROP_LABELS_FILE,
  PROP_THRESHOLD,
  PROP_TARGET,
};

#define DEFAULT_MODEL NULL
#define DEFAULT_INPUT_SIZE 0
#define DEFAULT_KEEP_ASPECT FALSE
#define DEFAULT_SCALE (1.0 / 255.0)
#define DEFAULT_MEAN "0,0,0"
#define DEFAULT_STD "1,1,1"
#define DEFAULT_CHANNEL_ORDER GST_SISEG_MODEL_ORDER_RGB
#define DEFAULT_CLASS_MAP NULL
#define DEFAULT_LABELS_FILE NULL
#define DEFAULT_THRESHOLD 0.5
#define DEFAULT_TARGET GST_SISEG_DNN_TARGET_CPU

/* the size a model that fixes none is first run at, to learn its output */
#define PROBE_SIZE 256
#define MAX_SIZE 16384

#define VIDEO_FORMATS "{ RGBA, BGRA, RGBx, BGRx, RGB, BGR, NV12, I420 }"

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE (VIDEO_FORMATS)));

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ GRAY8, GRAY16_LE }")));

G_DEFINE_ENUM_TYPE (GstSisegModelOrder, gst_siseg_model_order,
    G_DEFINE_ENUM_VALUE (GST_SISEG_MODEL_ORDER_RGB, "rgb"),
    G_DEFINE_ENUM_VALUE (GST_SISEG_MODEL_ORDER_BGR, "bgr"));
#define GST_TYPE_SISEG_MODEL_ORDER (gst_siseg_model_order_get_type ())
G_DEFINE_ENUM_TYPE (GstSisegDnnTarget, gst_siseg_dnn_target,
    G_DEFINE_ENUM_VALUE (GST_SISEG_DNN_TARGET_CPU, "cpu"),
    G_DEFINE_ENUM_VALUE (GST_SISEG_DNN_TARGET_OPENCL, "opencl"),
    G_DEFINE_ENUM_VALUE (GST_SISEG_DNN_TARGET_OPENCL_FP16, "opencl-fp16"));
#define GST_TYPE_SISEG_DNN_TARGET (gst_siseg_dnn_target_get_type ())

static void gst_siseg_model_finalize (GObject * object);
static void gst_siseg_model_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_siseg_model_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_siseg_model_start (GstBaseTransform * trans);
static gboolean gst_siseg_model_stop (GstBaseTransform * trans);
static GstCaps *gst_siseg_model_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static gboolean gst_siseg_model_query (GstBaseTransform * trans,
    GstPadDirection direction, GstQuery * query);
static gboolean gst_siseg_model_set_info (GstVideoFilter * filter,
    GstCaps * incaps, GstVideoInfo * in_info, GstCaps * outcaps,
    GstVideoInfo * out_info);
static GstFlowReturn gst_siseg_model_transform_frame (GstVideoFilter * filter,
    GstVideoFrame * inframe, GstVideoFrame * outframe);

#define gst_siseg_model_parent_class parent_class
G_DEFINE_TYPE (GstSisegModel, gst_siseg_model, GST_TYPE_VIDEO_FILTER);
GST_ELEMENT_REGISTER_DEFINE (sisegmodel, "sisegmodel", GST_RANK_NONE,
    GST_TYPE_SISEG_MODEL);

#define READY_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | \
    GST_PARAM_MUTABLE_READY)

static void
gst_siseg_model_install_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_MODEL,
      g_param_spec_string ("model", "Model", "The model file: ONNX, or "
          "another format OpenCV's DNN module reads (a frozen TensorFlow "
          ".pb)", DEFAULT_MODEL, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_INPUT_WIDTH,
      g_param_spec_int ("input-width", "Input width", "Width frames are "
          "scaled to, where the model does not fix it (0: the frame's)", 0,
          MAX_SIZE, DEFAULT_INPUT_SIZE, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_INPUT_HEIGHT,
      g_param_spec_int ("input-height", "Input height", "Height frames are "
          "scaled to, where the model does not fix it (0: the frame's)", 0,
          MAX_SIZE, DEFAULT_INPUT_SIZE, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_KEEP_ASPECT,
      g_param_spec_boolean ("keep-aspect", "Keep aspect", "Scale frames "
          "into the model's input keeping their aspect ratio, black around "
          "them, and give the class map of the frame's part only (default: "
          "stretch them to the input)", DEFAULT_KEEP_ASPECT, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_SCALE,
      g_param_spec_double ("scale", "Scale", "Factor on (pixel - mean), "
          "pixels being 0-255", -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_SCALE,
          READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MEAN,
      g_param_spec_string ("mean", "Mean", "Value taken from each pixel "
          "(0-255 units), one for all channels or one per channel in "
          "channel-order", DEFAULT_MEAN, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_STD,
      g_param_spec_string ("std", "Standard deviation", "Divisor after "
          "scale, one for all channels or one per channel in channel-order",
          DEFAULT_STD, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_ORDER,
      g_param_spec_enum ("channel-order", "Channel order", "The order of "
          "the colour channels the model takes", GST_TYPE_SISEG_MODEL_ORDER,
          DEFAULT_CHANNEL_ORDER, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_CLASS_MAP,
      g_param_spec_string ("class-map", "Class map", "Class id of each "
          "output channel, comma-separated: numbers, or names from "
          "labels-file (unset: the channel's index; a one-channel model: 1)",
          DEFAULT_CLASS_MAP, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_LABELS_FILE,
      g_param_spec_string ("labels-file", "Labels file", "Class names, one "
          "a line, line N naming class id N, as sisegment's labels-file: "
          "the names class-map may use", DEFAULT_LABELS_FILE, READY_FLAGS));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold", "A one-channel model's "
          "score above which a pixel is of its class", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_THRESHOLD, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_TARGET,
      g_param_spec_enum ("target", "Target", "Where OpenCV runs the model: "
          "the CPU, or OpenCL through OpenCV's T-API (OPENCV_OPENCL_DEVICE "
          "chooses the device; OpenCV's DNN takes GPUs only unless "
          "OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1, and runs on the CPU "
          "otherwise)", GST_TYPE_SISEG_DNN_TARGET,
          DEFAULT_TARGET, READY_FLAGS));
}

static void
gst_siseg_model_class_init (GstSisegModelClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);
  GstVideoFilterClass *filter_class = GST_VIDEO_FILTER_CLASS (klass);

  GST_DEBUG_CATEGORY_INIT (gst_siseg_model_debug, "sisegmodel", 0,
      "Semantic segmentation model through OpenCV DNN");

  gobject_class->finalize = gst_siseg_model_finalize;
  gobject_class->set_property = gst_siseg_model_set_property;
  gobject_class->get_property = gst_siseg_model_get_property;
  gst_siseg_model_install_properties (gobject_class);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "Semantic segmentation model", "Filter/Analyzer/Video",
      "Runs a semantic segmentation model with OpenCV DNN and gives its "
      "class map as GRAY8 or GRAY16_LE video", "The siseg authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_siseg_model_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_siseg_model_stop);
  trans_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_siseg_model_transform_caps);
  trans_class->query = GST_DEBUG_FUNCPTR (gst_siseg_model_query);
  filter_class->set_info = GST_DEBUG_FUNCPTR (gst_siseg_model_set_info);
  filter_class->transform_frame =
      GST_DEBUG_FUNCPTR (gst_siseg_model_transform_frame);

  gst_type_mark_as_plugin_api (GST_TYPE_SISEG_MODEL_ORDER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SISEG_DNN_TARGET, 0);
}

static void
gst_siseg_model_init (GstSisegModel * self)
{
  self->model = g_strdup (DEFAULT_MODEL);
  self->input_width = self->input_height = DEFAULT_INPUT_SIZE;
  self->keep_aspect = DEFAULT_KEEP_ASPECT;
  self->scale = DEFAULT_SCALE;
  self->mean = g_strdup (DEFAULT_MEAN);
  self->std = g_strdup (DEFAULT_STD);
  self->order = DEFAULT_CHANNEL_ORDER;
  self->class_map = g_strdup (DEFAULT_CLASS_MAP);
  self->labels_file = g_strdup (DEFAULT_LABELS_FILE);
  self->threshold = DEFAULT_THRESHOLD;
  self->target = DEFAULT_TARGET;
  self->format = GST_VIDEO_FORMAT_UNKNOWN;
  gst_base_transform_set_qos_enabled (GST_BASE_TRANSFORM (self), TRUE);
}

static void
gst_siseg_model_finalize (GObject * object)
{
  GstSisegModel *self = GST_SISEG_MODEL (object);

  g_free (self->model);
  g_free (self->mean);
  g_free (self->std);
  g_free (self->class_map);
  g_free (self->labels_file);

  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_siseg_model_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSisegModel *self = GST_SISEG_MODEL (object);
  gchar **text = NULL;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODEL:
      text = &self->model;
      break;
    case PROP_INPUT_WIDTH:
      self->input_width = g_value_get_int (value);
      break;
    case PROP_INPUT_HEIGHT:
      self->input_height = g_value_get_int (value);
      break;
    case PROP_KEEP_ASPECT:
      self->keep_aspect = g_value_get_boolean (value);
      break;
    case PROP_SCALE:
      self->scale = g_value_get_double (value);
      break;
    case PROP_MEAN:
      text = &self->mean;
      break;
    case PROP_STD:
      text = &self->std;
      break;
    case PROP_CHANNEL_ORDER:
      self->order = g_value_get_enum (value);
      break;
    case PROP_CLASS_MAP:
      text = &self->class_map;
      break;
    case PROP_LABELS_FILE:
      text = &self->labels_file;
      break;
    case PROP_THRESHOLD:
      self->threshold = g_value_get_double (value);
      break;
    case PROP_TARGET:
      self->target = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  if (text != NULL) {
    g_free (*text);
    *text = g_value_dup_string (value);
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_siseg_model_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSisegModel *self = GST_SISEG_MODEL (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_INPUT_WIDTH:
      g_value_set_int (value, self->input_width);
      break;
    case PROP_INPUT_HEIGHT:
      g_value_set_int (value, self->input_height);
      break;
    case PROP_KEEP_ASPECT:
      g_value_set_boolean (value, self->keep_aspect);
      break;
    case PROP_SCALE:
      g_value_set_double (value, self->scale);
      break;
    case PROP_MEAN:
      g_value_set_string (value, self->mean);
      break;
    case PROP_STD:
      g_value_set_string (value, self->std);
      break;
    case PROP_CHANNEL_ORDER:
      g_value_set_enum (value, self->order);
      break;
    case PROP_CLASS_MAP:
      g_value_set_string (value, self->class_map);
      break;
    case PROP_LABELS_FILE:
      g_value_set_string (value, self->labels_file);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_TARGET:
      g_value_set_enum (value, self->target);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* The properties start() reads, copied under the object lock. */
typedef struct
{
  gchar *model, *mean, *std, *class_map, *labels_file;
  GstSisegDnnTarget target;
} GstSisegModelSetup;

static void
gst_siseg_model_setup_get (GstSisegModel * self, GstSisegModelSetup * s)
{
  GST_OBJECT_LOCK (self);
  s->model = g_strdup (self->model);
  s->mean = g_strdup (self->mean);
  s->std = g_strdup (self->std);
  s->class_map = g_strdup (self->class_map);
  s->labels_file = g_strdup (self->labels_file);
  s->target = self->target;
  self->pre.width = self->input_width;
  self->pre.height = self->input_height;
  self->pre.keep_aspect = self->keep_aspect;
  self->pre.scale = self->scale;
  self->pre.bgr = self->order == GST_SISEG_MODEL_ORDER_BGR;
  GST_OBJECT_UNLOCK (self);
}

static void
gst_siseg_model_setup_clear (GstSisegModelSetup * s)
{
  g_free (s->model);
  g_free (s->mean);
  g_free (s->std);
  g_free (s->class_map);
  g_free (s->labels_file);
}

/* Reports a failure once, as an error message with the GError's domain and
 * code, from where it is called. */
#define gst_siseg_model_post_error(self, error) G_STMT_START {             \
  GST_WARNING_OBJECT (self, "%s", (error)->message);                       \
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,         \
      (error)->domain, (error)->code, g_strdup ((error)->message), NULL,   \
      __FILE__, GST_FUNCTION, __LINE__);                                   \
  g_clear_error (&(error));                                                \
} G_STMT_END

/* The class id of every output channel, and the output format. */
static gboolean
gst_siseg_model_make_classes (GstSisegModel * self,
    const GstSisegModelSetup * s, guint channels, GError ** error)
{
  GPtrArray *labels = NULL;
  GArray *ids = NULL;
  GError *err = NULL;
  gchar *bad = NULL, *warning = NULL;
  guint16 max = 0;
  guint c;

  if (s->labels_file && !(labels = gst_siseg_labels_load (s->labels_file,
              &warning, &err))) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "%s: labels-file: %s", s->model, err->message);
    g_error_free (err);
    return FALSE;
  }
  if (warning) {
    GST_WARNING ("labels-file: %s", warning);
    g_free (warning);
  }
  if (!gst_siseg_class_map_parse (s->class_map, labels, &ids, &bad)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "%s: class-map: \"%s\" is no class id (0-65535) nor a name in "
        "labels-file", s->model, bad);
  } else if (ids != NULL && ids->len != channels) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "%s: class-map has %u entries, the model %u output channels",
        s->model, ids->len, channels);
    g_clear_pointer (&ids, g_array_unref);
  } else if (ids == NULL) {
    ids = g_array_sized_new (FALSE, FALSE, sizeof (guint16), channels);
    for (c = 0; c < channels; c++)
      g_array_append_val (ids, (guint16) {
          channels == 1 ? 1 : c}
    );
  }
  g_free (bad);
  g_clear_pointer (&labels, g_ptr_array_unref);
  if (ids == NULL)
    return FALSE;

  for (c = 0; c < ids->len; c++)
    max = MAX (max, g_array_index (ids, guint16, c));
  self->class_of = ids;
  self->format = max > 255 || channels > 255 ? GST_VIDEO_FORMAT_GRAY16_LE :
      GST_VIDEO_FORMAT_GRAY8;
  return TRUE;
}

/* Reads the model and runs it once, at its input size or PROBE_SIZE. */
static GstSisegDnn *
gst_siseg_model_open (GstSisegModel * self, const GstSisegModelSetup * s,
    GstSisegDnnShape * shape, GError ** error)
{
  GstSisegDnn *dnn;
  GstSisegDnnPre *pre = &self->pre;

  if (s->model == NULL || s->model[0] == '\0') {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "No model file: set the model property");
    return NULL;
  }
  if (!(dnn = gst_siseg_dnn_new (s->model, s->target, error)))
    return NULL;

  gst_siseg_dnn_get_input (dnn, shape);
  if (shape->in_width > 0 && shape->in_height > 0) {
    if ((pre->width && pre->width != shape->in_width)
        || (pre->height && pre->height != shape->in_height))
      GST_WARNING_OBJECT (self, "%s takes %dx%d: input-width and "
          "input-height ignored", s->model, shape->in_width, shape->in_height);
    pre->width = shape->in_width;
    pre->height = shape->in_height;
  } else if (!pre->width != !pre->height) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "%s: input-width and input-height: set both or neither", s->model);
    goto failed;
  }
  if (!gst_siseg_dnn_probe (dnn, pre->width ? pre->width : PROBE_SIZE,
          pre->height ? pre->height : PROBE_SIZE, shape, error))
    goto failed;
  return dnn;

failed:
  gst_siseg_dnn_free (dnn);
  return NULL;
}

static gboolean
gst_siseg_model_start (GstBaseTransform * trans)
{
  GstSisegModel *self = GST_SISEG_MODEL (trans);
  GstSisegModelSetup s;
  GstSisegDnnShape shape;
  GstSisegDnn *dnn = NULL;
  GError *error = NULL;

  gst_siseg_model_setup_get (self, &s);
  if (!gst_siseg_numbers_parse (s.mean, self->pre.mean, 3)
      || !gst_siseg_numbers_parse (s.std, self->pre.std, 3)
      || self->pre.std[0] * self->pre.std[1] * self->pre.std[2] == 0.0) {
    g_set_error (&error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
        "%s: mean \"%s\", std \"%s\": want one number or three, "
        "comma-separated, std not 0", s.model, s.mean, s.std);
  } else if ((dnn = gst_siseg_model_open (self, &s, &shape, &error))) {
    if (!gst_siseg_model_make_classes (self, &s, shape.channels, &error))
      g_clear_pointer (&dnn, gst_siseg_dnn_free);
  }
  if (dnn == NULL) {
    gst_siseg_model_post_error (self, error);
    gst_siseg_model_setup_clear (&s);
    return FALSE;
  }

  GST_INFO_OBJECT (self, "%s on %s: input %ux%dx%d, output %ux%dx%d, "
      "%s, %.1f ms a run", s.model, gst_siseg_dnn_device (dnn),
      shape.in_channels, shape.in_height, shape.in_width, shape.channels,
      shape.height, shape.width,
      gst_video_format_to_string (self->format), shape.run_us / 1000.0);
  GST_OBJECT_LOCK (self);
  self->dnn = dnn;
  self->latency = shape.run_us * GST_USECOND;
  self->n_frames = 0;
  GST_OBJECT_UNLOCK (self);
  gst_siseg_model_setup_clear (&s);
  return TRUE;
}

static gboolean
gst_siseg_model_stop (GstBaseTransform * trans)
{
  GstSisegModel *self = GST_SISEG_MODEL (trans);
  GstSisegDnn *dnn;

  GST_OBJECT_LOCK (self);
  dnn = g_steal_pointer (&self->dnn);
  GST_OBJECT_UNLOCK (self);
  g_clear_pointer (&dnn, gst_siseg_dnn_free);
  g_clear_pointer (&self->class_of, g_array_unref);
  self->format = GST_VIDEO_FORMAT_UNKNOWN;
  return TRUE;
}

/* The output size for frames of @in: the model's output at its input size
 * (or at the frame's size), cut to the frame's part with keep-aspect;
 * FALSE when not known yet. */
static gboolean
gst_siseg_model_out_size (GstSisegModel * self, const GstStructure * in,
    gint * width, gint * height)
{
  GstSisegDnnPre pre = self->pre;
  GstSisegDnnShape shape;
  GstVideoRectangle out;
  GError *error = NULL;
  gint fw, fh;
  gboolean ok = FALSE;

  if (!gst_structure_get_int (in, "width", &fw)
      || !gst_structure_get_int (in, "height", &fh)) {
    /* any frame size gives the same map */
    if (pre.width == 0 || pre.keep_aspect)
      return FALSE;
    fw = pre.width;
    fh = pre.height;
  }
  if (pre.width == 0) {
    pre.width = fw;
    pre.height = fh;
  }

  GST_OBJECT_LOCK (self);
  if (self->dnn != NULL) {
    ok = gst_siseg_dnn_probe (self->dnn, pre.width, pre.height, &shape, &error);
    if (!ok) {
      GST_WARNING_OBJECT (self, "%s", error->message);
      g_clear_error (&error);
    }
  }
  GST_OBJECT_UNLOCK (self);
  if (!ok)
    return FALSE;
  gst_siseg_dnn_fit (&pre, fw, fh, &shape, NULL, &out);
  *width = out.w;
  *height = out.h;
  return TRUE;
}

/* The class-map caps for frames of @in. */
static GstStructure *
gst_siseg_model_mask_structure (GstSisegModel * self, const GstStructure * in)
{
  GstStructure *s = gst_structure_new_empty ("video/x-raw");
  gint w, h;

  if (self->format != GST_VIDEO_FORMAT_UNKNOWN) {
    gst_structure_set (s, "format", G_TYPE_STRING,
        gst_video_format_to_string (self->format), NULL);
  } else {
    GValue list = G_VALUE_INIT, v = G_VALUE_INIT;

    gst_value_list_init (&list, 2);
    g_value_init (&v, G_TYPE_STRING);
    g_value_set_static_string (&v, "GRAY8");
    gst_value_list_append_value (&list, &v);
    g_value_set_static_string (&v, "GRAY16_LE");
    gst_value_list_append_value (&list, &v);
    gst_structure_take_value (s, "format", &list);
    g_value_unset (&v);
  }
  if (gst_siseg_model_out_size (self, in, &w, &h))
    gst_structure_set (s, "width", G_TYPE_INT, w, "height", G_TYPE_INT, h,
        NULL);
  else
    gst_structure_set (s, "width", GST_TYPE_INT_RANGE, 1, G_MAXINT,
        "height", GST_TYPE_INT_RANGE, 1, G_MAXINT, NULL);
  return s;
}

static GstCaps *
gst_siseg_model_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstSisegModel *self = GST_SISEG_MODEL (trans);
  GstCaps *ret = gst_caps_new_empty (), *frames = NULL;
  guint i;

  if (direction == GST_PAD_SRC)
    frames = gst_static_pad_template_get_caps (&sink_template);
  for (i = 0; i < gst_caps_get_size (caps); i++) {
    const GstStructure *in = gst_caps_get_structure (caps, i);
    const GValue *fps = gst_structure_get_value (in, "framerate");
    GstStructure *s;

    if (direction == GST_PAD_SRC)
      s = gst_structure_copy (gst_caps_get_structure (frames, 0));
    else
      s = gst_siseg_model_mask_structure (self, in);
    if (fps != NULL)
      gst_structure_set_value (s, "framerate", fps);
    ret = gst_caps_merge_structure (ret, s);
  }
  gst_clear_caps (&frames);

  if (filter != NULL) {
    GstCaps *tmp = gst_caps_intersect_full (filter, ret,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (ret);
    ret = tmp;
  }
  GST_DEBUG_OBJECT (self, "%s %" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
      direction == GST_PAD_SINK ? "frames" : "masks", caps, ret);
  return ret;
}

static gboolean
gst_siseg_model_query (GstBaseTransform * trans, GstPadDirection direction,
    GstQuery * query)
{
  GstSisegModel *self = GST_SISEG_MODEL (trans);
  GstClockTime min, max, latency;
  gboolean live;

  if (direction != GST_PAD_SRC || GST_QUERY_TYPE (query) != GST_QUERY_LATENCY)
    return GST_BASE_TRANSFORM_CLASS (parent_class)->query (trans, direction,
        query);

  if (!gst_pad_peer_query (GST_BASE_TRANSFORM_SINK_PAD (trans), query))
    return FALSE;
  gst_query_parse_latency (query, &live, &min, &max);
  GST_OBJECT_LOCK (self);
  latency = self->latency;
  GST_OBJECT_UNLOCK (self);
  min += latency;
  if (GST_CLOCK_TIME_IS_VALID (max))
    max += latency;
  GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT ", total min %"
      GST_TIME_FORMAT, GST_TIME_ARGS (latency), GST_TIME_ARGS (min));
  gst_query_set_latency (query, live, min, max);
  return TRUE;
}

static gboolean
gst_siseg_model_set_info (GstVideoFilter * filter, GstCaps * incaps,
    GstVideoInfo * in_info, GstCaps * outcaps, GstVideoInfo * out_info)
{
  GstSisegModel *self = GST_SISEG_MODEL (filter);
  GstStructure *s = gst_caps_get_structure (incaps, 0);
  gint w, h;

  if (!gst_siseg_model_out_size (self, s, &w, &h)
      || w != GST_VIDEO_INFO_WIDTH (out_info)
      || h != GST_VIDEO_INFO_HEIGHT (out_info)
      || GST_VIDEO_INFO_FORMAT (out_info) != self->format) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, ("The model's output does "
            "not fit the caps"), ("%" GST_PTR_FORMAT " -> %" GST_PTR_FORMAT,
            incaps, outcaps));
    return FALSE;
  }
  GST_INFO_OBJECT (self, "frames %dx%d %s -> class map %dx%d %s",
      GST_VIDEO_INFO_WIDTH (in_info), GST_VIDEO_INFO_HEIGHT (in_info),
      GST_VIDEO_INFO_NAME (in_info), w, h, GST_VIDEO_INFO_NAME (out_info));
  return TRUE;
}

/* Raises the latency we report when a frame took longer, in whole ms. */
static void
gst_siseg_model_update_latency (GstSisegModel * self, gint64 us)
{
  GstClockTime t = us * GST_USECOND;

  /* the first frame allocates what the others reuse */
  if (self->n_frames++ == 0)
    return;
  GST_OBJECT_LOCK (self);
  if (t <= self->latency) {
    GST_OBJECT_UNLOCK (self);
    return;
  }
  self->latency = (t + GST_MSECOND - 1) / GST_MSECOND * GST_MSECOND;
  GST_OBJECT_UNLOCK (self);
  GST_DEBUG_OBJECT (self, "latency %" GST_TIME_FORMAT, GST_TIME_ARGS (t));
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_latency (GST_OBJECT (self)));
}

static GstFlowReturn
gst_siseg_model_transform_frame (GstVideoFilter * filter,
    GstVideoFrame * inframe, GstVideoFrame * outframe)
{
  GstSisegModel *self = GST_SISEG_MODEL (filter);
  GstSisegDnnPre pre = self->pre;
  GstSisegDnnPost post;
  GError *error = NULL;
  gint64 start;

  GST_OBJECT_LOCK (self);
  post.threshold = self->threshold;
  GST_OBJECT_UNLOCK (self);
  post.class_of = (const guint16 *) self->class_of->data;
  if (pre.width == 0) {
    pre.width = GST_VIDEO_FRAME_WIDTH (inframe);
    pre.height = GST_VIDEO_FRAME_HEIGHT (inframe);
  }

  start = g_get_monotonic_time ();
  if (!gst_siseg_dnn_run (self->dnn, inframe, &pre, &post, outframe, &error)) {
    gst_siseg_model_post_error (self, error);
    return GST_FLOW_ERROR;
  }
  gst_siseg_model_update_latency (self, g_get_monotonic_time () - start);
  return GST_FLOW_OK;
}
