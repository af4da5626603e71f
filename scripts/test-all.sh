#!/usr/bin/env bash
# make test: every suite, in order of cost. Runs all of them, then fails if
# any failed, with a summary. Servers bind 127.0.0.1 only and are stopped by
# the PID the tests started; the PostgreSQL cluster lives in a temp dir.
set -uo pipefail
BUILD=${1:-build}
ASAN=${2:-build-asan}
cd "$(dirname "$0")/.."
export SABT_BIN="$PWD/$BUILD/sabt"
results=()
failed=0
step() {  # step NAME CMD...
  local name=$1; shift
  local t0=$SECONDS
  echo "==> $name"
  if "$@"; then
    results+=("PASS  $name ($((SECONDS - t0)) s)")
  else
    results+=("FAIL  $name ($((SECONDS - t0)) s)")
    failed=1
  fi
}

step "unit tests" "$BUILD/unit_tests" --gtest_brief=1

asan_unit() {
  cmake -S . -B "$ASAN" -DCMAKE_BUILD_TYPE=Debug -DSABT_SANITIZE=ON >/dev/null &&
    cmake --build "$ASAN" -j"$(nproc)" --target unit_tests >/dev/null &&
    LSAN_OPTIONS=suppressions="$PWD/tests/lsan.supp" ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$ASAN/unit_tests" --gtest_brief=1
}
step "unit tests under ASan+UBSan" asan_unit

step "integration on SQLite" env SABT_TEST_BACKEND=sqlite node --test --test-concurrency=1 tests/integration/

PGDIR=$(mktemp -d /tmp/sabt-pg-XXXXXX)
pg_started=0
stop_pg() { [ "$pg_started" = 1 ] && scripts/pg-test-cluster.sh stop "$PGDIR" >/dev/null 2>&1; rm -rf "$PGDIR"; }
trap stop_pg EXIT
if scripts/pg-test-cluster.sh start "$PGDIR" >/dev/null; then
  pg_started=1
  eval "$(scripts/pg-test-cluster.sh env "$PGDIR")"
  if [ -x "$BUILD/pg_tests" ]; then
    step "PostgreSQL store tests" "$BUILD/pg_tests" --gtest_brief=1
  fi
  step "integration on PostgreSQL" env SABT_TEST_BACKEND=postgres node --test --test-concurrency=1 tests/integration/
else
  echo "make test: the throwaway PostgreSQL cluster could not start (see the log above); PostgreSQL suites FAIL" >&2
  results+=("FAIL  PostgreSQL cluster did not start")
  failed=1
fi

step "browser tests (Chromium)" tests/browser/run.sh

fuzz_smoke() {
  command -v clang++ >/dev/null || { echo "clang++ missing"; return 1; }
  local out=$BUILD/checkpoint_proof_fuzz
  clang++ -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -Isrc fuzz/checkpoint_proof_fuzz.cc \
    src/util/status.cc src/util/hex.cc src/util/base64.cc src/util/sha256.cc src/util/random.cc \
    src/util/jcs.cc src/journal/merkle.cc src/journal/checkpoint.cc -lcrypto -lsodium -o "$out" &&
    mkdir -p "$BUILD/fuzz-corpus" && "$out" -max_total_time=15 -max_len=4096 "$BUILD/fuzz-corpus" 2>&1 | tail -3
}
step "fuzz smoke (15 s, proof and checkpoint parsers)" fuzz_smoke

echo
echo "==== summary ===="
printf '%s\n' "${results[@]}"
exit $failed
