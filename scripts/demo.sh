#!/usr/bin/env bash
# Builds the clinic demo and runs it on an embedded SQLite file, twice: the second start has nothing to do.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh demo
build=${BUILD_DIR:-build/demo}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DMIGRATE_BUILD_TESTS=OFF -DMIGRATE_BUILD_BENCHMARKS=OFF \
  -DMIGRATE_WITH_FHIR=OFF -DMIGRATE_INSTALL=OFF >/dev/null
cmake --build "$build" --target clinic -j"$(nproc)"

export DATABASE_URL=sqlite:///$PWD/$build/clinic.db
rm -f "$build"/clinic.db*
echo "== first start (DATABASE_URL=$DATABASE_URL)"
"$build/examples/clinic/clinic"
echo "== second start"
"$build/examples/clinic/clinic"
