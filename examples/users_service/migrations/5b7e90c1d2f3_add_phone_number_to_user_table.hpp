// add phone number to user table
//
// Revision ID: 5b7e90c1d2f3
// Revises: 8a3f5c2d9e41
// Create Date: 2026-11-30 09:10:00
#pragma once
#include <migrate/schema.hpp>

namespace users_service {

// Alembic: op.add_column("users", sa.Column("phone_number", sa.String(20), nullable=True)); the downgrade
// (op.drop_column) is derived.
MIGRATE_SCHEMA_MIGRATION(m_5b7e90c1d2f3_add_phone_number_to_user_table,
    .revision = "5b7e90c1d2f3",
    .revises = {"8a3f5c2d9e41"},
    .description = "add phone number to user table",
    .created = "2026-11-30 09:10:00") {
  static constexpr auto ops = operations(add_column("users", column("phone_number", varchar(20))));
};

}  // namespace users_service
