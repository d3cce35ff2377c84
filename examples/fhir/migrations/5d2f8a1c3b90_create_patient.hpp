// create patient
//
// Revision ID: 5d2f8a1c3b90
// Revises: none
// Create Date: 2026-11-22 09:00:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

namespace fhir_example {

// Ported from the origin tool: PUT Patient/example (John A Doe, uwDAL_Clarity|12345); the downgrade
// deletes it (200 and 204 both mean done, and a patient already gone is fine).
MIGRATE_CODE_MIGRATION(m_5d2f8a1c3b90_create_patient,
    .revision = "5d2f8a1c3b90",
    .revises = {},
    .description = "create patient",
    .created = "2026-11-22 09:00:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    boost::json::object patient{
        {"resourceType", "Patient"},
        {"id", "example"},
        {"identifier", boost::json::array{boost::json::object{{"system", "uwDAL_Clarity"}, {"value", "12345"}}}},
        {"name", boost::json::array{boost::json::object{{"family", "Doe"}, {"given", boost::json::array{"John", "A"}}}}}};
    db->update(patient, migrate::fhir::version_guard::none);  // create-or-replace with our id
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    try {
      db->remove("Patient", "example");
    } catch (const migrate::fhir::not_found_error&) {
    }
  }
};

}  // namespace fhir_example
