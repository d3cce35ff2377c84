// seed medications
//
// Revision ID: b4a8c0e2f6d1
// Revises: 7e2f4a6c8d10
// Create Date: 2026-11-30 10:10:00
#pragma once
#include <migrate/schema.hpp>

namespace medications_service {

// Idempotent seed data, as the Alembic project's data migration: a medication entered by hand before it is kept,
// never duplicated, and the downgrade removes only the rows this migration added (remembered in seeded_medications).
MIGRATE_SCHEMA_MIGRATION(m_b4a8c0e2f6d1_seed_medications,
    .revision = "b4a8c0e2f6d1",
    .revises = {"7e2f4a6c8d10"},
    .description = "seed medications",
    .created = "2026-11-30 10:10:00") {
  static constexpr auto ops = operations(
      create_table("seeded_medications", column("name", varchar(200)).primary()),
      execute(R"sql(
INSERT INTO seeded_medications (name)
  SELECT seed.name FROM (SELECT 'amoxicillin' AS name UNION ALL SELECT 'metformin' UNION ALL SELECT 'lisinopril') AS seed
  WHERE NOT EXISTS (SELECT 1 FROM medications WHERE medications.name = seed.name);
INSERT INTO medications (name, strength_mg) SELECT name, 500 FROM seeded_medications;
)sql",
              "DELETE FROM medications WHERE name IN (SELECT name FROM seeded_medications)"));
};

}  // namespace medications_service
