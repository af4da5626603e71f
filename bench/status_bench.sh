#!/usr/bin/env bash
# Public status look-ups per second (issue 3): Sabt answering
# GET /api/v1/public/status?number=…&code=… with a valid number and code,
# against nginx serving the very same response bytes as a static file, side
# by side in one run; then the receipt PDF render time. Method and figures:
# docs/benchmarks.md.
#
#   bench/status_bench.sh [BUILD_DIR]
#
# The rate limiter is switched off for this run only (`sabt serve
# --public-rate-limit 0`); a node in service keeps its limit.
# Knobs (environment): DURATION WARMUP CONNS SERVER_THREADS CLIENT_THREADS
# PATH_KIND=json|html (what Sabt serves: the JSON answer or the /status page)
# PDF_COUNT (0 skips the receipt PDF) GOAL_RATIO KEEP=1.
set -euo pipefail

BUILD=${1:-build}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
CONNS=${CONNS:-32}
SERVER_THREADS=${SERVER_THREADS:-2}
CLIENT_THREADS=${CLIENT_THREADS:-1}
PATH_KIND=${PATH_KIND:-json}
PDF_COUNT=${PDF_COUNT:-200}
GOAL_RATIO=${GOAL_RATIO:-0.6}

BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || { echo "bench: no build directory '$1'" >&2; exit 1; }
SABT=$BUILD/sabt LOADGEN=$BUILD/loadgen PDFBENCH=$BUILD/receipt_pdf_bench
for b in "$SABT" "$LOADGEN"; do [ -x "$b" ] || { echo "bench: missing $b (build first)" >&2; exit 1; }; done
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench: nginx is not installed" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sabt-status-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -s "$WORK/nginx/nginx.pid" ]; then
    local npid; npid=$(cat "$WORK/nginx/nginx.pid")
    kill -QUIT "$npid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$npid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "bench: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "bench: $*" >&2; }
