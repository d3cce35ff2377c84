// create medications and doses
//
// Revision ID: c3e81f06b5d2
// Revises: 9b07e3f5a214
// Create Date: 2026-11-22 09:10:00
#pragma once
#include <migrate/core/migration.hpp>

namespace clinic {

MIGRATE_SQL_MIGRATION(m_c3e81f06b5d2_create_medications_and_doses,
    .revision = "c3e81f06b5d2",
    .revises = {"9b07e3f5a214"},
    .description = "create medications and doses",
    .created = "2026-11-22 09:10:00",
    .up = R"sql(
CREATE TABLE medications (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE doses (
  id INTEGER PRIMARY KEY,
  medication_id INTEGER NOT NULL REFERENCES medications(id) ON DELETE CASCADE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  amount_mg REAL NOT NULL,
  taken_at TEXT NOT NULL
);
CREATE INDEX doses_by_user ON doses(user_id);
)sql",
    .down = R"sql(
DROP TABLE doses;
DROP TABLE medications;
)sql");

}  // namespace clinic
