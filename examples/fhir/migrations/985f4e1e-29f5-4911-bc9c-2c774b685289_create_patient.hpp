// create patient
//
// Revision ID: 985f4e1e-29f5-4911-bc9c-2c774b685289
// Revises: none
// Create Date: 2026-11-22 09:00:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../origin.hpp"

namespace fhir_example {

// The origin tool's first migration (its id, its effect): PUT Patient/example (official name John A Doe, male,
// born 1980-01-01); the downgrade deletes it (200 and 204 both mean done, and a patient already gone is fine).
MIGRATE_CODE_MIGRATION(m_985f4e1e_create_patient,
    .revision = "985f4e1e-29f5-4911-bc9c-2c774b685289",
    .revises = {},
    .description = "create patient",
    .created = "2026-11-22 09:00:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    db->update(origin::created_patient(), migrate::fhir::version_guard::none);  // create-or-replace with our id
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    try {
      db->remove("Patient", origin::patient_id);
    } catch (const migrate::fhir::not_found_error&) {
    }
  }
};

}  // namespace fhir_example
