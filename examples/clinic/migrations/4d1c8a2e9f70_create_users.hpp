// create users
//
// Revision ID: 4d1c8a2e9f70
// Revises:
// Create Date: 2026-11-22 09:00:00
#pragma once
#include <migrate/core/migration.hpp>

namespace clinic {

MIGRATE_SQL_MIGRATION(m_4d1c8a2e9f70_create_users,
    .revision = "4d1c8a2e9f70",
    .revises = {},
    .description = "create users",
    .created = "2026-11-22 09:00:00",
    .up = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE
);
)sql",
    .down = R"sql(
DROP TABLE users;
)sql");

}  // namespace clinic
