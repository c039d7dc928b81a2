/* siseg: instance segmentation from semantic segmentation masks.
 * Copyright (C) 2026 The siseg authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * bench-speed: our core against the OpenCV peer (DESIGN.md section 5), on
 * the same synthetic scenes of touching objects, in one run: latency
 * (median, p95) interleaved after a warm-up, our stage breakdown,
 * throughput, cold start with an empty and a warm kernel cache, peak
 * memory, and the quality of both against the scenes' ground truth.
 *
 *   bench-speed [--frames N] [--warmup N] [--scenes N] [--sizes WxH,...]
 *       [--mask-scale S] [--device D] [--quick] [--check]
 */
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include "siseg.h"
#include "peer-opencv.h"
#include "siseg-scene.h"

struct Options
{
  int frames = 48;              /* timed frames per side and size */
  int warmup = 8;
  int scenes = 8;               /* distinct scenes per size, rotated */
  int mask_scale = 1;           /* masks at 1/mask_scale of the frame */
  std::vector < cv::Size > sizes;
  std::string device = "auto";
  bool quick = false;           /* no child processes: no cold start, memory */
  bool check = false;           /* exit 1 unless both sides found instances */
  std::string child;            /* internal: cold-ours, cold-peer, mem-ours, mem-peer */
};

struct Ours
{
  SisegContext *ctx;
  SisegParams params;
};

/* One frame of a synthetic scene, the same bytes for both sides. */
struct SpeedScene
{
  cv::Mat frame;                /* BGR: watershed takes 3 channels */
  cv::Mat mask;                 /* class ids, GRAY8, the size given to both */
  cv::Mat gt;                   /* ground-truth instance ids, CV_32S */
  int n_instances;
};

struct Score
{
  long tp = 0, fp = 0, fn = 0;
  double iou_sum = 0.0;
};

static double
now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double
percentile (std::vector < double >v, double p)
{
  size_t i;

  if (v.empty ())
    return 0.0;
  std::sort (v.begin (), v.end ());
  i = (size_t) (p * (v.size () - 1) + 0.5);
  return v[std::min (i, v.size () - 1)];
}

static long
vm_hwm_kb (void)
{
  char line[256];
  long kb = -1;
  FILE *f = fopen ("/proc/self/status", "r");

  if (!f)
    return -1;
  while (fgets (line, sizeof (line), f))
    if (sscanf (line, "VmHWM: %ld", &kb) == 1)
      break;
  fclose (f);
  return kb;
}

/* ---- the two sides ---------------------------------------------------- */

static SisegImage
image_of (const cv::Mat & m, SisegFormat format)
{
  SisegImage img;

  memset (&img, 0, sizeof (img));
  img.format = format;
  img.width = m.cols;
  img.height = m.rows;
  img.data[0] = m.data;
  img.stride[0] = (gint) m.step;
  return img;
}

static void
ours_init (Ours * ours, const char *device)
{
  GError *error = NULL;

  siseg_params_init (&ours->params);
  ours->ctx = siseg_context_new (device, &error);
  if (!ours->ctx) {
    fprintf (stderr, "bench-speed: siseg_context_new: %s\n", error->message);
    exit (1);
  }
}

/* Segments and draws one frame in place; returns the instance count. */
static guint
ours_run (Ours * ours, cv::Mat & frame, const cv::Mat & mask)
{
  SisegImage f = image_of (frame, SISEG_FORMAT_BGR);
  SisegImage m = image_of (mask, SISEG_FORMAT_GRAY8);
  GError *error = NULL;
  guint n = 0;

  if (!siseg_context_process (ours->ctx, &ours->params, &f, &m, &error)
      || !siseg_context_draw (ours->ctx, &ours->params, &f, &error)) {
    fprintf (stderr, "bench-speed: ours: %s\n", error->message);
    exit (1);
  }
  siseg_context_instances (ours->ctx, &n);
  return n;
}

static void
ours_ids (Ours * ours, cv::Mat & ids)
{
  cv::Mat ids16 (ids.size (), CV_16UC1);
  GError *error = NULL;

  if (!siseg_context_read_ids (ours->ctx, ids16.ptr < guint16 > (),
          (gint) ids16.step, ids16.cols, ids16.rows, &error)) {
    fprintf (stderr, "bench-speed: read ids: %s\n", error->message);
    exit (1);
  }
  ids16.convertTo (ids, CV_32S);
}

