#!/usr/bin/env bash
# make test: every suite. Runs all of them, then fails if any failed, with a
# summary. Servers bind 127.0.0.1 only and are stopped by the PID the tests
# started; the PostgreSQL cluster lives in a temp dir.
#
# Schedule (the machine has 2 cores; the integration suites mostly wait on
# servers and disks, about half a core each):
#   1. unit tests (normal build)
#   2. in the background, at low priority: the ASan+UBSan build and its unit
#      tests, then the fuzz smoke run
#   3. the SQLite and the PostgreSQL integration suites side by side, each
#      running TEST_JOBS files at a time (default 2: most of a file's time is
#      spent waiting on servers, fsync and second-factor steps, and every file
#      starts its own servers on free ports with its own databases);
#      PostgreSQL's output is printed when it ends
#   4. the browser tests, then the background jobs' output
set -uo pipefail
BUILD=${1:-build}
ASAN=${2:-build-asan}
TEST_JOBS=${TEST_JOBS:-2}
cd "$(dirname "$0")/.."
export SABT_BIN="$PWD/$BUILD/sabt"
LOGS=$(mktemp -d /tmp/sabt-test-logs-XXXXXX)
results=()
failed=0
record() {  # record NAME RC SECONDS
  if [ "$2" = 0 ]; then results+=("PASS  $1 ($3 s)"); else results+=("FAIL  $1 ($3 s)"); failed=1; fi
}
step() {  # step NAME CMD...: runs in the foreground
  local name=$1; shift
  local t0=$SECONDS
  echo "==> $name"
  "$@"
  record "$name" $? $((SECONDS - t0))
}
declare -A bg_pid bg_t0 bg_log
bg_start() {  # bg_start ID NAME CMD...: runs in the background, output to a log
  local id=$1 name=$2; shift 2
  echo "==> $name (in the background; output follows when it ends)"
  bg_log[$id]=$LOGS/$id.log
  bg_t0[$id]=$SECONDS
  "$@" >"${bg_log[$id]}" 2>&1 &
  bg_pid[$id]=$!
}
bg_wait() {  # bg_wait ID NAME: waits, prints the log, records the result
  local id=$1 name=$2 rc
  wait "${bg_pid[$id]}"; rc=$?
  unset "bg_pid[$id]"
  echo "==> $name: output"
  cat "${bg_log[$id]}"
  record "$name" $rc $((SECONDS - bg_t0[$id]))
}

PGDIR=$(mktemp -d /tmp/sabt-pg-XXXXXX)
pg_started=0
cleanup() {
  for p in "${bg_pid[@]}"; do kill "$p" 2>/dev/null; done
  [ "$pg_started" = 1 ] && scripts/pg-test-cluster.sh stop "$PGDIR" >/dev/null 2>&1
  rm -rf "$PGDIR" "$LOGS"
}
trap cleanup EXIT

step "unit tests" "$BUILD/unit_tests" --gtest_brief=1

asan_unit() {
  cmake -S . -B "$ASAN" -DCMAKE_BUILD_TYPE=Debug -DSABT_SANITIZE=ON -DSABT_POSTGRES=OFF >/dev/null &&
    nice -n 10 cmake --build "$ASAN" -j"$(nproc)" --target unit_tests >/dev/null &&
    LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$ASAN/unit_tests" --gtest_brief=1
}
fuzz_smoke() {
  command -v clang++ >/dev/null || { echo "clang++ missing"; return 1; }
  local out=$BUILD/checkpoint_proof_fuzz
  nice -n 10 clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc fuzz/checkpoint_proof_fuzz.cc \
    src/util/status.cc src/util/hex.cc src/util/base64.cc src/util/sha256.cc src/util/random.cc \
    src/util/jcs.cc src/journal/merkle.cc src/journal/checkpoint.cc -lcrypto -lsodium -o "$out" &&
    mkdir -p "$BUILD/fuzz-corpus" && "$out" -max_total_time=15 -max_len=4096 "$BUILD/fuzz-corpus" 2>&1 | tail -3
}
bg_start asan "unit tests under ASan+UBSan" asan_unit

pg_suite() {
  if [ -x "$BUILD/pg_tests" ]; then
    echo "==> PostgreSQL store tests"
    "$BUILD/pg_tests" --gtest_brief=1 || return 1
  fi
  echo "==> integration on PostgreSQL"
  SABT_TEST_BACKEND=postgres node --test --test-concurrency="$TEST_JOBS" tests/integration/
}
if scripts/pg-test-cluster.sh start "$PGDIR" >/dev/null; then
  pg_started=1
  eval "$(scripts/pg-test-cluster.sh env "$PGDIR")"
  bg_start pg "PostgreSQL store tests and integration on PostgreSQL" pg_suite
else
  echo "make test: the throwaway PostgreSQL cluster could not start (see the log above); PostgreSQL suites FAIL" >&2
  record "PostgreSQL cluster did not start" 1 0
fi

step "integration on SQLite" env SABT_TEST_BACKEND=sqlite node --test --test-concurrency="$TEST_JOBS" tests/integration/
[ "$pg_started" = 1 ] && bg_wait pg "PostgreSQL store tests and integration on PostgreSQL"

step "browser tests (Chromium)" tests/browser/run.sh

bg_wait asan "unit tests under ASan+UBSan"
step "fuzz smoke (15 s, proof and checkpoint parsers)" fuzz_smoke

echo
echo "==== summary ===="
printf '%s\n' "${results[@]}"
exit $failed
