// add mrn
//
// Revision ID: c2e6f8a0b413
// Revises: b7a9d3e5c041
// Create Date: 2026-11-22 09:15:00
#pragma once
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include <migrate/core/migration.hpp>
#include <migrate/fhir/session.hpp>

#include "../added_by.hpp"

namespace fhir_example {

/// PAT_ID (uwDAL_Clarity identifier) -> MRN, as the origin's add_mrn carried it.
inline const std::vector<std::pair<std::string, std::string>>& mrn_map() {
  static const std::vector<std::pair<std::string, std::string>> map{{"12345", "MRN-0012345"}, {"99999", "MRN-0099999"}};
  return map;
}

// Ported from the origin tool and fixed. Every PAT_ID is looked up first; a PAT_ID matching several patients
// is a clear error before anything is written (the origin exited half-way), a PAT_ID matching none is
// reported and skipped (as the origin logged it). Then each match gets the MRN identifier, PUT with If-Match.
MIGRATE_CODE_MIGRATION(m_c2e6f8a0b413_add_mrn,
    .revision = "c2e6f8a0b413",
    .revises = {"b7a9d3e5c041"},
    .description = "add mrn",
    .created = "2026-11-22 09:15:00") {
  static void upgrade([[maybe_unused]] migrate::fhir::session& db) {
    std::vector<std::pair<boost::json::object, std::string>> found;
    std::string ambiguous;
    for (const auto& [pat_id, mrn] : mrn_map()) {
      auto page = db->search("Patient", {{"identifier", std::string(clarity_system) + "|" + pat_id}, {"_count", "2"}});
      auto matches = migrate::fhir::client::matches(page);
      if (matches.empty()) {
        std::fprintf(stderr, "add_mrn: no patient has %s|%s; MRN %s not added\n", clarity_system.data(),
                     pat_id.c_str(), mrn.c_str());
        continue;
      }
      if (matches.size() > 1) {
        ambiguous += (ambiguous.empty() ? "" : ", ") + pat_id;
        continue;
      }
      found.emplace_back(std::move(matches.front()), mrn);
    }
    if (!ambiguous.empty())
      throw std::runtime_error("add_mrn: several patients share the " + std::string(clarity_system) +
                               " identifier(s) " + ambiguous + "; resolve the duplicates first. Nothing was changed");
    for (auto& [patient, mrn] : found) {
      if (has(patient, "identifier", mrn_system, mrn)) continue;
      append(patient, "identifier", mark({{"system", mrn_system}, {"value", mrn}}, spec.revision));
      db->update(patient);
    }
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& db) {
    for (const auto& [pat_id, mrn] : mrn_map())
      for (auto patient : db->search_all("Patient", {{"identifier", std::string(mrn_system) + "|" + mrn}}))
        if (remove_marked(patient, "identifier", spec.revision)) db->update(patient);
  }
};

}  // namespace fhir_example
