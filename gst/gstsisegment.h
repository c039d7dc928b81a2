/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#ifndef __GST_SISEGMENT_H__
#define __GST_SISEGMENT_H__

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>
#include <gst/video/video.h>

#include "gstsisegjson.h"
#include "gstsiseglabels.h"
#include "gstsisegmeta.h"
#include "gstsisegparse.h"
#include "siseg.h"

G_BEGIN_DECLS

#define GST_TYPE_SISEGMENT (gst_sisegment_get_type ())
G_DECLARE_FINAL_TYPE (GstSisegment, gst_sisegment, GST, SISEGMENT,
    GstAggregator);

/* What a frame gets when it is late (QoS). */
typedef enum
{
  GST_SISEGMENT_LATE_DROP,
  GST_SISEGMENT_LATE_UNDRAWN,
} GstSisegmentLate;

/* processing times kept for the latency estimate */
#define GST_SISEGMENT_LATENCY_WINDOW 64

/* What a frame gets when its mask is late or missing. */
typedef enum
{
  GST_SISEGMENT_MASK_POLICY_WAIT,
  GST_SISEGMENT_MASK_POLICY_REUSE,
  GST_SISEGMENT_MASK_POLICY_PASSTHROUGH,
} GstSisegmentMaskPolicy;

struct _GstSisegment
{
  GstAggregator parent;

  GstAggregatorPad *sinkpad;    /* set in init, then constant */
  GstAggregatorPad *maskpad;
  gint mask_unlinked;           /* atomic: the mask pad was given EOS for
                                 * having no peer at PAUSED */

  /* properties, and what is built from them: object lock */
  gchar *device;
  SisegParams params;           /* pointers unset: see the arrays below */
  gchar *split_classes;
  GArray *split_ids;            /* guint class ids; NULL: all */
  gchar *show_classes;
  GArray *class_visible;        /* guint8 per class id; NULL: all shown */
  gchar *palette_text;
  GArray *palette;              /* guint32 0xRRGGBB; NULL: built-in */
  gchar *labels_file;
  GPtrArray *labels;            /* gchar *, index = class id; may be NULL */
  gboolean draw_labels;         /* as set, once draw_labels_set */
  gboolean draw_labels_set;
  gchar *warning;               /* about the properties, to post once */
  gchar *json_location;
  GstSisegmentMaskPolicy mask_policy;
  gint64 mask_tolerance;        /* -1: from the streams' frame durations */
  gboolean qos;
  GstSisegmentLate late_frames;
  gboolean post_messages;

  /* what downstream's QoS events said: object lock */
  gdouble proportion;
  GstClockTime earliest_time;   /* frames up to it are late */

  /* streaming state: the aggregator's src thread only (caps and segment
   * events on the sink pads are handled there too), and start/stop */
  SisegContext *ctx;
  GstCaps *sink_caps;
  GstVideoInfo vinfo;           /* frames */
  GstVideoInfo minfo;           /* masks now arriving */
  GstVideoInfo out_info;
  gboolean output_ids;          /* src caps are the GRAY16 id map */
  GstBuffer *mask;              /* newest mask at or before the frame */
  GstVideoInfo mask_info;       /* its caps */
  GstClockTime mask_rt;         /* its running time */
  gboolean mask_used;           /* a frame was drawn with it */
  GstBuffer *used_mask;         /* the queued mask a frame was drawn with */
  guint64 n_frames;
  GstSisegJson *json;
  GstSisegLabeller *labeller;   /* text labels drawn, made at first use */
  guint16 *ids;                 /* frame-size id map for JSON, reused */
  gsize ids_len;
  GstBufferPool *ids_pool;      /* the id-map meta's buffers, */
  GstVideoInfo ids_info;        /* their GRAY16_LE frame size */
  GstClockTime latency;         /* the latency we report */
  GstClockTime samples[GST_SISEGMENT_LATENCY_WINDOW];   /* processing times */
  guint n_samples, next_sample, since_change;
  guint64 processed, dropped;   /* frames on time, late ones (QoS) */
  gboolean discont;             /* the next frame out follows a dropped one */
};

