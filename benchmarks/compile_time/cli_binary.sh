#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What building a CLI binary over N SQL migrations costs (issue 10, item 2: <= 15 s CPU and <= 400 MB at -O2 for
# N = 1000), the three ways an application can build it:
#   header-only   one TU: <migrate/cli.hpp>, <migrate/migrate.hpp>, the chain, main() calling cli::run<registry>
#   separate      the same TU with MIGRATE_SEPARATE_COMPILATION, plus one TU including <migrate/src.hpp>
#   compiled      the app TU linked against migrate::compiled (MIGRATE_COMPILED), which holds the bodies and opens
#                 the URL, so the program has no src.hpp TU; the library's own TUs are timed too (built once per
#                 installation)
# Each compilation and the link run under /usr/bin/time (user + system CPU seconds, peak RSS). Prints a table;
# writes nothing into the tree. Usage: cli_binary.sh [--n N] [--compiler CXX] [--work-dir DIR] [-- extra flags]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
compiler=${CXX:-g++}
n=1000
work_dir=${TMPDIR:-/tmp}/migrate_cli_binary
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --n) n=$2; shift 2 ;;
    --compiler) compiler=$2; shift 2 ;;
    --work-dir) work_dir=$2; shift 2 ;;
    --) shift; for flag in "$@"; do [[ -n $flag ]] && extra+=("$flag"); done; break ;;
    *) echo "cli_binary.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "cli_binary.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
mkdir -p "$work_dir"
cd "$work_dir"

{
  echo '#include <migrate/cli.hpp>'
  echo '#include <migrate/migrate.hpp>'
  prev=""
  for i in $(seq 1 "$n"); do
    printf 'MIGRATE_SQL_MIGRATION(m%d, .revision = "r%05d", %s.description = "step %d",\n' "$i" "$i" \
      "${prev:+.revises = \"$prev\", }" "$i"
    printf '  .up = "CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT)", .down = "DROP TABLE t%d");\n' "$i" "$i"
    prev=r$(printf %05d "$i")
  done
  printf 'using registry = migrate::registry<m1'
  for i in $(seq 2 "$n"); do printf ', m%d' "$i"; done
  printf '>;\n'
  echo 'int main(int argc, char** argv) { return migrate::cli::run<registry>(argc, argv); }'
} > "app_$n.cpp"
echo '#include <migrate/src.hpp>' > src.cpp

flags=(-std=c++20 -O2 -I "$root/include" "${extra[@]}")
libs=(-lfmt -lsqlite3)
rows=()
# timed <label> <command...>: runs the command under /usr/bin/time, records "label cpu_s peak_mb".
timed() {
  local label=$1; shift
  /usr/bin/time -f '%U %S %M' -o time.txt "$@" 2> compile.log || { cat compile.log >&2; exit 1; }
  read -r user sys rss < time.txt
  rows+=("$(awk -v l="$label" -v u="$user" -v s="$sys" -v r="$rss" \
              'BEGIN { printf "%-44s %8.2f %8d", l, u + s, r / 1024 }')")
}

timed "header-only: app TU" "$compiler" "${flags[@]}" -c "app_$n.cpp" -o app_header_only.o
timed "header-only: link" "$compiler" app_header_only.o -o cli_header_only "${libs[@]}"

sep=(-DMIGRATE_SEPARATE_COMPILATION)
timed "separate: app TU" "$compiler" "${flags[@]}" "${sep[@]}" -c "app_$n.cpp" -o app_separate.o
timed "separate: src.hpp TU" "$compiler" "${flags[@]}" "${sep[@]}" -c src.cpp -o src_separate.o
timed "separate: link" "$compiler" app_separate.o src_separate.o -o cli_separate "${libs[@]}"

comp=(-DMIGRATE_SEPARATE_COMPILATION -DMIGRATE_COMPILED)
for part in core sqlite linked; do
  timed "library (once): src/compiled/$part.cpp" "$compiler" "${flags[@]}" "${comp[@]}" \
    -c "$root/src/compiled/$part.cpp" -o "lib_$part.o"
done
rm -f libmigrate_compiled.a && ar qc libmigrate_compiled.a lib_core.o lib_sqlite.o lib_linked.o
timed "compiled: app TU" "$compiler" "${flags[@]}" "${comp[@]}" -c "app_$n.cpp" -o app_compiled.o
timed "compiled: link" "$compiler" app_compiled.o libmigrate_compiled.a -o cli_compiled "${libs[@]}"

# The three binaries are one program: each must answer the same `heads`.
for binary in cli_header_only cli_separate cli_compiled; do
  "./$binary" heads > "$binary.heads" 2>&1 || true
done
cmp -s cli_header_only.heads cli_separate.heads && cmp -s cli_header_only.heads cli_compiled.heads ||
  { echo "cli_binary.sh: the three binaries disagree on 'heads'" >&2; exit 1; }

echo "# $($compiler --version | head -1); N = $n; $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %8s %8s\n' "step" "cpu_s" "peak_mb"
printf '%s\n' "${rows[@]}"
