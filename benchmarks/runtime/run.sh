#!/usr/bin/env bash
# Runs the runtime benchmark and its Alembic peer, and prints one table of medians and ratios; with OUT_TSV, also
# writes them as "# operation, contender, median_ms, ratio" rows (ratio to the floor, or to the raw C API).
# Usage: run.sh BINARY CHAIN_SQL ALEMBIC_PEER [OUT_TSV]
set -euo pipefail
binary=$1 chain_sql=$2 alembic_peer=$3 out=${4:-}
results=$(mktemp)
"$binary" >"$results"
# ALEMBIC=0 leaves Alembic out (run_all.sh does: its peers table times Alembic as whole processes).
if [[ ${ALEMBIC:-1} == 0 ]]; then
  :
elif /usr/bin/python3 -c 'import alembic' 2>/dev/null; then
  /usr/bin/python3 "$alembic_peer" "$chain_sql" >>"$results"
else
  echo "(python3-alembic not installed: apt-get install python3-alembic to include the Alembic column)" >&2
fi
awk '
  { value[$1] = $2 }
  END {
    printf "chain of %d SQL migrations on SQLite (median of 5, ms)\n\n", value["chain_length"]
    printf "| %-22s | %9s | %9s | %9s | %12s | %14s |\n", "operation", "migrate", "raw C API", "Alembic", "migrate/raw", "Alembic/migrate"
    printf "|%s|%s|%s|%s|%s|%s|\n", "------------------------", "-----------", "-----------", "-----------", "--------------", "----------------"
    n = split("upgrade_fresh_ms startup_at_head_ms downgrade_base_ms", ops, " ")
    for (i = 1; i <= n; i++) {
      op = ops[i]; m = value["migrate." op]; r = value["raw." op]; a = value["alembic." op]
      printf "| %-22s | %9.2f | %9.2f | %9s | %12.2f | %14s |\n", op, m, r, (a == "" ? "-" : sprintf("%.2f", a)), m / r, (a == "" ? "-" : sprintf("%.1fx", a / m))
    }
    f = value["floor.upgrade_one_transaction_ms"]
    printf "\nupgrade from fresh against the floor (every migration in one transaction, %.2f ms):\n\n", f
    printf "| %-44s | %9s | %8s |\n", "contender", "ms", "/floor"
    printf "|%s|%s|%s|\n", "----------------------------------------------", "-----------", "----------"
    printf "| %-44s | %9.2f | %8.2f |\n", "migrate, one transaction per step (default)", value["migrate.upgrade_fresh_ms"], value["migrate.upgrade_fresh_ms"] / f
    printf "| %-44s | %9.2f | %8.2f |\n", "migrate, fsync per step (sync_once_per_run off)", value["migrate.upgrade_fsync_each_step_ms"], value["migrate.upgrade_fsync_each_step_ms"] / f
    printf "| %-44s | %9.2f | %8.2f |\n", "migrate, single_transaction", value["migrate.upgrade_single_transaction_ms"], value["migrate.upgrade_single_transaction_ms"] / f
    printf "| %-44s | %9.2f | %8.2f |\n", "raw C API, a transaction per step", value["raw.upgrade_fresh_ms"], value["raw.upgrade_fresh_ms"] / f
  }' "$results"
if [[ -n $out ]]; then
  awk '
    { value[$1] = $2 }
    function row(op, name, key, base) { if (key in value) printf "%s\t%s\t%s\t%.2f\n", op, name, value[key], value[key] / base }
    END {
      print "# operation\tcontender\tmedian_ms\tratio"
      f = value["floor.upgrade_one_transaction_ms"]
      row("upgrade_fresh", "floor_one_transaction", "floor.upgrade_one_transaction_ms", f)
      row("upgrade_fresh", "migrate_default", "migrate.upgrade_fresh_ms", f)
      row("upgrade_fresh", "migrate_single_transaction", "migrate.upgrade_single_transaction_ms", f)
      row("upgrade_fresh", "migrate_fsync_each_step", "migrate.upgrade_fsync_each_step_ms", f)
      row("upgrade_fresh", "raw_per_step", "raw.upgrade_fresh_ms", f)
      row("upgrade_fresh", "alembic_in_process", "alembic.upgrade_fresh_ms", f)
      r = value["raw.startup_at_head_ms"]
      row("startup_at_head", "raw_read_versions", "raw.startup_at_head_ms", r)
      row("startup_at_head", "migrate", "migrate.startup_at_head_ms", r)
      row("startup_at_head", "alembic_in_process", "alembic.startup_at_head_ms", r)
      d = value["raw.downgrade_base_ms"]
      row("downgrade_base", "raw_per_step", "raw.downgrade_base_ms", d)
      row("downgrade_base", "migrate", "migrate.downgrade_base_ms", d)
      row("downgrade_base", "alembic_in_process", "alembic.downgrade_base_ms", d)
    }' "$results" >"$out"
fi
rm -f "$results"
