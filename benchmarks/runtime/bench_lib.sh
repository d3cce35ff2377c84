# Shared by the process-level benchmark scripts: timing whole commands and medians. Sourced, not run.
shopt -s inherit_errexit
export LC_ALL=C  # EPOCHREALTIME and printf use '.' whatever the caller's locale

# Runs "$@" and prints its wall time in ms; fails when the command fails.
time_ms() {
  local start=$EPOCHREALTIME
  "$@" || return
  awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }'
}

# The median of the numbers given as arguments.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
