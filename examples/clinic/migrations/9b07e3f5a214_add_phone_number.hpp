// add phone number to users
//
// Revision ID: 9b07e3f5a214
// Revises: 4d1c8a2e9f70
// Create Date: 2026-11-22 09:05:00
#pragma once
#include <migrate/core/migration.hpp>

namespace clinic {

MIGRATE_SQL_MIGRATION(m_9b07e3f5a214_add_phone_number,
    .revision = "9b07e3f5a214",
    .revises = {"4d1c8a2e9f70"},
    .description = "add phone number to users",
    .created = "2026-11-22 09:05:00",
    .up = R"sql(
ALTER TABLE users ADD COLUMN phone_number TEXT;
)sql",
    .down = R"sql(
ALTER TABLE users DROP COLUMN phone_number;
)sql");

}  // namespace clinic