static size_t
peer_run (const PeerParams * params, cv::Mat & frame, const cv::Mat & mask,
    cv::Mat & ids)
{
  std::vector < PeerInstance > inst;

  peer_segment (params, frame, mask, ids, inst);
  peer_draw (params, frame, ids, inst);
  return inst.size ();
}

/* ---- quality: instances matched to ground truth at IoU > 0.5 ---------- */

static void
score_add (Score * s, const cv::Mat & gt, const cv::Mat & pred)
{
  std::unordered_map < uint64_t, long >inter;
  std::vector < long >gt_area, pred_area;
  std::vector < bool > pred_hit;
  double max_gt, max_pred;
  long tp_before = s->tp, n_gt = 0;
  int x, y;

  cv::minMaxLoc (gt, NULL, &max_gt);
  cv::minMaxLoc (pred, NULL, &max_pred);
  gt_area.assign ((size_t) max_gt + 1, 0);
  pred_area.assign ((size_t) max_pred + 1, 0);
  pred_hit.assign ((size_t) max_pred + 1, false);

  for (y = 0; y < gt.rows; y++) {
    const int *g = gt.ptr < int >(y);
    const int *p = pred.ptr < int >(y);

    for (x = 0; x < gt.cols; x++) {
      gt_area[g[x]]++;
      pred_area[p[x]]++;
      if (g[x] > 0 && p[x] > 0)
        inter[((uint64_t) g[x] << 32) | (uint32_t) p[x]]++;
    }
  }

  /* IoU > 0.5 makes every match unique */
  for (const auto & kv:inter) {
    size_t g = kv.first >> 32, p = kv.first & 0xffffffffu;
    double iou = (double) kv.second /
        (gt_area[g] + pred_area[p] - kv.second);

    if (iou > 0.5) {
      s->tp++;
      s->iou_sum += iou;
      pred_hit[p] = true;
    }
  }
  for (size_t g = 1; g < gt_area.size (); g++)
    n_gt += gt_area[g] > 0;
  for (size_t p = 1; p < pred_area.size (); p++)
    s->fp += pred_area[p] > 0 && !pred_hit[p];
  s->fn += n_gt - (s->tp - tp_before);
}

static void
score_print (const char *name, const Score * s, bool * sane)
{
  double p = s->tp + s->fp ? (double) s->tp / (s->tp + s->fp) : 0.0;
  double r = s->tp + s->fn ? (double) s->tp / (s->tp + s->fn) : 0.0;
  double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  double pq = s->tp + s->fp + s->fn ?
      s->iou_sum / (s->tp + 0.5 * s->fp + 0.5 * s->fn) : 0.0;

  printf ("  quality %-5s  TP %4ld  FP %4ld  FN %4ld  precision %.3f  "
      "recall %.3f  F1 %.3f  PQ %.3f\n", name, s->tp, s->fp, s->fn, p, r,
      f1, pq);
  for (double v:{p, r, f1, pq})
    *sane = *sane && v >= 0.0 && v <= 1.0;
  *sane = *sane && s->tp > 0;
}

/* ---- one size: latency, throughput, quality --------------------------- */

static void
print_latency (const char *name, const std::vector < double >&t)
{
  printf ("  latency %-5s  median %8.2f ms  p95 %8.2f ms  (%zu frames)\n",
      name, 1e3 * percentile (t, 0.5), 1e3 * percentile (t, 0.95), t.size ());
}

static void
print_stages (const std::vector < SisegTimings > &st)
{
  std::vector < double >v[6];

  for (const SisegTimings & t:st) {
    v[0].push_back (t.prepare);
    v[1].push_back (t.dfm);
    v[2].push_back (t.cluster);
    v[3].push_back (t.cbr);
    v[4].push_back (t.stats);
    v[5].push_back (t.draw);
  }
  printf ("  stages ours     prepare %.2f  dfm %.2f  cluster %.2f  cbr %.2f  "
      "stats %.2f  draw %.2f  (median ms)\n", 1e3 * percentile (v[0], 0.5),
      1e3 * percentile (v[1], 0.5), 1e3 * percentile (v[2], 0.5),
      1e3 * percentile (v[3], 0.5), 1e3 * percentile (v[4], 0.5),
      1e3 * percentile (v[5], 0.5));
}

