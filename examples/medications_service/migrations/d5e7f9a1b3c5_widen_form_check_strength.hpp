// widen form, check strength
//
// Revision ID: d5e7f9a1b3c5
// Revises: b4a8c0e2f6d1
// Create Date: 2026-11-30 10:15:00
#pragma once
#include <migrate/schema.hpp>

namespace medications_service {

// Alembic (batch mode, as SQLite needs it):
//   with op.batch_alter_table("medications") as batch:
//       batch.alter_column("form", type_=sa.String(100), existing_type=sa.String(50))
//       batch.create_check_constraint("ck_medications_strength", "strength_mg IS NULL OR strength_mg > 0")
// Here the same two operations: PostgreSQL ALTERs the table; SQLite rebuilds it from the schema the chain built
// (docs/schema.md), and the doses that reference it (ON DELETE CASCADE) stay. The downgrade is derived.
MIGRATE_SCHEMA_MIGRATION(m_d5e7f9a1b3c5_widen_form_check_strength,
    .revision = "d5e7f9a1b3c5",
    .revises = {"b4a8c0e2f6d1"},
    .description = "widen form, check strength",
    .created = "2026-11-30 10:15:00") {
  static constexpr auto ops = operations(
      alter_column("medications", "form").type(varchar(100), varchar(50)),
      add_check("ck_medications_strength", "medications", "strength_mg IS NULL OR strength_mg > 0"));
};

}  // namespace medications_service
