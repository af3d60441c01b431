"""Compiler flags for the project's own targets.

Use as `copts = COPTS` on every project cc_library/cc_binary/cc_test. They are
per-target (not in .bazelrc) so -Werror never applies to external repos.
"""

COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
]