/* Device time of each kernel, from OpenCL profiling events, in a context
 * of its own (profiling slows a queue down, so the latency above is
 * measured without it): the median a frame of every kernel launched. */
static void
bench_kernels (const Options * o, const std::vector < SpeedScene > &scenes)
{
  const gchar *names[64];
  gdouble secs[64];
  std::vector < double >per[64];
  guint n = 0;
  Ours prof;
  cv::Mat work;

  setenv ("SISEG_PROFILE", "1", 1);
  ours_init (&prof, o->device.c_str ());
  unsetenv ("SISEG_PROFILE");
  if (!siseg_context_is_opencl (prof.ctx)) {
    siseg_context_free (prof.ctx);
    return;
  }
  for (int i = 0; i < o->warmup + o->frames; i++) {
    const SpeedScene & sc = scenes[i % scenes.size ()];

    sc.frame.copyTo (work);
    ours_run (&prof, work, sc.mask);
    n = siseg_context_kernel_times (prof.ctx, names, secs, 64);
    for (guint k = 0; i >= o->warmup && k < n; k++)
      per[k].push_back (secs[k]);
  }
  printf ("  kernels ours   ");
  for (guint k = 0; k < n; k++)
    if (percentile (per[k], 0.5) > 0.0)
      printf (" %s %.2f", names[k] + strlen ("siseg_"),
          1e3 * percentile (per[k], 0.5));
  printf ("  (median device ms a frame)\n");
  siseg_context_free (prof.ctx);
}

/* Timed frames alternate sides, and which side goes first alternates too. */
static void
bench_latency (const Options * o, Ours * ours, const PeerParams * pp,
    const std::vector < SpeedScene > &scenes, std::vector < double >&t_ours,
    std::vector < double >&t_peer, std::vector < SisegTimings > &stages)
{
  cv::Mat work, ids;
  int i, k;

  for (i = 0; i < o->warmup; i++) {
    const SpeedScene & sc = scenes[i % scenes.size ()];

    sc.frame.copyTo (work);
    ours_run (ours, work, sc.mask);
    sc.frame.copyTo (work);
    peer_run (pp, work, sc.mask, ids);
  }

  for (i = 0; i < o->frames; i++) {
    const SpeedScene & sc = scenes[i % scenes.size ()];

    for (k = 0; k < 2; k++) {
      double t0;

      sc.frame.copyTo (work);
      if ((i + k) % 2 == 0) {
        SisegTimings st;

        t0 = now_s ();
        ours_run (ours, work, sc.mask);
        t_ours.push_back (now_s () - t0);
        siseg_context_timings (ours->ctx, &st);
        stages.push_back (st);
      } else {
        t0 = now_s ();
        peer_run (pp, work, sc.mask, ids);
        t_peer.push_back (now_s () - t0);
      }
    }
  }
}

/* Streaming: every scene back to back per side, in alternating blocks;
 * includes the copy of each frame into the buffer drawn on. */
static void
bench_throughput (Ours * ours, const PeerParams * pp,
    const std::vector < SpeedScene > &scenes, double *fps_ours,
    double *fps_peer)
{
  double busy_ours = 0.0, busy_peer = 0.0, t0;
  cv::Mat work, ids;
  int n = 0, rep;

  for (rep = 0; rep < 2; rep++) {
    t0 = now_s ();
    for (const SpeedScene & sc:scenes) {
      sc.frame.copyTo (work);
      ours_run (ours, work, sc.mask);
    }
    busy_ours += now_s () - t0;
    t0 = now_s ();
    for (const SpeedScene & sc:scenes) {
      sc.frame.copyTo (work);
      peer_run (pp, work, sc.mask, ids);
    }
    busy_peer += now_s () - t0;
    n += (int) scenes.size ();
  }
  *fps_ours = n / busy_ours;
  *fps_peer = n / busy_peer;
}

/* Both sides on every scene once. sane stays true if both found instances
 * on every scene, matched some to the truth, and all figures are in [0,1]. */
