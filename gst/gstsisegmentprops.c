/* siseg: the properties of sisegment.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "gstsisegment.h"

GST_DEBUG_CATEGORY_EXTERN (gst_sisegment_debug);
#define GST_CAT_DEFAULT gst_sisegment_debug

/* The properties: their specs and defaults, what is built from them when
 * they change (class tables, palette, labels), and their copy for one
 * frame. */

enum
{
  PROP_0,
  PROP_DEVICE,
  PROP_BACKGROUND_CLASS,
  PROP_IGNORE_CLASS,
  PROP_SPLIT_CLASSES,
  PROP_UNSPLIT_MODE,
  PROP_MAX_SIZE,
  PROP_MASK_ALIGN,
  PROP_EDGE_WEIGHT,
  PROP_MERGE_DEPTH,
  PROP_MERGE_RATIO,
  PROP_PEAK_RATIO,
  PROP_BORDER_RATIO,
  PROP_MIN_AREA,
  PROP_CBR_MODE,
  PROP_CBR_ITERATIONS,
  PROP_CBR_BAND,
  PROP_ALPHA,
  PROP_DRAW_FILL,
  PROP_DRAW_CONTOURS,
  PROP_DRAW_BOXES,
  PROP_DRAW_LABELS,
  PROP_SHOW_CLASSES,
  PROP_PALETTE,
  PROP_COLOR_MODE,
  PROP_LABELS_FILE,
  PROP_JSON_LOCATION,
  PROP_TRACKING,
  PROP_MASK_POLICY,
  PROP_MASK_TOLERANCE,
  PROP_QOS,
  PROP_LATE_FRAMES,
  PROP_POST_MESSAGES,
};

/* the other defaults are the core's, SISEG_DEFAULT_* in siseg.h */
#define DEFAULT_DEVICE "auto"
#define DEFAULT_SPLIT_CLASSES "all"
#define DEFAULT_SHOW_CLASSES "all"
#define DEFAULT_PALETTE ""
#define DEFAULT_DRAW_LABELS FALSE       /* until set; see its blurb */
#define DEFAULT_MASK_POLICY GST_SISEGMENT_MASK_POLICY_WAIT
#define DEFAULT_MASK_TOLERANCE -1
#define DEFAULT_QOS TRUE
#define DEFAULT_LATE_FRAMES GST_SISEGMENT_LATE_DROP
#define DEFAULT_POST_MESSAGES TRUE



G_DEFINE_ENUM_TYPE (GstSisegmentUnsplitMode, gst_sisegment_unsplit_mode,
    G_DEFINE_ENUM_VALUE (SISEG_CLASS_STUFF, "components"),
    G_DEFINE_ENUM_VALUE (SISEG_CLASS_SKIP, "skip"));
G_DEFINE_ENUM_TYPE (GstSisegmentMaskAlign, gst_sisegment_mask_align,
    G_DEFINE_ENUM_VALUE (SISEG_MASK_ALIGN_CENTRE, "centre"),
    G_DEFINE_ENUM_VALUE (SISEG_MASK_ALIGN_CORNER, "corner"));
G_DEFINE_ENUM_TYPE (GstSisegmentCbrMode, gst_sisegment_cbr_mode,
    G_DEFINE_ENUM_VALUE (SISEG_CBR_OFF, "off"),
    G_DEFINE_ENUM_VALUE (SISEG_CBR_AUTO, "auto"),
    G_DEFINE_ENUM_VALUE (SISEG_CBR_ON, "on"),
    G_DEFINE_ENUM_VALUE (SISEG_CBR_INSTANCES, "instances"));
G_DEFINE_ENUM_TYPE (GstSisegmentColorMode, gst_sisegment_color_mode,
    G_DEFINE_ENUM_VALUE (SISEG_COLOR_INSTANCE, "instance"),
    G_DEFINE_ENUM_VALUE (SISEG_COLOR_CLASS, "class"));
