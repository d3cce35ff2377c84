#!/usr/bin/env bash
# migrate against the other migration tools on SQLite, whole processes, on the first LIMIT migrations of the chain
# (default 100: Sqitch starts the sqlite3 client for every change, so a 1000-change deploy takes minutes): upgrade
# from a fresh file, and a start with nothing to do. Alembic and yoyo (Debian's python3-alembic, python3-yoyo) run
# under /usr/bin/python3, Sqitch (sqitch + libdbd-sqlite3-perl) through its CLI; tools not installed are left out.
# Contenders alternate; medians of REPETITIONS (default 5). Prints a table and writes OUT_TSV.
# Usage: run_peers.sh RUNNER CHAIN_SQL OUT_TSV [LIMIT] [REPETITIONS]
set -euo pipefail
runner=$1 chain_sql=$2 out=$3 limit=${4:-100} repetitions=${5:-5}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_lib.sh"
python=/usr/bin/python3

work=$(mktemp -d "${TMPDIR:-/tmp}/migrate-peers.XXXXXX")
trap 'rm -rf "$work"' EXIT
head_revision=$("$python" "$here/peers.py" prepare "$chain_sql" "$limit" "$work")
db=$work/bench.db

contenders=(migrate)
"$python" -c 'import alembic' 2>/dev/null && contenders+=(alembic) || echo "run_peers: no python3-alembic" >&2
"$python" -c 'import yoyo' 2>/dev/null && contenders+=(yoyo) || echo "run_peers: no python3-yoyo" >&2
if command -v sqitch >/dev/null && perl -MDBD::SQLite -e1 2>/dev/null; then
  contenders+=(sqitch)
  mkdir -p "$work/sqitch/deploy" "$work/sqitch/revert"
  printf '[core]\n\tengine = sqlite\n' >"$work/sqitch/sqitch.conf"
  head -n $((limit * 4)) "$chain_sql" | awk -v dir="$work/sqitch" '
    BEGIN { plan = dir "/sqitch.plan"; print "%syntax-version=1.0.0\n%project=bench\n" > plan }
    /^-- down/ { down = 1; next }
    /^-- / { split($0, f, " "); change = "c" f[2]; down = 0; next }
    !down { file = dir "/deploy/" change ".sql"; print "BEGIN;\n" $0 "\nCOMMIT;" > file; close(file)
            print change " 2026-01-01T00:00:00Z Bench <bench@example.org> # " change >> plan }
    down { file = dir "/revert/" change ".sql"; print "BEGIN;\n" $0 "\nCOMMIT;" > file; close(file) }'
else
  echo "run_peers: no sqitch (with libdbd-sqlite3-perl)" >&2
fi

fresh() { rm -f "$db" "$db"-* "$work/sqitch.db"; }
run() {
  case $1 in
    migrate) "$runner" sqlite "$db" default "$head_revision" ;;
    alembic) "$python" "$here/peers.py" alembic "$work" "$db" ;;
    yoyo) "$python" "$here/peers.py" yoyo "$work" "$db" ;;
    sqitch) (cd "$work/sqitch" && sqitch --quiet deploy "db:sqlite:$db" >/dev/null) ;;
  esac
}
declare -A up at_head
for ((r = 0; r < repetitions; r++)); do
  for ((i = 0; i < ${#contenders[@]}; i++)); do
    c=${contenders[(i + r) % ${#contenders[@]}]}
    fresh
    up[$c]+=" $(time_ms run "$c")"
    at_head[$c]+=" $(time_ms run "$c")"
  done
done
{
  printf '# operation\tcontender\tmedian_ms\tratio_to_migrate\truns_ms\n'
  for op in upgrade_fresh startup_at_head; do
    declare -n samples=$([[ $op == upgrade_fresh ]] && echo up || echo at_head)
    ours=$(median ${samples[migrate]})
    for c in "${contenders[@]}"; do
      m=$(median ${samples[$c]})
      printf '%s\t%s\t%s\t%s\t%s\n' "$op" "$c" "$m" "$(awk -v m="$m" -v f="$ours" 'BEGIN { printf "%.2f", m / f }')" \
        "${samples[$c]# }"
    done
    unset -n samples
  done
} >"$out"
echo "SQLite, the first $limit migrations, whole processes, median of $repetitions"
column -t -s $'\t' "$out"
