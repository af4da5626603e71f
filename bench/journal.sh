#!/usr/bin/env bash
# The journal benchmark (append rate with checkpointing, inclusion proofs at
# 1 M entries, full verify vs its "scan + SHA-256" limit, verify
# --since-checkpoint after 10,000 appends): one run, one table. bench/run.sh
# (`make bench`) runs it with --no-append. Builds
# nothing: run `cmake --build build --target journal_bench` first.
# Method and numbers: docs/benchmarks.md, section "Journal".
#
#   bench/journal.sh [journal_bench options]    e.g. --quick, --entries 200000
#
# Environment: BUILD (default: build/ next to bench/), TMPDIR (where the
# temporary databases go; default /tmp; use a real disk, not tmpfs: commits
# fsync). The table is also written to bench/results/journal.txt, replacing
# the previous one only when the run succeeded.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
BIN=$BUILD/journal_bench
[ -x "$BIN" ] || { echo "journal.sh: missing $BIN (cmake --build build --target journal_bench)" >&2; exit 1; }

mkdir -p "$ROOT/bench/results"
OUT=$ROOT/bench/results/journal.txt
TMP=$(mktemp "$ROOT/bench/results/.journal.XXXXXX")
trap 'rm -f "$TMP"' EXIT
"$BIN" "$@" | tee "$TMP"
chmod 644 "$TMP"  # mktemp made it 0600
mv "$TMP" "$OUT"
trap - EXIT