G_DEFINE_ENUM_TYPE (GstSisegmentMaskPolicy, gst_sisegment_mask_policy,
    G_DEFINE_ENUM_VALUE (GST_SISEGMENT_MASK_POLICY_WAIT, "wait"),
    G_DEFINE_ENUM_VALUE (GST_SISEGMENT_MASK_POLICY_REUSE, "reuse"),
    G_DEFINE_ENUM_VALUE (GST_SISEGMENT_MASK_POLICY_PASSTHROUGH, "passthrough"));
G_DEFINE_ENUM_TYPE (GstSisegmentLate, gst_sisegment_late,
    G_DEFINE_ENUM_VALUE (GST_SISEGMENT_LATE_DROP, "drop"),
    G_DEFINE_ENUM_VALUE (GST_SISEGMENT_LATE_UNDRAWN, "undrawn"));

#define PARAM_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | \
    GST_PARAM_MUTABLE_PLAYING)

static void
gst_sisegment_install_class_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_DEVICE,
      g_param_spec_string ("device", "Device", "OpenCL device: auto, cpu, "
          "gpu, P.D (platform.device index), reference (plain C), or part "
          "of a device name", DEFAULT_DEVICE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_BACKGROUND_CLASS,
      g_param_spec_int ("background-class", "Background class",
          "Class id that makes no instance (-1: none)", -1,
          SISEG_MAX_CLASSES - 1, SISEG_DEFAULT_BACKGROUND_CLASS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_IGNORE_CLASS,
      g_param_spec_int ("ignore-class", "Ignore class",
          "Class id of unlabelled pixels, which make no instance (-1: none)",
          -1, SISEG_MAX_CLASSES - 1, SISEG_DEFAULT_IGNORE_CLASS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_SPLIT_CLASSES,
      g_param_spec_string ("split-classes", "Split classes", "Classes split "
          "into instances: \"all\" or a comma-separated list of class ids",
          DEFAULT_SPLIT_CLASSES, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_UNSPLIT_MODE,
      g_param_spec_enum ("unsplit-mode", "Unsplit mode", "What classes not "
          "in split-classes become", GST_TYPE_SISEGMENT_UNSPLIT_MODE,
          SISEG_DEFAULT_UNSPLIT_MODE, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_SHOW_CLASSES,
      g_param_spec_string ("show-classes", "Show classes", "Classes drawn: "
          "\"all\" or a comma-separated list of class ids",
          DEFAULT_SHOW_CLASSES, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_PALETTE,
      g_param_spec_string ("palette", "Palette", "Instance colours: comma-"
          "separated RRGGBB hex values (empty: built-in), taken in turn by "
          "object id, or by class id with color-mode=class",
          DEFAULT_PALETTE, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_COLOR_MODE,
      g_param_spec_enum ("color-mode", "Colour mode", "Colour of an "
          "instance: instance, palette entry (object id - 1) modulo its "
          "length, a colour per object; class, entry class id modulo its "
          "length, one colour for every instance of a class",
          GST_TYPE_SISEGMENT_COLOR_MODE, SISEG_DEFAULT_COLOR_MODE,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_LABELS_FILE,
      g_param_spec_string ("labels-file", "Labels file", "Class names, one "
          "a line, the first naming class 0 (default label: class-N): a "
          "regular UTF-8 text file of at most 4 MiB", NULL, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_JSON_LOCATION,
      g_param_spec_string ("json-location", "JSON location", "File to write "
          "one JSON object per frame to (JSON Lines); none when unset", NULL,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MASK_POLICY,
      g_param_spec_enum ("mask-policy", "Mask policy", "What a frame gets "
          "when its mask is late or missing", GST_TYPE_SISEGMENT_MASK_POLICY,
          DEFAULT_MASK_POLICY, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MASK_TOLERANCE,
      g_param_spec_int64 ("mask-tolerance", "Mask tolerance", "Largest "
          "running-time difference between a frame and its mask (ns); -1: "
          "the longer of a frame's and a mask's duration (1/30 s if the "
          "streams do not say)", -1, G_MAXINT64, DEFAULT_MASK_TOLERANCE,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_QOS,
      g_param_spec_boolean ("qos", "QoS", "Handle quality of service: a "
          "frame already late (downstream's QoS events, or live, its "
          "deadline passed) is not segmented; see late-frames", DEFAULT_QOS,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_LATE_FRAMES,
      g_param_spec_enum ("late-frames", "Late frames", "What a late frame "
          "gets with qos: dropped, or passed on undrawn",
          GST_TYPE_SISEGMENT_LATE, DEFAULT_LATE_FRAMES, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_POST_MESSAGES,
      g_param_spec_boolean ("post-messages", "Post messages", "Post an "
          "element message named \"sisegment\" per frame: timestamp, "
          "stream-time, running-time, duration, has-mask, and instances, a "
          "list of structures (id, object-id with tracking, class-id, "
          "label, x, y, w, h, area, score)", DEFAULT_POST_MESSAGES,
          PARAM_FLAGS));
}

static void
gst_sisegment_install_param_properties (GObjectClass * gobject_class)
{
  g_object_class_install_property (gobject_class, PROP_MAX_SIZE,
      g_param_spec_int ("max-size", "Max size", "Longest side of the "
          "processing resolution: larger frames are processed scaled down, "
          "the results drawn and reported at the frame's size", 1, 16384,
          SISEG_DEFAULT_MAX_SIZE, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MASK_ALIGN,
      g_param_spec_enum ("mask-align", "Mask align",
          "How a mask of another size than the frame sits on it: centre, "
          "pixel centres aligned (bilinear-style resizers, PIL); corner, "
          "mask pixel i is the frame's pixel i * scale (mask[::k] "
          "subsampling, OpenCV INTER_NEAREST, strided convolutions)",
          GST_TYPE_SISEGMENT_MASK_ALIGN, SISEG_DEFAULT_MASK_ALIGN,
          PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_EDGE_WEIGHT,
      g_param_spec_float ("edge-weight", "Edge weight", "Weight of image "
          "edges along the border of two basins as evidence that they are "
          "two objects (0: the mask only)", 0.0f, 100.0f,
          SISEG_DEFAULT_EDGE_WEIGHT, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MERGE_DEPTH,
      g_param_spec_float ("merge-depth", "Merge depth", "Smallest dip, in "
          "mask pixels, between two peaks that keeps their basins apart", 0.0f,
          10000.0f, SISEG_DEFAULT_MERGE_DEPTH, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MERGE_RATIO,
      g_param_spec_float ("merge-ratio", "Merge ratio",
          "Dip, relative to the lower peak, that keeps two basins apart",
          0.0f, 1.0f, SISEG_DEFAULT_MERGE_RATIO, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_PEAK_RATIO,
      g_param_spec_float ("peak-ratio", "Peak ratio",
          "Smallest ratio of the "
          "lower to the higher peak for two basins to stay apart", 0.0f, 1.0f,
          SISEG_DEFAULT_PEAK_RATIO, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_BORDER_RATIO,
      g_param_spec_float ("border-ratio", "Border ratio",
          "Longest common "
          "border of two basins that stay apart, relative to the square root "
          "of the smaller one's area",
          0.0f, 1000.0f, SISEG_DEFAULT_BORDER_RATIO, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_MIN_AREA,
      g_param_spec_uint ("min-area", "Min area",
          "Smallest instance, in mask pixels: smaller fragments join a "
          "neighbour", 0, G_MAXINT, SISEG_DEFAULT_MIN_AREA, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_CBR_MODE,
      g_param_spec_enum ("cbr-mode", "CBR mode",
          "Refinement of borders along image edges: auto refines instance "
          "and class borders when the mask is coarser than the processing "
          "size and nothing otherwise; on, always both; instances, instance "
          "borders only",
          GST_TYPE_SISEGMENT_CBR_MODE, SISEG_DEFAULT_CBR_MODE, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_CBR_ITERATIONS,
      g_param_spec_int ("cbr-iterations", "CBR iterations",
          "Iterations of " "the border refinement", 0, 100,
          SISEG_DEFAULT_CBR_ITERATIONS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_CBR_BAND,
      g_param_spec_int ("cbr-band", "CBR band",
          "Half-width in pixels of the " "refined band around borders", 0, 256,
          SISEG_DEFAULT_CBR_BAND, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_ALPHA,
      g_param_spec_float ("alpha", "Alpha", "Opacity of filled masks", 0.0f,
          1.0f, SISEG_DEFAULT_ALPHA, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_FILL,
      g_param_spec_boolean ("draw-fill", "Draw fill", "Fill instances",
          SISEG_DEFAULT_FILL, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_CONTOURS,
      g_param_spec_boolean ("draw-contours", "Draw contours",
          "Outline " "instances", SISEG_DEFAULT_CONTOURS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_BOXES,
      g_param_spec_boolean ("draw-boxes", "Draw boxes", "Draw bounding boxes",
          SISEG_DEFAULT_BOXES, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_DRAW_LABELS,
      g_param_spec_boolean ("draw-labels", "Draw labels", "Write each "
          "instance's class label, id (the object id with tracking) and "
          "score at its box's top-left corner, or its centroid without "
          "boxes. Until set, it reads TRUE when draw-boxes is TRUE or "
          "labels-file is set, FALSE otherwise; once set, it stays as set",
          DEFAULT_DRAW_LABELS, PARAM_FLAGS));
  g_object_class_install_property (gobject_class, PROP_TRACKING,
      g_param_spec_boolean ("tracking", "Tracking",
          "Keep an object's id and " "colour across frames",
          SISEG_DEFAULT_TRACKING, PARAM_FLAGS));
}

void
gst_sisegment_install_properties (GObjectClass * gobject_class)
{
  gst_sisegment_install_class_properties (gobject_class);
  gst_sisegment_install_param_properties (gobject_class);

  gst_type_mark_as_plugin_api (GST_TYPE_SISEGMENT_UNSPLIT_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SISEGMENT_CBR_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SISEGMENT_COLOR_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SISEGMENT_MASK_POLICY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SISEGMENT_LATE, 0);
}

void
gst_sisegment_properties_init (GstSisegment * self)
{
  self->device = g_strdup (DEFAULT_DEVICE);
  siseg_params_init (&self->params);
  self->split_classes = g_strdup (DEFAULT_SPLIT_CLASSES);
  self->show_classes = g_strdup (DEFAULT_SHOW_CLASSES);
  self->palette_text = g_strdup (DEFAULT_PALETTE);
  self->mask_policy = DEFAULT_MASK_POLICY;
  self->mask_tolerance = DEFAULT_MASK_TOLERANCE;
  self->qos = DEFAULT_QOS;
  self->late_frames = DEFAULT_LATE_FRAMES;
  self->post_messages = DEFAULT_POST_MESSAGES;
  self->proportion = 1.0;
  self->earliest_time = GST_CLOCK_TIME_NONE;
}

void
gst_sisegment_properties_clear (GstSisegment * self)
{
  g_free (self->device);
  g_free (self->split_classes);
  g_clear_pointer (&self->split_ids, g_array_unref);
  g_free (self->show_classes);
  g_clear_pointer (&self->class_visible, g_array_unref);
  g_free (self->palette_text);
  g_clear_pointer (&self->palette, g_array_unref);
  g_free (self->labels_file);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_free (self->warning);
  g_free (self->json_location);
}

/* With the object lock. */
static void
gst_sisegment_set_show_classes (GstSisegment * self, const gchar * text)
{
  GArray *ids;

  if (!gst_siseg_classes_parse (text, &ids)) {
    GST_WARNING_OBJECT (self, "show-classes: not \"all\" nor a list of "
        "class ids: \"%s\"; kept \"%s\"", text, self->show_classes);
    return;
  }
  g_clear_pointer (&self->class_visible, g_array_unref);
  if (ids != NULL) {
    self->class_visible = gst_siseg_class_visible_new (ids);
    g_array_unref (ids);
  }
  g_free (self->show_classes);
  self->show_classes = g_strdup (text);
}

/* With the object lock. */
static void
gst_sisegment_set_split_classes (GstSisegment * self, const gchar * text)
{
  GArray *ids;

  if (!gst_siseg_classes_parse (text, &ids)) {
    GST_WARNING_OBJECT (self, "split-classes: not \"all\" nor a list of "
        "class ids: \"%s\"; kept \"%s\"", text, self->split_classes);
    return;
  }
  g_clear_pointer (&self->split_ids, g_array_unref);
  self->split_ids = ids;
  g_free (self->split_classes);
  self->split_classes = g_strdup (text);
}

/* With the object lock. */
static void
gst_sisegment_set_palette (GstSisegment * self, const gchar * text)
{
  GArray *colours;

  if (!gst_siseg_palette_parse (text, &colours)) {
    GST_WARNING_OBJECT (self, "palette: not a list of RRGGBB values: \"%s\"",
        text);
    return;
  }
  g_clear_pointer (&self->palette, g_array_unref);
  self->palette = colours;
  g_free (self->palette_text);
  self->palette_text = g_strdup (text ? text : "");
}

/* Reads the file without the object lock, then takes it. What was wrong
 * with the file is posted as a warning when the element starts or with the
 * next frame (there may be no bus yet). */
static void
gst_sisegment_set_labels_file (GstSisegment * self, const gchar * path)
{
  GPtrArray *labels = NULL;
  GError *error = NULL;
  gchar *warning = NULL;

  if (path != NULL && path[0] != '\0'
      && !(labels = gst_siseg_labels_load (path, &warning, &error))) {
    warning = g_strdup_printf ("labels-file: %s; the labels are class-N",
        error->message);
    g_clear_error (&error);
  }
  if (warning)
    GST_WARNING_OBJECT (self, "%s", warning);

  GST_OBJECT_LOCK (self);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  self->labels = labels;
  g_free (self->labels_file);
  self->labels_file = g_strdup (path);
  g_free (self->warning);
  self->warning = warning;
  GST_OBJECT_UNLOCK (self);
}

/* With the object lock: draw-labels as set, else on with boxes or a
 * labels file. */
static gboolean
gst_sisegment_labels_on (GstSisegment * self)
{
  if (self->draw_labels_set)
    return self->draw_labels;
  return self->params.boxes || (self->labels_file && self->labels_file[0]);
}

gchar *
gst_sisegment_take_warning (GstSisegment * self)
{
  gchar *warning;

  GST_OBJECT_LOCK (self);
  warning = g_steal_pointer (&self->warning);
  GST_OBJECT_UNLOCK (self);
  return warning;
}

/* The properties that are SisegParams fields, by type. */
static const struct
{
  guint prop_id;
  gsize offset;
} param_fields[] = {
  {PROP_BACKGROUND_CLASS, G_STRUCT_OFFSET (SisegParams, background_class)},
  {PROP_IGNORE_CLASS, G_STRUCT_OFFSET (SisegParams, ignore_class)},
  {PROP_UNSPLIT_MODE, G_STRUCT_OFFSET (SisegParams, unsplit_mode)},
  {PROP_MAX_SIZE, G_STRUCT_OFFSET (SisegParams, max_size)},
  {PROP_MASK_ALIGN, G_STRUCT_OFFSET (SisegParams, mask_align)},
  {PROP_EDGE_WEIGHT, G_STRUCT_OFFSET (SisegParams, edge_weight)},
  {PROP_MERGE_DEPTH, G_STRUCT_OFFSET (SisegParams, merge_depth)},
  {PROP_MERGE_RATIO, G_STRUCT_OFFSET (SisegParams, merge_ratio)},
  {PROP_PEAK_RATIO, G_STRUCT_OFFSET (SisegParams, peak_ratio)},
  {PROP_BORDER_RATIO, G_STRUCT_OFFSET (SisegParams, border_ratio)},
  {PROP_MIN_AREA, G_STRUCT_OFFSET (SisegParams, min_area)},
  {PROP_CBR_MODE, G_STRUCT_OFFSET (SisegParams, cbr_mode)},
  {PROP_CBR_ITERATIONS, G_STRUCT_OFFSET (SisegParams, cbr_iterations)},
  {PROP_CBR_BAND, G_STRUCT_OFFSET (SisegParams, cbr_band)},
  {PROP_ALPHA, G_STRUCT_OFFSET (SisegParams, alpha)},
  {PROP_DRAW_FILL, G_STRUCT_OFFSET (SisegParams, fill)},
  {PROP_DRAW_CONTOURS, G_STRUCT_OFFSET (SisegParams, contours)},
  {PROP_DRAW_BOXES, G_STRUCT_OFFSET (SisegParams, boxes)},
  {PROP_COLOR_MODE, G_STRUCT_OFFSET (SisegParams, color_mode)},
  {PROP_TRACKING, G_STRUCT_OFFSET (SisegParams, tracking)},
};

static gpointer
gst_sisegment_param_field (SisegParams * p, guint prop_id)
{
  guint i;

  for (i = 0; i < G_N_ELEMENTS (param_fields); i++)
    if (param_fields[i].prop_id == prop_id)
      return G_STRUCT_MEMBER_P (p, param_fields[i].offset);
  return NULL;
}

/* With the object lock. FALSE if prop_id is no SisegParams field. */
static gboolean
gst_sisegment_set_param (SisegParams * p, guint prop_id, const GValue * v)
{
  gpointer field = gst_sisegment_param_field (p, prop_id);

  if (field == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_INT (v))
    *(gint *) field = g_value_get_int (v);
  else if (G_VALUE_HOLDS_UINT (v))
    *(guint *) field = g_value_get_uint (v);
  else if (G_VALUE_HOLDS_FLOAT (v))
    *(gfloat *) field = g_value_get_float (v);
  else if (G_VALUE_HOLDS_BOOLEAN (v))
    *(gboolean *) field = g_value_get_boolean (v);
  else
    *(gint *) field = g_value_get_enum (v);     /* enums are ints */
  return TRUE;
}

static gboolean
gst_sisegment_get_param (SisegParams * p, guint prop_id, GValue * v)
{
  gpointer field = gst_sisegment_param_field (p, prop_id);

  if (field == NULL)
    return FALSE;
  if (G_VALUE_HOLDS_INT (v))
    g_value_set_int (v, *(gint *) field);
  else if (G_VALUE_HOLDS_UINT (v))
    g_value_set_uint (v, *(guint *) field);
  else if (G_VALUE_HOLDS_FLOAT (v))
    g_value_set_float (v, *(gfloat *) field);
  else if (G_VALUE_HOLDS_BOOLEAN (v))
    g_value_set_boolean (v, *(gboolean *) field);
  else
    g_value_set_enum (v, *(gint *) field);
  return TRUE;
}

void
gst_sisegment_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSisegment *self = GST_SISEGMENT (object);

  if (prop_id == PROP_LABELS_FILE) {
    gst_sisegment_set_labels_file (self, g_value_get_string (value));
    return;
  }

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DEVICE:
      g_free (self->device);
      self->device = g_value_dup_string (value);
      break;
    case PROP_SPLIT_CLASSES:
      gst_sisegment_set_split_classes (self, g_value_get_string (value));
      break;
    case PROP_SHOW_CLASSES:
      gst_sisegment_set_show_classes (self, g_value_get_string (value));
      break;
    case PROP_PALETTE:
      gst_sisegment_set_palette (self, g_value_get_string (value));
      break;
    case PROP_DRAW_LABELS:
      self->draw_labels = g_value_get_boolean (value);
      self->draw_labels_set = TRUE;
      break;
    case PROP_JSON_LOCATION:
      g_free (self->json_location);
      self->json_location = g_value_dup_string (value);
      break;
    case PROP_MASK_POLICY:
      self->mask_policy = g_value_get_enum (value);
      break;
    case PROP_MASK_TOLERANCE:
      self->mask_tolerance = g_value_get_int64 (value);
      break;
    case PROP_QOS:
      self->qos = g_value_get_boolean (value);
      break;
    case PROP_LATE_FRAMES:
      self->late_frames = g_value_get_enum (value);
      break;
    case PROP_POST_MESSAGES:
      self->post_messages = g_value_get_boolean (value);
      break;
    default:
      if (!gst_sisegment_set_param (&self->params, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_sisegment_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstSisegment *self = GST_SISEGMENT (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_SPLIT_CLASSES:
      g_value_set_string (value, self->split_classes);
      break;
    case PROP_SHOW_CLASSES:
      g_value_set_string (value, self->show_classes);
      break;
    case PROP_PALETTE:
      g_value_set_string (value, self->palette_text);
      break;
    case PROP_LABELS_FILE:
      g_value_set_string (value, self->labels_file);
      break;
    case PROP_DRAW_LABELS:
      g_value_set_boolean (value, gst_sisegment_labels_on (self));
      break;
    case PROP_JSON_LOCATION:
      g_value_set_string (value, self->json_location);
      break;
    case PROP_MASK_POLICY:
      g_value_set_enum (value, self->mask_policy);
      break;
    case PROP_MASK_TOLERANCE:
      g_value_set_int64 (value, self->mask_tolerance);
      break;
    case PROP_QOS:
      g_value_set_boolean (value, self->qos);
      break;
    case PROP_LATE_FRAMES:
      g_value_set_enum (value, self->late_frames);
      break;
    case PROP_POST_MESSAGES:
      g_value_set_boolean (value, self->post_messages);
      break;
    default:
      if (!gst_sisegment_get_param (&self->params, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

void
gst_sisegment_settings_get (GstSisegment * self, GstSisegmentSettings * s)
{
  SisegParams *p = &s->params;

  GST_OBJECT_LOCK (self);
  *p = self->params;
  s->split_ids = self->split_ids ? g_array_ref (self->split_ids) : NULL;
  s->class_visible = self->class_visible ?
      g_array_ref (self->class_visible) : NULL;
  s->palette = self->palette ? g_array_ref (self->palette) : NULL;
  s->labels = self->labels ? g_ptr_array_ref (self->labels) : NULL;
  s->policy = self->mask_policy;
  s->tolerance = self->mask_tolerance;
  s->qos = self->qos;
  s->late = self->late_frames;
  s->post_messages = self->post_messages;
  s->draw_labels = gst_sisegment_labels_on (self);
  s->json_location = g_strdup (self->json_location);
  s->warning = g_steal_pointer (&self->warning);
  GST_OBJECT_UNLOCK (self);

  p->split_classes = s->split_ids ? (const guint *) s->split_ids->data : NULL;
  p->n_split_classes = s->split_ids ? s->split_ids->len : 0;
  p->class_visible = s->class_visible ?
      (const guint8 *) s->class_visible->data : NULL;
  p->n_class_visible = s->class_visible ? s->class_visible->len : 0;
  p->palette = s->palette ? (const guint32 *) s->palette->data : NULL;
  p->n_palette = s->palette ? s->palette->len : 0;
}

void
gst_sisegment_settings_clear (GstSisegmentSettings * s)
{
  g_clear_pointer (&s->split_ids, g_array_unref);
  g_clear_pointer (&s->class_visible, g_array_unref);
  g_clear_pointer (&s->palette, g_array_unref);
  g_clear_pointer (&s->labels, g_ptr_array_unref);
  g_free (s->json_location);
  g_free (s->warning);
}
