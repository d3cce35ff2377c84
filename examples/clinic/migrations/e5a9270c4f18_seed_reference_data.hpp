// seed reference data
//
// Revision ID: e5a9270c4f18
// Revises: c3e81f06b5d2
// Create Date: 2026-11-22 09:15:00
#pragma once
#include <migrate/schema.hpp>

namespace clinic {

// Idempotent: rows that already exist (entered by hand before this migration) are kept, not duplicated, and the
// downgrade removes only what the upgrade added (remembered in seeded_medications). Portable SQL: the same text
// runs on SQLite and PostgreSQL.
MIGRATE_SCHEMA_MIGRATION(m_e5a9270c4f18_seed_reference_data,
    .revision = "e5a9270c4f18",
    .revises = {"c3e81f06b5d2"},
    .description = "seed reference data",
    .created = "2026-11-22 09:15:00") {
  static constexpr auto ops = operations(
      create_table("seeded_medications", column("name", varchar(255)).primary()),
      execute(R"sql(
INSERT INTO seeded_medications (name)
  SELECT seed.name FROM (SELECT 'paracetamol' AS name UNION ALL SELECT 'ibuprofen') AS seed
  WHERE NOT EXISTS (SELECT 1 FROM medications WHERE medications.name = seed.name);
INSERT INTO medications (name) SELECT name FROM seeded_medications;
)sql",
              "DELETE FROM medications WHERE name IN (SELECT name FROM seeded_medications)"));
};

}  // namespace clinic
