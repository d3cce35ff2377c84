#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What one application translation unit costs to compile: user CPU seconds and the compiler's peak memory
# (/usr/bin/time), for `-O2 -c` and `-fsyntax-only`, the least of --repeat runs (a busy machine only adds time).
#
#   benchmarks/compile_time/tu_cost.sh [--compiler g++] [--repeat 3] [--work-dir DIR] [--no-results] [--profile]
#                                      [-- extra compiler flags, e.g. -I/usr/include]
#
# --profile: instead of measuring, compile the three target TUs once with `clang++ -O2 -c -ftime-trace` and write
# where their time goes (trace_summary.py: phases, headers, instantiations, optimised functions) to
# DIR/<tu>.profile.txt, plus the include count by library (`g++ -H`) to DIR/<tu>.includes.txt.
#   cmake --build <build> --target benchmark-tu-cost
#
# Translation units (generated in --work-dir):
#   umbrella        <migrate/migrate.hpp> + 10 SQL migrations + registry + upgrade_all      (target <= 1.5 s, -O2 -c)
#   cli             the same + <migrate/cli.hpp> and cli::run                               (target <= 2.5 s)
#   umbrella_separate, cli_separate   the same, with MIGRATE_SEPARATE_COMPILATION             (same targets)
#   src_once        <migrate/src.hpp> with MIGRATE_SEPARATE_COMPILATION: paid once per program (reference)
#   fhir_migration  10 FHIR code migrations over <migrate/fhir/session.hpp> + registry      (target <= 2 s)
#   fhir_umbrella   <migrate/fhir.hpp> alone                                                (reference)
#   fmt_only        <fmt/format.h> and one fmt::format                                       (reference)
#   handwritten     a hand-written runner: sqlite3_exec over 10 statements, PRAGMA user_version (reference)
# Writes benchmarks/compile_time/tu_cost.tsv (read by benchmarks/run_all.sh) and the "Translation-unit cost"
# section of benchmarks/compile_time/RESULTS.md (replaced between its markers, the rest of the file kept).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
compiler=${CXX:-g++}
repeat=3
work_dir=${TMPDIR:-/tmp}/migrate_tu_cost
write_results=1
profile=0
extra=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --compiler) compiler=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --work-dir) work_dir=$2; shift 2 ;;
    --no-results) write_results=0; shift ;;
    --profile) profile=1; shift ;;
    --) shift; for flag in "$@"; do [[ -n $flag ]] && extra+=("$flag"); done; break ;;
    *) echo "tu_cost.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -x /usr/bin/time ]] || { echo "tu_cost.sh: needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
mkdir -p "$work_dir"
cd "$work_dir"

