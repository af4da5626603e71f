#!/usr/bin/env bash
# Statistics at scale (issue 15; method and figures: docs/benchmarks.md
# "Statistics at scale (issue 15)", docs/statistics.md §6). Run by
# bench/run.sh (STATS_BENCH=0 skips it), never by `make test`.
#
#   bench/stats_bench.sh [BUILD_DIR]
#
# 0. Fidelity: 3000 appeals + 300 crime reports, same seed and instant,
#    through the registration commands and the node's writer (journal
#    included) and through app::Project alone: the counters (day, month) and
#    the appeal rows must be identical, else the script fails.
# 1. Generation: `sabt init` + `sabt demo --appeals 0 --fill no`, then
#    bench/stats_scale puts STATS_APPEALS appeals and STATS_CRIMES crime reports
#    through app::Project (the projection of every registration: rows,
#    counters, person index) in transactions of STATS_BATCH entries. Timed;
#    size on disk.
# 2. Reports through GET /api/v1/stats/reports/appeals-by-district over HTTP,
#    as the analyst: the national month (the last full month, department MIA)
#    and one district's year (January to this month, DSH-SNO), REPS times
#    each: p50/p95. Beside each, the same report as one hand-written SQL
#    query over appeals, appeal_flags and departments (the columns that come
#    from those tables: received, online, closed, crime signs; by row, and for
#    the district by month; both periods), REPS times in the database's own
#    shell (sqlite3 .timer / psql \timing): p50/p95, and the ratio. The
#    report's cells must equal the hand query's, else the script fails.
#    On SQLite, then on PostgreSQL (a throwaway cluster by
#    scripts/pg-test-cluster.sh) with STATS_PG_APPEALS appeals (the PostgreSQL
#    store is slower to fill here: one round trip per statement).
# 3. Intake with and without the counters: bench/stats_intake_server (the
#    `sabt serve` server; `--counters off` is the measurement-only switch,
#    docs/statistics.md §6) on a fresh SQLite node, POST /api/v1/appeals with
#    bench/loadgen as in bench/run.sh (CONNS connections, closed loop,
#    INTAKE_WARMUP + INTAKE_DURATION s), alternating off/on INTAKE_ROUNDS
#    times; ratio = sum(on) / sum(off). Checks: with the counters the counted
#    appeals equal the appeals stored; without, nothing is counted.
#
# Knobs: STATS_APPEALS (default 100000; the issue's scale is 10000000),
# STATS_CRIMES (default STATS_APPEALS/10), STATS_BATCH (20000), STATS_SECONDS
# (0: no limit; else generation stops after that long and the scale reached is
# printed), STATS_DB (an SQLite database generated before, with its demo logins
# in STATS_DB.logins and, optionally, stats_scale's output in STATS_DB.gen: skip generation), STATS_PG (1: also PostgreSQL, when
# installed; 0: skip), STATS_PG_APPEALS (default STATS_APPEALS/10),
# STATS_PG_URL (+ STATS_PG_LOGINS, STATS_PG_LOGINS.gen; export SABT_KEY_DIR, SABT_PG_OWNER_URL): a PostgreSQL
# database generated before,
# REPS (50), STATS_INTAKE (0 skips part 3), INTAKE_DURATION (10),
# INTAKE_WARMUP (2), INTAKE_ROUNDS (2), CONNS (64), SERVER_THREADS (4), KEEP=1.
set -euo pipefail
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "stats_bench: no build directory '$1'" >&2; exit 1; }
SABT=$BUILD/sabt SCALE=$BUILD/stats_scale INTAKE=$BUILD/stats_intake_server LOADGEN=$BUILD/loadgen
for b in "$SABT" "$SCALE" "$INTAKE" "$LOADGEN"; do
  [ -x "$b" ] || { echo "stats_bench: missing $b (cmake --build $BUILD --target benches)" >&2; exit 1; }
