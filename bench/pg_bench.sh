#!/usr/bin/env bash
# Sabt on PostgreSQL against pgbench, side by side, on one throwaway cluster
# (scripts/pg-test-cluster.sh; synchronous_commit=on, fsync=on). Figures and
# method: docs/benchmarks.md, "PostgreSQL".
#
#   bench/pg_bench.sh [BUILD_DIR]
#
# 1. sabt serve --db postgres://…: POST /api/v1/appeals, CONNS keep-alive
#    connections, closed loop (bench/loadgen), WARMUP + DURATION seconds.
# 2. pgbench, PGB_CLIENTS clients, DURATION seconds: one transaction per
#    appeal inserting an appeal-sized row and a journal-sized row (a custom
#    script, prepared statements), synchronous_commit=on.
# Prints a table with appeals/s, pgbench transactions/s and their ratio
# (goal >= 0.5). Knobs: DURATION WARMUP CONNS PGB_CLIENTS SERVER_THREADS KEEP=1.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-64}
PGB_CLIENTS=${PGB_CLIENTS:-64}
SERVER_THREADS=${SERVER_THREADS:-4}
GOAL_RATIO=0.5
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "pg_bench: no build directory '$1'" >&2; exit 1; }
SABT=$BUILD/sabt
LOADGEN=$BUILD/loadgen
for b in "$SABT" "$LOADGEN" "$PGBIN/pgbench"; do
  [ -x "$b" ] || { echo "pg_bench: missing $b" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/sabt-pgbench.XXXXXX)
PGDIR=$WORK/pg
SERVER_PID=""
PG_STARTED=0
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ "$PG_STARTED" = 1 ] && "$ROOT/scripts/pg-test-cluster.sh" stop "$PGDIR" >/dev/null 2>&1
  if [ "${KEEP:-0}" = 1 ]; then echo "pg_bench: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "pg_bench: $*" >&2; }
