#!/usr/bin/env bash
# Installs the Debian packages Sabt needs, only those that are missing.
# Safe to run repeatedly; used by `make run`, `make test` and CI.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git
  librestinio-dev libasio-dev libfmt-dev
  libsqlite3-dev libsqlitecpp-dev sqlite3
  libpqxx-dev libpq-dev postgresql
  nlohmann-json3-dev libmstch-dev
  libssl-dev libsodium-dev
  libicu-dev libboost-locale-dev libpcre2-dev
  libcli11-dev libtoml11-dev libspdlog-dev
  libzstd-dev libqrencode-dev liboath-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium clang libclang-rt-14-dev
  wrk nginx-light poppler-utils zbar-tools curl procps
  janus coturn   # video link (docs/video.md): started only by tests, by PID; never as services
  libxlsxwriter-dev python3-openpyxl  # statistics exports (issue 15); openpyxl reads them back in tests
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js may come from another repository that bundles npm; only ask Debian
# for it when the commands are absent.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all Debian packages present"
fi