done
APPEALS=${STATS_APPEALS:-100000}
CRIMES=${STATS_CRIMES:-$((APPEALS / 10))}
BATCH=${STATS_BATCH:-20000}
SECONDS_LIMIT=${STATS_SECONDS:-0}
PG_APPEALS=${STATS_PG_APPEALS:-$((APPEALS / 10))}
REPS=${REPS:-50}
CONNS=${CONNS:-64}
SERVER_THREADS=${SERVER_THREADS:-4}
INTAKE_DURATION=${INTAKE_DURATION:-10}
INTAKE_WARMUP=${INTAKE_WARMUP:-2}
INTAKE_ROUNDS=${INTAKE_ROUNDS:-2}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
GOAL_MS=200
GOAL_INTAKE=0.90

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sabt-stats-bench.XXXXXX")
chmod 755 "$WORK"
PID="" PG_STARTED=0
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  [ "$PG_STARTED" = 1 ] && "$ROOT/scripts/pg-test-cluster.sh" stop "$WORK/pg" >/dev/null 2>&1
  if [ "${KEEP:-0}" = 1 ]; then echo "stats_bench: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "stats_bench: $*" >&2; }
die() { echo "stats_bench: FAILED: $*" >&2; exit 1; }
kv() { sed -n "s/^$2=//p" "$1" | head -1; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- periods (Dushanbe months, UTC+5 all year) ---------------------------------
THIS_MONTH=$(TZ=Asia/Dushanbe date +%Y-%m)
LAST_MONTH=$(TZ=Asia/Dushanbe date -d "$THIS_MONTH-15 -1 month" +%Y-%m)
YEAR=${THIS_MONTH%-*}
utc_start() { date -u -d "$1-01T00:00:00+05:00" +%Y-%m-%dT%H:%M:%S.000Z; }  # YYYY-MM → its first instant, UTC
next_month() { date -d "$1-15 +1 month" +%Y-%m; }
minus_year() { echo "$((${1%-*} - 1))-${1#*-}"; }
# bounds FROM TO → "now_from now_to before_from before_to"
bounds() {
  echo "$(utc_start "$1") $(utc_start "$(next_month "$2")") $(utc_start "$(minus_year "$1")") $(utc_start "$(next_month "$(minus_year "$2")")")"
}
read -r M_NF M_NT M_BF M_BT < <(bounds "$LAST_MONTH" "$LAST_MONTH")
read -r Y_NF Y_NT Y_BF Y_BT < <(bounds "$YEAR-01" "$THIS_MONTH")
DISTRICT=DSH-SNO

# --- hand-written SQL: the same report from the record tables ------------------
# Rows: the region of each appeal's department (national) / the department
# (district); per period; received, online, closed, crime signs.
hand_month_sql() {  # DIALECT: sqlite | postgres
  local b=''
  if [ "$1" = postgres ]; then b='::int'; fi
  cat <<EOF
SELECT CASE WHEN a.received_at >= '$M_NF' THEN 'now' ELSE 'before' END AS period,
       CASE d.kind WHEN 'district' THEN d.parent WHEN 'mobile' THEN p.parent ELSE d.code END AS row,
       '' AS month, count(*), sum((a.channel = 'online')$b), sum((a.status = 'closed')$b), coalesce(sum(f.crime_signs), 0)
FROM appeals a JOIN departments d ON d.code = a.department LEFT JOIN departments p ON p.code = d.parent
     LEFT JOIN appeal_flags f ON f.appeal_id = a.id
WHERE (a.received_at >= '$M_NF' AND a.received_at < '$M_NT') OR (a.received_at >= '$M_BF' AND a.received_at < '$M_BT')
GROUP BY 1, 2;
EOF
}
hand_year_sql() {  # DIALECT
  local b='' month="strftime('%Y-%m', a.received_at, '+5 hours')"
  if [ "$1" = postgres ]; then b='::int' month="to_char(a.received_at::timestamp + interval '5 hours', 'YYYY-MM')"; fi
  cat <<EOF
SELECT CASE WHEN a.received_at >= '$Y_NF' THEN 'now' ELSE 'before' END AS period, a.department AS row,
       $month AS month, count(*), sum((a.channel = 'online')$b), sum((a.status = 'closed')$b), coalesce(sum(f.crime_signs), 0)
FROM appeals a LEFT JOIN appeal_flags f ON f.appeal_id = a.id
WHERE a.department IN (SELECT code FROM departments WHERE code = '$DISTRICT' OR parent = '$DISTRICT')
  AND ((a.received_at >= '$Y_NF' AND a.received_at < '$Y_NT') OR (a.received_at >= '$Y_BF' AND a.received_at < '$Y_BT'))
GROUP BY 1, 2, 3;
EOF
}

# --- measuring ---------------------------------------------------------------------
pctl() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) {print "- -"; exit} i50=int(NR*0.5); i95=int(NR*0.95+0.999); if (i50<1) i50=1; if (i95>NR) i95=NR; printf "%.1f %.1f\n", a[i50], a[i95]}'; }
# hand_times DIALECT DB SQLFILE → "p50 p95" (ms) over REPS runs after one warm-up
hand_times() {
  local f=$WORK/reps.sql
  if [ "$1" = sqlite ]; then
    { echo ".timer on"; for _ in $(seq $((REPS + 1))); do cat "$3"; done; } >"$f"
    sqlite3 "$2" <"$f" | awk '/^Run Time: real/ {print $4 * 1000}' | tail -n "$REPS" | pctl
  else
    { echo '\timing on'; for _ in $(seq $((REPS + 1))); do cat "$3"; done; } >"$f"
    psql -XAtq "$2" -f "$f" | awk '/^Time: / {print $2}' | tail -n "$REPS" | pctl
  fi
}
hand_rows() {  # DIALECT DB SQLFILE → CSV rows
  if [ "$1" = sqlite ]; then sqlite3 -csv "$2" <"$3"; else psql -XAtq -F, "$2" -f "$3"; fi
}
report_url() { echo "$BASE/api/v1/stats/reports/appeals-by-district?from=$1&to=$2&department=$3"; }
http_times() {  # URL → "p50 p95" (ms), after one warm-up call
  curl -fsS -o /dev/null -H "authorization: Bearer $TOKEN" "$1" || die "GET $1"
  for _ in $(seq "$REPS"); do
    curl -fsS -o /dev/null -w '%{time_total}\n' -H "authorization: Bearer $TOKEN" "$1"
  done | awk '{print $1 * 1000}' | pctl
}
start_server() {  # BIN DB-URL LOGINS [extra args]: starts $1 serve-like, logs in as $LOGIN_USER
  local bin=$1 url=$2 logins=$3
  shift 3
  local port
  port=$("$LOADGEN" --free-port)
  "$bin" "$@" --db "$url" --listen "127.0.0.1:$port" --threads "$SERVER_THREADS" >"$WORK/server.log" 2>&1 &
  PID=$!
  BASE=http://127.0.0.1:$port
  for _ in $(seq 100); do curl -fsS -o /dev/null "$BASE/api/v1/health" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null "$BASE/api/v1/health" || { cat "$WORK/server.log" >&2; die "the server did not start"; }
  local pw
  pw=$(awk -v u="$LOGIN_USER" '{sub(/^ +/, "", $1)} $1 == u {print $2}' "$logins")
  TOKEN=$(curl -fsS -H 'content-type: application/json' -d "{\"username\":\"$LOGIN_USER\",\"password\":\"$pw\"}" \
    "$BASE/api/v1/login" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [ -n "$TOKEN" ] || die "login as $LOGIN_USER failed"
}
stop_server() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; }

