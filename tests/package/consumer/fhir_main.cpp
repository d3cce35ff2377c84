// A FHIR consumer: a code migration over migrate::fhir::session and a request through the compiled transport
// (migrate::fhir_transport), to a closed loopback port so it needs no server: it must fail as a transport error.
#include <chrono>
#include <cstdio>

#include <migrate/core/migration.hpp>
#include <migrate/core/registry.hpp>
#include <migrate/fhir/errors.hpp>
#include <migrate/fhir/session.hpp>

namespace {
MIGRATE_CODE_MIGRATION(activate, .revision = "f1", .description = "activate patients") {
  static void upgrade(migrate::fhir::session& fhir) {
    auto patient = fhir->read("Patient", "1");
    patient["active"] = true;
    fhir->update(patient);
  }
  static void downgrade([[maybe_unused]] migrate::fhir::session& fhir) {}
};
using registry = migrate::registry<activate>;
}  // namespace

int main() {
  static_assert(registry::migrations().size() == 1);
  migrate::fhir::http_options options;
  options.retry.max_attempts = 1;
  options.connect_timeout = std::chrono::milliseconds(2000);
  migrate::fhir::client client("http://127.0.0.1:1/fhir", options);
  migrate::fhir::session session(client);
  try {
    activate::upgrade(session);
  } catch (const migrate::fhir::transport_error& e) {
    if (e.failure() == migrate::fhir::transport_failure::connect) {
      std::printf("consumer-fhir: OK (%s)\n", e.what());
      return 0;
    }
    std::printf("consumer-fhir: unexpected transport failure: %s\n", e.what());
    return 1;
  }
  std::printf("consumer-fhir: a closed port answered\n");
  return 1;
}
