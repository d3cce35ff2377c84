#!/usr/bin/env bash
# Runs the runtime benchmark and its Alembic peer, and prints one table of medians and ratios.
set -euo pipefail
binary=$1 chain_sql=$2 alembic_peer=$3
results=$(mktemp)
"$binary" >"$results"
if /usr/bin/python3 -c 'import alembic' 2>/dev/null; then
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
rm -f "$results"