static void
bench_quality (Ours * ours, const PeerParams * pp,
    const std::vector < SpeedScene > &scenes, bool * sane)
{
  Score s_ours, s_peer;
  cv::Mat work, ids;
  size_t n_ours = 0, n_peer = 0, n_gt = 0, min_ours = SIZE_MAX,
      min_peer = SIZE_MAX, n;

  for (const SpeedScene & sc:scenes) {
    sc.frame.copyTo (work);
    n = ours_run (ours, work, sc.mask);
    n_ours += n;
    min_ours = std::min (min_ours, n);
    ids.create (sc.frame.size (), CV_32SC1);
    ours_ids (ours, ids);
    score_add (&s_ours, sc.gt, ids);

    sc.frame.copyTo (work);
    n = peer_run (pp, work, sc.mask, ids);
    n_peer += n;
    min_peer = std::min (min_peer, n);
    score_add (&s_peer, sc.gt, ids);
    n_gt += sc.n_instances;
  }
  printf ("  instances      truth %.1f  ours %.1f  peer %.1f  (mean a frame)\n",
      (double) n_gt / scenes.size (), (double) n_ours / scenes.size (),
      (double) n_peer / scenes.size ());
  score_print ("ours", &s_ours, sane);
  score_print ("peer", &s_peer, sane);
  *sane = *sane && min_ours > 0 && min_peer > 0;
}

/* Renders scene seed at size: the picture (converted once to BGR, untimed),
 * its class mask at 1/mask_scale and the ground truth at full size. */
static void
scene_make (SpeedScene * sc, cv::Size size, guint seed, int mask_scale)
{
  cv::Mat bgrx (size, CV_8UC4), gt16 (size, CV_16UC1);
  SisegSceneParams params;
  SisegImage f, m, g;
  SisegScene *scene;
  std::vector < bool > seen;
  int x, y;

  sc->mask.create (size / mask_scale, CV_8UC1);
  f = image_of (bgrx, SISEG_FORMAT_BGRX);
  m = image_of (sc->mask, SISEG_FORMAT_GRAY8);
  g = image_of (gt16, SISEG_FORMAT_GRAY16);

  siseg_scene_params_init (&params);
  params.seed = seed;
  scene = siseg_scene_new (&params);
  if (!siseg_scene_render (scene, 0, &f, &m, &g)) {
    fprintf (stderr, "bench-speed: the scene did not render\n");
    exit (1);
  }
  siseg_scene_free (scene);

  cv::cvtColor (bgrx, sc->frame, cv::COLOR_BGRA2BGR);
  gt16.convertTo (sc->gt, CV_32S);
  seen.assign (65536, false);
  sc->n_instances = 0;
  for (y = 0; y < gt16.rows; y++)
    for (x = 0; x < gt16.cols; x++) {
      guint16 id = gt16.at < guint16 > (y, x);

      sc->n_instances += id > 0 && !seen[id];
      seen[id] = true;
    }
}

static std::vector < SpeedScene > make_scenes (const Options * o,
    cv::Size size)
{
  std::vector < SpeedScene > scenes (o->scenes);
  int i;

  for (i = 0; i < o->scenes; i++)
    scene_make (&scenes[i], size, 1000 + i, o->mask_scale);
  return scenes;
}

/* ---- child processes: cold start and peak memory ---------------------- */

/* Runs this program again with args, with its kernel caches (ours and
 * PoCL's) under cache_dir; its stdout comes back in out. Peak
 * memory is the child's VmHWM, not wait4's ru_maxrss: Linux carries the
 * forked copy of the parent's high-water mark across exec. */
