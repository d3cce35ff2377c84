// create medications and doses
//
// Revision ID: c3e81f06b5d2
// Revises: 9b07e3f5a214
// Create Date: 2026-11-22 09:10:00
#pragma once
#include <migrate/schema.hpp>

namespace clinic {

MIGRATE_SCHEMA_MIGRATION(m_c3e81f06b5d2_create_medications_and_doses,
    .revision = "c3e81f06b5d2",
    .revises = {"9b07e3f5a214"},
    .description = "create medications and doses",
    .created = "2026-11-22 09:10:00") {
  static constexpr auto ops = operations(
      create_table("medications",
                   column("id", auto_id),
                   column("name", varchar(255)).not_null().unique()),
      create_table("doses",
                   column("id", auto_id),
                   column("medication_id", integer).not_null().references("medications", "id", "CASCADE"),
                   column("user_id", integer).not_null().references("users"),
                   column("amount_mg", numeric(10, 2)).not_null(),
                   column("taken_at", timestamp_tz).not_null().default_now()),
      create_index("doses_by_user", "doses", "user_id"));
};

}  // namespace clinic
