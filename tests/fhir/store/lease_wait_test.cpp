// Waiting for the lease: a waiter that finds everything applied once it holds the lease leaves at once — no state
// read beyond the lease write's answer, no step, no AuditEvent, only the release.

#include <algorithm>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/migrate.hpp>

#include "fhir_store_fixture.hpp"

using namespace migrate_test;
namespace fhir = migrate::fhir;

namespace {

long audit_events_about(fhir::client& server, const std::string& state_id) {
  return static_cast<long>(server.search_all("AuditEvent", {{"entity", "Basic/" + state_id}, {"_count", "100"}}).size());
}

}  // namespace

TEST_CASE_METHOD(fhir_fixture, "a waiter that finds the head applied takes the lease, writes nothing else and leaves",
                 "[fhir][lock][race]") {
  migrate::migrator<suite::linear, fhir::store> first(store(), quiet());
  REQUIRE(first.upgrade().steps.size() == 3);
  auto state_id = std::string(store().state_resource()->at("id").as_string());
  const long audits_before = audit_events_about(store().client(), state_id);

  fhir::store holder(test_store_options(id));
  auto guard = holder.lock(migrate::events{});

  // The waiter talks through the fault proxy (no faults), whose log shows every request it made.
  auto options = test_store_options(id, fhir_test::server().proxy_base);
  options.lock_first_poll = std::chrono::milliseconds(5);
  fhir::store waiter_store(options);
  std::vector<migrate::event_kind> kinds;
  migrate::migrator<suite::linear, fhir::store> waiter(
      waiter_store, quiet({[&kinds](const migrate::event& e) { kinds.push_back(e.kind); }}));
  migrate::run_report report;
  std::exception_ptr failure;
  std::thread run([&] {
    try {
      report = waiter.upgrade();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  { auto released = std::move(guard); }
  run.join();
  if (failure) std::rethrow_exception(failure);

  CHECK(report.steps.empty());
  CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::lock_wait) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::lock_acquired) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::applied) == 0);
  CHECK(audit_events_about(store().client(), state_id) == audits_before);

  // Its requests on the state resource after the polls: the write that took the lease and the one releasing it.
  fhir_test::fault_proxy proxy;
  std::vector<std::string> after_polls;
  for (const auto& entry : proxy.log("Basic/" + state_id)) {
    std::string method(entry.at("method").as_string());
    if (method != "GET" || !after_polls.empty()) after_polls.push_back(method);
  }
  CHECK(after_polls == std::vector<std::string>{"PUT", "PUT"});
  CHECK_FALSE(fhir::detail::read_state(*store().state_resource()).lock.has_value());
}
