#!/usr/bin/env bash
# `make bench`: one run, one table (issue 2). Method and numbers: docs/benchmarks.md.
#
#   bench/run.sh [BUILD_DIR]
#
# Phases (each DURATION seconds after WARMUP seconds that are not measured):
#   1. Sabt, POST /api/v1/appeals, CONNS keep-alive connections, closed loop
#   2. Sabt, POST /api/v1/appeals, open loop at RATE requests/s (latency from
#      the scheduled send time: no coordinated omission)
#   3. raw SQLite: the same rows, RAW_BATCH appeals per transaction; and one
#      appeal per transaction (the cost of a commit on this disk)
#   4. nginx, a static 200-byte JSON file, CONNS connections, closed loop
# Knobs (environment): DURATION WARMUP CONNS RATE RAW_BATCH SERVER_THREADS
# CLIENT_THREADS KEEP=1 (keep the work directory) STATUS_BENCH=0 (skip bench/status_bench.sh,
# which runs last: public status look-ups against nginx, and the receipt PDF), SYNC_BENCH=0 (skip
# bench/sync_2g.sh: a field node's day synced over an emulated 2G link), VIDEO_BENCH=0 (skip
# bench/video_bench.mjs: two-party calls, room size and the low-bitrate profile on Janus), VERIFY_BENCH=0
# (skip bench/journal.sh: verify at 1 M entries against scan + SHA-256, and --since-checkpoint),
# PERSON_BENCH=0 (skip bench/person_search_bench.sh; PERSONS=N its size), STATS_BENCH=0 (skip bench/stats_bench.sh;
# STATS_APPEALS=N its scale). The person matching quality line
# always prints.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-64}
RATE=${RATE:-1000}
RAW_BATCH=${RAW_BATCH:-100}
SERVER_THREADS=${SERVER_THREADS:-4}
CLIENT_THREADS=${CLIENT_THREADS:-2}
GOAL_RATIO=0.5
GOAL_P99_MS=20

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "bench: no build directory '$1' (run make build)" >&2; exit 1; }
SABT=$BUILD/sabt
LOADGEN=$BUILD/loadgen
RAW=$BUILD/sqlite_raw
for b in "$SABT" "$LOADGEN" "$RAW"; do
  [ -x "$b" ] || { echo "bench: missing $b (run make build)" >&2; exit 1; }
done
for t in curl sqlite3 nginx; do
  command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || { echo "bench: '$t' is not installed" >&2; exit 1; }
done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sabt-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -s "$WORK/nginx/nginx.pid" ]; then
    local npid
    npid=$(cat "$WORK/nginx/nginx.pid")
    kill -QUIT "$npid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
# kv FILE KEY: a value from loadgen / sqlite_raw output (key=value lines).
kv() { sed -n "s/^$2=//p" "$1" | head -1; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

stop_server() {
  [ -n "$SERVER_PID" ] || return 0
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

wait_http() {  # URL PID: until the URL answers, or the process has died
  for _ in $(seq 100); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# Is PORT on 127.0.0.1 listened on by PID? (Guards against another process
# on a port we believed free: then we would measure the wrong server.)
owns_port() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$2" 2>/dev/null | grep -q "pid=$1,"
}

# CPU accounting, to tell the server's own limits from a busy machine.
# sys_busy: CPU-seconds used by everything (all CPUs) so far.
sys_busy() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }
# threads_snap PID: "tid on_cpu_ns runqueue_wait_ns" per thread (schedstat).
threads_snap() { for t in /proc/"$1"/task/*; do echo "${t##*/} $(cut -d' ' -f1-2 "$t"/schedstat)"; done | sort; }
# phase_cpu BEFORE AFTER WALL_S SYS_BEFORE SYS_AFTER CLIENT_CPU_S: one summary line
phase_cpu() {
  join "$1" "$2" | awk -v wall="$3" -v sys0="$4" -v sys1="$5" -v client="$6" '
    { on = ($4 - $2) / 1e9; rq = ($5 - $3) / 1e9; total += on; if (on > best) { best = on; brq = rq } }
    END {
      other = (sys1 - sys0) - total - client; if (other < 0) other = 0
      printf "sabt %.2f cores, loadgen %.2f, other processes %.2f; busiest sabt thread (the writer): on CPU %d%%, waiting for a CPU %d%%, blocked (fsync, idle) %d%%",
        total / wall, client / wall, other / wall, 100 * best / wall, 100 * brq / wall, 100 * (wall - best - brq) / wall
    }'
}
now_s() { date +%s.%N; }

REVISION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- src 2>/dev/null)" ]; then
  REVISION="$REVISION + uncommitted changes in src/"