static bool
run_child (const std::vector < std::string > &args, const char *cache_dir,
    std::string & out)
{
  std::vector < char *>argv;
  char buf[512];
  int fd[2], status;
  ssize_t len;
  pid_t pid;

  argv.push_back ((char *) "bench-speed");
  for (const std::string & a:args)
    argv.push_back ((char *) a.c_str ());
  argv.push_back (NULL);

  fflush (stdout);
  if (pipe (fd) != 0)
    return false;
  pid = fork ();
  if (pid < 0)
    return false;
  if (pid == 0) {
    dup2 (fd[1], STDOUT_FILENO);
    close (fd[0]);
    close (fd[1]);
    if (cache_dir) {
      /* PoCL keeps compiled kernels of its own: empty both caches */
      setenv ("SISEG_CACHE_DIR", (std::string (cache_dir) + "/siseg").c_str (),
          1);
      setenv ("POCL_CACHE_DIR", (std::string (cache_dir) + "/pocl").c_str (),
          1);
    }
    execv ("/proc/self/exe", argv.data ());
    _exit (127);
  }
  close (fd[1]);
  out.clear ();
  while ((len = read (fd[0], buf, sizeof (buf))) > 0 || (len < 0
          && errno == EINTR))
    if (len > 0)
      out.append (buf, len);
  close (fd[0]);
  if (waitpid (pid, &status, 0) != pid)
    return false;
  while (!out.empty () && out.back () == '\n')
    out.pop_back ();
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

static std::string
size_arg (cv::Size size)
{
  return std::to_string (size.width) + "x" + std::to_string (size.height);
}

static void
bench_children (const Options * o, cv::Size size)
{
  std::vector < std::string > base = { "--sizes", size_arg (size),
    "--device", o->device, "--mask-scale", std::to_string (o->mask_scale)
  };
  std::string tmpl = std::string (g_get_tmp_dir ()) +
      "/siseg-bench-cache-XXXXXX";
  const char *cache = g_mkdtemp (&tmpl[0]);
  std::string out;
  const char *modes[][2] = {
    {"cold-ours", "cold start ours, empty kernel cache"},
    {"cold-ours", "cold start ours, warm kernel cache "},
    {"cold-peer", "cold start peer                   "},
    {"mem-ours", "memory ours                       "},
    {"mem-peer", "memory peer                       "},
  };

  for (const auto & m:modes) {
    std::vector < std::string > args = base;

    args.push_back ("--child");
    args.push_back (m[0]);
    if (run_child (args, cache, out))
      printf ("  %s  %s\n", m[1], out.c_str ());
    else
      printf ("  %s  FAILED\n", m[1]);
  }
  if (cache) {
    std::string rm = std::string ("rm -rf '") + cache + "'";
    if (system (rm.c_str ()) != 0)
      fprintf (stderr, "bench-speed: could not remove %s\n", cache);
  }
}

/* What a child prints: a single line for run_child. */
static int
child_main (const Options * o)
{
  cv::Size size = o->sizes[0];
  std::vector < SpeedScene > scenes (2);
  bool ours = o->child == "cold-ours" || o->child == "mem-ours";
  bool cold = o->child == "cold-ours" || o->child == "cold-peer";
  PeerParams pp;
  Ours us;
  cv::Mat work, ids;
  double t0, t1, t2;
  long hwm_scenes;
  int i;

  if (!ours && !cold && o->child != "mem-peer") {
    fprintf (stderr, "bench-speed: unknown child %s\n", o->child.c_str ());
    return 2;
  }
  for (i = 0; i < 2; i++)
    scene_make (&scenes[i], size, 1000 + i, o->mask_scale);
  peer_params_init (&pp, size.width, size.height);
  hwm_scenes = vm_hwm_kb ();
  scenes[0].frame.copyTo (work);

  t0 = now_s ();
  if (ours)
    ours_init (&us, o->device.c_str ());
  t1 = now_s ();
  if (ours)
    ours_run (&us, work, scenes[0].mask);
  else
    peer_run (&pp, work, scenes[0].mask, ids);
  t2 = now_s ();

  if (cold) {
    printf ("new %7.1f ms  first frame %7.1f ms  total %7.1f ms",
        1e3 * (t1 - t0), 1e3 * (t2 - t1), 1e3 * (t2 - t0));
  } else {
    for (i = 0; i < 16; i++) {
      scenes[i % 2].frame.copyTo (work);
      if (ours)
        ours_run (&us, work, scenes[i % 2].mask);
      else
        peer_run (&pp, work, scenes[i % 2].mask, ids);
    }
    printf ("VmHWM %4ld MiB, of which scenes and program %4ld MiB, "
        "working %4ld MiB", vm_hwm_kb () / 1024, hwm_scenes / 1024,
        (vm_hwm_kb () - hwm_scenes) / 1024);
  }
  if (ours)
    siseg_context_free (us.ctx);
  return 0;
}

/* ---- main ------------------------------------------------------------- */

static bool
parse_sizes (const char *s, std::vector < cv::Size > &sizes)
{
  int w, h, n;

  sizes.clear ();
  while (sscanf (s, "%dx%d%n", &w, &h, &n) == 2 && w > 0 && h > 0) {
    sizes.push_back (cv::Size (w, h));
    s += n;
    if (*s != ',')
      break;
    s++;
  }
  return *s == '\0' && !sizes.empty ();
}

static bool
parse_options (int argc, char **argv, Options * o)
{
  int i;

  parse_sizes ("640x480,1280x720,1920x1080", o->sizes);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

    if (!strcmp (a, "--quick")) {
      o->quick = true;
      continue;
    }
    if (!strcmp (a, "--check")) {
      o->check = true;
      continue;
    }
    if (!v)
      return false;
    else if (!strcmp (a, "--frames"))
      o->frames = atoi (v);
    else if (!strcmp (a, "--warmup"))
      o->warmup = atoi (v);
    else if (!strcmp (a, "--scenes"))
      o->scenes = atoi (v);
    else if (!strcmp (a, "--mask-scale"))
      o->mask_scale = atoi (v);
    else if (!strcmp (a, "--device"))
      o->device = v;
    else if (!strcmp (a, "--child"))
      o->child = v;
    else if (!strcmp (a, "--sizes")) {
      if (!parse_sizes (v, o->sizes))
        return false;
    } else
      return false;
    i++;
  }
  return o->frames > 0 && o->warmup >= 0 && o->scenes > 0
      && o->mask_scale > 0;
}

