// add phone number
//
// Revision ID: d5a1c49e-8efb-4610-b9d3-f59f98541f16
// Revises: 985f4e1e-29f5-4911-bc9c-2c774b685289
// Create Date: 2026-11-22 09:05:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"
#include "../origin.hpp"

namespace fhir_example {

// The origin tool's second migration: Patient/example gets the uwDAL_Clarity identifier 12345 and the home phone
// 555-555-5555. The origin PUT the whole patient (its name, gender and birth date again, unchanged); this one adds
// only the two elements, under If-Match, so nothing written since is overwritten. The origin's downgrade removed
// the phone and left the identifier; this one removes exactly the two elements its upgrade added.
MIGRATE_CODE_MIGRATION(m_d5a1c49e_add_phone_number,
    .revision = "d5a1c49e-8efb-4610-b9d3-f59f98541f16",
    .revises = {"985f4e1e-29f5-4911-bc9c-2c774b685289"},
    .description = "add phone number",
    .created = "2026-11-22 09:05:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", origin::patient_id);
    bool changed = add_once(patient, "identifier", origin::clarity_identifier(), spec.revision);
    changed = add_once(patient, "telecom", origin::home_phone(), spec.revision) || changed;
    if (changed) db->update(patient);
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", origin::patient_id);
    bool changed = undo_add(patient, "telecom", "phone", origin::phone, spec.revision);
    changed = undo_add(patient, "identifier", clarity_system, origin::pat_id, spec.revision) || changed;
    if (changed) db->update(patient);
  }
};

}  // namespace fhir_example
