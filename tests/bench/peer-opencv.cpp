/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The OpenCV peer: per class a binary mask, its distance transform, peaks
 * (dilate and compare, thresholded), markers from the connected peaks,
 * watershed, statistics from connected components; then an overlay (alpha
 * blend of a colour per instance, contours). The recipe of the OpenCV
 * watershed tutorial, written the way a user writes it for video.
 */
#include "peer-opencv.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

static const cv::Scalar peer_palette[] = {
  {75, 25, 230}, {75, 180, 60}, {25, 225, 255}, {200, 130, 0},
  {48, 130, 245}, {180, 30, 145}, {240, 240, 70}, {230, 50, 240},
  {60, 245, 210}, {212, 190, 250}, {128, 128, 0}, {255, 190, 220},
  {40, 110, 170}, {200, 250, 255}, {0, 0, 128}, {195, 255, 170},
};

#define PEER_N_PALETTE (sizeof (peer_palette) / sizeof (peer_palette[0]))

void
peer_params_init (PeerParams * params, int width, int height)
{
  params->n_classes = 3;
  params->peak_radius = std::max (3, std::min (width, height) / 40);
  params->peak_min = 3.0f;
  params->min_area = 32;
  params->alpha = 0.5f;
}

/* Watershed markers for one class: 1 outside the class, 2.. on each
 * connected plateau of local maxima of the distance transform, 0 to flood. */
static int
peer_markers (const PeerParams * params, const cv::Mat & bin,
    cv::Mat & markers)
{
  cv::Mat dist, dilated, peaks;
  int size = 2 * params->peak_radius + 1;
  int n;

  cv::distanceTransform (bin, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
  cv::dilate (dist, dilated,
      cv::getStructuringElement (cv::MORPH_RECT, cv::Size (size, size)));
  peaks = (dist >= dilated) & (dist >= params->peak_min);

  n = cv::connectedComponents (peaks, markers, 8, CV_32S);
  markers += 1;
  markers.setTo (0, (bin != 0) & (peaks == 0));
  return n - 1;
}

/* Splits one class; appends its instances to ids and inst. */
static void
peer_segment_class (const PeerParams * params, const cv::Mat & frame_bgr,
    const cv::Mat & bin, int class_id, cv::Mat & ids,
    std::vector < PeerInstance > &inst)
{
  cv::Mat markers, labels, stats, centroids;
  std::vector < int >remap;
  int n, l, y, x;

  if (peer_markers (params, bin, markers) == 0)
    return;
  cv::watershed (frame_bgr, markers);

  /* watershed lines (-1) separate the regions: components of what was
   * flooded from a peak are the instances */
  n = cv::connectedComponentsWithStats (markers > 1, labels, stats,
      centroids, 4, CV_32S);
  remap.assign (n, 0);
  for (l = 1; l < n; l++) {
    PeerInstance in;

    if (stats.at < int >(l, cv::CC_STAT_AREA) < params->min_area)
      continue;
    in.id = (int) inst.size () + 1;
    in.class_id = class_id;
    in.area = stats.at < int >(l, cv::CC_STAT_AREA);
    in.box = cv::Rect (stats.at < int >(l, cv::CC_STAT_LEFT),
        stats.at < int >(l, cv::CC_STAT_TOP),
        stats.at < int >(l, cv::CC_STAT_WIDTH),
        stats.at < int >(l, cv::CC_STAT_HEIGHT));
    in.centroid = cv::Point2d (centroids.at < double >(l, 0),
        centroids.at < double >(l, 1));
    inst.push_back (in);
    remap[l] = in.id;
  }

  for (y = 0; y < labels.rows; y++) {
    const int *src = labels.ptr < int >(y);
    int *dst = ids.ptr < int >(y);

    for (x = 0; x < labels.cols; x++)
      if (src[x] > 0 && remap[src[x]] > 0)
        dst[x] = remap[src[x]];
  }
}

void
peer_segment (const PeerParams * params, const cv::Mat & frame_bgr,
    const cv::Mat & mask, cv::Mat & ids, std::vector < PeerInstance > &inst)
{
  cv::Mat full = mask;
  int c;

  if (mask.size () != frame_bgr.size ())
    cv::resize (mask, full, frame_bgr.size (), 0, 0, cv::INTER_NEAREST);

  ids.create (frame_bgr.size (), CV_32SC1);
  ids.setTo (0);
  inst.clear ();
  for (c = 1; c <= params->n_classes; c++) {
    cv::Mat bin = (full == c);

    if (cv::countNonZero (bin) > 0)
      peer_segment_class (params, frame_bgr, bin, c, ids, inst);
  }
}

void
peer_draw (const PeerParams * params, cv::Mat & frame_bgr,
    const cv::Mat & ids, const std::vector < PeerInstance > &inst)
{
  cv::Mat colours = frame_bgr.clone ();
  cv::Mat blended;
  std::vector < std::vector < cv::Point > >contours;
  std::vector < cv::Mat > masks (inst.size ());
  size_t i;

  for (i = 0; i < inst.size (); i++) {
    const PeerInstance & in = inst[i];

    masks[i] = (ids (in.box) == in.id);
    colours (in.box).setTo (peer_palette[in.id % PEER_N_PALETTE], masks[i]);
  }
  cv::addWeighted (frame_bgr, 1.0 - params->alpha, colours, params->alpha,
      0.0, blended);
  blended.copyTo (frame_bgr, ids > 0);

  for (i = 0; i < inst.size (); i++) {
    const PeerInstance & in = inst[i];

    cv::findContours (masks[i], contours, cv::RETR_EXTERNAL,
        cv::CHAIN_APPROX_SIMPLE, in.box.tl ());
    cv::drawContours (frame_bgr, contours, -1,
        peer_palette[in.id % PEER_N_PALETTE], 1);
  }
}