kv() { sed -n "s/^$2=//p" "$1" | head -1; }
wait_http() { for _ in $(seq 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; kill -0 "$2" 2>/dev/null || return 1; sleep 0.1; done; return 1; }

# --- Sabt: a node with the demo departments and 1000 appeals -------------------
DB=$WORK/bench.db
"$SABT" init --db "sqlite:$DB" >/dev/null
"$SABT" demo --db "sqlite:$DB" --appeals 1000 --fill no >"$WORK/logins.txt" 2>/dev/null
PASSWORD=$(awk '$1 == "desk" { print $2 }' "$WORK/logins.txt")
PORT=$("$LOADGEN" --free-port)
"$SABT" serve --db "sqlite:$DB" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" --public-rate-limit 0 \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_http "http://127.0.0.1:$PORT/api/v1/health" "$SERVER_PID" || { log "sabt did not start"; cat "$WORK/server.log" >&2; exit 1; }
BASE=http://127.0.0.1:$PORT
TOKEN=$(curl -fsS -X POST "$BASE/api/v1/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"desk\",\"password\":\"$PASSWORD\"}" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
REPLY=$(curl -fsS -X POST "$BASE/api/v1/appeals" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"surname":"Ҳасанзода","given_name":"Ҷӯрабек","birth_date":"1979-05-14","address":"деҳаи Ғозималик",
       "phone":"935551234","id_document":"A7654321","channel":"desk","category":"complaint",
       "crime_signs":"no","summary":"Ҳамсоя шабона садои баланд мебарорад."}')
NUMBER=$(echo "$REPLY" | sed -n 's/.*"number":"\([^"]*\)".*/\1/p')
CODE=$(echo "$REPLY" | sed -n 's/.*"verification_code":"\([^"]*\)".*/\1/p')
ENC_NUMBER=${NUMBER//\//%2F}
if [ "$PATH_KIND" = html ]; then
  SPATH="/status?number=$ENC_NUMBER&code=$CODE"; STYPE=text/html
else
  SPATH="/api/v1/public/status?number=$ENC_NUMBER&code=$CODE"; STYPE=application/json
fi
mkdir -p "$WORK/nginx/www" "$WORK/nginx/tmp"
curl -fsS "$BASE$SPATH" -o "$WORK/nginx/www/status.body"
BYTES=$(wc -c <"$WORK/nginx/www/status.body")

log "1/3 sabt $SPATH ($BYTES bytes), $CONNS connections, ${WARMUP}s + ${DURATION}s"
"$LOADGEN" --url "$BASE$SPATH" --expect 200 --connections "$CONNS" --threads "$CLIENT_THREADS" \
  --duration "$DURATION" --warmup "$WARMUP" >"$WORK/sabt.txt"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""

# --- nginx: the same bytes, static ------------------------------------------------
NGX=$WORK/nginx
NPORT=$("$LOADGEN" --free-port)
USER_LINE=""; [ "$(id -u)" = 0 ] && USER_LINE="user root;"
cat >"$NGX/nginx.conf" <<CONF
$USER_LINE
worker_processes $SERVER_THREADS;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $NGX/tmp/body; proxy_temp_path $NGX/tmp/proxy; fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi; scgi_temp_path $NGX/tmp/scgi;
  keepalive_requests 100000000;
  server {
    listen 127.0.0.1:$NPORT;
    root $NGX/www;
    location / { default_type $STYPE; try_files /status.body =404; }
  }
}
CONF
"$NGINX" -e "$NGX/error.log" -p "$NGX/" -c "$NGX/nginx.conf"
for _ in $(seq 50); do [ -s "$NGX/nginx.pid" ] && break; sleep 0.1; done
wait_http "http://127.0.0.1:$NPORT$SPATH" "$(cat "$NGX/nginx.pid")" || { log "nginx did not start"; cat "$NGX/error.log" >&2; exit 1; }
log "2/3 nginx, the same $BYTES bytes as a static file, $CONNS connections, ${WARMUP}s + ${DURATION}s"
"$LOADGEN" --url "http://127.0.0.1:$NPORT$SPATH" --expect 200 --connections "$CONNS" --threads "$CLIENT_THREADS" \
  --duration "$DURATION" --warmup "$WARMUP" >"$WORK/nginx.txt"

# --- receipt PDF ------------------------------------------------------------------------
PDF_LINE="receipt PDF: not measured (receipt_pdf_bench not built, or PDF_COUNT=0)"
if [ -x "$PDFBENCH" ] && [ "$PDF_COUNT" -gt 0 ]; then
  log "3/3 receipt PDF rendering, $PDF_COUNT per size"
  PDF_LINE=$("$PDFBENCH" --count "$PDF_COUNT" 2>&1 | tr '\n' ';' | sed 's/;$//; s/;/; /g')
fi

S_RPS=$(kv "$WORK/sabt.txt" rps) N_RPS=$(kv "$WORK/nginx.txt" rps)
RATIO=$(awk "BEGIN { printf \"%.2f\", $S_RPS / $N_RPS }")
VERDICT=$(awk "BEGIN { print ($RATIO >= $GOAL_RATIO) ? \"PASS\" : \"MISS\" }")
echo
echo "Public status look-ups — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "$CONNS keep-alive connections, closed loop, ${DURATION}s measured after ${WARMUP}s warm-up; $SERVER_THREADS server threads / nginx workers"
printf '%-46s %12s %9s %9s %7s\n' "server" "req/s" "p50 ms" "p99 ms" "errors"
printf '%-46s %12s %9s %9s %7s\n' "sabt $(echo "$SPATH" | cut -d'?' -f1)" "$S_RPS" "$(kv "$WORK/sabt.txt" p50_ms)" \
  "$(kv "$WORK/sabt.txt" p99_ms)" "$(kv "$WORK/sabt.txt" errors)"
printf '%-46s %12s %9s %9s %7s\n' "nginx, same $BYTES bytes, static file" "$N_RPS" "$(kv "$WORK/nginx.txt" p50_ms)" \
  "$(kv "$WORK/nginx.txt" p99_ms)" "$(kv "$WORK/nginx.txt" errors)"
echo "ratio sabt / nginx: $RATIO (goal >= $GOAL_RATIO: $VERDICT)"
echo "$PDF_LINE"
