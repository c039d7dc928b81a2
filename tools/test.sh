#!/bin/sh
# Runs the whole test suite and ends with one line: "N passed, N failed".
#
# 1. every test in ./build (tools/setup.sh made it);
# 2. the core and element tests (sisegment's, sisegmodel's GstHarness one)
#    again in ./build-san (not limits, whose address-space limit a
#    sanitizer cannot run under), built with -Dwerror=true and
#    AddressSanitizer + UndefinedBehaviorSanitizer, leaks checked
#    (tests/lsan.supp lists the libraries' own), their timeouts
#    four times longer: a cold kernel cache under ASan on a busy 2-core
#    machine takes minutes, not seconds.
# 3. the libFuzzer targets (tests/fuzz) in ./build-fuzz, built with clang,
#    AddressSanitizer and UndefinedBehaviorSanitizer (10^4 inputs each);
#    the kernels come from ./build's cache, filled by step 1, PoCL's from
#    an empty cache of its own.
set -u
cd "$(dirname "$0")/.."

echo "OpenCL devices:"
clinfo -l || true

meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?

if [ ! -f build-san/build.ninja ]; then
  meson setup build-san -Dtests=enabled -Dwerror=true \
    -Db_sanitize=address,undefined >/dev/null || rc=1
fi
ninja -C build-san >/dev/null || rc=1
# The tests' registry is filled first, by one sanitized scan with leak
# checks off: a Check test that scans every system plugin in its own
# process (the cold registry of a fresh build) leaves LeakSanitizer's
# tracer to crash ("Tracer caught signal 11") in the cases it forks.
GST_REGISTRY=$PWD/build-san/tests/registry.bin GST_REGISTRY_FORK=no \
  GST_PLUGIN_PATH=$PWD/build-san/gst \
  GST_PLUGIN_SYSTEM_PATH_1_0=$(pkg-config --variable=pluginsdir gstreamer-1.0) \
  ASAN_OPTIONS=detect_leaks=0 \
  LD_PRELOAD="$(gcc -print-file-name=libasan.so) $(gcc -print-file-name=libubsan.so)" \
  gst-inspect-1.0 sisegment >/dev/null || rc=1
# the plugin scanner cannot load a sanitized plugin: scan in-process. The
# suppressions name callers (_dl_init) that only a full unwind sees: the
# fast one stops in GLib, built without frame pointers.
GST_REGISTRY_FORK=no \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-san --print-errorlogs --timeout-multiplier 4 \
    kernels known-answers element element-inputs element-live element-faults \
    element-bus element-labels \
    model-harness \
  || rc=1

if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang-14 meson setup build-fuzz -Dfuzz=enabled -Db_lundef=false \
    -Db_sanitize=address,undefined >/dev/null || rc=1
fi
SISEG_CACHE_DIR=$PWD/build/tests/kernel-cache \
  meson test -C build-fuzz --print-errorlogs || rc=1

# The summary counts cases: each TAP line of a TAP test, each check of a
# Check (GstCheck) test, one for any other test, and a test that failed
# without reporting as many failures as one.
python3 - build/meson-logs/testlog.json build-san/meson-logs/testlog.json \
  build-fuzz/meson-logs/testlog.json <<'PY'
import json, re, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).readlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        r = json.loads(line)
        ok = r["result"] in ("OK", "EXPECTEDFAIL")
        out = r.get("stdout") or ""
        tap = re.findall(r"^(ok|not ok)\b(.*)$", out, re.M)
        check = re.search(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)", out)
        if r["result"] == "SKIP":
            skipped += 1
            continue
        if tap:
            bad = sum(1 for k, rest in tap if k == "not ok")
            skip = sum(1 for k, rest in tap if "# SKIP" in rest)
            p, f, s = len(tap) - bad - skip, bad, skip
        elif check:
            n, f1, e = map(int, check.groups())
            p, f, s = n - f1 - e, f1 + e, 0
        else:
            p, f, s = (1, 0, 0) if ok else (0, 1, 0)
        if not ok and f == 0:
            f = 1
        passed += p
        failed += f
        skipped += s
tail = ", %d skipped" % skipped if skipped else ""
print("%d passed, %d failed%s" % (passed, failed, tail))
PY
exit $rc
