#!/usr/bin/env bash
# The clinic demo on SQLite or PostgreSQL: the same binary, the same output. Usage: walkthrough.sh APP sqlite|postgresql
set -euo pipefail
app=$1 dialect=$2
source "$(dirname "$0")/../../tests/support/walkthrough.sh"
source "$(dirname "$0")/../portable_steps.sh"
use_database clinic "$dialect"

expect 0 'applied 4 migration\(s\).*' "$app"
grep -q 'clinic has 2 medications' <<<"$out" || fail "the seed data is missing"
expect 0 'schema matches' "$app" migrate verify --schema
round_trip "$app" 'clinic has 2 medications'
