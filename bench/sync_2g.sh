#!/usr/bin/env bash
# Issue 6: one mobile-station day (200 appeals with Tajik texts) synced from a
# field node to central over an emulated 2G link: 64 kbit/s, 500 ms round
# trip, 5 % loss. Method and numbers: docs/benchmarks.md ("Sync over 2G").
#
#   bench/sync_2g.sh [BUILD_DIR]        (about 30 s)
#
# `tc qdisc … netem` is not available in this container (the sch_netem module
# cannot be loaded: "Specified qdisc kind is unknown"), so the link is the
# user-space model in bench/link2g.mjs, a TCP proxy on 127.0.0.1.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" 2>/dev/null && pwd) || { echo "sync_2g: no build directory '${1:-build}'" >&2; exit 1; }
[ -x "$BUILD/sabt" ] || { echo "sync_2g: missing $BUILD/sabt (run make build)" >&2; exit 1; }
mkdir -p "$ROOT/bench/results"
exec node "$ROOT/bench/sync_2g.mjs" --sabt "$BUILD/sabt" --appeals "${APPEALS:-200}" --out "$ROOT/bench/results/sync_2g-latest.txt"
