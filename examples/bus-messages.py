#!/usr/bin/python3
# siseg: instance segmentation from semantic segmentation masks.
# Copyright (C) 2026 The siseg authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""An application that reads sisegment's results from the bus.

A synthetic scene (sisegtestsrc) feeds sisegment; every frame's "sisegment"
element message is printed, one line an instance. PyGObject 3.42 (Debian
python3-gi) is enough: the instances are a GValueArray, which it reads as a
list, and no buffer needs mapping (Gst.Buffer.foreach_meta asserts on the
non-writable buffers a probe sees there).

    GST_PLUGIN_PATH=build/gst /usr/bin/python3 examples/bus-messages.py [FRAMES]

It exits 1 unless every frame got one message, with instances in it, ids
1..n and, with tracking on, object ids.
"""
import sys

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

PIPELINE = (
    "sisegment name=s tracking=true ! fakesink "
    "sisegtestsrc num-buffers={n} num-objects=12 ! "
    "video/x-raw,width=320,height=240,framerate=25/1 ! s.sink "
    "sisegtestsrc output=mask num-buffers={n} num-objects=12 ! "
    "video/x-raw,width=160,height=120,framerate=25/1 ! s.mask")


def instances_of(s):
    """The message's instances as dicts."""
    out = []
    for inst in s.get_value("instances"):
        d = {k: inst.get_value(k) for k in
             ("id", "class-id", "label", "x", "y", "w", "h", "area",
              "score")}
        if inst.has_field("object-id"):
            d["object-id"] = inst.get_value("object-id")
        out.append(d)
    return out


def main():
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    Gst.init(None)
    pipeline = Gst.parse_launch(PIPELINE.format(n=frames))
    loop = GLib.MainLoop()
    seen, problems = [], []

    def on_message(bus, msg):
        s = msg.get_structure()
        if msg.type == Gst.MessageType.ELEMENT and s.get_name() == "sisegment":
            insts = instances_of(s)
            seen.append(insts)
            print("frame %d: t=%.3f s, has-mask=%s, %d instances" % (
                len(seen) - 1, s.get_value("stream-time") / Gst.SECOND,
                s.get_value("has-mask"), len(insts)))
            for i in insts:
                print("  id %(id)d object %(object-id)s %(label)s "
                      "box %(x)d,%(y)d %(w)dx%(h)d area %(area)d "
                      "score %(score).2f" % dict({"object-id": "-"}, **i))
            if any("object-id" not in i for i in insts):
                problems.append("frame %d: no object-id" % (len(seen) - 1))
            if not s.get_value("has-mask") or not insts:
                problems.append("frame %d: no instances" % (len(seen) - 1))
            if sorted(i["id"] for i in insts) != list(range(1, len(insts) + 1)):
                problems.append("frame %d: ids not 1..n" % (len(seen) - 1))
        elif msg.type == Gst.MessageType.ERROR:
            problems.append("error: %s" % msg.parse_error()[0].message)
            loop.quit()
        elif msg.type == Gst.MessageType.EOS:
            loop.quit()

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)
    pipeline.set_state(Gst.State.PLAYING)
    GLib.timeout_add_seconds(240, loop.quit)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    bus.remove_signal_watch()

    if len(seen) != frames:
        problems.append("%d messages for %d frames" % (len(seen), frames))
    for p in problems:
        print("FAIL: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
