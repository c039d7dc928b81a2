/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The OpenCV side of sisegmodel: reads the model, turns a frame into its
 * input blob, runs it and turns its output into class ids. Every OpenCV
 * call sits inside a try block; cv::Exception and std::exception become
 * GErrors.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/core/ocl.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "gstsisegdnn.h"
#include "gstsisegonnx.h"

struct _GstSisegDnn
{
  std::mutex lock;              /* probes may come from a caps query */
  cv::dnn::Net net;
  std::string path;
  std::string device;
  GstSisegDnnShape input;       /* as the file declares it */
  GstSisegDnnShape shape;       /* at the last probe */
  /* reused from frame to frame */
  cv::Mat rgb, scaled, canvas, converted, blob, i420;
  std::vector < float >best;
};

/* The text of what OpenCV (or the C++ library) said. */
static std::string
exception_text (const std::exception & e)
{
  const cv::Exception *cve = dynamic_cast < const cv::Exception * >(&e);
  std::string text = cve ? cve->err : e.what ();

  /* nested OpenCV errors come as "> message\n>\n" */
  while (!text.empty () && strchr ("\n >", text.back ()))
    text.pop_back ();
  while (!text.empty () && strchr ("\n >", text.front ()))
    text.erase (0, 1);
  return text;
}

static std::string
shape_text (const cv::Mat & m)
{
  std::string s;

  for (int i = 0; i < m.dims; i++)
    s += (i ? "x" : "") + std::to_string (m.size[i]);
  return s.empty ()? "(empty)" : s;
}

/* The input dimensions an ONNX file declares (NCHW). */
static gboolean
dnn_read_onnx_input (GstSisegDnn * dnn, const guint8 * data, gsize len,
    GError ** error)
{
  gint64 dims[GST_SISEG_ONNX_MAX_DIMS];
  guint n = 0;
  GError *err = NULL;

  if (!gst_siseg_onnx_input_shape (data, len, dims, &n, &err)) {
    g_set_error (error, err->domain, err->code, "%s: %s", dnn->path.c_str (),
        err->message);
    g_error_free (err);
    return FALSE;
  }
  if (n != 4 || dims[0] > 1 || (dims[1] != 0 && dims[1] != 1
          && dims[1] != 3)) {
    std::string s;

    for (guint i = 0; i < n; i++)
      s += (i ? "x" : "") + (dims[i] ? std::to_string (dims[i]) : "?");
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_SETTINGS,
        "%s: input shape %s, want 1x3xHxW or 1x1xHxW (NCHW)",
        dnn->path.c_str (), s.c_str ());
    return FALSE;
  }
  dnn->input.in_channels = dims[1] ? dims[1] : 3;
  dnn->input.in_height = dims[2];
  dnn->input.in_width = dims[3];
  return TRUE;
}

/* A boolean as OpenCV reads its configuration variables. */
static bool
dnn_env_true (const char *name)
{
  const gchar *v = g_getenv (name);

  return v && (g_ascii_strcasecmp (v, "1") == 0
      || g_ascii_strcasecmp (v, "true") == 0
      || g_ascii_strcasecmp (v, "on") == 0);
}

static void
dnn_set_target (GstSisegDnn * dnn, GstSisegDnnTarget target)
{
  static const int targets[] = {
    cv::dnn::DNN_TARGET_CPU, cv::dnn::DNN_TARGET_OPENCL,
    cv::dnn::DNN_TARGET_OPENCL_FP16
  };

  dnn->net.setPreferableBackend (cv::dnn::DNN_BACKEND_OPENCV);
  dnn->net.setPreferableTarget (targets[target]);
  dnn->device = "CPU";
  if (target == GST_SISEG_DNN_TARGET_CPU)
    return;
  /* OpenCV's own rule, applied at the first run */
  if (!cv::ocl::useOpenCL ()) {
    dnn->device = "CPU (OpenCV picks no OpenCL GPU; OPENCV_OPENCL_DEVICE "
        "picks other devices)";
  } else if (cv::ocl::Device::getDefault ().type () !=
      cv::ocl::Device::TYPE_GPU && !dnn_env_true
      ("OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES")) {
    dnn->device = "CPU (OpenCV's DNN takes OpenCL GPUs only; "
        "OPENCV_DNN_OPENCL_ALLOW_ALL_DEVICES=1 allows "
        + cv::ocl::Device::getDefault ().name () + ")";
  } else {
    dnn->device = "OpenCL: " + cv::ocl::Device::getDefault ().name ();
  }
}

