#!/usr/bin/env bash
# Installs the Debian 12 packages migrate needs, skipping what is already there (idempotent).
# Usage: scripts/install-deps.sh [demo|all|clang|benchmarks]   (demo: just enough to build the SQLite demo; clang: all,
# plus Clang and its sanitizer runtimes for scripts/test-clang.sh and scripts/test-sanitizers.sh; benchmarks: all, plus
# what benchmarks/run_all.sh compares against and plots with — never needed by the build, the tests or CI)
set -euo pipefail

profile=${1:-all}
packages=(cmake g++ make libboost1.81-dev libfmt-dev libsqlite3-dev)
if [[ $profile == all || $profile == clang || $profile == benchmarks ]]; then
  # tzdata: scripts/test-timezones.sh needs real zones (without it glibc silently uses UTC).
  packages+=(catch2 libboost-json1.81-dev libssl-dev libpq-dev postgresql-15 python3 tzdata)
  # tests/adopt: a real Alembic project migrates SQLite and PostgreSQL before migrate adopts it (tests only).
  packages+=(python3-alembic python3-psycopg2)
fi
if [[ $profile == benchmarks ]]; then
  # The peers of docs/benchmarks.md (Alembic is above) and gnuplot for its plots; Sqitch's SQLite engine needs DBD::SQLite.
  packages+=(gnuplot-nox python3-yoyo sqitch libdbd-sqlite3-perl sqlite3)
fi
if [[ $profile == clang ]]; then
  # Debian 12's clang is 14; its ASan, UBSan and TSan runtimes are in libclang-rt-14-dev.
  packages+=(clang libclang-rt-14-dev)
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  echo "install-deps: installing ${missing[*]}"
  [[ $(id -u) -eq 0 ]] || command -v sudo >/dev/null 2>&1 || { echo "install-deps: run as root (or install sudo)" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The FHIR test server runs on Node.js. The image ships it (with npm); otherwise Debian's nodejs, then npm if that
# nodejs came without it (some nodejs builds bundle npm and conflict with Debian's npm package).
if [[ $profile == all || $profile == clang || $profile == benchmarks ]]; then
  export DEBIAN_FRONTEND=noninteractive
  command -v node >/dev/null 2>&1 || { as_root apt-get update -qq; as_root apt-get install -y -qq nodejs; }
  command -v npm >/dev/null 2>&1 || as_root apt-get install -y -qq npm
fi
