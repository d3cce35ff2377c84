// add phone number
//
// Revision ID: b7a9d3e5c041
// Revises: 8e4b6c2d1f37
// Create Date: 2026-11-22 09:10:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"

namespace fhir_example {

// Ported from the origin tool (GET, append a home phone, PUT). The origin's downgrade removed every telecom
// entry; this one removes only the phone number its upgrade added.
MIGRATE_CODE_MIGRATION(m_b7a9d3e5c041_add_phone_number,
    .revision = "b7a9d3e5c041",
    .revises = {"8e4b6c2d1f37"},
    .description = "add phone number",
    .created = "2026-11-22 09:10:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", "example");
    if (has(patient, "telecom", "phone", "555-867-5309")) return;
    append(patient, "telecom", mark({{"system", "phone"}, {"value", "555-867-5309"}, {"use", "home"}}, spec.revision));
    db->update(patient);
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    auto patient = db->read("Patient", "example");
    if (remove_marked(patient, "telecom", spec.revision)) db->update(patient);
  }
};

}  // namespace fhir_example