kv() { sed -n "s/^$2=//p" "$1" | head -1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

chmod 755 "$WORK"
PGPORT=$("$ROOT/scripts/pg-test-cluster.sh" start "$PGDIR" 2>/dev/null)
PG_STARTED=1
export SABT_PG_OWNER_URL=postgres://sabt_owner@127.0.0.1:$PGPORT/sabt
export SABT_KEY_DIR=$WORK/keys
URL=postgres://sabt_app@127.0.0.1:$PGPORT/sabt
SYNC=$(psql -XAtq "$URL" -c 'SHOW synchronous_commit')
FSYNC=$(psql -XAtq "$URL" -c 'SHOW fsync')

# --- 1. Sabt over HTTP ------------------------------------------------------------
"$SABT" init --db "$URL" >/dev/null
"$SABT" demo --db "$URL" --appeals 0 --fill no >"$WORK/logins.txt" 2>/dev/null
PASSWORD=$(awk '$1 == "desk" { print $2 }' "$WORK/logins.txt")
PORT=$("$LOADGEN" --free-port)
"$SABT" serve --db "$URL" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -fsS -o /dev/null "$BASE/api/v1/health" 2>/dev/null && break; sleep 0.1; done
TOKEN=$(curl -fsS -X POST "$BASE/api/v1/login" -H 'Content-Type: application/json' \
  --data "{\"username\":\"desk\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
[ -n "$TOKEN" ] || { log "login failed"; cat "$WORK/server.log" >&2; exit 1; }
cat >"$WORK/appeal.json" <<'EOF'
{"surname":"Ҳасанзода","given_name":"Ҷӯрабек","patronymic":"Қодирович","birth_date":"1979-05-14","address":"деҳаи Ғозималик, кӯчаи Сино 12","phone":"93 555 12 34","id_document":"A{{N}}","channel":"desk","category":"complaint","crime_signs":"no","summary":"Аризадиҳанда хабар медиҳад, ки шаби гузашта дар назди хонааш мошинашро шикастаанд ва аз он ашёи шахсиро дуздидаанд. Хоҳиш мекунад, ки ҳодиса тафтиш карда шавад."}
EOF
log "1/2 sabt on PostgreSQL: POST /api/v1/appeals, $CONNS connections, closed loop, ${WARMUP}s + ${DURATION}s"
"$LOADGEN" --url "$BASE/api/v1/appeals" --method POST \
  --header "Authorization: Bearer $TOKEN" --header 'Content-Type: application/json' \
  --body-file "$WORK/appeal.json" --expect 201 --connections "$CONNS" \
  --duration "$DURATION" --warmup "$WARMUP" --threads 2 >"$WORK/sabt.txt"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
ENTRY_B=$(psql -XAtq "$URL" -c "SELECT avg(length(entry))::int FROM journal WHERE kind = 'appeal.registered'")
PAYLOAD_B=$(psql -XAtq "$URL" -c "SELECT avg(length(p.body))::int FROM payloads p JOIN journal j USING (idx) WHERE j.kind = 'appeal.registered'")
APPEALS=$(psql -XAtq "$URL" -c "SELECT count(*) FROM appeals")
HEADS=$(psql -XAtq "$URL" -c "SELECT count(*) FROM tree_heads")

# --- 2. pgbench ---------------------------------------------------------------------
psql -XAtq "$SABT_PG_OWNER_URL" -c 'CREATE DATABASE pgb' >/dev/null
BURL=postgres://sabt_owner@127.0.0.1:$PGPORT/pgb
psql -XAtq "$BURL" -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
CREATE TABLE bench_journal (idx BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL,
  at TEXT NOT NULL, entry BYTEA NOT NULL, leaf_hash BYTEA NOT NULL);
CREATE TABLE bench_appeals (id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, department TEXT NOT NULL,
  received_at TEXT NOT NULL, summary TEXT NOT NULL, body BYTEA NOT NULL, entry_idx BIGINT NOT NULL);
SQL
# Row sizes as measured on the Sabt run: the entry bytes, and the payload.
cat >"$WORK/pgbench.sql" <<EOF
\set n random(1, 2000000000)
BEGIN;
INSERT INTO bench_journal(kind, subject, at, entry, leaf_hash)
  VALUES ('appeal.registered', md5(:n::text), now()::text, convert_to(repeat('e', ${ENTRY_B:-400}), 'UTF8'),
          sha256(:n::text::bytea));
INSERT INTO bench_appeals(id, number, department, received_at, summary, body, entry_idx)
  VALUES (md5(random()::text), 'B/2026/' || md5(random()::text), 'DSH-SNO', now()::text,
          repeat('с', 150), convert_to(repeat('p', ${PAYLOAD_B:-700}), 'UTF8'), currval('bench_journal_idx_seq'));
COMMIT;
EOF
log "2/2 pgbench: $PGB_CLIENTS clients, one appeal + one journal row per transaction, ${DURATION}s"
as_pg "$PGBIN/pgbench" -h 127.0.0.1 -p "$PGPORT" -U sabt_owner -n -M prepared -c "$PGB_CLIENTS" -j 2 \
  -T "$DURATION" -f "$WORK/pgbench.sql" pgb >"$WORK/pgbench.txt" 2>"$WORK/pgbench.err" || {
  cat "$WORK/pgbench.err" >&2; exit 1; }
PGB_TPS=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench.txt" | head -1)
PGB_LAT=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$WORK/pgbench.txt" | head -1)

SABT_RPS=$(kv "$WORK/sabt.txt" rps)
RATIO=$(awk -v a="$SABT_RPS" -v b="$PGB_TPS" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
VERDICT=$(awk -v r="$RATIO" -v g="$GOAL_RATIO" 'BEGIN { print (r >= g ? "met" : "NOT met") }')
echo
echo "Sabt on PostgreSQL vs pgbench ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "cluster: PostgreSQL 15, synchronous_commit=$SYNC, fsync=$FSYNC; entry $ENTRY_B B, payload $PAYLOAD_B B"
printf '%-66s %12s %10s %10s\n' "what" "per second" "p50 ms" "p99 ms"
printf '%-66s %12s %10s %10s\n' "sabt POST /api/v1/appeals, $CONNS conns (HTTP, writer, group commit)" "$SABT_RPS" \
  "$(kv "$WORK/sabt.txt" p50_ms)" "$(kv "$WORK/sabt.txt" p99_ms)"
printf '%-66s %12s %10s %10s\n' "pgbench, $PGB_CLIENTS clients, appeal row + journal row per tx" "$PGB_TPS" "avg $PGB_LAT" "-"
printf '%-66s %12s\n' "ratio sabt / pgbench (goal >= $GOAL_RATIO: $VERDICT)" "$RATIO"
echo "sabt: $(kv "$WORK/sabt.txt" completed) requests, errors $(kv "$WORK/sabt.txt" errors); $APPEALS appeals in $HEADS commits (tree heads)"
