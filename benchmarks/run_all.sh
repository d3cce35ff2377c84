#!/usr/bin/env bash
# Every benchmark in one command: builds what it needs in BUILD_DIR (Release), runs the SQLite runtime benchmark,
# the peers (Alembic, yoyo, Sqitch where installed), PostgreSQL against psql, racing starters, the compile-time
# and FHIR bulk benchmarks, then writes the tables into docs/benchmarks.md and the plots into docs/img/.
# A benchmark that cannot run (no PostgreSQL server, no Node.js, no TSV written) is reported as such on the page.
# Usage: benchmarks/run_all.sh BUILD_DIR     (environment: REPETITIONS=5, CHAIN_LENGTH=1000, PEER_LIMIT=100,
#        SKIP="compile fhir ..." to leave some out: sqlite peers postgres racing compile fhir)
set -uo pipefail
[[ $# -eq 1 ]] || { echo "usage: benchmarks/run_all.sh BUILD_DIR" >&2; exit 2; }
build=$(mkdir -p "$1" && cd "$1" && pwd)
source_dir=$(cd "$(dirname "$0")/.." && pwd)
runtime=$source_dir/benchmarks/runtime
results=$build/benchmark-results
repetitions=${REPETITIONS:-5}
skip=" ${SKIP:-} "
export LC_ALL=C
rm -rf "$results" && mkdir -p "$results"
notes=$results/notes.tsv  # "<benchmark>\t<why it has no results>"
: >"$notes"

note() { printf '%s\t%s\n' "$1" "$2" >>"$notes"; echo "run_all: $1: $2" >&2; }
wanted() { [[ $skip != *" $1 "* ]] || { note "$1" "left out (SKIP)"; return 1; }; }
step() { echo; echo "=== $* ==="; }

step configure
cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release -DMIGRATE_BENCH_CHAIN_LENGTH="${CHAIN_LENGTH:-1000}" \
  >"$results/configure.log" || { cat "$results/configure.log"; exit 1; }
has_postgres=$(grep -q '^MIGRATE_WITH_POSTGRES:BOOL=ON' "$build/CMakeCache.txt" && echo yes || echo no)
runtime_bin=$build/benchmarks/runtime
chain_sql=$runtime_bin/bench_chain.sql
{
  echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine	$(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
  echo "compiler	$(grep '^CMAKE_CXX_COMPILER:' "$build/CMakeCache.txt" | cut -d= -f2) ($("$(grep '^CMAKE_CXX_COMPILER:' "$build/CMakeCache.txt" | cut -d= -f2)" -dumpfullversion 2>/dev/null))"
  echo "chain	${CHAIN_LENGTH:-1000} migrations; medians of $repetitions"
} >"$results/meta.tsv"

if wanted sqlite; then
  step "SQLite runtime (benchmark_runtime)"
  if cmake --build "$build" --target benchmark_runtime -j2 >"$results/build-runtime.log" 2>&1; then
    ALEMBIC=0 "$runtime/run.sh" "$runtime_bin/benchmark_runtime" "$chain_sql" "$runtime/alembic_peer.py" "$results/sqlite.tsv" ||
      note sqlite "run.sh failed"
  else
    note sqlite "build failed (see $results/build-runtime.log)"
  fi
fi

runner_ok=no
if [[ $has_postgres == yes ]]; then
  cmake --build "$build" --target benchmark_runner -j2 >"$results/build-runner.log" 2>&1 && runner_ok=yes
fi
runner=$runtime_bin/benchmark_runner
pg_server=$source_dir/tests/postgres/pg_server.sh

if wanted peers; then
  step "SQLite peers (run_peers.sh)"
  if [[ $runner_ok == yes ]]; then
    "$runtime/run_peers.sh" "$runner" "$chain_sql" "$results/peers.tsv" "${PEER_LIMIT:-100}" "$repetitions" ||
      note peers "run_peers.sh failed"
  else
    note peers "benchmark_runner not built (needs MIGRATE_WITH_POSTGRES and libpq)"
  fi
fi
if wanted postgres; then
  step "PostgreSQL against psql (run_postgres.sh)"
  if [[ $runner_ok == yes ]]; then
    "$runtime/run_postgres.sh" "$runner" "$chain_sql" "$pg_server" "$results/postgres.tsv" "$repetitions" ||
      note postgres "run_postgres.sh failed (a PostgreSQL server: postgresql-15)"
  else
    note postgres "benchmark_runner not built (needs MIGRATE_WITH_POSTGRES and libpq)"
  fi
fi
if wanted racing; then
  step "Racing starters (run_racing.sh)"
  if [[ $runner_ok == yes ]]; then
    "$runtime/run_racing.sh" "$runner" "$pg_server" "$results/racing.tsv" "$repetitions" ||
      note racing "run_racing.sh failed"
  else
    note racing "benchmark_runner not built"
  fi
fi

# Benchmarks owned elsewhere: each writes a TSV whose first line ("# col<TAB>col...") names its columns.
collect() {  # name target tsv...
  local name=$1 target=$2 found=no
  shift 2
  step "$name (--target $target)"
  if ! cmake --build "$build" --target "$target" -j2 >"$results/$name.log" 2>&1; then
    note "$name" "--target $target failed or does not exist (see $results/$name.log)"
  fi
  for tsv in "$@"; do
    if [[ -s $tsv && $tsv -nt $results/meta.tsv ]]; then cp "$tsv" "$results/$name.tsv"; found=yes; break; fi
  done
  [[ $found == yes ]] || note "$name" "no results.tsv written by this run"
}
if wanted compile; then
  collect compile_time benchmark-compile-time "$source_dir/benchmarks/compile_time/results.tsv" \
    "$build/benchmarks/compile_time/results.tsv"
fi
if wanted fhir; then
  collect fhir run_fhir_bulk_benchmark "$source_dir/benchmarks/fhir/results.tsv" "$build/benchmarks/fhir/results.tsv"
fi
if wanted fhir || wanted racing; then  # FHIR racing starters join the racing table
  collect fhir_race run_fhir_race_benchmark "$source_dir/benchmarks/fhir/race.tsv"
fi

step "docs/benchmarks.md and docs/img/"
/usr/bin/python3 "$runtime/report.py" "$results" "$source_dir/docs/benchmarks.md" "$source_dir/docs/img"