# check JSON CSV KIND: the report's cells equal the hand query's (python3)
check() {
  python3 - "$1" "$2" "$3" <<'EOF' || die "$3: the report from the counters differs from the hand SQL (above)"
import csv, json, sys
from collections import defaultdict
rep = json.load(open(sys.argv[1]))
kind = sys.argv[3]
cols = [c["id"] for c in rep["columns"]]
want = ["received", "online", "closed", "crime_signs"]
hand = defaultdict(int)  # (period, row, col) and (period, month) for the district
for r in csv.reader(open(sys.argv[2])):
    period, row, month = r[0], r[1], r[2]
    for c, v in zip(want, r[3:7]):
        hand[(period, row, c)] += int(v)
        hand[(period, "*", c)] += int(v)
    if month:
        hand[(period, "month", month)] += int(r[3])
bad = []
for row in rep["rows"]:
    key = "*" if row["total"] else row["key"]
    for c in want:
        cell = row["cells"][cols.index(c)]
        for period, got in (("now", cell["value"]), ("before", cell["before"])):
            if got != hand[(period, key, c)]:
                bad.append(f"{row['key']} {c} {period}: report {got}, hand SQL {hand[(period, key, c)]}")
if kind == "year":
    for m in rep["months"]:
        y, mm = m["month"].split("-")
        before = f"{int(y) - 1}-{mm}"
        if m["value"] != hand[("now", "month", m["month"])] or m["before"] != hand[("before", "month", before)]:
            bad.append(f"month {m['month']}: report {m['value']}/{m['before']}, hand SQL "
                       f"{hand[('now', 'month', m['month'])]}/{hand[('before', 'month', before)]}")
total = next(r for r in rep["rows"] if r["total"])["cells"][cols.index("received")]
if bad:
    print("\n".join(bad[:20]), file=sys.stderr)
    sys.exit(1)
print(f"{total['value']} {total['before']}")
EOF
}