GstSisegDnn *
gst_siseg_dnn_new (const gchar * path, GstSisegDnnTarget target,
    GError ** error)
{
  GstSisegDnn *dnn = new GstSisegDnn ();
  GError *err = NULL;
  gchar *data = NULL;
  gsize len = 0;

  dnn->path = path;
  dnn->input = GstSisegDnnShape ();
  dnn->input.in_channels = 3;
  if (!g_file_get_contents (path, &data, &len, &err)) {
    g_set_error (error, GST_RESOURCE_ERROR, err->code == G_FILE_ERROR_NOENT ?
        GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ, "%s",
        err->message);
    g_error_free (err);
    goto failed;
  }
  try {
    if (g_str_has_suffix (path, ".onnx")) {
      dnn->net = cv::dnn::readNetFromONNX (data, len);
      if (!dnn_read_onnx_input (dnn, (const guint8 *) data, len, error))
        goto failed;
    } else {
      dnn->net = cv::dnn::readNet (path);
    }
    if (dnn->net.empty ()) {
      g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
          "%s: OpenCV read no network from it", path);
      goto failed;
    }
    dnn_set_target (dnn, target);
  } catch (const std::exception & e) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
        "%s: OpenCV cannot read the model: %s", path,
        exception_text (e).c_str ());
    goto failed;
  } catch ( ...) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_INIT,
        "%s: OpenCV cannot read the model", path);
    goto failed;
  }
  g_free (data);
  return dnn;

failed:
  g_free (data);
  delete dnn;
  return NULL;
}

void
gst_siseg_dnn_free (GstSisegDnn * dnn)
{
  delete dnn;
}

void
gst_siseg_dnn_get_input (GstSisegDnn * dnn, GstSisegDnnShape * shape)
{
  *shape = dnn->input;
}

const gchar *
gst_siseg_dnn_device (GstSisegDnn * dnn)
{
  return dnn->device.c_str ();
}

/* Checks the output blob; with the lock. */
static gboolean
dnn_check_output (GstSisegDnn * dnn, const cv::Mat & out, GError ** error)
{
  if (out.dims != 4 || out.size[0] != 1 || out.type () != CV_32F
      || out.size[1] < 1 || out.size[1] > 65536) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
        "%s: output shape %s (%s) makes no class map: want 1xCxHxW float "
        "scores, C from 1 to 65536", dnn->path.c_str (),
        shape_text (out).c_str (), cv::typeToString (out.type ()).c_str ());
    return FALSE;
  }
  return TRUE;
}

gboolean
gst_siseg_dnn_probe (GstSisegDnn * dnn, gint width, gint height,
    GstSisegDnnShape * shape, GError ** error)
{
  std::lock_guard < std::mutex > guard (dnn->lock);

  if (dnn->shape.channels && dnn->shape.in_width == width
      && dnn->shape.in_height == height) {
    *shape = dnn->shape;
    return TRUE;
  }
  try {
    int dims[] = { 1, (int) dnn->input.in_channels, height, width };
    cv::Mat blank (4, dims, CV_32F, cv::Scalar (0));
    cv::Mat out;
    gint64 start;

    dnn->net.setInput (blank);
    out = dnn->net.forward ();
    if (!dnn_check_output (dnn, out, error))
      return FALSE;
    dnn->shape = dnn->input;
    dnn->shape.channels = out.size[1];
    dnn->shape.height = out.size[2];
    dnn->shape.width = out.size[3];
    start = g_get_monotonic_time ();
    dnn->net.forward ();
    dnn->shape.run_us = g_get_monotonic_time () - start;
    dnn->shape.in_width = width;
    dnn->shape.in_height = height;
  }
  catch (const std::exception & e) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
        "%s: OpenCV cannot run the model at %dx%d: %s", dnn->path.c_str (),
        width, height, exception_text (e).c_str ());
    return FALSE;
  }
  catch ( ...) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
        "%s: OpenCV cannot run the model at %dx%d", dnn->path.c_str (),
        width, height);
    return FALSE;
  }
  *shape = dnn->shape;
  return TRUE;
}

