// add mrn
//
// Revision ID: c5a1c49e-8efb-4610-b9d3-f59f98541f16
// Revises: d5a1c49e-8efb-4610-b9d3-f59f98541f16
// Create Date: 2026-11-22 09:10:00
#pragma once
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"
#include "../origin.hpp"

namespace fhir_example {

// The origin tool's add_mrn, fixed. Every PAT_ID of its map is looked up first; a PAT_ID matching several patients
// is a clear error before anything is written (the origin exited half-way, after writing the MRNs of the PAT_IDs
// before it), a PAT_ID matching none is reported and skipped (as the origin logged it). Then each match gets its
// MRN identifier, PUT with If-Match. The downgrade removes the MRN identifiers this added (or, on patients the origin
// tool migrated, the one it appended), nothing else.
MIGRATE_CODE_MIGRATION(m_c5a1c49e_add_mrn,
    .revision = "c5a1c49e-8efb-4610-b9d3-f59f98541f16",
    .revises = {"d5a1c49e-8efb-4610-b9d3-f59f98541f16"},
    .description = "add mrn",
    .created = "2026-11-22 09:10:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    std::vector<std::pair<boost::json::object, std::string_view>> found;
    std::string ambiguous;
    for (const auto& [pat_id, mrn] : origin::mrn_map) {
      auto page = db->search("Patient", {{"identifier", std::string(clarity_system) + "|" + std::string(pat_id)},
                                         {"_count", "2"}});
      auto matches = migrate::fhir::client::matches(page);
      if (matches.empty()) {
        std::fprintf(stderr, "add_mrn: no patient has %s|%.*s; MRN %.*s not added\n", clarity_system.data(),
                     static_cast<int>(pat_id.size()), pat_id.data(), static_cast<int>(mrn.size()), mrn.data());
        continue;
      }
      if (matches.size() > 1) {
        ambiguous += (ambiguous.empty() ? "" : ", ") + std::string(pat_id);
        continue;
      }
      found.emplace_back(std::move(matches.front()), mrn);
    }
    if (!ambiguous.empty())
      throw std::runtime_error("add_mrn: several patients share the " + std::string(clarity_system) +
                               " identifier(s) " + ambiguous + "; resolve the duplicates first. Nothing was changed");
    for (auto& [patient, mrn] : found)
      if (add_once(patient, "identifier", origin::mrn_identifier(mrn), spec.revision)) db->update(patient);
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    for (const auto& [pat_id, mrn] : origin::mrn_map)
      for (auto patient : db->search_all("Patient", {{"identifier", std::string(mrn_system) + "|" + std::string(mrn)}}))
        if (undo_add(patient, "identifier", mrn_system, mrn, spec.revision)) db->update(patient);
  }
};

}  // namespace fhir_example
