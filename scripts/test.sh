#!/usr/bin/env bash
# Builds everything and runs every test: core, SQLite, PostgreSQL, FHIR (loopback Medplum server), CLI, tools, package.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh all
if [[ -f tests/fhir/server/package-lock.json ]]; then
  npm ci --prefix tests/fhir/server --no-audit --no-fund --loglevel=error
fi

build=${BUILD_DIR:-build/test}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
