#!/usr/bin/env bash
# Installs built corsengine files into PREFIX:
#   PREFIX/include/corsengine/*.h
#   PREFIX/lib/libcorsengine.a
#   PREFIX/lib/libcorsengine.so.0 (and the libcorsengine.so link)
#   PREFIX/lib/pkgconfig/corsengine.pc
#
#   install_files.sh PREFIX LIBCORSENGINE.A LIBCORSENGINE.SO HEADER...
#
# package/install.sh builds the files and calls this; so does install_test.
set -euo pipefail

if [ "$#" -lt 4 ]; then
  echo "usage: $0 PREFIX LIBCORSENGINE.A LIBCORSENGINE.SO HEADER..." >&2
  exit 2
fi
prefix="$1"
archive="$2"
shared="$3"
shift 3

mkdir -p "$prefix/include/corsengine" "$prefix/lib/pkgconfig"
prefix="$(cd "$prefix" && pwd)"
for h in "$@"; do
  install -m 0644 "$h" "$prefix/include/corsengine/"
done
install -m 0644 "$archive" "$prefix/lib/libcorsengine.a"
install -m 0755 "$shared" "$prefix/lib/libcorsengine.so.0"
ln -sf libcorsengine.so.0 "$prefix/lib/libcorsengine.so"

# The absl libraries the engine uses, as Debian's libabsl-dev names their
# pkg-config modules.
cat > "$prefix/lib/pkgconfig/corsengine.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include
libdir=\${prefix}/lib

Name: corsengine
Description: The browser's side of CORS, as an embeddable library
Version: 0.1.0
Requires: absl_flat_hash_map absl_flat_hash_set absl_hash absl_inlined_vector absl_span absl_strings absl_synchronization absl_time
Cflags: -I\${includedir}
Libs: -L\${libdir} -lcorsengine
Libs.private: -lstdc++ -lm -pthread
PC
echo "installed corsengine into $prefix"
