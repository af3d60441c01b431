"""corsengine_fuzz_target: one libFuzzer target, its replay binary and test.

    corsengine_fuzz_target(
        name = "url_fuzzer",
        srcs = ["url_fuzzer.cc"],
    )

declares

  * `<name>_lib`: a cc_library with the fuzzer source (alwayslink, so
    LLVMFuzzerTestOneInput is always linked in);
  * `<name>`: a cc_binary tagged `fuzz`. Under `--config=fuzz` (which sets
    --define=fuzz=1, see //third_party:fuzzing) it links `-fsanitize=fuzzer`
    and is a libFuzzer binary; otherwise it links //fuzz:replay_main and
    replays the files and directories given on its command line;
  * `<name>_replay_test`: a cc_test that always uses the replay main, runs
    every file under `corpus/<name>/` and checks the target's dictionary, so
    `bazel test //...` under gcc exercises every seed corpus.

`dict` defaults to `<name>.dict`, `corpus` to `corpus/<name>`; both are
paths relative to the calling package.
"""

load("//third_party:copts.bzl", "COPTS")

def corsengine_fuzz_target(name, srcs, deps = [], dict = None, corpus = None):
    if dict == None:
        dict = name + ".dict"
    if corpus == None:
        corpus = "corpus/" + name
    corpus_files = native.glob([corpus + "/**"])
    pkg = native.package_name()

    native.cc_library(
        name = name + "_lib",
        testonly = True,
        srcs = srcs,
        copts = COPTS,
        deps = deps + [
            "//:corsengine",
            "//fuzz:fuzz_util",
        ],
        alwayslink = True,
    )

    native.cc_binary(
        name = name,
        testonly = True,
        copts = COPTS,
        data = [dict] + corpus_files,
        linkopts = select({
            "//third_party:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        tags = ["fuzz"],
        deps = [":" + name + "_lib"] + select({
            "//third_party:fuzzing": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
    )

    native.cc_test(
        name = name + "_replay_test",
        size = "small",
        args = [
            "--dict=" + pkg + "/" + dict,
            pkg + "/" + corpus,
        ],
        copts = COPTS,
        data = [dict] + corpus_files,
        deps = [
            ":" + name + "_lib",
            "//fuzz:replay_main",
        ],
    )
