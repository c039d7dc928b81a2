#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# Copyright (C) 2026 The siseg authors
"""Runs gst-launch-1.0 -v PIPELINE under /usr/bin/time -v and reads the
fakesink's per-buffer messages (the pipeline's one `fakesink
silent=false`) as they come: prints the buffers seen, the time from start
to the first one, the steady rate after the first one, the wall time and
the peak resident memory. With --runs N it runs N times and prints the
median steady rate last.

  launch-rate.py [--runs N] PIPELINE...

Exits 1 when a run fails or sees no buffer. Standard library only.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(pipeline, time_out):
    t0 = time.monotonic()
    proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_out,
                             "gst-launch-1.0", "-v"] + pipeline,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    stamps = []
    tail = []
    for line in proc.stdout:
        if "last-message = chain" in line:
            stamps.append(time.monotonic() - t0)
        else:
            tail = (tail + [line.rstrip()])[-5:]
    rc = proc.wait()
    wall = time.monotonic() - t0
    rss = 0
    with open(time_out) as f:
        for line in f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", line)
            if m:
                rss = int(m.group(1))
    if rc != 0 or not stamps:
        print("  FAILED (exit %d, %d buffers)" % (rc, len(stamps)))
        print("\n".join("    " + t for t in tail))
        return None
    steady = ((len(stamps) - 1) / (stamps[-1] - stamps[0])
              if len(stamps) > 1 and stamps[-1] > stamps[0] else 0.0)
    print("  %d frames in %.2f s: %.1f fps overall, %.1f fps after the "
          "first; first frame at %.0f ms; peak RSS %d MiB"
          % (len(stamps), wall, len(stamps) / wall, steady, 1e3 * stamps[0],
             rss // 1024))
    sys.stdout.flush()
    return steady


def main():
    args = sys.argv[1:]
    runs = 1
    if args[:1] == ["--runs"]:
        runs = int(args[1])
        args = args[2:]
    if not args or runs < 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    rates = []
    with tempfile.TemporaryDirectory(prefix="siseg-rate-") as tmp:
        for _ in range(runs):
            rate = run_once(args, os.path.join(tmp, "time.txt"))
            if rate is None:
                return 1
            rates.append(rate)
    if runs > 1:
        print("  median of %d runs: %.1f fps after the first frame "
              "(%s)" % (runs, statistics.median(rates),
                        ", ".join("%.1f" % r for r in rates)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