/* The frame as packed 8-bit RGB or BGR (or grey), not yet scaled. */
static const cv::Mat &
dnn_frame_colour (GstSisegDnn * dnn, const GstVideoFrame * in, bool bgr,
    bool grey)
{
  GstVideoFormat format = GST_VIDEO_FRAME_FORMAT (in);
  int w = GST_VIDEO_FRAME_WIDTH (in), h = GST_VIDEO_FRAME_HEIGHT (in);
  int ew = w & ~1, eh = h & ~1;
  cv::Mat p0 (h, w, CV_8UC1, GST_VIDEO_FRAME_PLANE_DATA (in, 0),
      GST_VIDEO_FRAME_PLANE_STRIDE (in, 0));
  int code;

  if (format == GST_VIDEO_FORMAT_NV12 || format == GST_VIDEO_FORMAT_I420) {
    if (grey)
      return dnn->rgb = p0;
    if (ew == 0 || eh == 0) {   /* no chroma sample: the luma alone */
      cv::cvtColor (p0, dnn->converted, cv::COLOR_GRAY2RGB);
      return dnn->converted;
    }
    if (format == GST_VIDEO_FORMAT_NV12) {
      cv::Mat uv (h / 2, ew / 2, CV_8UC2, GST_VIDEO_FRAME_PLANE_DATA (in, 1),
          GST_VIDEO_FRAME_PLANE_STRIDE (in, 1));
      cv::cvtColorTwoPlane (p0 (cv::Rect (0, 0, ew, eh)), uv (cv::Rect (0, 0,
                  ew / 2, eh / 2)), dnn->converted,
          bgr ? cv::COLOR_YUV2BGR_NV12 : cv::COLOR_YUV2RGB_NV12);
      return dnn->converted;
    }
    /* I420 planes into the one block cvtColor wants */
    dnn->i420.create (eh * 3 / 2, ew, CV_8UC1);
    p0 (cv::Rect (0, 0, ew, eh)).copyTo (dnn->i420.rowRange (0, eh));
    for (int c = 1; c < 3; c++) {
      cv::Mat plane (h / 2, ew / 2, CV_8UC1,
          GST_VIDEO_FRAME_PLANE_DATA (in, c),
          GST_VIDEO_FRAME_PLANE_STRIDE (in, c));
      cv::Mat dst (eh / 2, ew / 2, CV_8UC1,
          dnn->i420.ptr (eh + (c - 1) * eh / 4));
      plane (cv::Rect (0, 0, ew / 2, eh / 2)).copyTo (dst);
    }
    cv::cvtColor (dnn->i420, dnn->converted,
        bgr ? cv::COLOR_YUV2BGR_I420 : cv::COLOR_YUV2RGB_I420);
    return dnn->converted;
  }

  switch (format) {
    case GST_VIDEO_FORMAT_RGB:
      code = grey ? cv::COLOR_RGB2GRAY : bgr ? cv::COLOR_RGB2BGR : -1;
      break;
    case GST_VIDEO_FORMAT_BGR:
      code = grey ? cv::COLOR_BGR2GRAY : bgr ? -1 : cv::COLOR_BGR2RGB;
      break;
    case GST_VIDEO_FORMAT_BGRA:
    case GST_VIDEO_FORMAT_BGRx:
      code = grey ? cv::COLOR_BGRA2GRAY : bgr ? cv::COLOR_BGRA2BGR :
          cv::COLOR_BGRA2RGB;
      break;
    default:                   /* RGBA, RGBx */
      code = grey ? cv::COLOR_RGBA2GRAY : bgr ? cv::COLOR_RGBA2BGR :
          cv::COLOR_RGBA2RGB;
      break;
  }
  dnn->rgb = cv::Mat (h, w, CV_8UC (GST_VIDEO_FRAME_COMP_PSTRIDE (in, 0)),
      GST_VIDEO_FRAME_PLANE_DATA (in, 0), GST_VIDEO_FRAME_PLANE_STRIDE (in,
          0));
  if (code < 0)
    return dnn->rgb;
  cv::cvtColor (dnn->rgb, dnn->converted, code);
  return dnn->converted;
}

