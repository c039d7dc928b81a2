#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Scores instance-id maps against ground truth: panoptic quality of things.

  score.py SET_DIR PRED_DIR [--per-class]

SET_DIR holds, for every frame NAME:
  semantic/NAME.png    8- or 16-bit class ids; 0 = background, 255 = ignore
  instances/NAME.png   16-bit ground-truth instance ids; 0 = none,
                       65535 = ignore (crowd, unlabelled)
  classes.txt          optional, "id label" per line
PRED_DIR/NAME.png holds the predicted 16-bit instance ids (0 = none), e.g.
the GRAY16 output of sisegment; any size, scaled by nearest neighbour. A
missing prediction counts as an empty one.

Definitions (Kirillov et al., "Panoptic Segmentation", CVPR 2019):
- A segment's class is the majority class of the semantic mask under it,
  background and ignore left out (a predicted map carries no class).
- Pixels where the ground truth is ignore are left out of every area and
  intersection. A predicted segment with more than half of its pixels on
  ignore is neither a match nor a false positive.
- A predicted and a ground-truth segment of the same class match when their
  IoU is above 0.5; such a match is unique.
- Per class: SQ = mean IoU of the matches, RQ = TP / (TP + FP/2 + FN/2),
  PQ = SQ * RQ. pq, sq, rq pool all instances of all classes; pq_cat averages
  PQ over the classes with ground truth.
- touch_recall: the share of ground-truth instances that touch (8-adjacent)
  another of their class and are matched. count_err: mean over frames of
  |predicted - true| number of instances.
Prints one JSON line; --per-class adds a table of the classes.
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np

IGNORE_CLASS = 255
IGNORE_ID = 65535


def read_png(path):
    return cv2.imread(path, cv2.IMREAD_UNCHANGED) if os.path.exists(path) \
        else None


def read_labels(set_dir):
    labels = {}
    path = os.path.join(set_dir, "classes.txt")
    if os.path.exists(path):
        for line in open(path):
            parts = line.split(None, 1)
            if len(parts) == 2:
                labels[int(parts[0])] = parts[1].strip()
    return labels


def segment_classes(ids, sem):
    """Majority class of each segment: {id: class}, -1 where it has none."""
    keep = (sem != 0) & (sem != IGNORE_CLASS)
    pairs, counts = np.unique(
        ids[keep].astype(np.int64) * 65536 + sem[keep], return_counts=True)
    best = {}
    for pair, count in zip(pairs.tolist(), counts.tolist()):
        seg, cls = divmod(pair, 65536)
        if seg not in best or count > best[seg][1]:
            best[seg] = (cls, count)
    return {seg: cls for seg, (cls, _) in best.items()}


def touching_ids(gt, classes):
    """Ground-truth ids 8-adjacent to another id of the same class."""
    found = set()
    h, w = gt.shape
    for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1)):
        a = gt[0:h - dy, max(0, -dx):w - max(0, dx)]
        b = gt[dy:h, max(0, dx):w - max(0, -dx)]
        sel = (a != b) & (a != 0) & (b != 0) & (a != IGNORE_ID) & \
            (b != IGNORE_ID)
        for p, q in set(zip(a[sel].tolist(), b[sel].tolist())):
            if classes.get(p, -1) == classes.get(q, -1):
                found.update((p, q))
    return found