fi
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- Sabt ---------------------------------------------------------------------
DB=$WORK/bench.db
"$SABT" init --db "sqlite:$DB" >/dev/null
"$SABT" demo --db "sqlite:$DB" --appeals 0 --fill no >"$WORK/logins.txt"
PASSWORD=$(awk '$1 == "desk" { print $2 }' "$WORK/logins.txt")
[ -n "$PASSWORD" ] || { log "no 'desk' login in the demo output"; exit 1; }

PORT=$("$LOADGEN" --free-port)
"$SABT" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
if ! wait_http "http://127.0.0.1:$PORT/api/v1/health" "$SERVER_PID" || ! owns_port "$SERVER_PID" "$PORT"; then
  log "sabt serve did not come up on 127.0.0.1:$PORT (or another process has that port):"
  cat "$WORK/server.log" >&2
  exit 1
fi
BASE=http://127.0.0.1:$PORT

TOKEN=$(curl -fsS -X POST "$BASE/api/v1/login" -H 'Content-Type: application/json' \
  --data "{\"username\":\"desk\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { log "login failed"; exit 1; }

health_size() { curl -fsS "$BASE/api/v1/health" | sed -n 's/.*"journal_size":\([0-9]*\).*/\1/p'; }
SIZE0=$(health_size)
DISK0=$(sqlite3 "$DB" 'SELECT count(*) FROM journal')
HEADS0=$(sqlite3 "$DB" 'SELECT count(*) FROM tree_heads')
[ "$SIZE0" = "$DISK0" ] || { log "health says journal_size $SIZE0 but $DB has $DISK0 entries: wrong server?"; exit 1; }

# One appeal, ~1 KB of JSON; the summary is ~300 bytes of Tajik text. {{N}}
# becomes a per-request number, so that every appeal has a new person.
cat >"$WORK/appeal.json" <<'EOF'
{"surname":"Ҳасанзода","given_name":"Ҷӯрабек","patronymic":"Қодирович","birth_date":"1979-05-14","address":"деҳаи Ғозималик, кӯчаи Сино 12","phone":"93 555 12 34","id_document":"A{{N}}","channel":"desk","category":"complaint","crime_signs":"no","summary":"Аризадиҳанда хабар медиҳад, ки шаби гузашта дар назди хонааш мошинашро шикастаанд ва аз он ашёи шахсиро дуздидаанд. Хоҳиш мекунад, ки ҳодиса тафтиш карда шавад."}
EOF

appeals() {  # OUT [extra loadgen args...]
  local out=$1
  shift
  "$LOADGEN" --url "$BASE/api/v1/appeals" --method POST \
    --header "Authorization: Bearer $TOKEN" --header 'Content-Type: application/json' \
    --body-file "$WORK/appeal.json" --expect 201 --connections "$CONNS" \
    --duration "$DURATION" --warmup "$WARMUP" "$@" >"$out"
}

# measured_phase NAME LOADGEN-ARGS...: runs appeals() with CPU accounting.
measured_phase() {
  local name=$1
  shift
  threads_snap "$SERVER_PID" >"$WORK/$name.t0"
  local s0 b0
  s0=$(now_s) b0=$(sys_busy)
  appeals "$WORK/$name.txt" "$@"
  local s1 b1
  s1=$(now_s) b1=$(sys_busy)
  threads_snap "$SERVER_PID" >"$WORK/$name.t1"
  phase_cpu "$WORK/$name.t0" "$WORK/$name.t1" "$(calc '%.3f' "$s1 - $s0")" "$b0" "$b1" \
    "$(kv "$WORK/$name.txt" cpu_s)" >"$WORK/$name.cpu"
}

log "1/5 sabt: POST /api/v1/appeals, $CONNS connections, closed loop, ${WARMUP}s + ${DURATION}s"
measured_phase closed --threads "$CLIENT_THREADS"
HEADS1=$(sqlite3 "$DB" 'SELECT count(*) FROM tree_heads')
log "2/5 sabt: POST /api/v1/appeals, open loop at $RATE/s over $CONNS connections, ${WARMUP}s + ${DURATION}s"
measured_phase open --threads "$CLIENT_THREADS" --rate "$RATE"
HEADS2=$(sqlite3 "$DB" 'SELECT count(*) FROM tree_heads')

SIZE1=$(health_size)
stop_server
DISK1=$(sqlite3 "$DB" 'SELECT count(*) FROM journal')
APPEAL_ROWS=$(sqlite3 "$DB" 'SELECT count(*) FROM appeals')
ENTRY_B=$(sqlite3 "$DB" "SELECT CAST(avg(length(entry)) AS INT) FROM journal WHERE kind = 'appeal.registered'")
PAYLOAD_B=$(sqlite3 "$DB" "SELECT CAST(avg(length(p.body)) AS INT) FROM payloads p JOIN journal j USING (idx) WHERE j.kind = 'appeal.registered'")

# --- raw SQLite ---------------------------------------------------------------
log "3/5 raw SQLite: $RAW_BATCH appeals per transaction, ${DURATION}s"
"$RAW" --db "$WORK/raw.db" --body-file "$WORK/appeal.json" --batch "$RAW_BATCH" --duration "$DURATION" >"$WORK/raw.txt"
log "4/5 raw SQLite: 1 appeal per transaction, 3s"
"$RAW" --db "$WORK/raw1.db" --body-file "$WORK/appeal.json" --batch 1 --duration 3 >"$WORK/raw1.txt"

# --- nginx --------------------------------------------------------------------
NGX=$WORK/nginx
mkdir -p "$NGX/www" "$NGX/tmp"
STATIC='{"status":"ok","role":"central","origin":"central","backend":"sqlite","journal_size":123456,"root":"5f0c6a1e2b7d4c3a9e8f1d2c3b4a5968778695a4b3c2d1e0f1e2d3c4b5a69788"}'
printf '%s%*s\n' "$STATIC" $((199 - ${#STATIC})) '' >"$NGX/www/static.json"  # 200 bytes
NPORT=$("$LOADGEN" --free-port)
USER_LINE=""
[ "$(id -u)" = 0 ] && USER_LINE="user root;"  # else workers would run as nobody
cat >"$NGX/nginx.conf" <<EOF
$USER_LINE
worker_processes auto;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NGX/tmp/body;
  proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi;
  scgi_temp_path $NGX/tmp/scgi;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $NGX/www;
    location / { default_type application/json; }
  }
}
EOF
"$NGINX" -e "$NGX/error.log" -p "$NGX/" -c "$NGX/nginx.conf"
for _ in $(seq 50); do [ -s "$NGX/nginx.pid" ] && break; sleep 0.1; done
NGINX_PID=$(cat "$NGX/nginx.pid")
if ! wait_http "http://127.0.0.1:$NPORT/static.json" "$NGINX_PID"; then
  log "nginx did not come up:"; cat "$NGX/error.log" >&2; exit 1
fi
log "5/5 nginx: static 200-byte JSON, $CONNS connections, closed loop, ${WARMUP}s + ${DURATION}s"
"$LOADGEN" --url "http://127.0.0.1:$NPORT/static.json" --expect 200 --connections "$CONNS" \
  --threads "$CLIENT_THREADS" --duration "$DURATION" --warmup "$WARMUP" >"$WORK/nginx.txt"
kill -QUIT "$NGINX_PID" 2>/dev/null || true

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# --- table --------------------------------------------------------------------
C=$WORK/closed.txt O=$WORK/open.txt R=$WORK/raw.txt R1=$WORK/raw1.txt N=$WORK/nginx.txt
HTTP_RPS=$(kv "$C" rps)
RAW_RPS=$(kv "$R" rows_per_s)
RATIO=$(calc '%.2f' "$HTTP_RPS / $RAW_RPS")
OPEN_P99=$(kv "$O" p99_ms)
RATIO_OK=$(awk "BEGIN { print ($RATIO >= $GOAL_RATIO) ? \"PASS\" : \"MISS\" }")
P99_OK=$(awk "BEGIN { print ($OPEN_P99 < $GOAL_P99_MS && $(kv "$O" errors) == 0) ? \"PASS\" : \"MISS\" }")
OK_TOTAL=$(( $(kv "$C" total_expected) + $(kv "$O" total_expected) ))
GREW=$(( SIZE1 - SIZE0 ))
CHECK_GROWTH=$([ "$GREW" = "$OK_TOTAL" ] && echo OK || echo FAIL)
CHECK_DISK=$([ "$DISK1" = "$SIZE1" ] && echo OK || echo FAIL)
ERRORS=$(( $(kv "$C" errors) + $(kv "$O" errors) + $(kv "$N" errors) ))
batch_avg() { calc '%.1f' "$1 / ($2 > 0 ? $2 : 1)"; }
BATCH_C=$(batch_avg "$(kv "$C" total_expected)" "$((HEADS1 - HEADS0))")
BATCH_O=$(batch_avg "$(kv "$O" total_expected)" "$((HEADS2 - HEADS1))")

row() {  # label value p50 p99 errors note
  printf '%-52s %10s %9s %9s %7s  %s\n' "$1" "$2" "$3" "$4" "$5" "$6"
}
ms() { calc '%.1f ms' "$1"; }
persec() { calc '%.0f/s' "$1"; }

mkdir -p "$ROOT/bench/results"
{
  echo "Sabt benchmark, $STARTED, one run of bench/run.sh; source: $REVISION; binaries: $BUILD"
  echo "machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), Linux $(uname -r), $(free -g | awk '/^Mem:/ { print $2 }') GiB RAM, work dir on $(findmnt -no SOURCE,FSTYPE -T "$WORK" 2>/dev/null | tr -s ' ' || df -P "$WORK" | awk 'NR == 2 { print $1 }')"
  echo "load average (1/5/15 min) at start: $LOAD_START, at end: $LOAD_END"
  if awk "BEGIN { exit !(${LOAD_START%% *} > $(nproc) / 2) }"; then
    echo "WARNING: the machine was busy before the run started (other processes); expect lower, noisier numbers"
  fi
  echo "phases: ${WARMUP}s warm-up + ${DURATION}s measured; sabt serve --threads $SERVER_THREADS; client: bench/loadgen, $CLIENT_THREADS threads"
  echo
  row "" "rate" "p50" "p99" "errors" "goal"
  row "Sabt POST /api/v1/appeals, $CONNS conn, closed loop" "$(persec "$HTTP_RPS")" "$(ms "$(kv "$C" p50_ms)")" \
    "$(ms "$(kv "$C" p99_ms)")" "$(kv "$C" errors)" ""
  row "Sabt POST /api/v1/appeals, open loop $RATE/s" "$(persec "$(kv "$O" rps)")" "$(ms "$(kv "$O" p50_ms)")" \
    "$(ms "$OPEN_P99")" "$(kv "$O" errors)" "p99 < $GOAL_P99_MS ms: $P99_OK"
  row "raw SQLite, same rows, $RAW_BATCH appeals/tx" "$(persec "$RAW_RPS")" "" "" "" \
    "commit p50 $(ms "$(kv "$R" commit_p50_ms)"), p99 $(ms "$(kv "$R" commit_p99_ms)")"
  row "ratio HTTP (closed loop) / raw SQLite" "$RATIO" "" "" "" ">= $GOAL_RATIO: $RATIO_OK"
  echo "context:"
  row "nginx static 200 B JSON, $CONNS conn, closed loop" "$(persec "$(kv "$N" rps)")" "$(ms "$(kv "$N" p50_ms)")" \
    "$(ms "$(kv "$N" p99_ms)")" "$(kv "$N" errors)" ""
  row "raw SQLite, same rows, 1 appeal/tx (commit cost)" "$(persec "$(kv "$R1" rows_per_s)")" \
    "$(ms "$(kv "$R1" commit_p50_ms)")" "$(ms "$(kv "$R1" commit_p99_ms)")" "" "p50/p99 of COMMIT"
  row "Sabt appeals per transaction (group commit)" "$BATCH_C" "" "" "" "closed loop; open loop: $BATCH_O"
  echo "  p99.9 / max: closed loop $(ms "$(kv "$C" p999_ms)") / $(ms "$(kv "$C" max_ms)"), open loop $(ms "$(kv "$O" p999_ms)") / $(ms "$(kv "$O" max_ms)")"
  echo "  CPU, closed loop: $(cat "$WORK/closed.cpu")"
  echo "  CPU, open loop:   $(cat "$WORK/open.cpu")"
  echo "  sizes: journal entry $ENTRY_B B, payload $PAYLOAD_B B per appeal (raw: $(kv "$R" entry_bytes_avg) B, $(kv "$R" payload_bytes_avg) B)"
  echo "checks:"
  echo "  responses: closed loop $(kv "$C" statuses), open loop $(kv "$O" statuses), nginx $(kv "$N" statuses)"
  for f in "$C" "$O" "$N"; do
    if [ "$(kv "$f" errors)" != 0 ]; then
      echo "  ERRORS in $(basename "$f" .txt): other status $(kv "$f" errors_status), i/o $(kv "$f" errors_io), unfinished $(kv "$f" errors_unfinished), never sent $(kv "$f" errors_unsent)"
    fi
  done
  echo "  journal_size grew by $GREW, 201 responses $OK_TOTAL: $CHECK_GROWTH"
  echo "  on disk after shutdown: $DISK1 journal rows, $APPEAL_ROWS appeals; journal_size was $SIZE1: $CHECK_DISK"
  if [ "$ERRORS" != 0 ]; then echo "  THIS RUN HAD $ERRORS ERRORS"; else echo "  no errors"; fi
} | tee "$ROOT/bench/results/latest.txt"
if grep -qi 'error\|warn\|fail' "$WORK/server.log"; then
  log "server log:"; grep -i 'error\|warn\|fail' "$WORK/server.log" | head -20 >&2
fi
# Issue 3: public status look-ups against nginx, and the receipt PDF (about 45 s; STATUS_BENCH=0 skips).
if [ "${STATUS_BENCH:-1}" = 1 ]; then
  "$ROOT/bench/status_bench.sh" "$BUILD" | tee "$ROOT/bench/results/status-latest.txt" || log "status benchmark failed"
  # Issue 14 item 10: the /status page as HTML, rendered from templates parsed once (goal >= 0.5 of nginx).
  PATH_KIND=html GOAL_RATIO=0.5 PDF_COUNT=0 "$ROOT/bench/status_bench.sh" "$BUILD" \
    | tee "$ROOT/bench/results/status-html-latest.txt" || log "status page benchmark failed"
fi
# Issue 6: a mobile-station day synced over an emulated 2G link (about 30 s; SYNC_BENCH=0 skips).
if [ "${SYNC_BENCH:-1}" = 1 ]; then
  "$ROOT/bench/sync_2g.sh" "$BUILD" || log "sync 2G benchmark failed"
fi
# Issue 18: the video link on Janus and coturn with fake media (a few minutes; VIDEO_BENCH=0 skips;
# skipped when janus or turnserver is not installed).
if [ "${VIDEO_BENCH:-1}" = 1 ]; then
  if [ -x /usr/bin/janus ] && [ -x /usr/bin/turnserver ]; then
    node "$ROOT/bench/video_bench.mjs" --sabt "$SABT" --out "$ROOT/bench/results/video-latest.txt" || log "video benchmark failed"
  else
    log "video benchmark skipped: janus or turnserver not installed"
  fi
fi
# Issue 15: statistics at scale — generation through app::Project, report p95 beside hand SQL on SQLite and
# PostgreSQL, intake with the counters ÷ without (STATS_BENCH=0 skips; STATS_APPEALS=N sets the scale, default
# 100000, about 3 minutes here; the issue's 10000000 takes hours on this machine: docs/benchmarks.md).
if [ "${STATS_BENCH:-1}" = 1 ]; then
  "$ROOT/bench/stats_bench.sh" "$BUILD" | tee "$ROOT/bench/results/stats-latest.txt" || log "statistics benchmark failed"
fi
# Issue 19 goal 4: verify at 1 M entries beside its "scan + SHA-256" limit, and verify --since-checkpoint
# after 10,000 appends (bench/journal.sh: builds a 1 M journal, 2-4 minutes; VERIFY_BENCH=0 skips).
VERIFY_OK=OK
if [ "${VERIFY_BENCH:-1}" = 1 ]; then
  BUILD="$BUILD" "$ROOT/bench/journal.sh" --no-append || { VERIFY_OK=FAIL; log "journal / verify benchmark failed"; }
fi
# Issue 16: persons and search. Matching quality on the labelled set (instant), then person search at
# scale (PERSON_BENCH=0 skips; PERSONS=N sets the size, default 1000000; docs/benchmarks.md).
if [ -x "$BUILD/person_quality" ]; then
  "$BUILD/person_quality" "$ROOT/tests/data/person_pairs.tsv" | tee "$ROOT/bench/results/person-quality-latest.txt" \
    || log "person matching below its goal"
fi
if [ "${PERSON_BENCH:-1}" = 1 ]; then
  "$ROOT/bench/person_search_bench.sh" "$BUILD" | tee "$ROOT/bench/results/person-search-latest.txt" \
    || log "person search benchmark failed"
fi
[ "$CHECK_GROWTH" = OK ] && [ "$CHECK_DISK" = OK ] && [ "$VERIFY_OK" = OK ]
