#!/usr/bin/env bash
# Browser tests: installs the pinned playwright-core (no browser download; the
# tests drive Debian's chromium) when node_modules is missing or older than
# package-lock.json, then runs the Node test runner over tests/browser/.
# Env: SABT_BIN (default build/sabt), CHROMIUM (default /usr/lib/chromium/chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund
  touch node_modules   # npm ci may keep an old mtime; mark it fresh
fi

exec node --test --test-concurrency=1 tests/browser/
