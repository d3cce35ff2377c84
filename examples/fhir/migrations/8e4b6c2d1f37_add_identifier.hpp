// add identifier
//
// Revision ID: 8e4b6c2d1f37
// Revises: 5d2f8a1c3b90
// Create Date: 2026-11-22 09:05:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"

namespace fhir_example {

// Ported from the origin tool (GET, append an identifier, PUT) and fixed: the PUT is guarded by If-Match,
// an identifier already present is not duplicated, and the downgrade removes only the one this added.
MIGRATE_CODE_MIGRATION(m_8e4b6c2d1f37_add_identifier,
    .revision = "8e4b6c2d1f37",
    .revises = {"5d2f8a1c3b90"},
    .description = "add identifier",
    .created = "2026-11-22 09:05:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", "example");
    if (has(patient, "identifier", "http://hospital.example.org/patients", "example-0001")) return;
    append(patient, "identifier",
           mark({{"system", "http://hospital.example.org/patients"}, {"value", "example-0001"}}, spec.revision));
    db->update(patient);
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", "example");
    if (remove_marked(patient, "identifier", spec.revision)) db->update(patient);
  }
};

}  // namespace fhir_example
