// One runner of the race and crash tests: `fhir_store_race_worker race|crash|bulk-crash <resource-id> <base-url> [lease-ms]`.
//   race:  prints "ready", waits for stdin to close, upgrades to head, prints "applied N", "lock_wait N",
//          "lock_acquired N" (or "error <message>" and exits 1).
//   crash: upgrades with the third migration hanging after its side effect ("in-migration"), to be SIGKILLed.
//   bulk-crash: upgrades race_test::bulk_registry, its scan hanging on its first resource ("in-migration").
#include <cstdio>
#include <string>

#include <migrate/fhir/store.hpp>

#include "race_registry.hpp"

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fputs("usage: fhir_store_race_worker race|crash|bulk-crash <resource-id> <base-url> [lease-ms]\n", stderr);
    return 2;
  }
  std::string mode = argv[1];
  race_test::tag() = argv[2];
  race_test::hang_in_third() = mode == "crash" || mode == "bulk-crash";

  migrate::fhir::store_options options;
  options.resource_id = argv[2];
  options.base_url = argv[3];
  options.lock_timeout = std::chrono::seconds(60);
  options.lock_poll = std::chrono::milliseconds(50);
  if (argc > 4) options.lease_ttl = std::chrono::milliseconds(std::stol(argv[4]));
  options.http.retry.initial_backoff = std::chrono::milliseconds(20);

  if (mode == "race") {
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    char c;
    while (std::fread(&c, 1, 1, stdin) == 1) {
    }
  }
  long applied = 0, waited = 0, acquired = 0;
  migrate::events sinks{[&](const migrate::event& e) {
    applied += e.kind == migrate::event_kind::applied;
    waited += e.kind == migrate::event_kind::lock_wait;
    acquired += e.kind == migrate::event_kind::lock_acquired;
  }};
  try {
    migrate::fhir::store store(options);
    if (mode == "bulk-crash")
      migrate::upgrade_all<race_test::bulk_registry>(store, migrate::run_options{.sinks = sinks});
    else
      migrate::upgrade_all<race_test::registry>(store, migrate::run_options{.sinks = sinks});
  } catch (const std::exception& e) {
    std::printf("error %s\n", e.what());
    return 1;
  }
  std::printf("applied %ld\nlock_wait %ld\nlock_acquired %ld\n", applied, waited, acquired);
  return 0;
}
