#!/usr/bin/env bash
# Sanitizer runs with Clang, each in its own build directory:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer over the core, SQLite and CLI suites;
#   tsan  ThreadSanitizer over the FHIR client's connection pool and the FHIR lease heartbeat (loopback server).
# Any finding fails the run: -fno-sanitize-recover=all, and halt_on_error in the runtime options.
# Usage: scripts/test-sanitizers.sh [asan] [tsan]   (default both; BUILD_ROOT: parent of the build dirs, default build)
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh clang
if [[ -f tests/fhir/server/package-lock.json && ! -d tests/fhir/server/node_modules ]]; then
  npm ci --prefix tests/fhir/server --no-audit --no-fund --loglevel=error
fi
root=${BUILD_ROOT:-build}
jobs=$(nproc)

# configure <dir> <sanitizer flags> <test folders> <cmake options...>
configure() {
  local dir=$1 flags="$2 -fno-sanitize-recover=all -fno-omit-frame-pointer" components=$3
  shift 3
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DMIGRATE_TEST_COMPONENTS="$components" \
    -DMIGRATE_BUILD_TOOLS=OFF -DMIGRATE_BUILD_EXAMPLES=OFF -DMIGRATE_BUILD_BENCHMARKS=OFF -DMIGRATE_INSTALL=OFF "$@" >/dev/null
}

run_asan() {
  local dir=$root/asan start=$SECONDS
  configure "$dir" "-fsanitize=address,undefined" "core;sqlite;cli" -DMIGRATE_WITH_FHIR=OFF
  cmake --build "$dir" -j"$jobs"
  # detect_leaks: a leak is a finding too. The race and kill tests' workers inherit these options.
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j"$jobs" -R '^(core_test|sqlite_|cli_)'
  echo "== asan+ubsan: $((SECONDS - start)) s"
}

run_tsan() {
  local dir=$root/tsan start=$SECONDS
  configure "$dir" "-fsanitize=thread" "fhir" -DMIGRATE_WITH_FHIR=ON -DMIGRATE_WITH_POSTGRES=OFF
  cmake --build "$dir" -j"$jobs" --target fhir_tests fhir_store_tests
  # TSan's shadow memory needs a fixed layout; kernels with more mmap randomisation than Clang 14 knows break it.
  local no_aslr=()
  if setarch "$(uname -m)" -R true 2>/dev/null; then no_aslr=(setarch "$(uname -m)" -R); fi
  # The pool test and every test of the lease and its heartbeat thread; ctest starts the server fixture.
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    "${no_aslr[@]}" ctest --test-dir "$dir" --output-on-failure --no-tests=error \
    -R '^fhir_tests\.one client serves parallel requests over its pool$|^fhir_store_tests\.[^.]*(heartbeat|lease)'
  echo "== tsan: $((SECONDS - start)) s"
}

runs=("$@")
((${#runs[@]} > 0)) || runs=(asan tsan)
for run in "${runs[@]}"; do
  case $run in
    asan) run_asan ;;
    tsan) run_tsan ;;
    *) echo "test-sanitizers: unknown run '$run' (asan, tsan)" >&2; exit 2 ;;
  esac
done
