#!/bin/sh
# Sets siseg up on Debian 12: installs the Debian packages it needs when they
# are missing (as root), configures and builds into ./build.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="meson ninja-build pkg-config gcc g++ python3
libglib2.0-dev libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
libpango1.0-dev libcairo2-dev fonts-dejavu-core
gstreamer1.0-tools gstreamer1.0-plugins-base gstreamer1.0-plugins-good
ocl-icd-opencl-dev opencl-c-headers pocl-opencl-icd clinfo oclgrind
python3-numpy python3-scipy python3-opencv python3-skimage libopencv-dev
libopencv-dnn-dev python3-onnx python3-gi gir1.2-gstreamer-1.0
valgrind time indent
clang-14 libfuzzer-14-dev"

missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages:$missing (run as root to install)" >&2
    exit 1
  fi
  echo "setup: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ ! -f build/build.ninja ]; then
  meson setup build -Dtests=enabled "$@"
fi
ninja -C build
