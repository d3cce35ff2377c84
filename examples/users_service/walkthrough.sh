#!/usr/bin/env bash
# The users service on SQLite or PostgreSQL, step by step as docs/schema.md tells it; every step's output must be
# the same on both databases. Usage: walkthrough.sh APP sqlite|postgresql
set -euo pipefail
app=$1 dialect=$2
source "$(dirname "$0")/../../tests/support/walkthrough.sh"
source "$(dirname "$0")/../portable_steps.sh"
use_database users_service "$dialect"

expect 0 'applied 2 migration' "$app"
# The database fills id, is_active and created_at on both; a second row with the same email is refused on both.
expect 0 'registered ann@example.org: id 1, is_active 1, created_at set 1' "$app" register ann@example.org
grep -q 'duplicate email refused' <<<"$out" || fail "a duplicate email was accepted"
# (PostgreSQL's identity spent a value on the refused duplicate, SQLite's did not: ids are generated, not dense.)
expect 0 'registered bob@example.org: id [23], is_active 1' "$app" register bob@example.org
expect 0 'schema matches' "$app" migrate verify --schema
round_trip "$app" 'applied 2 migration'
expect 0 'registered ann@example.org: id 1, is_active 1' "$app" register ann@example.org
# Downgrade one step: the model at the older revision is what the database holds.
expect 0 'reverted' "$app" migrate downgrade -1
expect 0 'schema matches' "$app" migrate verify --schema
expect 0 'applied' "$app" migrate upgrade
# A hand-made change is drift: exit 3 naming the table and column, in text and JSON.
run_sql "ALTER TABLE users ADD COLUMN nickname VARCHAR(40)"
expect 3 'users.*nickname' "$app" migrate verify --schema
expect 3 '"nickname"' "$app" migrate --json verify --schema
