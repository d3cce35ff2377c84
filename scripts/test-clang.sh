#!/usr/bin/env bash
# The Clang build. Together with the sanitizer builds (scripts/test-sanitizers.sh: core, SQLite and CLI tests under
# ASan+UBSan, the FHIR client and store tests under TSan, all compiled by Clang) every test and example compiles
# with Clang; this build adds, without sanitizers, what those leave out and runs it: the PostgreSQL store suite,
# migrate-new and its tests, the compile-fail diagnostics (Clang prints them its own way), the -Werror consumer
# check with every store, the examples, and a smoke run of the parser fuzzer (libFuzzer is Clang's). Each
# translation unit is compiled by Clang once, to fit CI's time.
# Usage: scripts/test-clang.sh [extra ctest arguments]   (BUILD_DIR: default build/clang)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh clang
build=${BUILD_DIR:-build/clang}
start=$SECONDS
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DMIGRATE_TEST_COMPONENTS="postgres;tools;compile_fail;headers" -DMIGRATE_BUILD_FUZZERS=ON \
  -DMIGRATE_BUILD_BENCHMARKS=OFF -DMIGRATE_INSTALL=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
echo "== clang build: $((SECONDS - start)) s"
# headers.self_contained (every header on its own) and the generate-build-run round trip stay with GCC.
ctest --test-dir "$build" --output-on-failure --no-tests=error -j"$(nproc)" \
  -E '^(headers\.self_contained|tools\.codegen_round_trip)$' "$@"
echo "== clang build and tests: $((SECONDS - start)) s"
