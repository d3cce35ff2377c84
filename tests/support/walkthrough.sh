# Shared by the walkthrough tests (sourced): a scratch directory, and `expect` to run one documented step.
# shellcheck shell=bash
python=${MIGRATE_PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "${0##*/}: $*" >&2; exit 1; }
# expect EXIT_CODE PATTERN command...: runs the command, shows it as the docs do, checks its exit code and output.
expect() {
  local code=$1 pattern=$2; shift 2
  set +e; out=$("$@" 2>&1); got=$?; set -e
  echo "\$ ${*##*/}"; echo "$out"
  [[ $got -eq $code ]] || fail "expected exit $code, got $got"
  grep -Eq -- "$pattern" <<<"$out" || fail "expected output matching: $pattern"
}
# scratch_postgres NAME: a fresh database on the test server, dropped on exit; sets DATABASE_URL to it.
scratch_postgres() {
  server=$(cat "$MIGRATE_TEST_POSTGRES_URL_FILE")
  database=$1
  psql -q "$server" -c "CREATE DATABASE $database"
  trap 'psql -q "$server" -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1; rm -rf "$work"' EXIT
  export DATABASE_URL="${server%/*}/$database"
}
