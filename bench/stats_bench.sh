#!/usr/bin/env bash
# Statistics benchmark (issue 15, docs/statistics.md §7): run by bench/run.sh
# (STATS_BENCH=0 skips it), never by `make test`.
#
#   bench/stats_bench.sh [BUILD_DIR]
#
# 1. Intake through the real writer and projection code: `sabt demo --appeals N`
#    (N = STATS_N, default 20000) on a fresh SQLite file, timed; with BASE_BIN
#    set to a sabt built without the counters (e.g. main before issue 15), the
#    same run with it gives the rate with counters ÷ without.
# 2. Reports over HTTP as the analyst: the national month report and one
#    district's year, REPS times each (default 50), p50/p95 in ms.
# 3. The same figures by a hand-written SQL query over the appeals table
#    (sqlite3 .timer), for the ratio.
# Knobs: STATS_N, REPS, BASE_BIN, KEEP=1.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="$ROOT/$BUILD/sabt"
N=${STATS_N:-20000}
REPS=${REPS:-50}
WORK=$(mktemp -d /tmp/sabt-stats-bench-XXXXXX)
cleanup() { [[ -n "${PID:-}" ]] && kill "$PID" 2>/dev/null || true; [[ "${KEEP:-0}" == 1 ]] || rm -rf "$WORK"; }
trap cleanup EXIT

intake() {  # bin db → appeals/s
  local bin=$1 db=$2 t0 t1
  "$bin" init --db "sqlite:$db" >/dev/null
  t0=$(date +%s.%N)
  "$bin" demo --db "sqlite:$db" --appeals "$N" >"$db.logins"
  t1=$(date +%s.%N)
  echo "$N / ($t1 - $t0)" | bc -l
}

rate=$(intake "$BIN" "$WORK/stats.db")
printf 'intake with counters:    %8.0f appeals/s (%d appeals, sabt demo)\n' "$rate" "$N"
if [[ -n "${BASE_BIN:-}" ]]; then
  base=$(intake "$BASE_BIN" "$WORK/base.db")
  printf 'intake without counters: %8.0f appeals/s; ratio %.3f (limit ≥ 0.90)\n' "$base" "$(echo "$rate / $base" | bc -l)"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "sqlite:$WORK/stats.db" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.2; done
PW=$(awk -F'\t' '{sub(/^ +/, "", $1)} $1=="analyst"{print $2}' "$WORK/stats.db.logins")
TOKEN=$(curl -fs -H 'content-type: application/json' -d "{\"username\":\"analyst\",\"password\":\"$PW\"}" \
  "http://127.0.0.1:$PORT/api/v1/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
MONTH=$(TZ=Asia/Dushanbe date +%Y-%m)
YEAR=${MONTH%-*}

p95() {  # url → "p50 p95" in ms over REPS calls
  for _ in $(seq "$REPS"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "authorization: Bearer $TOKEN" "$1"
  done | sort -n | awk '{a[NR]=$1*1000} END {printf "%.1f %.1f\n", a[int(NR*0.5)], a[int(NR*0.95)]}'
}
read -r m50 m95 < <(p95 "http://127.0.0.1:$PORT/api/v1/stats/reports/appeals-by-district?from=$MONTH&to=$MONTH&department=MIA")
read -r y50 y95 < <(p95 "http://127.0.0.1:$PORT/api/v1/stats/reports/appeals-by-district?from=$YEAR-01&to=$MONTH&department=DSH-SNO")
kill "$PID"; wait "$PID" 2>/dev/null || true; PID=

sqlms() {  # SQL → ms (best of 5)
  for _ in 1 2 3 4 5; do
    echo "$1;" | sqlite3 -cmd ".timer on" "$WORK/stats.db" 2>&1 | awk '/Run Time/ {print $4*1000}'
  done | sort -n | head -1
}
SQL_MONTH="SELECT department, count(*), sum(status='closed'), sum(channel='online') FROM appeals WHERE substr(received_at,1,7)='$MONTH' GROUP BY department"
SQL_YEAR="SELECT substr(received_at,1,7), count(*), sum(status='closed') FROM appeals WHERE department IN ('DSH-SNO','DSH-SNO-M1') AND substr(received_at,1,4)='$YEAR' GROUP BY 1"
sm=$(sqlms "$SQL_MONTH")
sy=$(sqlms "$SQL_YEAR")
printf 'national month report:   p50 %6s ms  p95 %6s ms (limit 200)   hand SQL %6s ms\n' "$m50" "$m95" "$sm"
printf 'one district, the year:  p50 %6s ms  p95 %6s ms (limit 200)   hand SQL %6s ms\n' "$y50" "$y95" "$sy"