void
gst_siseg_dnn_fit (const GstSisegDnnPre * pre, gint frame_width,
    gint frame_height, const GstSisegDnnShape * shape,
    GstVideoRectangle * in_rect, GstVideoRectangle * out_rect)
{
  GstVideoRectangle r = { 0, 0, pre->width, pre->height };
  gint ow = shape->width, oh = shape->height;

  if (pre->keep_aspect) {
    double s = MIN ((double) pre->width / frame_width,
        (double) pre->height / frame_height);

    r.w = CLAMP ((gint) (frame_width * s + 0.5), 1, pre->width);
    r.h = CLAMP ((gint) (frame_height * s + 0.5), 1, pre->height);
    r.x = (pre->width - r.w) / 2;
    r.y = (pre->height - r.h) / 2;
  }
  if (in_rect)
    *in_rect = r;
  /* the output pixels whose centres fall inside the frame's part */
  out_rect->x = (2 * r.x * ow + pre->width) / (2 * pre->width);
  out_rect->y = (2 * r.y * oh + pre->height) / (2 * pre->height);
  out_rect->w = MAX (1, (2 * (r.x + r.w) * ow + pre->width) /
      (2 * pre->width) - out_rect->x);
  out_rect->h = MAX (1, (2 * (r.y + r.h) * oh + pre->height) /
      (2 * pre->height) - out_rect->y);
}

/* The input blob, NCHW float: the frame scaled into @r of the input, black
 * around; with the lock. */
