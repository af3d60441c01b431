#!/usr/bin/env bash
# The live-browser stage of .ci/run: records a sample of the public
# scenarios in a real Chromium with the project's recorder (record.js), then
#   1. the chromium profile must agree with what was just recorded
#      (corsctl run --profile chromium, corsctl compare), and
#   2. tests/conformance/chromium.jsonl must match it too (any drift between
#      the committed records and today's browser is reported and fails).
# Prints one line per check, "PASS live-chromium-<check>: ..." or
# "FAIL live-chromium-<check>: ...", and exits non-zero on any FAIL.
#
#   bash tests/browsers/live_chromium.sh [PER_FAMILY]   # default 4 per family
#
# Installs what is missing: Debian's chromium (apt, through sudo when not
# root) and playwright-core from npm (package-lock.json); never a
# downloaded browser. Talks to loopback only; bounded by timeouts.
set -uo pipefail
cd "$(dirname "$0")/../.."

per_family="${1:-4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL live-chromium-$1: $2"
  exit 1
}

bash tests/browsers/setup.sh chromium ||
  fail setup "could not install chromium (Debian) or playwright-core (npm)"

# The sample: the first PER_FAMILY scenarios of every family, in corpus
# order (every family is covered; the rule never looks at what they test).
python3 - "$per_family" tests/conformance/scenarios.jsonl >"$work/names" <<'PY' ||
import json, sys
per_family = int(sys.argv[1])
taken = {}
for line in open(sys.argv[2]):
    if not line.strip():
        continue
    name = json.loads(line)["name"]
    family = name.split("/")[0]
    if taken.get(family, 0) < per_family:
        taken[family] = taken.get(family, 0) + 1
        print(name)
PY
  fail setup "could not pick the sample"
count="$(wc -l <"$work/names")"
python3 - "$work/names" tests/conformance/scenarios.jsonl \
  tests/conformance/chromium.jsonl "$work" <<'PY' || fail setup "could not cut the sample"
import json, sys
names = set(open(sys.argv[1]).read().split("\n")) - {""}
for src, dst in ((sys.argv[2], "sample.scenarios.jsonl"),
                 (sys.argv[3], "sample.committed.jsonl")):
    with open(f"{sys.argv[4]}/{dst}", "w") as out:
        for line in open(src):
            if line.strip() and json.loads(line)["name"] in names:
                out.write(line)
PY

start=$(date +%s)
if ! timeout 900 node tests/browsers/record.js --browser chromium \
  --scenarios "$work/sample.scenarios.jsonl" --out "$work/recorded.jsonl" \
  2>"$work/record.log"; then
  cat "$work/record.log" >&2
  fail record "the recorder failed (see above)"
fi
seconds=$(($(date +%s) - start))
echo "PASS live-chromium-record: $count scenarios recorded in $(tail -1 "$work/record.log" | sed 's/.* in \(chromium [0-9.]*\).*/\1/') in ${seconds} s"

./bazelw build --noshow_progress //tools/corsctl >&2 || fail profile "corsctl did not build"
corsctl="$(./bazelw info bazel-bin 2>/dev/null)/tools/corsctl/corsctl"
"$corsctl" run "$work/sample.scenarios.jsonl" --profile chromium >"$work/engine.jsonl"

check() {
  local what="$1" expected="$2" actual="$3"
  if "$corsctl" compare "$expected" "$actual" >"$work/$what.txt"; then
    echo "PASS live-chromium-$what: $(grep '^total' "$work/$what.txt" | awk '{print $2}')/$count agree"
  else
    grep -E '^(DISAGREE|MISSING)' "$work/$what.txt" | head -20
    echo "FAIL live-chromium-$what: $(grep '^total' "$work/$what.txt" | awk '{print $3 " disagree, " $4 " missing"}') of $count"
    status=1
  fi
}
status=0
check profile "$work/recorded.jsonl" "$work/engine.jsonl"
check drift "$work/sample.committed.jsonl" "$work/recorded.jsonl"
exit $status
