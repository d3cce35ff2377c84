#!/usr/bin/env bash
# Racing starters: STARTERS processes (default 16) started together, each running upgrade_all of the chain on the
# same fresh database, against one process alone; SQLite (a file) and PostgreSQL (a throw-away server). Contenders
# alternate; medians of REPETITIONS (default 5). Prints a table and writes OUT_TSV.
# Usage: run_racing.sh RUNNER PG_SERVER_SH OUT_TSV [REPETITIONS] [STARTERS]
set -euo pipefail
runner=$1 pg_server=$2 out=$3 repetitions=${4:-5} starters=${5:-16}
source "$(dirname "$0")/bench_lib.sh"

work=$(mktemp -d /tmp/migrate-bench-race.XXXXXX)
"$pg_server" start "$work/server" >/dev/null
trap '"$pg_server" stop "$work/server"; rm -rf "$work"' EXIT
admin=$(cat "$work/server/url")
pg_db=${admin%/*}/race
sqlite_db=$work/race.db

fresh() {
  if [[ $1 == sqlite ]]; then rm -f "$sqlite_db" "$sqlite_db"-*
  else psql -X -q -v ON_ERROR_STOP=1 -d "$admin" -c "DROP DATABASE IF EXISTS race" -c "CREATE DATABASE race"; fi
}
# N processes at once; fails if any fails (each checks that the store ends at the head).
start_together() {
  local store=$1 n=$2 target pids=() failed=0
  if [[ $store == sqlite ]]; then target=$sqlite_db; else target=$pg_db; fi
  for ((k = 0; k < n; k++)); do "$runner" "$store" "$target" default & pids+=($!); done
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  return $failed
}

declare -A samples
{
  printf '# store\tcontender\tmedian_ms\tratio_to_one\truns_ms\n'
  for store in sqlite postgres; do
    fresh "$store"; start_together "$store" 1 >/dev/null  # warm-up
    for ((r = 0; r < repetitions; r++)); do
      for n in $(if ((r % 2)); then echo "$starters 1"; else echo "1 $starters"; fi); do
        fresh "$store"
        samples[$store.$n]+=" $(time_ms start_together "$store" "$n")"
      done
    done
    one=$(median ${samples[$store.1]})
    for n in 1 "$starters"; do
      m=$(median ${samples[$store.$n]})
      printf '%s\t%s\t%s\t%s\t%s\n' "$store" "$n starter(s)" "$m" \
        "$(awk -v m="$m" -v f="$one" 'BEGIN { printf "%.2f", m / f }')" "${samples[$store.$n]# }"
    done
  done
} >"$out"
echo "Racing starters: $starters processes started together vs one, each upgrade_all; median of $repetitions"
column -t -s $'\t' "$out"
