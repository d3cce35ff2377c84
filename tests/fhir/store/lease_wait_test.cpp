// Waiting for the lease: a waiter that, once the lease is free, finds everything applied leaves at once without
// taking it — one state read (a GET), no write at all, no step, no AuditEvent.

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

TEST_CASE_METHOD(fhir_fixture, "a waiter that finds the head applied when the lease is free leaves without taking it",
                 "[fhir][lock][race]") {
  migrate::migrator<suite::linear, fhir::store> first(store(), quiet());
  REQUIRE(first.upgrade().steps.size() == 3);
  const auto all = store().load_state();
  auto state_id = std::string(store().state_resource()->at("id").as_string());
  const long audits_before = audit_events_about(store().client(), state_id);

  // The holder leaves the state part-way, so the waiter's first look finds work and it waits for the lease; then
  // it records the rest (as a run applying it would) and lets go.
  fhir::store holder(test_store_options(id));
  auto guard = holder.lock(migrate::events{});
  holder.replace_state({all.begin(), all.begin() + 2});

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
  holder.replace_state(all);
  { auto released = std::move(guard); }
  run.join();
  if (failure) std::rethrow_exception(failure);

  CHECK(report.steps.empty());
  using k = migrate::event_kind;
  CHECK(kinds == std::vector<k>{k::lock_wait, k::run_started, k::run_finished});
  CHECK(audit_events_about(store().client(), state_id) == audits_before);

  // It only ever read the state resource: polls, and the look that found everything applied.
  fhir_test::fault_proxy proxy;
  std::vector<std::string> methods;
  for (const auto& entry : proxy.log("Basic/" + state_id)) methods.emplace_back(entry.at("method").as_string());
  CHECK_FALSE(methods.empty());
  CHECK(std::count(methods.begin(), methods.end(), "GET") == static_cast<long>(methods.size()));
  CHECK_FALSE(fhir::detail::read_state(*store().state_resource()).lock.has_value());
  CHECK(store().load_state() == all);
}

// The failure path: a lease found free over a state with a dirty row is taken, and the finding reported under it.
TEST_CASE_METHOD(fhir_fixture, "a waiter that finds a dirty row when the lease is free takes it and reports the row",
                 "[fhir][lock][race]") {
  migrate::migrator<suite::linear, fhir::store> first(store(), quiet());
  REQUIRE(first.upgrade().steps.size() == 3);
  auto all = store().load_state();

  fhir::store holder(test_store_options(id));
  auto guard = holder.lock(migrate::events{});
  holder.replace_state({all.begin(), all.begin() + 2});

  auto options = test_store_options(id);
  options.lock_first_poll = std::chrono::milliseconds(5);
  fhir::store waiter_store(options);
  std::vector<migrate::event_kind> kinds;
  migrate::migrator<suite::linear, fhir::store> waiter(
      waiter_store, quiet({[&kinds](const migrate::event& e) { kinds.push_back(e.kind); }}));
  std::exception_ptr failure;
  std::thread run([&] {
    try {
      waiter.upgrade();
    } catch (...) {
      failure = std::current_exception();
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  all.back().in_progress = true;  // as a holder that crashed mid-step would have left it
  holder.replace_state(all);
  { auto released = std::move(guard); }
  run.join();

  REQUIRE(failure);
  try {
    std::rethrow_exception(failure);
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::dirty_state);
  }
  using k = migrate::event_kind;
  CHECK(kinds == std::vector<k>{k::lock_wait, k::lock_acquired});
}
