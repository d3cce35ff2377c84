#pragma once
// Migrations shared by the multi-process tests (race_test.cpp) and their worker (race_worker.cpp), plus the
// small POSIX helpers those tests use to spawn, synchronise and reap workers.
//
// Every migration creates one Basic "effect" resource tagged with the state resource id, so a test counts how
// many times each migration really executed (nothing deduplicates them: a double application shows as two).

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <fmt/format.h>

#include <migrate/core.hpp>
#include <migrate/fhir/session.hpp>

#include <processes.hpp>

namespace race_test {

inline constexpr std::string_view effect_system = "urn:migrate-test:race";

/// The state resource id the worker runs against (its first argument); the effects are tagged with it.
inline std::string& tag() {
  static std::string value;
  return value;
}

inline void record_execution(migrate::fhir::session& fhir, std::string_view revision) {
  fhir->create(boost::json::object{
      {"resourceType", "Basic"},
      {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{{"system", effect_system},
                                                                                   {"code", tag()}}}},
                                   {"text", revision}}}});
}

/// Set by the worker in "crash" mode: the third migration announces itself and then hangs until killed.
inline bool& hang_in_third() {
  static bool value = false;
  return value;
}

MIGRATE_CODE_MIGRATION(first, .revision = "race0001", .description = "first") {
  static void upgrade(migrate::fhir::session& fhir) { record_execution(fhir, "race0001"); }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(slow, .revision = "race0002", .revises = "race0001", .description = "slow") {
  static void upgrade(migrate::fhir::session& fhir) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    record_execution(fhir, "race0002");
  }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(third, .revision = "race0003", .revises = "race0002", .description = "third (hangs in crash mode)") {
  static void upgrade(migrate::fhir::session& fhir) {
    record_execution(fhir, "race0003");
    if (hang_in_third()) {
      std::fputs("in-migration\n", stdout);
      std::fflush(stdout);
      std::this_thread::sleep_for(std::chrono::minutes(5));
    }
  }
  static void downgrade(migrate::fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(fourth, .revision = "race0004", .revises = "race0003", .description = "fourth") {
  static void upgrade(migrate::fhir::session& fhir) { record_execution(fhir, "race0004"); }
  static void downgrade(migrate::fhir::session&) {}
};

using registry = migrate::registry<first, slow, third, fourth>;

/// The items a bulk migration scans: Basic resources coded `effect_system|<tag>-item`.
inline std::string item_code() { return fmt::format("{}|{}-item", effect_system, tag()); }

MIGRATE_CODE_MIGRATION(seed_items, .revision = "bulk0001", .description = "seed three items") {
  static void upgrade(migrate::fhir::session& fhir) {
    for (int i = 0; i < 3; ++i)
      fhir->create(boost::json::object{
          {"resourceType", "Basic"},
          {"code", boost::json::object{{"coding", boost::json::array{boost::json::object{
                                                      {"system", effect_system}, {"code", tag() + "-item"}}}}}}});
  }
  static void downgrade(migrate::fhir::session&) {}
};
/// In crash mode it announces itself on its very first resource, before any page is done, then hangs until killed.
MIGRATE_CODE_MIGRATION(scan_items, .revision = "bulk0002", .revises = "bulk0001", .description = "touch every item") {
  static void upgrade(migrate::fhir::session& fhir) {
    migrate::fhir::update_options scan;
    scan.resource_type = "Basic";
    scan.criteria = {{"code", item_code()}};
    fhir.update_each(scan, [](boost::json::object& item) {
      if (hang_in_third()) {
        std::fputs("in-migration\n", stdout);
        std::fflush(stdout);
        std::this_thread::sleep_for(std::chrono::minutes(5));
      }
      item["extension"] = boost::json::array{boost::json::object{{"url", "urn:migrate-test:touched"}, {"valueBoolean", true}}};
      return true;
    });
  }
  static void downgrade(migrate::fhir::session&) {}
};

using bulk_registry = migrate::registry<seed_items, scan_items>;

using migrate_test::child_process;
using migrate_test::field;
using migrate_test::pipe_pair;
using migrate_test::read_all;
using migrate_test::read_line;
using migrate_test::spawn_worker;
using migrate_test::wait_for;

}  // namespace race_test
