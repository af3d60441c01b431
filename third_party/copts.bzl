"""Compiler flags for the project's own targets.

Use as `copts = COPTS` on every project cc_library/cc_binary/cc_test. They are
per-target (not in .bazelrc) so -Werror never applies to external repos.
"""

COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    # Functions on 64-byte and loops on 32-byte boundaries: without them an
    # unrelated change that shifts code moved the benchmarks by up to 30 %
    # (bench/README.md, "The noise"), as hot loops crossed fetch and
    # op-cache boundaries; with them, builds that differ elsewhere measure
    # the same.
    "-falign-functions=64",
    "-falign-loops=32",
] + select({
    # gcc's -O1 flow analysis under the sanitizers reports absl::InlinedVector
    # storage as maybe-uninitialized (a known false positive); the unsanitized
    # builds keep the warning.
    "//third_party:asan": ["-Wno-maybe-uninitialized"],
    "//third_party:tsan": ["-Wno-maybe-uninitialized"],
    "//conditions:default": [],
})
