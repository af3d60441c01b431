#!/usr/bin/env bash
# corsctl run over the stateless subset must agree with Chromium on every
# scenario (corsctl compare exits 0 only then).
set -euo pipefail
corsctl="$1"
scenarios="$2"
truth="$3"
out="${TEST_TMPDIR:-/tmp}/ours.jsonl"
"$corsctl" run "$scenarios" --profile chromium > "$out"
"$corsctl" compare "$truth" "$out"
