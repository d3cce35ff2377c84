#pragma once
// The first migration written after the switch.
#include <migrate/core/migration.hpp>
namespace switched {
MIGRATE_SQL_MIGRATION(m_b51c7e2a9d03_create_visits, .revision = "b51c7e2a9d03", .revises = "3a9c0e1d2b47",
                      .description = "create visits", .created = "2026-11-30 09:00:00",
                      .up = "CREATE TABLE visits (id INTEGER NOT NULL PRIMARY KEY, user_id INTEGER NOT NULL "
                            "REFERENCES users (id));",
                      .down = "DROP TABLE visits;");
}
