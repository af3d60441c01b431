#!/usr/bin/env bash
# Builds the fuzz targets with --config=fuzz (clang, libFuzzer, ASan) and runs
# each for SECONDS from a temporary copy of its seed corpus, with its
# dictionary. One line per target:
#
#   PASS <target>: <N> execs, <N> exec/s, corpus <seeds> -> <files> files
#   FAIL <target>: <why> (artifacts in <dir>)
#
# and exits non-zero when any target crashed, failed an invariant, leaked,
# timed out or did not build. Crashing inputs are kept under
# $FUZZ_ARTIFACTS_DIR (default /tmp/corsengine-fuzz-artifacts/<target>/).
#
#   bash fuzz/run_all.sh [SECONDS] [TARGET...]     # default: 20 s, all
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: $0 [SECONDS] [TARGET...]" >&2
  exit 2
fi
artifacts_root="${FUZZ_ARTIFACTS_DIR:-/tmp/corsengine-fuzz-artifacts}"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(./bazelw query --noshow_progress \
    'attr(tags, "\bfuzz\b", kind("cc_binary", //fuzz/...))' 2>/dev/null |
    sed 's|^//fuzz:||' | sort)
fi
if [ "${#targets[@]}" -eq 0 ]; then
  echo "FAIL fuzz-targets: bazel query found no fuzz targets"
  exit 1
fi

echo "building ${targets[*]} with --config=fuzz"
labels=()
for t in "${targets[@]}"; do labels+=("//fuzz:$t"); done
if ! ./bazelw build --config=fuzz --noshow_progress "${labels[@]}"; then
  echo "FAIL fuzz-build: ./bazelw build --config=fuzz failed"
  exit 1
fi
bin_dir="$(./bazelw info --config=fuzz bazel-bin 2>/dev/null)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for t in "${targets[@]}"; do
  binary="$bin_dir/fuzz/$t"
  corpus="$work/$t/corpus"
  log="$work/$t/log"
  artifacts="$artifacts_root/$t"
  mkdir -p "$corpus" "$artifacts"
  if [ ! -x "$binary" ]; then
    echo "FAIL $t: no binary at $binary"
    status=1
    continue
  fi
  cp -R "fuzz/corpus/$t/." "$corpus/" 2>/dev/null
  seeds=$(find "$corpus" -type f | wc -l)
  dict_flag=()
  [ -f "fuzz/$t.dict" ] && dict_flag=("-dict=fuzz/$t.dict")

  # libFuzzer stops itself after -max_total_time; `timeout` only guards
  # against a hang in startup or shutdown.
  timeout --kill-after=30 $((seconds + 120)) "$binary" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "${dict_flag[@]}" "$corpus" >"$log" 2>&1
  rc=$?

  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  files=$(find "$corpus" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    echo "PASS $t: ${execs:-?} execs, ${rate:-?} exec/s, corpus $seeds -> $files files"
    continue
  fi
  status=1
  why=$(grep -m1 -E 'FUZZ_CHECK\(|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|SUMMARY:' "$log")
  [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ] && why="killed after $((seconds + 120)) s"
  cp "$log" "$artifacts/fuzz.log"
  echo "FAIL $t: ${why:-exit code $rc} (artifacts in $artifacts)"
  # The invariant message and the decoded input, or the start of the
  # sanitizer report; then where the input was written.
  if grep -q '==== corsengine fuzz invariant failed' "$log"; then
    sed -n '/==== corsengine fuzz invariant failed/,/ERROR: libFuzzer/p' "$log" |
      grep -v 'ERROR: libFuzzer' | head -40
  else
    grep -A25 -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$log"
  fi | sed 's/^/    /'
  grep -m1 'Test unit written to' "$log" | sed 's/^/    /'
done
exit "$status"
