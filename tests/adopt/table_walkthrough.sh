#!/usr/bin/env bash
# docs/switching.md, "From a Go runner, golang-migrate or Flyway", step by step: the database is left as that tool
# leaves it (its own state table, written with the tool's DDL), then the switched service adopts it with --map,
# because that tool numbered its migrations 1, 2 where the imported headers kept Alembic-style ids.
# Usage: table_walkthrough.sh APP go-runner|golang-migrate|flyway sqlite|postgresql
set -euo pipefail
app=$1 tool=$2 kind=$3
source "$(dirname "$0")/../support/walkthrough.sh"

schema="CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE,
                            is_active BOOLEAN NOT NULL DEFAULT true, phone VARCHAR(20));"
case $tool/$kind in
  go-runner/sqlite) state="CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
      applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);
    INSERT INTO schema_migrations VALUES (1, 'create users', '2026-01-05 10:00:00'), (2, 'add phone', '2026-02-07 09:30:00');" ;;
  go-runner/postgresql) state="CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now());
    INSERT INTO schema_migrations VALUES (1, 'create users', '2026-01-05 10:00:00+00'), (2, 'add phone', '2026-02-07 09:30:00+00');" ;;
  golang-migrate/sqlite) state="CREATE TABLE IF NOT EXISTS schema_migrations (version uint64,dirty bool);
    CREATE UNIQUE INDEX IF NOT EXISTS version_unique ON schema_migrations (version);
    INSERT INTO schema_migrations (version, dirty) VALUES (2, 0);" ;;
  golang-migrate/postgresql) state="CREATE TABLE IF NOT EXISTS schema_migrations (version bigint not null primary key, dirty boolean not null);
    INSERT INTO schema_migrations (version, dirty) VALUES (2, false);" ;;
  flyway/*) success=$([[ $kind == sqlite ]] && echo 1 || echo true)
    state="CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),
      description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INT,
      installed_by VARCHAR(100) NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
      execution_time INT NOT NULL, success BOOLEAN NOT NULL);
    INSERT INTO flyway_schema_history VALUES
      (1, '1', 'create users', 'SQL', 'V1__create_users.sql', 11, 'app', '2026-01-05 10:00:00', 5, $success),
      (2, '2', 'add phone', 'SQL', 'V2__add_phone.sql', 22, 'app', '2026-02-07 09:30:00', 4, $success);" ;;
  *) fail "unknown tool/kind $tool/$kind" ;;
esac

if [[ $kind == sqlite ]]; then
  export DATABASE_URL="sqlite:///$work/service.db"
  "$python" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' \
    "$work/service.db" "$schema $state"
else
  scratch_postgres "switch_${tool//-/_}_$$"
  psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "$schema $state"
fi

expect 3 "managed by .*adopt" "$app" migrate upgrade
expect 3 "unknown to this build" "$app" migrate adopt
expect 0 "2 revision\(s\) recorded" "$app" migrate adopt --map 1=f8ff2ab1fdfa --map 2=3a9c0e1d2b47
expect 0 "3a9c0e1d2b47  sql   adopted" "$app" migrate history
if [[ $tool != golang-migrate ]]; then
  expect 0 "2026-02-07T09:30:00Z \([0-9]+ ms, from $tool\)" "$app" migrate history --verbose
fi
expect 0 "applied" "$app" migrate upgrade
expect 0 "agrees with this build \(at b51c7e2a9d03, 0 pending\)" "$app" migrate verify
echo "table_walkthrough: $tool on $kind OK"
