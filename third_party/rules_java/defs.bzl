"""Convenience alias of @rules_java//java:defs.bzl (the path Bazel itself loads)."""

load(
    "//java:defs.bzl",
    _java_binary = "java_binary",
    _java_import = "java_import",
    _java_library = "java_library",
    _java_proto_library = "java_proto_library",
    _java_runtime = "java_runtime",
    _java_test = "java_test",
    _java_toolchain = "java_toolchain",
)

java_binary = _java_binary
java_import = _java_import
java_library = _java_library
java_proto_library = _java_proto_library
java_runtime = _java_runtime
java_test = _java_test
java_toolchain = _java_toolchain
