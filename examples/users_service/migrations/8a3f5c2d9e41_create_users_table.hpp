// create users table
//
// Revision ID: 8a3f5c2d9e41
// Revises:
// Create Date: 2026-11-30 09:00:00
#pragma once
#include <migrate/schema.hpp>

namespace users_service {

// Alembic: op.create_table("users", sa.Column("id", sa.Integer, primary_key=True), ...) + op.create_index(...).
MIGRATE_SCHEMA_MIGRATION(m_8a3f5c2d9e41_create_users_table,
    .revision = "8a3f5c2d9e41",
    .revises = {},
    .description = "create users table",
    .created = "2026-11-30 09:00:00") {
  static constexpr auto ops = operations(
      create_table("users",
                   column("id", auto_id),
                   column("email", varchar(255)).not_null(),
                   column("hashed_password", varchar(255)).not_null(),
                   column("full_name", varchar(255)),
                   column("is_active", boolean).not_null().default_value(true),
                   column("created_at", timestamp_tz).not_null().default_now()),
      create_index("ix_users_email", "users", "email").unique());
};

}  // namespace users_service