def areas(ids, valid):
    values, counts = np.unique(ids[valid], return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def score_frame(gt, sem, pred):
    """Matches one frame: returns its per-class tallies and counts."""
    valid = gt != IGNORE_ID
    gt_cls = segment_classes(gt, sem)
    pred_cls = segment_classes(pred, sem)
    gt_area = {g: a for g, a in areas(gt, valid).items() if g != 0}
    pred_area = areas(pred, valid)
    pred_all = {p: a for p, a in areas(pred, np.ones_like(valid)).items()
                if p != 0}
    both = valid & (gt != 0) & (pred != 0)
    inter = areas(gt.astype(np.int64) * 65536 + pred, both)
    matches = {}
    for key, count in inter.items():
        g, p = divmod(key, 65536)
        c = gt_cls.get(g, -1)
        if c != pred_cls.get(p, -1):
            continue
        iou = count / (gt_area[g] + pred_area[p] - count)
        if iou > 0.5:
            matches[g] = (p, iou)
    tally = {}                  # class: [sum IoU, TP, FP, FN]
    for g in gt_area:
        t = tally.setdefault(gt_cls.get(g, -1), [0.0, 0, 0, 0])
        if g in matches:
            t[0] += matches[g][1]
            t[1] += 1
        else:
            t[3] += 1
    matched = {p for p, _ in matches.values()}
    n_pred = len(matched)
    for p, total in pred_all.items():
        on_valid = pred_area.get(p, 0)
        if p in matched or on_valid == 0 or total - on_valid > 0.5 * total:
            continue
        tally.setdefault(pred_cls.get(p, -1), [0.0, 0, 0, 0])[2] += 1
        n_pred += 1
    touching = touching_ids(gt, gt_cls)
    return tally, dict(gt=len(gt_area), pred=n_pred, touch=len(touching),
                       touch_hit=len(touching & set(matches)))


def pq_of(t):
    """PQ, SQ, RQ of a tally [sum IoU, TP, FP, FN]."""
    iou, tp, fp, fn = t
    sq = iou / tp if tp else 0.0
    rq = tp / (tp + 0.5 * fp + 0.5 * fn) if tp + fp + fn else 0.0
    return sq * rq, sq, rq


def score_set(set_dir, pred_dir):
    classes = {}
    total = dict(frames=0, gt=0, count_err=0, touch=0, touch_hit=0)
    names = sorted(n for n in os.listdir(os.path.join(set_dir, "instances"))
                   if n.endswith(".png"))
    for name in names:
        gt = read_png(os.path.join(set_dir, "instances", name))
        sem = read_png(os.path.join(set_dir, "semantic", name))
        pred = read_png(os.path.join(pred_dir, name))
        if pred is None:
            pred = np.zeros(gt.shape, np.uint16)
        if pred.shape[:2] != gt.shape:
            pred = cv2.resize(pred, gt.shape[::-1],
                              interpolation=cv2.INTER_NEAREST)
        tally, counts = score_frame(gt, sem, pred)
        for c, t in tally.items():
            acc = classes.setdefault(c, [0.0, 0, 0, 0])
            for i in range(4):
                acc[i] += t[i]
        total["frames"] += 1
        total["gt"] += counts["gt"]
        total["count_err"] += abs(counts["pred"] - counts["gt"])
        total["touch"] += counts["touch"]
        total["touch_hit"] += counts["touch_hit"]
    return classes, total


def report(set_dir, pred_dir, classes, total):
    pooled = [sum(t[i] for t in classes.values()) for i in range(4)]
    pq, sq, rq = pq_of(pooled)
    with_gt = [pq_of(t)[0] for t in classes.values() if t[1] + t[3]]
    return dict(set=os.path.basename(os.path.normpath(set_dir)),
                pred=pred_dir, pq=round(pq, 4), sq=round(sq, 4),
                rq=round(rq, 4),
                pq_cat=round(float(np.mean(with_gt)), 4) if with_gt else 0.0,
                touch_recall=round(total["touch_hit"] / total["touch"], 4)
                if total["touch"] else None,
                count_err=round(total["count_err"] / total["frames"], 3)
                if total["frames"] else 0.0,
                frames=total["frames"], gt=total["gt"],
                tp=pooled[1], fp=pooled[2], fn=pooled[3])


def print_classes(classes, labels):
    print("%5s %-16s %6s %6s %6s %5s %5s %5s" %
          ("class", "label", "pq", "sq", "rq", "tp", "fp", "fn"))
    for c in sorted(classes):
        t = classes[c]
        pq, sq, rq = pq_of(t)
        print("%5d %-16s %6.3f %6.3f %6.3f %5d %5d %5d" %
              (c, labels.get(c, "?")[:16], pq, sq, rq, t[1], t[2], t[3]))


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("set_dir")
    ap.add_argument("pred_dir")
    ap.add_argument("--per-class", action="store_true")
    args = ap.parse_args()
    classes, total = score_set(args.set_dir, args.pred_dir)
    if args.per_class:
        print_classes(classes, read_labels(args.set_dir))
    print(json.dumps(report(args.set_dir, args.pred_dir, classes, total)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