/* The properties as one frame uses them, copied under the object lock. */
typedef struct
{
  SisegParams params;
  GArray *split_ids;
  GArray *class_visible;
  GArray *palette;
  GPtrArray *labels;
  gboolean draw_labels;
  GstSisegmentMaskPolicy policy;
  gint64 tolerance;             /* -1: auto */
  gboolean qos;
  GstSisegmentLate late;
  gboolean post_messages;
  gchar *json_location;
  gchar *warning;               /* to post, taken from the element's */
} GstSisegmentSettings;

/* the properties, and their copy for one frame */
#define GST_TYPE_SISEGMENT_UNSPLIT_MODE (gst_sisegment_unsplit_mode_get_type ())
#define GST_TYPE_SISEGMENT_CBR_MODE (gst_sisegment_cbr_mode_get_type ())
#define GST_TYPE_SISEGMENT_COLOR_MODE (gst_sisegment_color_mode_get_type ())
#define GST_TYPE_SISEGMENT_MASK_ALIGN (gst_sisegment_mask_align_get_type ())
#define GST_TYPE_SISEGMENT_MASK_POLICY (gst_sisegment_mask_policy_get_type ())
#define GST_TYPE_SISEGMENT_LATE (gst_sisegment_late_get_type ())
GType gst_sisegment_unsplit_mode_get_type (void);
GType gst_sisegment_cbr_mode_get_type (void);
GType gst_sisegment_color_mode_get_type (void);
GType gst_sisegment_mask_align_get_type (void);
GType gst_sisegment_mask_policy_get_type (void);
GType gst_sisegment_late_get_type (void);

void gst_sisegment_install_properties (GObjectClass * gobject_class);
void gst_sisegment_properties_init (GstSisegment * self);
void gst_sisegment_properties_clear (GstSisegment * self);
void gst_sisegment_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
void gst_sisegment_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
void gst_sisegment_settings_get (GstSisegment * self,
    GstSisegmentSettings * s);
void gst_sisegment_settings_clear (GstSisegmentSettings * s);
gchar *gst_sisegment_take_warning (GstSisegment * self);

/* gstsisegmentpair.c: frames and masks paired by running time */
GstClockTime gst_sisegment_running_time (GstAggregatorPad * pad,
    GstBuffer * buffer);
GstBuffer *gst_sisegment_select_mask (GstSisegment * self,
    GstClockTime frame_rt, GstClockTime tolerance, gboolean timeout,
    const GstSisegmentSettings * s, GstVideoInfo * info, gboolean * wait);
GstClockTime gst_sisegment_tolerance (GstSisegment * self,
    const GstSisegmentSettings * s, GstBuffer * frame);

/* gstsisegmentlive.c: the latency answered and quality of service */
void gst_sisegment_latency_reset (GstSisegment * self);
void gst_sisegment_latency_add (GstSisegment * self, GstClockTime t);
void gst_sisegment_qos_reset (GstSisegment * self);
void gst_sisegment_qos_event (GstSisegment * self, GstEvent * event);
/* TRUE when the frame is late: counted, a QoS message posted */
gboolean gst_sisegment_frame_late (GstSisegment * self, GstBuffer * frame,
    GstClockTime rt);

/* gstsisegmentoutput.c: a frame segmented, drawn and pushed (undrawn when
 * mask is NULL), and a failure reported */
GstFlowReturn gst_sisegment_output (GstSisegment * self,
    const GstSisegmentSettings * s, GstBuffer * frame, GstBuffer * mask,
    GstVideoInfo * minfo);
GstFlowReturn gst_sisegment_error (GstSisegment * self, GError ** error);

GST_ELEMENT_REGISTER_DECLARE (sisegment);

G_END_DECLS

#endif /* __GST_SISEGMENT_H__ */