static void
print_machine (Ours * ours)
{
  char line[256], model[256] = "unknown";
  double load[3] = { 0, 0, 0 };
  FILE *f = fopen ("/proc/cpuinfo", "r");

  while (f && fgets (line, sizeof (line), f))
    if (sscanf (line, "model name : %255[^\n]", model) == 1)
      break;
  if (f)
    fclose (f);
  getloadavg (load, 3);
  printf ("machine: %ld cores (nproc), %s, load average %.2f %.2f %.2f\n",
      sysconf (_SC_NPROCESSORS_ONLN), model, load[0], load[1], load[2]);
  printf ("ours: siseg core, device %s\n",
      siseg_context_device_name (ours->ctx));
  printf ("peer: OpenCV %s, %d threads\n", CV_VERSION, cv::getNumThreads ());
}

int
main (int argc, char **argv)
{
  Options o;
  Ours ours;
  bool sane = true;

  if (!parse_options (argc, argv, &o)) {
    fprintf (stderr, "usage: bench-speed [--frames N] [--warmup N] "
        "[--scenes N] [--sizes WxH,...] [--mask-scale S] [--device D] "
        "[--quick] [--check]\n");
    return 2;
  }
  cv::setNumThreads ((int) sysconf (_SC_NPROCESSORS_ONLN));
  if (!o.child.empty ())
    return child_main (&o);

  ours_init (&ours, o.device.c_str ());
  print_machine (&ours);
  printf ("scenes: %d per size, rotated; masks at 1/%d of the frame; "
      "%d warm-up and %d timed frames a side, interleaved\n",
      o.scenes, o.mask_scale, o.warmup, o.frames);

  for (const cv::Size & size:o.sizes) {
    std::vector < SpeedScene > scenes = make_scenes (&o, size);
    std::vector < double >t_ours, t_peer;
    std::vector < SisegTimings > stages;
    double fps_ours, fps_peer;
    PeerParams pp;

    peer_params_init (&pp, size.width, size.height);
    printf ("\n%dx%d\n", size.width, size.height);
    bench_latency (&o, &ours, &pp, scenes, t_ours, t_peer, stages);
    print_latency ("ours", t_ours);
    print_latency ("peer", t_peer);
    printf ("  ratio peer/ours  median %.2fx  p95 %.2fx\n",
        percentile (t_peer, 0.5) / percentile (t_ours, 0.5),
        percentile (t_peer, 0.95) / percentile (t_ours, 0.95));
    print_stages (stages);
    bench_kernels (&o, scenes);
    bench_throughput (&ours, &pp, scenes, &fps_ours, &fps_peer);
    printf ("  throughput     ours %.1f fps  peer %.1f fps\n", fps_ours,
        fps_peer);
    bench_quality (&ours, &pp, scenes, &sane);
    if (!o.quick)
      bench_children (&o, size);
  }
  siseg_context_free (ours.ctx);

  if (o.check && !sane) {
    fprintf (stderr, "bench-speed: check failed: a side found no instance, "
        "matched none, or a figure is out of [0,1]\n");
    return 1;
  }
  return 0;
}
