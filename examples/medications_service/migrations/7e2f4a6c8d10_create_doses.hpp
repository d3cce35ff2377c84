// create doses
//
// Revision ID: 7e2f4a6c8d10
// Revises: 3c9d1e7a5b20
// Create Date: 2026-11-30 10:05:00
#pragma once
#include <migrate/schema.hpp>

namespace medications_service {

// A dose belongs to a medication: the foreign key is enforced on SQLite too (the store turns PRAGMA foreign_keys on).
MIGRATE_SCHEMA_MIGRATION(m_7e2f4a6c8d10_create_doses,
    .revision = "7e2f4a6c8d10",
    .revises = {"3c9d1e7a5b20"},
    .description = "create doses",
    .created = "2026-11-30 10:05:00") {
  static constexpr auto ops = operations(
      create_table("doses",
                   column("id", auto_id),
                   column("medication_id", integer).not_null().references("medications", "id", "CASCADE"),
                   column("patient_ref", varchar(64)).not_null(),
                   column("amount_mg", numeric(10, 2)).not_null(),
                   column("given_at", timestamp_tz).not_null().default_now()),
      create_index("ix_doses_patient_ref", "doses", {"patient_ref", "given_at"}));
};

}  // namespace medications_service
