#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
"""The soak of tests/bench/soak.sh (which says what it is for): runs
PIPELINE (gst-launch syntax, with a sisegment named s) in this process for
SECONDS, counts the buffers into s's sink pad and out of its src pad with
pad probes, samples this process's RSS every SAMPLE seconds, then sends EOS
and waits for it, so every frame in flight comes out.

  soak.py SECONDS SAMPLE OUT_DIR JSON PIPELINE

Writes OUT_DIR/rss.tsv (seconds, KiB). Prints the RSS slope (least squares,
KiB a minute, over the samples after the first minute, or all of them in a
shorter run), RSS first, last and max, frames in and out and the lines of
the JSON file. Exits 1 if the pipeline failed, did not end after EOS, or
frames out != frames in or JSON lines != frames out.
"""
import os
import signal
import sys
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

EOS_TIMEOUT = 300


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slope_per_minute(samples):
    """Least-squares slope of KiB over minutes, after the first minute."""
    later = [(t, r) for t, r in samples if t > 60]
    use = later if len(later) >= 2 else samples
    n = len(use)
    if n < 2:
        return 0.0, use
    xs = [t / 60 for t, _ in use]
    ys = [r for _, r in use]
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return (sxy / sxx if sxx else 0.0), use


class Soak:
    def __init__(self, seconds, sample, out_dir, pipeline):
        self.seconds, self.sample, self.out_dir = seconds, sample, out_dir
        self.pipeline = Gst.parse_launch(pipeline)
        self.frames = {"in": 0, "out": 0}
        seg = self.pipeline.get_by_name("s")
        for pad, key in (("sink", "in"), ("src", "out")):
            seg.get_static_pad(pad).add_probe(
                Gst.PadProbeType.BUFFER, self.count, key)
        self.samples = []
        self.error = None
        self.ended = False
        self.loop = GLib.MainLoop()

    def count(self, pad, info, key):
        self.frames[key] += 1
        return Gst.PadProbeReturn.OK

    def on_message(self, bus, msg):
        if msg.type == Gst.MessageType.EOS:
            self.ended = True
            self.loop.quit()
        elif msg.type == Gst.MessageType.ERROR:
            err, debug = msg.parse_error()
            self.error = "%s (%s)" % (err.message, debug)
            self.loop.quit()

    def on_sample(self):
        t = time.monotonic() - self.start
        self.samples.append((round(t), rss_kib()))
        if t >= self.seconds - 0.5:
            self.stop()
            return False
        return True

    def stop(self):
        # EOS into the sources: what is in flight still comes out
        self.pipeline.send_event(Gst.Event.new_eos())
        GLib.timeout_add_seconds(EOS_TIMEOUT, self.loop.quit)
        return False

    def run(self):
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self.on_message)
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, self.stop)
        self.start = time.monotonic()
        self.pipeline.set_state(Gst.State.PLAYING)
        first = min(self.sample, self.seconds)
        GLib.timeout_add(int(first * 1000), self.first_sample)
        self.loop.run()
        self.pipeline.set_state(Gst.State.NULL)
        bus.remove_signal_watch()

    def first_sample(self):
        if self.on_sample():
            GLib.timeout_add(int(self.sample * 1000), self.on_sample)
        return False


def main():
    if len(sys.argv) != 6:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    seconds, sample = float(sys.argv[1]), float(sys.argv[2])
    out_dir, json_path, pipeline = sys.argv[3:6]
    Gst.init(None)
    soak = Soak(seconds, sample, out_dir, pipeline)
    soak.run()
    with open(os.path.join(out_dir, "rss.tsv"), "w") as f:
        for t, r in soak.samples:
            f.write("%d\t%d\n" % (t, r))
    json_lines = 0
    if os.path.exists(json_path):
        with open(json_path) as f:
            json_lines = sum(1 for line in f if line.strip())
    rss = [r for _, r in soak.samples]
    slope, used = slope_per_minute(soak.samples)
    if rss:
        print("RSS: slope %.1f KiB/min over %d samples from %d s; first %d "
              "KiB, last %d KiB, max %d KiB" % (slope, len(used), used[0][0],
                                                rss[0], rss[-1], max(rss)))
    fin, fout = soak.frames["in"], soak.frames["out"]
    print("frames: in %d, out %d; JSON lines %d; %.1f fps"
          % (fin, fout, json_lines, fout / max(seconds, 1e-9)))
    if soak.error:
        print("soak: FAIL: %s" % soak.error)
        return 1
    if not soak.ended:
        print("soak: FAIL: no EOS within %d s of the end" % EOS_TIMEOUT)
        return 1
    if fin == 0 or fout != fin or json_lines != fout:
        print("soak: FAIL: frames in %d, out %d, JSON lines %d"
              % (fin, fout, json_lines))
        return 1
    print("soak: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