static void
dnn_make_blob (GstSisegDnn * dnn, const GstVideoFrame * in,
    const GstSisegDnnPre * pre, const GstVideoRectangle * r)
{
  bool grey = dnn->input.in_channels == 1;
  const cv::Mat & colour = dnn_frame_colour (dnn, in, pre->bgr, grey);
  cv::Size size (pre->width, pre->height), part (r->w, r->h);
  const cv::Mat *src = &colour;

  if (colour.size () != part) {
    bool shrink = colour.cols > part.width && colour.rows > part.height;

    cv::resize (colour, dnn->scaled, part, 0, 0,
        shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
    src = &dnn->scaled;
  }
  if (part != size) {
    dnn->canvas.create (size, src->type ());
    dnn->canvas.setTo (cv::Scalar::all (0));
    src->copyTo (dnn->canvas (cv::Rect (r->x, r->y, r->w, r->h)));
    src = &dnn->canvas;
  }
  cv::dnn::blobFromImage (*src, dnn->blob, pre->scale, cv::Size (),
      cv::Scalar (pre->mean[0], pre->mean[1], pre->mean[2]), false, false,
      CV_32F);
  for (int c = 0; c < dnn->blob.size[1]; c++) {
    if (pre->std[c] == 1.0)
      continue;
    cv::Mat plane (pre->height, pre->width, CV_32F, dnn->blob.ptr (0, c));
    plane *= 1.0 / pre->std[c];
  }
}

/* Class ids of output row @y, columns x0..x0+w-1: argmax, or a threshold
 * for one channel. */
template < typename T > static void
dnn_classes_row (const cv::Mat & out, int y, int x0, int w,
    const GstSisegDnnPost * post, T * row, float *best)
{
  int channels = out.size[1];
  const float *s = out.ptr < float >(0, 0, y) + x0;

  if (channels == 1) {
    for (int x = 0; x < w; x++)
      row[x] = s[x] > post->threshold ? post->class_of[0] : 0;
    return;
  }
  for (int x = 0; x < w; x++) {
    best[x] = s[x];
    row[x] = post->class_of[0];
  }
  for (int c = 1; c < channels; c++) {
    const float *sc = out.ptr < float >(0, c, y) + x0;
    T id = post->class_of[c];

    for (int x = 0; x < w; x++)
      if (sc[x] > best[x]) {
        best[x] = sc[x];
        row[x] = id;
      }
  }
}

/* The class ids of the scores in @r into @frame. */
static void
dnn_write_classes (GstSisegDnn * dnn, const cv::Mat & out,
    const GstVideoRectangle * r, const GstSisegDnnPost * post,
    GstVideoFrame * frame)
{
  guint8 *data = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  bool wide = GST_VIDEO_FRAME_FORMAT (frame) == GST_VIDEO_FORMAT_GRAY16_LE;

  dnn->best.resize (r->w);
  for (int y = 0; y < r->h; y++) {
    guint8 *row = data + y * stride;

    if (wide)
      dnn_classes_row (out, r->y + y, r->x, r->w, post, (guint16 *) row,
          dnn->best.data ());
    else
      dnn_classes_row (out, r->y + y, r->x, r->w, post, row,
          dnn->best.data ());
  }
}

gboolean
gst_siseg_dnn_run (GstSisegDnn * dnn, const GstVideoFrame * in,
    const GstSisegDnnPre * pre, const GstSisegDnnPost * post,
    GstVideoFrame * out, GError ** error)
{
  std::lock_guard < std::mutex > guard (dnn->lock);

  try {
    GstSisegDnnShape shape = dnn->shape;
    GstVideoRectangle in_rect, out_rect;
    cv::Mat scores;

    gst_siseg_dnn_fit (pre, GST_VIDEO_FRAME_WIDTH (in),
        GST_VIDEO_FRAME_HEIGHT (in), &shape, &in_rect, &out_rect);
    dnn_make_blob (dnn, in, pre, &in_rect);
    dnn->net.setInput (dnn->blob);
    scores = dnn->net.forward ();
    if (!dnn_check_output (dnn, scores, error))
      return FALSE;
    shape.height = scores.size[2];
    shape.width = scores.size[3];
    gst_siseg_dnn_fit (pre, GST_VIDEO_FRAME_WIDTH (in),
        GST_VIDEO_FRAME_HEIGHT (in), &shape, NULL, &out_rect);
    if ((guint) scores.size[1] != shape.channels
        || out_rect.w != GST_VIDEO_FRAME_WIDTH (out)
        || out_rect.h != GST_VIDEO_FRAME_HEIGHT (out)) {
      g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
          "%s: output shape %s gives no %dx%d class map of %u classes",
          dnn->path.c_str (), shape_text (scores).c_str (),
          GST_VIDEO_FRAME_WIDTH (out), GST_VIDEO_FRAME_HEIGHT (out),
          shape.channels);
      return FALSE;
    }
    dnn_write_classes (dnn, scores, &out_rect, post, out);
  }
  catch (const std::exception & e) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
        "%s: OpenCV failed on a frame: %s", dnn->path.c_str (),
        exception_text (e).c_str ());
    return FALSE;
  }
  catch ( ...) {
    g_set_error (error, GST_LIBRARY_ERROR, GST_LIBRARY_ERROR_FAILED,
        "%s: OpenCV failed on a frame", dnn->path.c_str ());
    return FALSE;
  }
  return TRUE;
}
