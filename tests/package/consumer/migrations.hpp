#pragma once
// The consumer's two SQL migrations, shared by main.cpp and separate_main.cpp.
#include <migrate/migrate.hpp>

MIGRATE_SQL_MIGRATION(create_users, .revision = "a1", .description = "create users",
                      .up = "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
                      .down = "DROP TABLE users");
MIGRATE_SQL_MIGRATION(add_email, .revision = "b2", .revises = "a1", .description = "add email",
                      .up = "ALTER TABLE users ADD COLUMN email TEXT", .down = "ALTER TABLE users DROP COLUMN email");

using registry = migrate::registry<add_email, create_users>;
