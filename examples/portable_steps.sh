# Shared by the examples' walkthroughs (sourced after tests/support/walkthrough.sh).
# shellcheck shell=bash

# use_database NAME sqlite|postgresql: DATABASE_URL to a fresh SQLite file or a scratch database of the test server.
use_database() {
  case $2 in
    sqlite) export DATABASE_URL="sqlite:///$work/$1.db" ;;
    postgresql) scratch_postgres "$1_$$" ;;
    *) fail "unknown dialect $2" ;;
  esac
}
# run_sql SQL: a change made by hand, outside migrate.
run_sql() {
  case $DATABASE_URL in
    sqlite:*) "$python" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.close()' \
                "${DATABASE_URL#sqlite:///}" "$1" ;;
    *) psql -q "$DATABASE_URL" -c "$1" ;;
  esac
  echo "\$ (by hand) $1"
}
# round_trip APP UPGRADE_PATTERN: downgrade to base and upgrade again; the schema matches after each.
round_trip() {
  expect 0 'to base' "$1" migrate downgrade base --yes
  expect 0 'schema matches' "$1" migrate verify --schema
  expect 0 "$2" "$1"
  expect 0 'schema matches' "$1" migrate verify --schema
}
