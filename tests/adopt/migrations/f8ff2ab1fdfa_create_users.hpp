#pragma once
// Alembic's f8ff2ab1fdfa, carried over with its id so that `adopt` and the new binary agree.
#include <migrate/core/migration.hpp>
namespace switched {
MIGRATE_SQL_MIGRATION(m_f8ff2ab1fdfa_create_users, .revision = "f8ff2ab1fdfa", .description = "create users",
                      .created = "2026-01-05 10:00:00",
                      .up = "CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY, email VARCHAR(255) NOT NULL UNIQUE, "
                            "is_active BOOLEAN NOT NULL DEFAULT true);",
                      .down = "DROP TABLE users;");
}