# measure DIALECT DB-URL SQL-DB LOGINS → writes $WORK/<dialect>.res (key=value)
measure() {
  local d=$1 url=$2 sqldb=$3 logins=$4 out=$WORK/$1.res
  LOGIN_USER=analyst start_server "$SABT" "$url" "$logins" serve
  curl -fsS -H "authorization: Bearer $TOKEN" "$(report_url "$LAST_MONTH" "$LAST_MONTH" MIA)" >"$WORK/$d.month.json"
  curl -fsS -H "authorization: Bearer $TOKEN" "$(report_url "$YEAR-01" "$THIS_MONTH" "$DISTRICT")" >"$WORK/$d.year.json"
  read -r m50 m95 < <(http_times "$(report_url "$LAST_MONTH" "$LAST_MONTH" MIA)")
  read -r y50 y95 < <(http_times "$(report_url "$YEAR-01" "$THIS_MONTH" "$DISTRICT")")
  stop_server
  hand_month_sql "$d" >"$WORK/$d.month.sql"
  hand_year_sql "$d" >"$WORK/$d.year.sql"
  hand_rows "$d" "$sqldb" "$WORK/$d.month.sql" >"$WORK/$d.month.csv"
  hand_rows "$d" "$sqldb" "$WORK/$d.year.sql" >"$WORK/$d.year.csv"
  check "$WORK/$d.month.json" "$WORK/$d.month.csv" month >"$WORK/$d.month.chk" || exit 1
  check "$WORK/$d.year.json" "$WORK/$d.year.csv" year >"$WORK/$d.year.chk" || exit 1
  read -r mt mb <"$WORK/$d.month.chk"
  read -r yt yb <"$WORK/$d.year.chk"
  read -r hm50 hm95 < <(hand_times "$d" "$sqldb" "$WORK/$d.month.sql")
  read -r hy50 hy95 < <(hand_times "$d" "$sqldb" "$WORK/$d.year.sql")
  printf 'm50=%s\nm95=%s\ny50=%s\ny95=%s\nhm50=%s\nhm95=%s\nhy50=%s\nhy95=%s\nmt=%s\nmb=%s\nyt=%s\nyb=%s\n' \
    "$m50" "$m95" "$y50" "$y95" "$hm50" "$hm95" "$hy50" "$hy95" "$mt" "$mb" "$yt" "$yb" >"$out"
}

# generate DB-URL LOGINS APPEALS CRIMES → $WORK/gen-<tag>.txt
generate() {
  "$SABT" init --db "$1" >/dev/null
  "$SABT" demo --db "$1" --appeals 0 --fill no >"$2"
  nice -n 10 "$SCALE" --db "$1" --appeals "$3" --crimes "$4" --batch "$BATCH" --seconds "$SECONDS_LIMIT" \
    >"$WORK/gen-$5.txt" || die "generation on $5"
}

