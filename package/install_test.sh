#!/usr/bin/env bash
# Installs the built library into a temporary prefix with install_files.sh,
# then builds and runs a C and a C++ host against it with plain cc / c++ and
# pkg-config: the C one on the shared library, the C++ one on both the
# shared and the static library.
set -euo pipefail

r="${TEST_SRCDIR}/corsengine"
tmp="${TEST_TMPDIR:-$(mktemp -d)}"
prefix="$tmp/prefix"

bash "$r/package/install_files.sh" "$prefix" "$r/package/libcorsengine.a" \
  "$r/package/libcorsengine.so" "$r"/include/corsengine/*.h

test -f "$prefix/include/corsengine/corsengine_c.h"
test -L "$prefix/lib/libcorsengine.so"
# (Outputs are captured before matching: `grep -q` in a pipe under
# pipefail can fail on the writer's SIGPIPE.)
dynamic="$(readelf -d "$prefix/lib/libcorsengine.so.0")"
[[ "$dynamic" == *"Library soname: [libcorsengine.so.0]"* ]]
[[ "$dynamic" == *"Shared library: [libabsl_"* ]]

# Under --config=asan the library is instrumented; its hosts must be too.
san=""
if [[ "$dynamic" == *"Shared library: [libasan"* ]]; then
  san="-fsanitize=address,undefined"
fi

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
cflags="$(pkg-config --cflags corsengine)"
libs="$(pkg-config --libs corsengine)"

cc -std=c11 -Wall -Wextra -Werror $san $cflags "$r/package/consumer.c" \
  -o "$tmp/consumer_c" $libs
LD_LIBRARY_PATH="$prefix/lib" "$tmp/consumer_c"

c++ -std=c++17 -Wall -Wextra -Werror $san $cflags "$r/package/consumer.cc" \
  -o "$tmp/consumer_cc" $libs
LD_LIBRARY_PATH="$prefix/lib" "$tmp/consumer_cc"

# Static: the archive itself, absl from the system.
absl_libs="$(pkg-config --libs absl_flat_hash_map absl_flat_hash_set absl_hash \
  absl_inlined_vector absl_span absl_strings absl_synchronization absl_time)"
c++ -std=c++17 $san $cflags "$r/package/consumer.cc" -o "$tmp/consumer_static" \
  "$prefix/lib/libcorsengine.a" $absl_libs -pthread
if [[ "$(readelf -d "$tmp/consumer_static")" == *libcorsengine* ]]; then
  echo "the static consumer links libcorsengine.so" >&2
  exit 1
fi
"$tmp/consumer_static"
echo "install_test: ok"
