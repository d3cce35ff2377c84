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
  }' "$results"
rm -f "$results"
