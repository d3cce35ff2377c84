// create users
//
// Revision ID: 4d1c8a2e9f70
// Revises:
// Create Date: 2026-11-22 09:00:00
#pragma once
#include <migrate/schema.hpp>

namespace clinic {

MIGRATE_SCHEMA_MIGRATION(m_4d1c8a2e9f70_create_users,
    .revision = "4d1c8a2e9f70",
    .revises = {},
    .description = "create users",
    .created = "2026-11-22 09:00:00") {
  static constexpr auto ops = operations(
      create_table("users",
                   column("id", auto_id),
                   column("name", text).not_null(),
                   column("email", varchar(255)).not_null().unique()));
};

}  // namespace clinic
