// seed reference data
//
// Revision ID: e5a9270c4f18
// Revises: c3e81f06b5d2
// Create Date: 2026-11-22 09:15:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/sqlite/session.hpp>

namespace clinic {

// Idempotent: rows that already exist (entered by hand before this migration) are kept, not duplicated,
// and the downgrade removes only what the upgrade added.
MIGRATE_CODE_MIGRATION(m_e5a9270c4f18_seed_reference_data,
    .revision = "e5a9270c4f18",
    .revises = {"c3e81f06b5d2"},
    .description = "seed reference data",
    .created = "2026-11-22 09:15:00") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE seeded_medications (name TEXT PRIMARY KEY)");
    for (const char* name : {"paracetamol", "ibuprofen"}) {
      bool existed = db.query_value<int>("SELECT 1 FROM medications WHERE name = ?1", name).has_value();
      if (existed) continue;
      db.execute("INSERT INTO medications (name) VALUES (?1)", name);
      db.execute("INSERT INTO seeded_medications (name) VALUES (?1)", name);
    }
  }
  static void downgrade(migrate::sqlite::session& db) {
    db.execute_script(
        "DELETE FROM medications WHERE name IN (SELECT name FROM seeded_medications);"
        "DROP TABLE seeded_medications;");
  }
};

}  // namespace clinic
