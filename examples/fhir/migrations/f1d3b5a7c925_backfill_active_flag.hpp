// backfill active flag
//
// Revision ID: f1d3b5a7c925
// Revises: c5a1c49e-8efb-4610-b9d3-f59f98541f16
// Create Date: 2026-11-22 09:20:00
#pragma once
#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"

namespace fhir_example {

// Ours, after the origin tool's head (the origin has no such migration). A bulk data migration: every Patient
// with a uwDAL_Clarity identifier that has no `active` gets `active: true`, scanned page by page and written
// back in parallel batches with If-Match. The scan position is checkpointed in the state resource after each
// page, so a crash resumes where it stopped. The patients it changed carry the added-by extension (not a
// meta.tag: many servers keep tags across a PUT), which is how the downgrade finds exactly those and nothing else.
MIGRATE_CODE_MIGRATION(m_f1d3b5a7c925_backfill_active_flag,
    .revision = "f1d3b5a7c925",
    .revises = {"c5a1c49e-8efb-4610-b9d3-f59f98541f16"},
    .description = "backfill active flag",
    .created = "2026-11-22 09:20:00") {
  static migrate::fhir::update_options scan() {
    migrate::fhir::update_options options;
    options.resource_type = "Patient";
    // The transform never changes whether a patient matches, so paging skips nothing.
    options.criteria = {{"identifier", std::string(clarity_system) + "|"}};
    options.page_size = 50;
    options.batch_size = 50;
    options.parallel_batches = 2;
    return options;
  }

  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    db.update_each(scan(), [](boost::json::object& patient) {
      if (patient.contains("active")) return false;
      patient["active"] = true;
      append(patient, "extension", {{"url", added_by_url}, {"valueString", spec.revision}});
      return true;
    });
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    db.update_each(scan(), [](boost::json::object& patient) {
      if (!remove_marks(patient, spec.revision)) return false;
      patient.erase("active");
      return true;
    });
  }
};

}  // namespace fhir_example
