#!/usr/bin/env bash
# The medications service on SQLite or PostgreSQL, step by step as docs/schema.md tells it; every step's output must
# be the same on both databases. Usage: walkthrough.sh APP sqlite|postgresql
set -euo pipefail
app=$1 dialect=$2
source "$(dirname "$0")/../../tests/support/walkthrough.sh"
source "$(dirname "$0")/../portable_steps.sh"
use_database medications_service "$dialect"

# Staff entered one medication by hand before the seed migration existed: the seed keeps it, adds the others.
expect 0 '2 migration\(s\) applied' "$app" migrate upgrade 7e2f4a6c8d10
expect 0 '' "$app" add amoxicillin
expect 0 'medications: amoxicillin, lisinopril, metformin' "$app"
expect 0 'doses of metformin: 1' "$app" dose metformin
grep -q 'unknown medication refused (foreign key)' <<<"$out" || fail "a dose of an unknown medication was accepted"
expect 0 'schema matches' "$app" migrate verify --schema
# The last migration widens a column and adds a CHECK: SQLite rebuilds medications (it cannot ALTER either), and the
# dose referencing metformin (ON DELETE CASCADE) survives the rebuild both ways; the CHECK holds on both databases.
expect 0 '_migrate_rebuild_medications|ALTER COLUMN form TYPE VARCHAR\(100\)' "$app" migrate sql --dialect "$dialect" --from b4a8c0e2f6d1
expect 0 'reverted' "$app" migrate downgrade -1
expect 0 'schema matches' "$app" migrate verify --schema
expect 0 'applied' "$app" migrate upgrade
expect 0 'doses of metformin: 2' "$app" dose metformin
expect 0 'schema matches' "$app" migrate verify --schema
expect 0 'negative strength refused \(check\)' "$app" strength metformin -5
# The seed's downgrade removes what it added, nothing else; upgrading again is idempotent.
expect 0 'reverted' "$app" migrate downgrade -2
expect 0 'medications: amoxicillin$' "$app" list
expect 0 'medications: amoxicillin, lisinopril, metformin' "$app"
round_trip "$app" 'applied 4 migration'
expect 0 'medications: amoxicillin, lisinopril, metformin' "$app" list
# A dropped index is drift.
run_sql "DROP INDEX ix_doses_patient_ref"
expect 3 'ix_doses_patient_ref' "$app" migrate verify --schema
