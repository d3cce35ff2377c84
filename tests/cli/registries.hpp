#pragma once
// Small registries for the CLI tests: SQL and C++ code migrations, plus edited, newer and failing variants.

#include <stdexcept>

#include <migrate/migrate.hpp>

namespace cli_test {

// --- v1: the chain most tests run ---
MIGRATE_SQL_MIGRATION(create_patients, .revision = "1a2b3c4d5e6f", .description = "create patients",
                      .created = "2026-11-01 09:00:00",
                      .up = "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
                      .down = "DROP TABLE patients;");

MIGRATE_CODE_MIGRATION(seed_patients, .revision = "2b3c4d5e6f70", .revises = "1a2b3c4d5e6f",
                       .description = "seed patients", .created = "2026-11-02 09:00:00") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute("INSERT INTO patients (name) VALUES (?1), (?2)", "Ada", "Grace");
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DELETE FROM patients"); }
};

MIGRATE_SQL_MIGRATION(add_phone, .revision = "3c4d5e6f7081", .revises = "2b3c4d5e6f70", .description = "add phone",
                      .created = "2026-11-03 09:00:00", .up = "ALTER TABLE patients ADD COLUMN phone TEXT;",
                      .down = "ALTER TABLE patients DROP COLUMN phone;");

MIGRATE_SQL_MIGRATION(index_names, .revision = "4d5e6f708192", .revises = "3c4d5e6f7081",
                      .description = "index patient names", .created = "2026-11-04 09:00:00",
                      .up = "CREATE INDEX patients_name ON patients (name)", .down = "DROP INDEX patients_name",
                      .in_transaction = false);

using v1 = migrate::registry<create_patients, seed_patients, add_phone, index_names>;

// --- drifted: v1 with the first migration's SQL edited after it shipped ---
MIGRATE_SQL_MIGRATION(create_patients_edited, .revision = "1a2b3c4d5e6f", .description = "create patients",
                      .created = "2026-11-01 09:00:00",
                      .up = "CREATE TABLE patients (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born TEXT);",
                      .down = "DROP TABLE patients;");
using drifted = migrate::registry<create_patients_edited, seed_patients, add_phone, index_names>;

// --- v2: a newer build with one more migration ---
MIGRATE_SQL_MIGRATION(add_visits, .revision = "5e6f708192a3", .revises = "4d5e6f708192", .description = "add visits",
                      .created = "2026-11-05 09:00:00",
                      .up = "CREATE TABLE visits (id INTEGER PRIMARY KEY, patient INTEGER REFERENCES patients(id));",
                      .down = "DROP TABLE visits;");
using v2 = migrate::registry<create_patients, seed_patients, add_phone, index_names, add_visits>;

// --- broken: the third migration's SQL fails inside its transaction ---
MIGRATE_SQL_MIGRATION(broken_insert, .revision = "9f9f9f9f9f9f", .revises = "2b3c4d5e6f70",
                      .description = "backfill visits", .up = "INSERT INTO no_such_table VALUES (1);",
                      .down = "DELETE FROM no_such_table;");
using broken = migrate::registry<create_patients, seed_patients, broken_insert>;

// --- interrupted: a step outside a transaction fails, leaving a dirty marker ---
MIGRATE_SQL_MIGRATION(broken_index, .revision = "8e8e8e8e8e8e", .revises = "1a2b3c4d5e6f",
                      .description = "index visits", .up = "CREATE INDEX visits_patient ON no_such_table (patient)",
                      .down = "DROP INDEX visits_patient", .in_transaction = false);
using interrupted = migrate::registry<create_patients, broken_index>;

// --- throwing: a code migration that throws ---
MIGRATE_CODE_MIGRATION(import_legacy, .revision = "7d7d7d7d7d7d", .revises = "1a2b3c4d5e6f",
                       .description = "import legacy records") {
  static void upgrade(migrate::sqlite::session&) { throw std::runtime_error("legacy.csv not found"); }
  static void downgrade(migrate::sqlite::session&) {}
};
using throwing = migrate::registry<create_patients, import_legacy>;

// --- throws_int: a code migration that throws something that is not a std::exception ---
MIGRATE_CODE_MIGRATION(import_codes, .revision = "7e7e7e7e7e7e", .revises = "1a2b3c4d5e6f",
                       .description = "import legacy codes") {
  static void upgrade(migrate::sqlite::session& db) {
    db.execute_script("CREATE TABLE legacy_codes (code TEXT)");
    throw 42;
  }
  static void downgrade(migrate::sqlite::session&) {}
};
using throws_int = migrate::registry<create_patients, import_codes>;

// --- one_way: an irreversible migration on top ---
MIGRATE_SQL_MIGRATION(drop_legacy, .revision = "6c6c6c6c6c6c", .revises = "1a2b3c4d5e6f",
                      .description = "drop legacy table", .up = "DROP TABLE IF EXISTS legacy;", .irreversible = true);
using one_way = migrate::registry<create_patients, drop_legacy>;

// --- merged: two branches joined by a merge migration ---
MIGRATE_SQL_MIGRATION(branch_a, .revision = "aa0000000001", .revises = "1a2b3c4d5e6f", .description = "add allergies",
                      .up = "CREATE TABLE allergies (id INTEGER);", .down = "DROP TABLE allergies;");
MIGRATE_SQL_MIGRATION(branch_b, .revision = "bb0000000001", .revises = "1a2b3c4d5e6f", .description = "add billing",
                      .up = "CREATE TABLE billing (id INTEGER);", .down = "DROP TABLE billing;");
MIGRATE_SQL_MIGRATION(merge_ab, .revision = "cc0000000001", .revises = {"aa0000000001", "bb0000000001"},
                      .description = "merge allergies and billing", .up = "SELECT 1;", .down = "SELECT 1;");
using merged = migrate::registry<create_patients, branch_a, branch_b, merge_ab>;

}  // namespace cli_test
