#!/bin/sh
# Formats the C sources the way GStreamer's gst-indent does (GNU indent with
# its flags), twice as gst-indent does, so the result is stable.
# With --check: changes nothing, lists the files that differ, exits 1 if any.
set -eu
cd "$(dirname "$0")/.."

FLAGS="--braces-on-if-line --case-brace-indentation0 --case-indentation2
--braces-after-struct-decl-line --line-length80 --no-tabs --cuddle-else
--dont-line-up-parentheses --continuation-indentation4 --honour-newlines
--tab-size8 --indent-level2 --leave-preprocessor-space"

check=0
[ "${1:-}" = "--check" ] && check=1
bad=0
for f in $(git ls-files 'src/*.c' 'gst/*.c' 'tests/*.c' 'examples/*.c'); do
  # shellcheck disable=SC2086
  out=$(indent $FLAGS -st "$f" | indent $FLAGS -st -)
  if [ "$out" != "$(cat "$f")" ]; then
    if [ $check = 1 ]; then
      echo "format: $f differs (run tools/format.sh)"
      bad=1
    else
      printf '%s\n' "$out" > "$f"
    fi
  fi
done
exit $bad
