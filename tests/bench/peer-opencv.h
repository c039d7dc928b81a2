/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The OpenCV peer of the speed benchmark: what a user writes today to get
 * instances from a semantic mask (DESIGN.md section 5).
 */
#ifndef __PEER_OPENCV_H__
#define __PEER_OPENCV_H__

#include <vector>

#include <opencv2/core.hpp>

struct PeerParams
{
  int n_classes;                /* classes 1..n_classes are split; 0 is background */
  int peak_radius;              /* half-size of the local-maximum window, pixels */
  float peak_min;               /* a peak is at least this far from the border */
  int min_area;                 /* smaller instances are dropped */
  float alpha;                  /* fill opacity of the overlay */
};

struct PeerInstance
{
  int id;
  int class_id;
  int area;
  cv::Rect box;
  cv::Point2d centroid;
};

/* Sensible parameters for frames of this size. */
void peer_params_init (PeerParams * params, int width, int height);

/* Splits each class of mask (CV_8UC1, any size; scaled to the frame by
 * nearest neighbour) into instances: distance transform, peaks, markers,
 * watershed, statistics. ids (CV_32SC1, frame size) gets the instance ids. */
void peer_segment (const PeerParams * params, const cv::Mat & frame_bgr,
    const cv::Mat & mask, cv::Mat & ids, std::vector < PeerInstance > &inst);

/* Blends a colour per instance onto frame_bgr in place and draws contours. */
void peer_draw (const PeerParams * params, cv::Mat & frame_bgr,
    const cv::Mat & ids, const std::vector < PeerInstance > &inst);

#endif /* __PEER_OPENCV_H__ */
