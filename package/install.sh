#!/usr/bin/env bash
# Builds corsengine (-c opt) and installs headers, the static and the shared
# library and a pkg-config file into PREFIX (default /usr/local):
#
#   bash package/install.sh [PREFIX]
#
# Then, without Bazel:
#   cc app.c $(PKG_CONFIG_PATH=PREFIX/lib/pkgconfig pkg-config --cflags --libs corsengine)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-/usr/local}"
./bazelw build -c opt //package:libcorsengine.a //package:libcorsengine.so
bin="$(./bazelw info -c opt bazel-bin 2>/dev/null)"
bash package/install_files.sh "$prefix" "$bin/package/libcorsengine.a" \
  "$bin/package/libcorsengine.so" include/corsengine/*.h
