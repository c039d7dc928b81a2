#!/bin/sh
# Runs the whole test suite and ends with one line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
echo "OpenCL devices:"; clinfo -l || true
meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?
python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
passed = failed = skipped = 0
for line in open(sys.argv[1]):
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
