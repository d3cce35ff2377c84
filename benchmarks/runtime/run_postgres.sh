#!/usr/bin/env bash
# PostgreSQL, whole processes on a throw-away server (tests/postgres/pg_server.sh: loopback, fsync=off): migrate's
# default and single_transaction runs against psql running the same SQL and version rows — `psql -1 -f all.sql`
# (one transaction: the floor) and `psql -f all.sql` (a statement at a time, autocommit). Contenders alternate, each
# on a fresh database; medians of REPETITIONS (default 5). Prints a table and writes OUT_TSV.
# Usage: run_postgres.sh RUNNER CHAIN_SQL PG_SERVER_SH OUT_TSV [REPETITIONS]
set -euo pipefail
runner=$1 chain_sql=$2 pg_server=$3 out=$4 repetitions=${5:-5}
source "$(dirname "$0")/bench_lib.sh"
command -v psql >/dev/null || { echo "run_postgres: psql not found (postgresql-client)" >&2; exit 1; }

work=$(mktemp -d /tmp/migrate-bench-pg.XXXXXX)
"$pg_server" start "$work/server" >/dev/null
trap '"$pg_server" stop "$work/server"; rm -rf "$work"' EXIT
admin=$(cat "$work/server/url")
db=${admin%/*}/bench
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The chain's up SQL, each migration followed by its version row (what migrate records, minus the metadata).
awk 'BEGIN { print "CREATE TABLE versions (version TEXT PRIMARY KEY);" }
     /^-- down/ { skip = 1; next }
     /^-- / { split($0, f, " "); revision = f[2]; skip = 0; next }
     !skip { print; print "INSERT INTO versions (version) VALUES (\047" revision "\047);" }' "$chain_sql" >"$work/all.sql"
migrations=$(grep -c '^INSERT INTO versions' "$work/all.sql")

fresh() { psql_ -d "$admin" -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"; }
psql_file() { psql_ -d "$db" "$@" -f "$work/all.sql" >/dev/null; }  # extra options: -1 for one transaction
check_psql() { [[ $(psql_ -At -d "$db" -c "SELECT count(*) FROM versions") == "$migrations" ]]; }

contenders=(migrate_default migrate_single_transaction psql_one_transaction psql_per_statement)
run() {
  case $1 in
    migrate_default) time_ms "$runner" postgres "$db" default ;;
    migrate_single_transaction) time_ms "$runner" postgres "$db" single_transaction ;;
    psql_one_transaction) time_ms psql_file -1 && check_psql ;;
    psql_per_statement) time_ms psql_file && check_psql ;;
  esac
}
# A warm-up of each, so the first timed run does not pay for cold caches.
for c in "${contenders[@]}"; do fresh; run "$c" >/dev/null; done
declare -A samples
for ((r = 0; r < repetitions; r++)); do
  for ((i = 0; i < ${#contenders[@]}; i++)); do
    c=${contenders[(i + r) % ${#contenders[@]}]}  # rotate the order every repetition
    fresh
    samples[$c]+=" $(run "$c" | head -n 1)"
  done
done

floor=$(median ${samples[psql_one_transaction]})
{
  printf '# contender\tmedian_ms\tratio_to_floor\truns_ms\n'
  for c in "${contenders[@]}"; do
    m=$(median ${samples[$c]})
    printf '%s\t%s\t%s\t%s\n' "$c" "$m" "$(awk -v m="$m" -v f="$floor" 'BEGIN { printf "%.2f", m / f }')" "${samples[$c]# }"
  done
} >"$out"
echo "PostgreSQL, $migrations migrations, whole processes, median of $repetitions (floor: psql -1 -f all.sql)"
column -t -s $'\t' "$out"
