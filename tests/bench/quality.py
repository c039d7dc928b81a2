#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Quality benchmark: runs sisegment over the evaluation sets and scores it.

  quality.py [--sets mots02,mots09,coco-tiny-val] [--scales 1,4,8]
             [--eval-dir ../shared/eval] [--build build] [--out DIR]
             [--prop key=value ...] [--floor FILE] [--predictor element|cc8]
             [--check-scorer] [--no-baselines]

For each set and mask scale, the element runs through gst-launch-1.0 over
every frame (a video set as one stream, a photo set one launch per photo) and
writes its GRAY16 instance-id maps; the shared scorer (pq.py) scores them and
the cc8 and dtws baselines, and a table compares them. With mask scale F the
element gets the semantic masks shrunk F times by nearest neighbour, as a
low-resolution segmentation model gives them, and scales them itself; it is
told that they are aligned by their corners (mask-align=corner), as
cv2.INTER_NEAREST makes them.

--floor FILE: JSON {"SET": {"SCALE": {"pq": 0.4, "touch_recall": 0.3}}}; exits
1 when a figure is below its floor (count_err: above it). Without --sets or
--scales, the sets and scales are the floor file's. Exit 2: the run failed.
--predictor cc8 writes connected components instead of running the element:
a check of the harness (its row must equal the cc8 baseline's).
--check-scorer: scores the id maps with score.py too (the project's scorer)
and exits 1 when it disagrees with pq.py.
--no-baselines: leaves the cc8 and dtws columns empty (the floor test: on a
fresh build their scoring would take most of its time, for figures it does
not check).

--model FILE (default models/selfie-segmentation.onnx, from
tools/get-model.sh; "none": off; --model-prop KEY=VALUE sets sisegmodel
properties): when the file is there, the person sets
(classes.txt naming only person) also run with masks from a model instead
of the ground truth: sisegmodel over the frames, then the element on its
masks, and the cc8 and dtws baselines on the same masks; a second table
(mask "model") prints beside the first.
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import cv2
import numpy as np
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the project's scorer, beside this file)

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.environ.get("SOURCE_ROOT",
                             os.path.dirname(os.path.dirname(HERE)))
FRAMERATE = "10/1"
DEFAULT_MODEL = os.path.join(SOURCE_ROOT, "models", "selfie-segmentation.onnx")
LAUNCH_TIMEOUT = 1200
# figures where lower is better: a floor on them is a ceiling
LOWER_IS_BETTER = {"count_err"}
# cv2.INTER_NEAREST keeps each block's top-left pixel: shrunk masks are
# aligned by their corners, and the element is told so (it describes the
# input and tunes nothing); --prop mask-align=... overrides it
SHRUNK_MASK_ALIGN = ("mask-align", "corner")


class BenchError(Exception):
    pass


class ScorerMismatch(Exception):
    pass


# --- the evaluation set ---------------------------------------------------

def set_names(set_dir):
    """Frame names (no extension), sorted, as in the set's instances/."""
    return sorted(os.path.splitext(n)[0]
                  for n in os.listdir(os.path.join(set_dir, "instances"))
                  if n.endswith(".png"))


def is_sequence(names):
    """Video sets have numbered frames with no gaps; photo sets do not."""
    if not all(n.isdigit() for n in names):
        return False
    numbers = [int(n) for n in names]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def shrink_masks(set_dir, names, scale, tmp_dir):
    """Writes the semantic masks shrunk scale times (nearest) into tmp_dir."""
    for name in names:
        sem = cv2.imread(os.path.join(set_dir, "semantic", name + ".png"),
                         cv2.IMREAD_UNCHANGED)
        h, w = sem.shape
        small = cv2.resize(sem, (max(1, w // scale), max(1, h // scale)),
                           interpolation=cv2.INTER_NEAREST)
        cv2.imwrite(os.path.join(tmp_dir, name + ".png"), small)
    return tmp_dir


# --- the element through gst-launch-1.0 -----------------------------------

def element_props(props, scale):
    """The properties for masks shrunk scale times."""
    if scale > 1 and all(k != SHRUNK_MASK_ALIGN[0] for k, _ in props):
        return props + [SHRUNK_MASK_ALIGN]
    return props


def element_desc(props):
    return ["sisegment", "name=seg"] + ["%s=%s" % kv for kv in props]


def id_map_sink(location):
    """The element's instance-id map, as 16-bit PNG files."""
    return ["seg.", "!", "video/x-raw,format=GRAY16_LE", "!", "videoconvert",
            "!", "video/x-raw,format=GRAY16_BE", "!", "pngenc", "!"] + location


def launch_line(frame_src, mask_src, sink, props):
    """The one gst-launch-1.0 line: frames and masks in, id maps out."""
    return (["gst-launch-1.0", "-q"] + element_desc(props)
            + frame_src + ["!", "videoconvert", "!",
                           "video/x-raw,format=RGBA", "!", "seg.sink"]
            + mask_src + ["!", "seg.mask"]
            + id_map_sink(sink))


def run_launch(argv, env):
    try:
        p = subprocess.run(argv, env=env, capture_output=True, text=True,
                           timeout=LAUNCH_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise BenchError("timed out after %d s: %s" %
                         (LAUNCH_TIMEOUT, " ".join(argv)))
    if p.returncode != 0:
        raise BenchError("gst-launch-1.0 failed (%d): %s\n%s" %
                         (p.returncode, " ".join(argv),
                          (p.stdout + p.stderr)[-3000:]))


def run_sequence(set_dir, mask_dir, names, out_dir, props, env):
    """A video set: one stream, frames and masks paired by timestamp."""
    digits = len(names[0])
    first, last = int(names[0]), int(names[-1])

    def files(location, caps):
        return ["multifilesrc", "location=" + location,
                "start-index=%d" % first, "stop-index=%d" % last,
                "caps=%s,framerate=%s" % (caps, FRAMERATE)]

    pattern = "%%0%dd" % digits
    frame_src = files(os.path.join(set_dir, "frames", pattern + ".jpg"),
                      "image/jpeg") + ["!", "jpegdec"]
    mask_src = files(os.path.join(mask_dir, pattern + ".png"),
                     "image/png") + ["!", "pngdec"]
    sink = ["multifilesink", "sync=false", "index=%d" % first,
            "location=" + os.path.join(out_dir, pattern + ".png")]
    run_launch(launch_line(frame_src, mask_src, sink, props), env)


def run_photo(set_dir, mask_dir, name, out_dir, props, env):
    """One photo: one buffer on each pad, at running time 0."""
    frame_src = ["filesrc", "location=" +
                 os.path.join(set_dir, "frames", name + ".jpg"),
                 "!", "jpegdec", "!", "imagefreeze", "num-buffers=1"]
    mask_src = ["filesrc", "location=" + os.path.join(mask_dir, name + ".png"),
                "!", "pngdec", "!", "imagefreeze", "num-buffers=1"]
    sink = ["filesink", "location=" + os.path.join(out_dir, name + ".png")]
    run_launch(launch_line(frame_src, mask_src, sink, props), env)


def run_element(set_dir, mask_dir, names, out_dir, props, env):
    if is_sequence(names):
        run_sequence(set_dir, mask_dir, names, out_dir, props, env)
        return
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [pool.submit(run_photo, set_dir, mask_dir, n, out_dir, props,
                            env) for n in names]
        for job in jobs:
            job.result()


# --- the harness check: connected components instead of the element -------

def cc8(sem):
    """Connected components (8-connectivity) of each class, ids from 1."""
    out = np.zeros(sem.shape, np.uint16)
    n = 0
    for c in np.unique(sem):
        if c in (0, 255):
            continue
        lab, k = ndi.label(sem == c, structure=np.ones((3, 3)))
        out[lab > 0] = lab[lab > 0] + n
        n += k
    return out


def run_baseline(split, set_dir, mask_dir, names, out_dir):
    """split (cc8 or dtws) of each mask, scaled to its frame (nearest)."""
    for name in names:
        frame = cv2.imread(os.path.join(set_dir, "frames", name + ".jpg"))
        mask = cv2.imread(os.path.join(mask_dir, name + ".png"),
                          cv2.IMREAD_UNCHANGED)
        h, w = frame.shape[:2]
        mask = cv2.resize(mask, (w, h), interpolation=cv2.INTER_NEAREST)
        cv2.imwrite(os.path.join(out_dir, name + ".png"), split(mask))


# --- scoring ---------------------------------------------------------------

def pq_score(pq_tool, argv):
    p = subprocess.run(["/usr/bin/python3", pq_tool] + argv,
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise BenchError("pq.py %s failed:\n%s" % (" ".join(argv), p.stderr))
    return json.loads(p.stdout.strip().splitlines()[-1])


class BaselineCache:
    """pq.py's baseline scores, kept in a JSON file: they never change."""

    def __init__(self, path, pq_tool):
        self.path = path
        self.pq_tool = pq_tool
        self.data = {}
        if os.path.exists(path):
            with open(path) as f:
                self.data = json.load(f)

    def get(self, set_dir, kind, scale):
        key = "%s/x%d/%s" % (os.path.basename(set_dir), scale, kind)
        if key not in self.data:
            argv = [set_dir, "--baseline", kind]
            if scale > 1:
                argv += ["--mask-scale", str(scale)]
            self.data[key] = pq_score(self.pq_tool, argv)
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(self.path, "w") as f:
                json.dump(self.data, f, indent=1, sort_keys=True)
        return self.data[key]


SCORER_FIGURES = ["pq", "sq", "rq", "pq_cat", "touch_recall", "count_err",
                  "tp", "fp", "fn", "gt", "frames"]


def check_scorer(set_dir, out_dir, ref):
    """score.py must give pq.py's figures on the same id maps."""
    classes, total = score.score_set(set_dir, out_dir)
    mine = score.report(set_dir, out_dir, classes, total)
    differ = ["%s %s != %s" % (k, mine[k], ref[k]) for k in SCORER_FIGURES
              if mine[k] != ref[k]]
    if differ:
        raise ScorerMismatch("score.py disagrees with pq.py on %s: %s" %
                             (out_dir, ", ".join(differ)))
    print("score.py agrees with pq.py on %s" % out_dir)


def open_set(args, set_name):
    set_dir = os.path.join(args.eval_dir, set_name)
    if not os.path.isdir(os.path.join(set_dir, "instances")):
        raise BenchError("no set %s in %s" % (set_name, args.eval_dir))
    return set_dir, set_names(set_dir)


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def score_outputs(args, what, set_dir, names, out_dir):
    """pq.py's figures for the id maps in out_dir, one for every frame."""
    missing = [n for n in names
               if not os.path.exists(os.path.join(out_dir, n + ".png"))]
    if missing:
        raise BenchError("%s: no output for %d of %d frames (first: %s)"
                         % (what, len(missing), len(names), missing[0]))
    ours = pq_score(args.pq, [set_dir, out_dir])
    if args.check_scorer:
        check_scorer(set_dir, out_dir, ours)
    return ours


def table_row(set_name, scale, names, wall, ours, cc, ws):
    return dict(set=set_name, scale=scale, frames=len(names), wall_s=wall,
                pq=ours["pq"], sq=ours["sq"], rq=ours["rq"],
                pq_cat=ours["pq_cat"], touch_recall=ours["touch_recall"],
                count_err=ours["count_err"],
                cc8_pq=cc["pq"], cc8_touch_recall=cc["touch_recall"],
                dtws_pq=ws["pq"], dtws_touch_recall=ws["touch_recall"],
                margin=(None if cc["pq"] is None
                        else round(ours["pq"] - cc["pq"], 4)))


def measure(args, set_name, scale, env, baselines):
    """Runs one set at one mask scale; returns the table row."""
    set_dir, names = open_set(args, set_name)
    out_dir = fresh_dir(os.path.join(args.out, "%s-x%d" % (set_name, scale)))
    with tempfile.TemporaryDirectory(prefix="siseg-masks-") as tmp:
        mask_dir = os.path.join(set_dir, "semantic")
        if scale > 1:
            mask_dir = shrink_masks(set_dir, names, scale, tmp)
        start = time.monotonic()
        if args.predictor == "cc8":
            run_baseline(cc8, set_dir, mask_dir, names, out_dir)
        else:
            run_element(set_dir, mask_dir, names, out_dir,
                        element_props(args.prop, scale), env)
        wall = time.monotonic() - start
    ours = score_outputs(args, "%s x%d" % (set_name, scale), set_dir, names,
                         out_dir)
    if args.no_baselines:
        none = dict(pq=None, touch_recall=None)
        return table_row(set_name, scale, names, wall, ours, none, none)
    return table_row(set_name, scale, names, wall, ours,
                     baselines.get(set_dir, "cc8", scale),
                     baselines.get(set_dir, "dtws", scale))


# --- masks from a model: sisegmodel, then the element or a baseline --------

def is_person_set(set_dir):
    try:
        with open(os.path.join(set_dir, "classes.txt")) as f:
            classes = [line.split() for line in f if line.strip()]
    except OSError:
        return False
    return [c[1:] for c in classes] == [["person"]]


def run_model(set_dir, names, mask_dir, model_desc, env):
    """sisegmodel over every frame: its class maps as 8-bit PNGs."""
    def one(name):
        run_launch(["gst-launch-1.0", "-q", "filesrc", "location=" +
                    os.path.join(set_dir, "frames", name + ".jpg"), "!",
                    "jpegdec", "!", "videoconvert", "!"] + model_desc +
                   ["!", "pngenc", "!", "filesink", "location=" +
                    os.path.join(mask_dir, name + ".png")], env)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for job in [pool.submit(one, n) for n in names]:
            job.result()


def model_desc(args):
    return ["sisegmodel", "model=" + args.model] + args.model_prop


def measure_model(args, set_name, env, pq_module):
    """One set with the model's masks: the element, cc8 and dtws on them."""
    set_dir, names = open_set(args, set_name)
    base = os.path.join(args.out, set_name + "-model")
    mask_dir = fresh_dir(base + "-masks")
    start = time.monotonic()
    run_model(set_dir, names, mask_dir, model_desc(args), env)
    out_dir = fresh_dir(base)
    run_element(set_dir, mask_dir, names, out_dir, args.prop, env)
    wall = time.monotonic() - start
    ours = score_outputs(args, set_name + " model", set_dir, names, out_dir)
    figures = {}
    for kind in ("cc8", "dtws"):
        kind_dir = fresh_dir("%s-%s" % (base, kind))
        run_baseline(lambda m: pq_module.baseline(m, kind), set_dir,
                     mask_dir, names, kind_dir)
        figures[kind] = pq_score(args.pq, [set_dir, kind_dir])
    return table_row(set_name, 0, names, wall, ours, figures["cc8"],
                     figures["dtws"])


def load_pq(path):
    """pq.py as a module, for its baselines."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("pq", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- report ----------------------------------------------------------------

# key, header, printf format (its width is the column's)
COLUMNS = [("set", "set", "%-14s"), ("scale", "scale", "%5d"),
           ("pq", "pq", "%6.3f"), ("sq", "sq", "%6.3f"),
           ("rq", "rq", "%6.3f"), ("touch_recall", "touch", "%6.3f"),
           ("count_err", "cnterr", "%6.2f"), ("cc8_pq", "cc8pq", "%6.3f"),
           ("cc8_touch_recall", "cc8tch", "%6.3f"),
           ("dtws_pq", "dtwspq", "%6.3f"),
           ("dtws_touch_recall", "dtwtch", "%6.3f"),
           ("margin", "pq-cc8", "%+7.3f"), ("wall_s", "wall_s", "%7.1f")]


def print_table(rows):
    header = []
    for key, title, fmt in COLUMNS:
        width = len(fmt % (0 if fmt[-1] != "s" else ""))
        header.append(title.ljust(width) if key == "set"
                      else title.rjust(width))
    print(" ".join(header))
    for row in rows:
        cells = []
        for key, title, fmt in COLUMNS:
            value = row[key]
            if key == "scale" and value == 0:
                cells.append("model")
            else:
                cells.append(fmt % value if value is not None
                             else "-".rjust(6))
        print(" ".join(cells))
    sys.stdout.flush()


def check_floor(rows, floor):
    """Returns one line per figure below its floor."""
    failures = []
    for row in rows:
        limits = floor.get(row["set"], {}).get(str(row["scale"]), {})
        for key, limit in sorted(limits.items()):
            value = row.get(key)
            if key in LOWER_IS_BETTER:
                bad = value is None or value > limit
                word = "above its ceiling"
            else:
                bad = value is None or value < limit
                word = "below its floor"
            if bad:
                failures.append("%s x%d: %s = %s is %s %s" %
                                (row["set"], row["scale"], key, value, word,
                                 limit))
    return failures


# --- main ------------------------------------------------------------------

def parse_args():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--sets", help="comma-separated (default: all, or the "
                    "floor file's)")
    ap.add_argument("--scales", help="mask scales, comma-separated "
                    "(default 1,4,8, or the floor file's)")
    ap.add_argument("--eval-dir",
                    default=os.path.join(SOURCE_ROOT, "..", "shared", "eval"))
    ap.add_argument("--pq", help="the scorer (default EVAL_DIR/../tools/pq.py)")
    ap.add_argument("--build", default=os.environ.get(
        "BUILD_ROOT", os.path.join(SOURCE_ROOT, "build")))
    ap.add_argument("--out", help="where id maps go (default "
                    "BUILD/bench-quality)")
    ap.add_argument("--prop", action="append", default=[],
                    metavar="KEY=VALUE", help="element property (repeatable)")
    ap.add_argument("--floor", help="JSON floors; exit 1 below them")
    ap.add_argument("--predictor", choices=["element", "cc8"],
                    default="element")
    ap.add_argument("--no-baselines", action="store_true",
                    help="no cc8 and dtws columns")
    ap.add_argument("--check-scorer", action="store_true",
                    help="fail when score.py disagrees with pq.py")
    ap.add_argument("--model", default=DEFAULT_MODEL,
                    help="segmentation model for the second table (default "
                    "%(default)s when there; none: no second table)")
    ap.add_argument("--model-prop", action="append", default=[],
                    metavar="KEY=VALUE", help="sisegmodel property "
                    "(repeatable)")
    args = ap.parse_args()
    args.eval_dir = os.path.abspath(args.eval_dir)
    args.build = os.path.abspath(args.build)
    args.pq = args.pq or os.path.join(args.eval_dir, "..", "tools", "pq.py")
    args.out = os.path.abspath(args.out or os.path.join(args.build,
                                                        "bench-quality"))
    args.prop = [tuple(p.split("=", 1)) for p in args.prop]
    if any(len(p) != 2 for p in args.prop) or \
            any("=" not in p for p in args.model_prop):
        ap.error("--prop and --model-prop take KEY=VALUE")
    return args


def plan(args, floor):
    """The sets and scales to run: the command line's, else the floor's."""
    sets = args.sets.split(",") if args.sets else None
    scales = [int(s) for s in args.scales.split(",")] if args.scales else None
    if sets is None:
        sets = list(floor) if floor else sorted(
            d for d in os.listdir(args.eval_dir)
            if os.path.isdir(os.path.join(args.eval_dir, d, "instances")))
    runs = []
    for s in sets:
        for k in scales or ([int(x) for x in floor[s]] if floor and s in floor
                            else [1, 4, 8]):
            runs.append((s, k))
    return runs


def gst_env(build):
    env = dict(os.environ)
    plugin_dir = os.path.join(build, "gst")
    if plugin_dir not in env.get("GST_PLUGIN_PATH", "").split(os.pathsep):
        env["GST_PLUGIN_PATH"] = os.pathsep.join(
            p for p in (plugin_dir, env.get("GST_PLUGIN_PATH")) if p)
    return env


def model_table(args, runs, env):
    """The person sets of the run with the model's masks, when it is
    there; prints their table."""
    if args.model == "none":
        return []
    if not os.path.exists(args.model):
        if args.model != DEFAULT_MODEL:
            raise BenchError("no model %s" % args.model)
        print("no %s (tools/get-model.sh makes it): no table with a "
              "model's masks" % args.model)
        return []
    sets = [s for s in dict.fromkeys(name for name, _ in runs)
            if is_person_set(os.path.join(args.eval_dir, s))]
    if not sets:
        return []
    pq_module = load_pq(args.pq)
    print("\nmasks from a model: %s, cc8 and dtws on the same masks"
          % " ".join(model_desc(args)))
    rows = []
    try:
        for set_name in sets:
            rows.append(measure_model(args, set_name, env, pq_module))
    finally:
        print_table(rows)
    return rows


def main():
    args = parse_args()
    floor = None
    if args.floor:
        with open(args.floor) as f:
            floor = json.load(f)
    if not os.path.isdir(args.eval_dir):
        print("error: no evaluation sets at %s (--eval-dir)" % args.eval_dir,
              file=sys.stderr)
        return 2
    env = gst_env(args.build)
    baselines = BaselineCache(
        os.path.join(args.build, "bench-quality-baselines.json"), args.pq)
    print("eval: %s  predictor: %s  props: %s" %
          (args.eval_dir, args.predictor,
           " ".join("%s=%s" % p for p in args.prop) or "(defaults)"))
    print("shrunk masks: %s=%s (cv2.INTER_NEAREST keeps each block's "
          "top-left pixel)" % SHRUNK_MASK_ALIGN)
    rows = []
    try:
        for set_name, scale in plan(args, floor):
            rows.append(measure(args, set_name, scale, env, baselines))
    except BenchError as e:
        print_table(rows)
        print("error: %s" % e, file=sys.stderr)
        return 2
    except ScorerMismatch as e:
        print_table(rows)
        print("FAIL %s" % e)
        return 1
    print_table(rows)
    try:
        model_rows = model_table(args, plan(args, floor), env)
    except BenchError as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(rows + model_rows, f, indent=1)
    if floor is None:
        return 0
    failures = check_floor(rows, floor)
    for line in failures:
        print("FAIL " + line)
    if failures:
        print("floor: %d figures out of bounds" % len(failures))
    else:
        print("floor: all figures within bounds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
