#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suite.
#
#   scripts/pg-test-cluster.sh start DIR   initdb DIR/data, start on 127.0.0.1:<free port>,
#                                          create roles sabt_owner and sabt_app and database
#                                          sabt; prints the port on stdout (and writes DIR/port)
#   scripts/pg-test-cluster.sh env DIR     prints `export SABT_PG_URL=… SABT_PG_OWNER_URL=…`
#   scripts/pg-test-cluster.sh stop DIR    pg_ctl stop -m fast on DIR/data
#   scripts/pg-test-cluster.sh standby PRIMARY_DIR DIR
#                                          pg_basebackup -R from the cluster in PRIMARY_DIR into
#                                          DIR/data and start it as a streaming hot standby on
#                                          127.0.0.1:<free port>; prints the port (and writes DIR/port)
#   scripts/pg-test-cluster.sh promote DIR pg_ctl promote: the standby in DIR becomes a primary
#
# PostgreSQL refuses to run as root, so when run as root the server programs
# run as the `postgres` OS user (runuser). Authentication is `trust` on the
# loopback address and the cluster's private socket directory: this cluster is
# for tests only and is never exposed beyond 127.0.0.1.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGUSER_OS=postgres

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$PGUSER_OS" -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  # Something answers on 127.0.0.1:$1.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if ! port_in_use "$p"; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

show_log() {
  local log=$1
  if [ -s "$log" ]; then
    echo "---- $log ----" >&2
    tail -n 60 "$log" >&2
    echo "----" >&2
  fi
}

cmd_start() {
  local dir=$1
  [ -x "$PGBIN/initdb" ] || die "PostgreSQL 15 is not installed ($PGBIN/initdb missing; apt-get install postgresql)"
  if [ "$(id -u)" = 0 ]; then
    id "$PGUSER_OS" >/dev/null 2>&1 || die "OS user '$PGUSER_OS' does not exist (it comes with the postgresql package)"
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -e "$dir/data" ] && die "$dir/data already exists: stop and remove the old cluster first"
  if [ "$(id -u)" = 0 ]; then
    chown "$PGUSER_OS": "$dir"
    chmod 700 "$dir"
    as_pg test -w "$dir" ||
      die "user $PGUSER_OS cannot reach $dir (a parent directory is not traversable); use a directory under /tmp"
  fi
  local log="$dir/server.log"
  if ! as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed in $dir/data"
  fi
  local port="" attempt
  for attempt in 1 2 3 4 5; do
    port=$(pick_port) || die "no free TCP port found on 127.0.0.1"
    if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=on -c max_connections=200" \
        start >/dev/null 2>&1; then
      break
    fi
    # A port taken between the check and the bind: try another one.
    if grep -q "could not bind\|Address already in use" "$log" 2>/dev/null && [ "$attempt" -lt 5 ]; then
      port=""
      continue
    fi
    show_log "$log"
    die "the PostgreSQL server in $dir/data did not start (log above)"
  done
  [ -n "$port" ] || { show_log "$log"; die "the PostgreSQL server did not start: no usable port"; }
  local psql=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if ! as_pg "${psql[@]}" >/dev/null <<'SQL'
CREATE ROLE sabt_owner LOGIN CREATEDB;
CREATE ROLE sabt_app LOGIN;
CREATE DATABASE sabt OWNER sabt_owner;
-- DROP DATABASE ... WITH (FORCE) in the test fixtures ends the app role's
-- sessions that are still closing; only this throwaway owner may do that.
GRANT pg_signal_backend TO sabt_owner;
SQL
  then
    show_log "$log"
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true
    die "could not create the roles and the database on port $port"
  fi
  echo "$port" >"$dir/port"
  echo "pg-test-cluster: PostgreSQL 15 running on 127.0.0.1:$port (data $dir/data, log $log)" >&2
  echo "$port"
}

start_server() {  # start_server DIR: pg_ctl start on a free port; prints the port
  local dir=$1 log="$1/server.log" port="" attempt
  for attempt in 1 2 3 4 5; do
    port=$(pick_port) || die "no free TCP port found on 127.0.0.1"
    if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=on -c max_connections=200" \
        start >/dev/null 2>&1; then
      echo "$port"
      return 0
    fi
    if grep -q "could not bind\|Address already in use" "$log" 2>/dev/null && [ "$attempt" -lt 5 ]; then
      continue
    fi
    show_log "$log"
    return 1
  done
  return 1
}

cmd_standby() {
  local primary=$1 dir=$2
  [ -f "$primary/port" ] || die "no primary cluster in $primary (missing $primary/port)"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -e "$dir/data" ] && die "$dir/data already exists: stop and remove the old cluster first"
  if [ "$(id -u)" = 0 ]; then
    chown "$PGUSER_OS": "$dir"
    chmod 700 "$dir"
  fi
  local pport
  pport=$(cat "$primary/port")
  # -R writes standby.signal and primary_conninfo; -X stream copies the WAL
  # written during the backup; -c fast starts with an immediate checkpoint.
  if ! as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$pport" -U postgres -D "$dir/data" -R -X stream -c fast \
      >"$dir/basebackup.log" 2>&1; then
    cat "$dir/basebackup.log" >&2
    die "pg_basebackup from 127.0.0.1:$pport failed"
  fi
  local port
  port=$(start_server "$dir") || die "the standby in $dir/data did not start (log above)"
  echo "$port" >"$dir/port"
  echo "pg-test-cluster: hot standby of 127.0.0.1:$pport running on 127.0.0.1:$port (data $dir/data)" >&2
  echo "$port"
}

cmd_promote() {
  local dir=$1
  [ -d "$dir/data" ] || die "no cluster data directory at $dir/data"
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null || die "pg_ctl promote failed for $dir/data"
  echo "pg-test-cluster: promoted ($dir/data)" >&2
}

cmd_env() {
  local dir=$1
  [ -f "$dir/port" ] || die "no cluster in $dir (missing $dir/port)"
  local port
  port=$(cat "$dir/port")
  echo "export SABT_PG_URL=postgres://sabt_app@127.0.0.1:$port/sabt"
  echo "export SABT_PG_OWNER_URL=postgres://sabt_owner@127.0.0.1:$port/sabt"
}

cmd_stop() {
  local dir=$1
  [ -d "$dir/data" ] || die "no cluster data directory at $dir/data"
  if [ ! -f "$dir/data/postmaster.pid" ]; then
    echo "pg-test-cluster: not running ($dir/data)" >&2
    return 0
  fi
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -t 60 stop -m fast >/dev/null || die "pg_ctl stop failed for $dir/data"
  echo "pg-test-cluster: stopped ($dir/data)" >&2
}

usage="usage: $0 start|env|stop|promote DIR, or $0 standby PRIMARY_DIR DIR"
case "${1:-}" in
  start) [ $# -eq 2 ] || die "$usage"; cmd_start "$2" ;;
  env) [ $# -eq 2 ] || die "$usage"; cmd_env "$2" ;;
  stop) [ $# -eq 2 ] || die "$usage"; cmd_stop "$2" ;;
  promote) [ $# -eq 2 ] || die "$usage"; cmd_promote "$2" ;;
  standby) [ $# -eq 3 ] || die "$usage"; cmd_standby "$2" "$3" ;;
  *) die "$usage" ;;
esac
