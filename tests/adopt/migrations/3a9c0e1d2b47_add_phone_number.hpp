#pragma once
// Alembic's 3a9c0e1d2b47, carried over with its id.
#include <migrate/core/migration.hpp>
namespace switched {
MIGRATE_SQL_MIGRATION(m_3a9c0e1d2b47_add_phone_number, .revision = "3a9c0e1d2b47", .revises = "f8ff2ab1fdfa",
                      .description = "add phone number to user table", .created = "2026-02-07 09:30:00",
                      .up = "ALTER TABLE users ADD COLUMN phone VARCHAR(20);",
                      .down = "ALTER TABLE users DROP COLUMN phone;");
}