# --- 0. the generator's path writes what registration writes -------------------------
# The same input (seed, instant) through the registration commands and the
# node's writer (journal included) and through app::Project alone must give
# identical counters (day and month) and appeal rows.
log "0/4 fidelity: 3000 appeals + 300 crime reports through the writer and through app::Project"
FID_NOW=$(date +%s%3N)
for p in writer project; do
  "$SABT" init --db "sqlite:$WORK/fid-$p.db" >/dev/null
  "$SABT" demo --db "sqlite:$WORK/fid-$p.db" --appeals 0 --fill no >/dev/null
  nice -n 10 "$SCALE" --db "sqlite:$WORK/fid-$p.db" --appeals 3000 --crimes 300 --path "$p" --seed 7 \
    --now-ms "$FID_NOW" >/dev/null || die "fidelity run ($p)"
  sqlite3 "$WORK/fid-$p.db" "SELECT 'd', name, department, day, value FROM stat_days UNION ALL
    SELECT 'm', name, department, month, value FROM stat_months UNION ALL
    SELECT 'a', department, channel || category || status || received_at, due_day, 0 FROM appeals ORDER BY 1, 2, 3, 4" \
    >"$WORK/fid-$p.txt"
  rm -f "$WORK/fid-$p.db" "$WORK/fid-$p.db-wal" "$WORK/fid-$p.db-shm"
done
cmp -s "$WORK/fid-writer.txt" "$WORK/fid-project.txt" ||
  die "the generator's app::Project path wrote other counters or rows than the registration commands (diff $WORK/fid-*.txt; KEEP=1)"
FID_ROWS=$(wc -l <"$WORK/fid-writer.txt")

# --- 1-2. SQLite ------------------------------------------------------------------
if [ -n "${STATS_DB:-}" ]; then
  DB=$STATS_DB
  log "SQLite: using $DB (generated before)"
  # Its generator's output (key=value), when kept in STATS_DB.gen.
  if [ -f "$DB.gen" ]; then cp "$DB.gen" "$WORK/gen-sqlite.txt"; else echo "seconds=?" >"$WORK/gen-sqlite.txt"; fi
else
  DB=$WORK/stats.db
  log "1/4 SQLite: generating $APPEALS appeals and $CRIMES crime reports through app::Project"
  generate "sqlite:$DB" "$DB.logins" "$APPEALS" "$CRIMES" sqlite
fi
S_APPEALS=$(sqlite3 "$DB" 'SELECT count(*) FROM appeals')
S_CRIMES=$(sqlite3 "$DB" "SELECT count(*) FROM crime_records WHERE kind = 'report'")
S_MB=$(( ($(stat -c %s "$DB") + $(stat -c %s "$DB-wal" 2>/dev/null || echo 0)) / 1048576 ))
S_STAT_ROWS=$(sqlite3 "$DB" 'SELECT (SELECT count(*) FROM stat_days) || " day rows, " || (SELECT count(*) FROM stat_months) || " month rows"')
log "2/4 SQLite: reports over HTTP and hand SQL, $REPS times each"
measure sqlite "sqlite:$DB" "$DB" "$DB.logins"

# --- PostgreSQL ---------------------------------------------------------------------
PG_DONE=0
if [ "${STATS_PG:-1}" = 1 ] && [ -x "$PGBIN/initdb" ]; then
  if [ -n "${STATS_PG_URL:-}" ]; then
    PGURL=$STATS_PG_URL PGLOGINS=${STATS_PG_LOGINS:?STATS_PG_LOGINS: the demo logins of STATS_PG_URL}
    if [ -f "$PGLOGINS.gen" ]; then cp "$PGLOGINS.gen" "$WORK/gen-postgres.txt"; else echo "seconds=?" >"$WORK/gen-postgres.txt"; fi
  else
    PGPORT=$("$ROOT/scripts/pg-test-cluster.sh" start "$WORK/pg" 2>/dev/null)
    PG_STARTED=1
    export SABT_PG_OWNER_URL=postgres://sabt_owner@127.0.0.1:$PGPORT/sabt SABT_KEY_DIR=$WORK/keys
    PGURL=postgres://sabt_app@127.0.0.1:$PGPORT/sabt PGLOGINS=$WORK/pg.logins
    log "3/4 PostgreSQL: generating $PG_APPEALS appeals and $((PG_APPEALS / 10)) crime reports"
    generate "$PGURL" "$PGLOGINS" "$PG_APPEALS" "$((PG_APPEALS / 10))" postgres
  fi
  # Statistics for the planner after the bulk load, as autovacuum would gather them (as the owner).
  psql -XAtq "${SABT_PG_OWNER_URL:-$PGURL}" -c 'ANALYZE' >/dev/null 2>&1 || log "ANALYZE failed (planner statistics may be stale)"
  P_APPEALS=$(psql -XAtq "$PGURL" -c 'SELECT count(*) FROM appeals')
  P_CRIMES=$(psql -XAtq "$PGURL" -c "SELECT count(*) FROM crime_records WHERE kind = 'report'")
  P_MB=$(psql -XAtq "$PGURL" -c 'SELECT pg_database_size(current_database()) / 1048576')
  P_STAT_ROWS=$(psql -XAtq "$PGURL" -c "SELECT (SELECT count(*) FROM stat_days) || ' day rows, ' || (SELECT count(*) FROM stat_months) || ' month rows'")
  log "3/4 PostgreSQL: reports over HTTP and hand SQL, $REPS times each"
  measure postgres "$PGURL" "$PGURL" "$PGLOGINS"
  PG_DONE=1
