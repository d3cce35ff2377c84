// add phone number to users
#pragma once
#include <migrate/core/migration.hpp>

namespace migrations {

MIGRATE_SQL_MIGRATION(m_3f2a9c1b7d4e_add_phone_number,
    .revision = "3f2a9c1b7d4e",
    .revises = {"1a2b3c4d5e6f", "x"},
    .description = "add \"phone\" \\ \x41\101\u00fc number",
    .created = "2026-11-22 10:00:00",
    .up = R"sql(
ALTER TABLE users ADD COLUMN phone TEXT;
)sql",
    .down = u8"ALTER" "TABLE",
    .irreversible = false,
    .in_transaction = true);

}  // namespace migrations