# --- the translation units ---------------------------------------------------------------------------------------
sql_migrations() {
  local i prev=""
  for i in $(seq 1 10); do
    printf 'MIGRATE_SQL_MIGRATION(m%d, .revision = "r%02d", %s.description = "step %d",\n' "$i" "$i" \
      "${prev:+.revises = \"$prev\", }" "$i"
    printf '  .up = "CREATE TABLE t%d (id INTEGER PRIMARY KEY, name TEXT)", .down = "DROP TABLE t%d");\n' "$i" "$i"
    prev=r$(printf %02d "$i")
  done
  printf 'using registry = migrate::registry<m1'; for i in $(seq 2 10); do printf ', m%d' "$i"; done; printf '>;\n'
}
{
  echo '#include <migrate/migrate.hpp>'
  sql_migrations
  echo 'int main() { return static_cast<int>(migrate::upgrade_all<registry>().steps.size() != 10); }'
} > umbrella.cpp
{
  echo '#include <string_view>'
  echo '#include <migrate/cli.hpp>'
  echo '#include <migrate/migrate.hpp>'
  sql_migrations
  echo 'int main(int argc, char** argv) {'
  echo '  if (argc > 1 && std::string_view(argv[1]) == "migrate") return migrate::cli::run<registry>(argc - 1, argv + 1);'
  echo '  return static_cast<int>(migrate::upgrade_all<registry>().steps.size() != 10);'
  echo '}'
} > cli.cpp
{
  echo '#include <migrate/core/migration.hpp>'
  echo '#include <migrate/core/registry.hpp>'
  echo '#include <migrate/fhir/session.hpp>'
  prev=""
  for i in $(seq 1 10); do
    cat <<EOF
MIGRATE_CODE_MIGRATION(f$i, .revision = "f$(printf %02d "$i")", ${prev:+.revises = \"$prev\", }.description = "step $i") {
  static void upgrade(migrate::fhir::session& fhir) {
    auto patient = fhir->read("Patient", "p$i");
    patient["extension"] = boost::json::array{boost::json::object{{"url", "https://example.org/step"}, {"valueInteger", $i}}};
    fhir->update(patient);
  }
  static void downgrade(migrate::fhir::session& fhir) {
    for (auto& patient : fhir->search_all("Patient", {{"_id", "p$i"}})) {
      patient.erase("extension");
      fhir->update(patient);
    }
  }
};
EOF
    prev=f$(printf %02d "$i")
  done
  printf 'using registry = migrate::registry<f1'; for i in $(seq 2 10); do printf ', f%d' "$i"; done; printf '>;\n'
  echo 'const void* registry_view() { return registry::migrations().data(); }'
} > fhir_migration.cpp
# The same application TUs built with MIGRATE_SEPARATE_COMPILATION (the CLI's and runner's bodies compiled once, in
# the TU that includes <migrate/src.hpp>: src_once, paid once per program).
for tu in umbrella cli; do
  { echo '#define MIGRATE_SEPARATE_COMPILATION'; cat "$tu.cpp"; } > "${tu}_separate.cpp"
done
printf '#define MIGRATE_SEPARATE_COMPILATION\n#include <migrate/src.hpp>\n' > src_once.cpp
echo '#include <migrate/fhir.hpp>' > fhir_umbrella.cpp
printf '#include <string>\n#include <fmt/format.h>\nstd::string f(int v) { return fmt::format("step {} of {}", v, 10); }\n' > fmt_only.cpp
{
  echo '#include <cstdio>'
  echo '#include <sqlite3.h>'
  echo 'static const char* const steps[] = {'
  for i in $(seq 1 10); do echo "  \"CREATE TABLE t$i (id INTEGER PRIMARY KEY, name TEXT)\","; done
  echo '};'
  cat <<'EOF'
int main(int argc, char** argv) {
  sqlite3* db = nullptr;
  if (sqlite3_open(argc > 1 ? argv[1] : "app.sqlite3", &db) != SQLITE_OK) return 1;
  int version = 0;
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr);
  if (sqlite3_step(statement) == SQLITE_ROW) version = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  for (int i = version; i < 10; ++i) {
    char* error = nullptr;
    char bump[64];
    std::snprintf(bump, sizeof bump, "PRAGMA user_version = %d", i + 1);
    if (sqlite3_exec(db, "BEGIN", nullptr, nullptr, &error) != SQLITE_OK ||
        sqlite3_exec(db, steps[i], nullptr, nullptr, &error) != SQLITE_OK ||
        sqlite3_exec(db, bump, nullptr, nullptr, &error) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, &error) != SQLITE_OK) {
      std::fprintf(stderr, "step %d: %s\n", i + 1, error ? error : "?");
      sqlite3_free(error);
      sqlite3_close(db);
      return 1;
    }
  }
  sqlite3_close(db);
  return 0;
}
EOF
} > handwritten.cpp

# --- profiling (--profile) -------------------------------------------------------------------------------------
if [[ $profile == 1 ]]; then
  for tu in umbrella cli fhir_migration; do
    clang++ -std=c++20 -O2 -c -ftime-trace -ftime-trace-granularity=200 -I"$root/include" "${extra[@]}" "$tu.cpp" \
      -o "$tu.o"
    python3 "$here/trace_summary.py" "$tu.json" > "$tu.profile.txt"
    g++ -std=c++20 -fsyntax-only -H -I"$root/include" "${extra[@]}" "$tu.cpp" 2>&1 | awk '/^\.+ / { print $2 }' |
      sed -E 's#.*/c\+\+/[0-9]+/.*#libstdc++#; s#.*/(fmt|boost/hana|boost/json|boost/beast|boost/asio|migrate)/.*#\1#;
              s#.*/boost/.*#boost (other)#; s#^/usr/(lib|include)/.*#C library and system#' |
      sort | uniq -c | sort -rn > "$tu.includes.txt"
    echo "$tu: $work_dir/$tu.profile.txt, $work_dir/$tu.includes.txt"
  done
  exit 0
