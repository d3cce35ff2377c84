// The origin tool's FHIR migrations, ported with its revision ids (origin.hpp), plus one of ours: upgrades the
// server named by FHIR_URL at startup.
//
//   FHIR_URL=http://localhost:8080/fhir/ MIGRATION_RESOURCE_ID=... [FHIR_TOKEN=...] fhir_example
//
// The state lives in the same Basic resource the origin (Python) tool uses, so a server it migrated
// continues here, and the Python tool still reads the current revision afterwards.
#include <cstdio>

#include <fmt/format.h>

#include <migrate/fhir/store.hpp>

#include "migrations/index.hpp"

int main() {
  try {
    migrate::fhir::store store;  // FHIR_URL, MIGRATION_RESOURCE_ID, FHIR_TOKEN
    auto report = migrate::upgrade_all<fhir_example::registry>(store);
    auto patient = store.client().read("Patient", "example");
    auto identifiers = patient.contains("identifier") ? patient.at("identifier").as_array().size() : 0;
    fmt::print("applied {} migration(s); now at {}; Patient/example has {} identifier(s)\n", report.steps.size(),
               report.to.empty() ? std::string("base") : report.to.front(), identifiers);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fhir_example: %s\n", e.what());
    return 1;
  }
}
