#!/bin/sh
# Runs the whole test suite and ends with one line: "N passed, N failed".
#
# 1. every test in ./build (tools/setup.sh made it);
# 2. the core and element tests again in ./build-san, built with
#    -Dwerror=true and AddressSanitizer + UndefinedBehaviorSanitizer, leaks
#    checked (tests/lsan.supp lists the libraries' own).
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
# the plugin scanner cannot load a sanitized plugin: scan in-process. The
# suppressions name callers (_dl_init) that only a full unwind sees: the
# fast one stops in GLib, built without frame pointers.
GST_REGISTRY_FORK=no \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  meson test -C build-san --print-errorlogs kernels known-answers element \
  || rc=1

python3 - build/meson-logs/testlog.json build-san/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).readlines()
    except OSError:
        failed += 1
        continue
    for line in lines:
        r = json.loads(line)["result"]
        if r in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif r == "SKIP":
            skipped += 1
        else:
            failed += 1
tail = ", %d skipped" % skipped if skipped else ""
print("%d passed, %d failed%s" % (passed, failed, tail))
PY
exit $rc