fi

# --- 3. intake with and without the counters -------------------------------------------
INTAKE_DONE=0
if [ "${STATS_INTAKE:-1}" = 1 ]; then
  cat >"$WORK/appeal.json" <<'EOF'
{"surname":"Ҳасанзода","given_name":"Ҷӯрабек","patronymic":"Қодирович","birth_date":"1979-05-14","address":"деҳаи Ғозималик, кӯчаи Сино 12","phone":"93 555 12 34","id_document":"A{{N}}","channel":"desk","category":"complaint","crime_signs":"no","summary":"Аризадиҳанда хабар медиҳад, ки шаби гузашта дар назди хонааш мошинашро шикастаанд ва аз он ашёи шахсиро дуздидаанд. Хоҳиш мекунад, ки ҳодиса тафтиш карда шавад."}
EOF
  intake() {  # on|off ROUND → $WORK/intake-on|off-ROUND.txt (loadgen's key=value)
    local db=$WORK/intake-$1-$2.db
    "$SABT" init --db "sqlite:$db" >/dev/null
    "$SABT" demo --db "sqlite:$db" --appeals 0 --fill no >"$db.logins"
    LOGIN_USER=desk start_server "$INTAKE" "sqlite:$db" "$db.logins" --counters "$1"
    "$LOADGEN" --url "$BASE/api/v1/appeals" --method POST --header "Authorization: Bearer $TOKEN" \
      --header 'Content-Type: application/json' --body-file "$WORK/appeal.json" --expect 201 \
      --connections "$CONNS" --threads 2 --duration "$INTAKE_DURATION" --warmup "$INTAKE_WARMUP" >"$WORK/intake-$1-$2.txt"
    stop_server
    [ "$(kv "$WORK/intake-$1-$2.txt" errors)" = 0 ] || die "intake ($1): errors: $(cat "$WORK/intake-$1-$2.txt")"
    local stored counted
    stored=$(sqlite3 "$db" 'SELECT count(*) FROM appeals')
    counted=$(sqlite3 "$db" "SELECT coalesce(sum(value), 0) FROM stat_months WHERE name LIKE 'appeal.received.channel.%'")
    if [ "$1" = on ] && [ "$stored" != "$counted" ]; then die "intake with counters: $stored appeals stored, $counted counted"; fi
    if [ "$1" = off ] && [ "$counted" != 0 ]; then die "intake without counters: $counted appeals counted (the switch did nothing)"; fi
    rm -f "$db" "$db-wal" "$db-shm"
  }
  ON=() OFF=()
  for r in $(seq "$INTAKE_ROUNDS"); do
    log "4/4 intake round $r/$INTAKE_ROUNDS: counters off, then on (${INTAKE_WARMUP}s + ${INTAKE_DURATION}s each)"
    intake off "$r"
    OFF+=("$(kv "$WORK/intake-off-$r.txt" rps)")
    intake on "$r"
    ON+=("$(kv "$WORK/intake-on-$r.txt" rps)")
  done
  INTAKE_DONE=1
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table ---------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3g", a / b; else print "-" }'; }
verdict() { awk -v v="$1" -v g="$2" -v dir="$3" 'BEGIN { ok = (dir == "<") ? (v < g) : (v >= g); print ok ? "PASS" : "MISS" }'; }
row() { printf '%-44s %12s %12s %12s  %s\n' "$@"; }
backend() {  # DIALECT LABEL
  local f=$WORK/$1.res
  echo "$2"
  row "" "p50 ms" "p95 ms" "hand p95 ms" "p95 ÷ hand p95; goal p95 < $GOAL_MS ms"
  row "national month ($LAST_MONTH, MIA)" "$(kv "$f" m50)" "$(kv "$f" m95)" "$(kv "$f" hm95)" \
    "$(ratio "$(kv "$f" m95)" "$(kv "$f" hm95)"); $(verdict "$(kv "$f" m95)" "$GOAL_MS" "<")"
  row "one district's year ($YEAR-01..$THIS_MONTH, $DISTRICT)" "$(kv "$f" y50)" "$(kv "$f" y95)" "$(kv "$f" hy95)" \
    "$(ratio "$(kv "$f" y95)" "$(kv "$f" hy95)"); $(verdict "$(kv "$f" y95)" "$GOAL_MS" "<")"
  echo "  hand SQL p50: month $(kv "$f" hm50) ms, year $(kv "$f" hy50) ms; check: report cells = hand SQL cells (received, online, closed, crime signs; rows, both periods, months): OK"
  echo "  appeals received: national month $(kv "$f" mt) (year before $(kv "$f" mb)), district year $(kv "$f" yt) (year before $(kv "$f" yb))"
}
{
  echo "Statistics at scale (issue 15), $STARTED, bench/stats_bench.sh; source $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "machine: $(nproc) CPUs, load average (1/5/15 min) at start: $LOAD_START, at end: $LOAD_END"
  echo "reports: GET /api/v1/stats/reports/appeals-by-district over HTTP (curl, one client), $REPS calls after one warm-up;"
  echo "hand SQL: one query over appeals, appeal_flags, departments in sqlite3 / psql, $REPS runs after one warm-up"
  echo
  echo "fidelity: the writer path (registration commands, journal) and app::Project alone wrote the same $FID_ROWS counter and appeal rows: OK"
  echo "generated through app::Project (bench/stats_scale; issue's scale: 10,000,000 appeals, 1,000,000 crime reports):"
  echo "  SQLite:     $S_APPEALS appeals, $S_CRIMES crime reports, $S_MB MB, counters $S_STAT_ROWS; $(kv "$WORK/gen-sqlite.txt" seconds) s, $(kv "$WORK/gen-sqlite.txt" records_per_s) records/s"
  if [ "$PG_DONE" = 1 ]; then
    echo "  PostgreSQL: $P_APPEALS appeals, $P_CRIMES crime reports, $P_MB MB (database), counters $P_STAT_ROWS; $(kv "$WORK/gen-postgres.txt" seconds) s, $(kv "$WORK/gen-postgres.txt" records_per_s) records/s"
  fi
  echo
  backend sqlite "SQLite"
  if [ "$PG_DONE" = 1 ]; then backend postgres "PostgreSQL"; else echo "PostgreSQL: skipped"; fi
  if [ "$INTAKE_DONE" = 1 ]; then
    SUM_ON=$(printf '%s\n' "${ON[@]}" | awk '{s += $1} END {print s}')
    SUM_OFF=$(printf '%s\n' "${OFF[@]}" | awk '{s += $1} END {print s}')
    R=$(ratio "$SUM_ON" "$SUM_OFF")
    echo "intake, POST /api/v1/appeals over HTTP, $CONNS connections, closed loop, SQLite, fresh node per run:"
    echo "  counters on:  ${ON[*]} appeals/s; off (measurement-only switch): ${OFF[*]} appeals/s"
    echo "  with ÷ without: $R (goal ≥ $GOAL_INTAKE): $(verdict "$R" "$GOAL_INTAKE" ">=")"
    echo "  checks: with the counters, appeals counted = appeals stored; without, none counted: OK"
  fi
} | tee "$WORK/table.txt"