fi

# --- measuring ---------------------------------------------------------------------------------------------------
# tu  target(-O2 -c, s; "-" for none)
tus=("umbrella 1.5" "cli 2.5" "umbrella_separate 1.5" "cli_separate 2.5" "src_once -" "fhir_migration 2"
     "fhir_umbrella -" "fmt_only -" "handwritten -")
modes=("-O2 -c" "-fsyntax-only")
compiler_version=$("$compiler" --version | head -1)
date_utc=$(date -u '+%Y-%m-%d %H:%M UTC')
tsv="$here/tu_cost.tsv"
rows=()
status=0
printf '%-18s %-14s %10s %12s %8s\n' tu mode user_cpu_s peak_rss_mb target
for entry in "${tus[@]}"; do
  read -r tu target <<<"$entry"
  for mode in "${modes[@]}"; do
    best_cpu="" best_rss=""
    for _ in $(seq 1 "$repeat"); do
      # shellcheck disable=SC2086  # $mode is two flags on purpose
      if ! /usr/bin/time -f '%U %M' -o time.txt "$compiler" -std=c++20 $mode -I"$root/include" "${extra[@]}" \
           "$tu.cpp" -o "$tu.o" 2>compile.log; then
        echo "tu_cost.sh: $tu ($mode) does not compile:" >&2
        head -30 compile.log >&2
        best_cpu=error best_rss=error status=1
        break
      fi
      read -r cpu rss_kb < <(tail -1 time.txt)
      if [[ -z $best_cpu ]] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then
        best_cpu=$cpu best_rss=$(( rss_kb / 1024 ))
      fi
    done
    [[ $mode == "-O2 -c" ]] || target="-"
    printf '%-18s %-14s %10s %12s %8s\n' "$tu" "$mode" "$best_cpu" "$best_rss" "$target"
    rows+=("$tu	$mode	$best_cpu	$best_rss	$target")
  done
done

{
  printf '# tu\tmode\tuser_cpu_s\tpeak_rss_mb\ttarget_cpu_s\t(compiler: %s; %s; least of %s runs)\n' \
    "$compiler_version" "$date_utc" "$repeat"
  printf '%s\n' "${rows[@]}"
} > "$tsv"
echo "wrote $tsv"

[[ $write_results == 1 ]] || exit $status
results="$here/RESULTS.md"
section=$(mktemp)
{
  echo '<!-- tu_cost begin: written by benchmarks/compile_time/tu_cost.sh; edits here are replaced -->'
  echo '## Translation-unit cost (tu_cost.sh)'
  echo
  echo "What one application TU costs: \`$compiler -std=c++20 <mode> -I include\`, user CPU seconds and peak memory,"
  echo "least of $repeat runs; $compiler_version; $date_utc; load average $(cut -d' ' -f1-3 /proc/loadavg)."
  echo 'The TUs are described at the top of tu_cost.sh. Before the light-header split (issue 10, `-fsyntax-only`):'
  echo '`<migrate/migrate.hpp>` 4.6 s / 232 MB, `<migrate/fhir.hpp>` 23.8 s / 850 MB, `<migrate/fhir/session.hpp>` 20.5 s;'
  echo 'the umbrella app TU at `-O2 -c` 9.2 s / 328 MB against 1.6 s for a hand-written runner.'
  echo
  echo '| TU | mode | user CPU (s) | peak memory (MB) | target (s) |'
  echo '|:---|:---|---:|---:|---:|'
  for row in "${rows[@]}"; do
    IFS=$'\t' read -r tu mode cpu rss target <<<"$row"
    echo "| $tu | \`$mode\` | $cpu | $rss | $target |"
  done
  echo '<!-- tu_cost end -->'
} > "$section"
if [[ -f $results ]] && grep -q '<!-- tu_cost begin' "$results"; then
  awk -v section="$section" '
    /<!-- tu_cost begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- tu_cost end -->/ { skip = 0; next }
    !skip { print }' "$results" > "$results.new"
  mv "$results.new" "$results"
else
  { echo; cat "$section"; } >> "$results"
fi
rm -f "$section"
echo "wrote $results"
exit $status
