#!/usr/bin/env bash
# Person search at scale (issue 16 item 4; docs/benchmarks.md "Person search at scale"): run by
# bench/run.sh (PERSON_BENCH=0 skips it), never by `make test`.
#
#   bench/person_search_bench.sh [BUILD_DIR]
#
# On a fresh SQLite node (`sabt init` + `sabt demo --appeals 0` for the departments), and on
# PostgreSQL when PG_URL names an empty database, bench/person_search_bench.cc generates PERSONS
# persons with Tajik name distributions (seeded), fills the person index through the store as the
# projector does, times the build, then runs QUERIES person searches in other spellings through
# app::persons::SearchPersons and the naive query by hand on the raw names (FTS5 / pg_trgm).
# Knobs: PERSONS (default 1000000; the issue's scale is PERSONS=10000000), QUERIES (400), SEED (16),
# PG_URL (+ SABT_PG_OWNER_URL for the pg_trgm index), KEEP=1 (keep the work directory).
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
BIN="$BUILD/sabt"
PB="$BUILD/person_search_bench"
PERSONS=${PERSONS:-1000000}
QUERIES=${QUERIES:-400}
SEED=${SEED:-16}
for b in "$BIN" "$PB"; do [ -x "$b" ] || { echo "person bench: missing $b (make bench builds it)" >&2; exit 1; }; done
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sabt-person-bench.XXXXXX")
cleanup() { [[ "${KEEP:-0}" == 1 ]] && echo "person bench: kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
kv() { sed -n "s/^$2=//p" "$1" | head -1; }

INDEX_TABLES="'person_keys','person_keys_person','person_masters','person_masters_master','sqlite_autoindex_person_masters_1','person_refs','person_refs_record','sqlite_autoindex_person_refs_1'"
run() {  # backend url → $WORK/<backend>.txt
  local backend=$1 url=$2 out="$WORK/$1.txt"
  (cd "$WORK" && "$BIN" init --db "$url" >/dev/null && "$BIN" demo --db "$url" --appeals 0 --fill no >/dev/null)
  echo "load_build_start=$(cut -d' ' -f1-3 /proc/loadavg)" >"$out"
  # The generator at nice 10 (the machine is shared), the measurement at normal priority.
  nice -n 10 "$PB" --db "$url" --persons "$PERSONS" --queries 0 --seed "$SEED" >>"$out"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
  "$PB" --db "$url" --persons "$PERSONS" --queries "$QUERIES" --seed "$SEED" --build 0 | grep -v '^persons=' >>"$out"
  echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$out"
  if [ "$backend" = sqlite ]; then
    local db=${url#sqlite:}
    echo "index_mb=$(sqlite3 "$db" "SELECT printf('%.1f', SUM(pgsize)/1048576.0) FROM dbstat WHERE name IN ($INDEX_TABLES)")" >>"$out"
    echo "rows_mb=$(sqlite3 "$db" "SELECT printf('%.1f', SUM(pgsize)/1048576.0) FROM dbstat WHERE name IN ('persons','persons_document','persons_search','sqlite_autoindex_persons_1')")" >>"$out"
    echo "naive_mb=$(sqlite3 "$db" "SELECT printf('%.1f', SUM(pgsize)/1048576.0) FROM dbstat WHERE name LIKE 'bench_person_names%'")" >>"$out"
  else
    local q="psql ${SABT_PG_OWNER_URL:-$url} -XAtqc"
    echo "index_mb=$($q "SELECT round((pg_total_relation_size('person_keys') + pg_total_relation_size('person_masters') + pg_total_relation_size('person_refs')) / 1048576.0, 1)")" >>"$out"
    echo "rows_mb=$($q "SELECT round(pg_total_relation_size('persons') / 1048576.0, 1)")" >>"$out"
    echo "naive_mb=$($q "SELECT round(pg_relation_size('bench_person_names_trgm') / 1048576.0, 1)")" >>"$out"
  fi
}

row() { printf '%-44s %10s %10s %10s %9s %s\n' "$@"; }
table() {
  local f="$WORK/$1.txt" name=$2
  local ip95 np95
  ip95=$(kv "$f" index_p95_ms); np95=$(kv "$f" naive_p95_ms)
  echo "$name: $(kv "$f" persons) persons; load average $(kv "$f" load_before) before, $(kv "$f" load_after) after"
  echo "  build: person rows $(kv "$f" rows_build_s) s ($(kv "$f" rows_mb) MB); person index $(kv "$f" index_build_s) s ($(kv "$f" index_mb) MB: keys, masters, refs); naive index $(kv "$f" naive_build_s) s ($(kv "$f" naive_mb) MB)"
  row "" "p50 ms" "p95 ms" "p99 ms" "found" "goal"
  row "person search (index, SearchPersons)" "$(kv "$f" index_p50_ms)" "$ip95" "$(kv "$f" index_p99_ms)" \
    "$(kv "$f" index_found)/$(kv "$f" index_queries)" "p95 < 20 ms: $(awk -v p="$ip95" 'BEGIN{print (p < 20) ? "OK" : "MISSED"}')"
  row "  the same, CPU time of the query thread" "$(kv "$f" index_cpu_p50_ms)" "$(kv "$f" index_cpu_p95_ms)" \
    "$(kv "$f" index_cpu_p99_ms)" "" ""
  row "naive by hand on raw names" "$(kv "$f" naive_p50_ms)" "$np95" "$(kv "$f" naive_p99_ms)" \
    "$(kv "$f" naive_found)/$(kv "$f" naive_queries)" ""
  echo "  p95 ratio index / naive: $(awk -v a="$ip95" -v b="$np95" 'BEGIN{printf (b > 0) ? "%.1f" : "-", a / b}')"
  echo "  queries, e.g.: $(kv "$f" example_queries)"
}

echo "person search at scale (bench/person_search_bench.sh): seed $SEED, $QUERIES queries in other spellings, one client thread, in-process (no HTTP)"
run sqlite "sqlite:$WORK/persons.db"
table sqlite "SQLite (naive: FTS5 unicode61 on surname, given name, patronymic; all words)"
if [ -n "${PG_URL:-}" ]; then
  run postgres "$PG_URL"
  table postgres "PostgreSQL (naive: pg_trgm % on surname || ' ' || given_name, GIN)"
fi
