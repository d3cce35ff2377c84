// Several processes on one FHIR server: the lease in the state resource lets exactly one apply each migration,
// and a runner killed mid-migration leaves a visible dirty marker and a lease that expires by itself.

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "fhir_store_fixture.hpp"
#include "race_registry.hpp"

#ifndef MIGRATE_FHIR_RACE_WORKER
#error "MIGRATE_FHIR_RACE_WORKER must name the race worker executable"
#endif

namespace {

std::vector<std::string> race_effects(migrate::fhir::client& fhir, const std::string& id) {
  std::vector<std::string> names;
  for (const auto& r : fhir.search_all("Basic", {{"code", fmt::format("{}|{}", race_test::effect_system, id)},
                                                 {"_count", "100"}}))
    names.emplace_back(r.at("code").as_object().at("text").as_string());
  std::sort(names.begin(), names.end());
  return names;
}

long audit_count(migrate::fhir::client& fhir, const std::string& state_id, std::string_view type) {
  long count = 0;
  for (const auto& e : fhir.search_all("AuditEvent", {{"entity", "Basic/" + state_id}, {"_count", "100"}}))
    count += e.at("type").as_object().at("code").as_string() == type ? 1 : 0;
  return count;
}

}  // namespace

TEST_CASE("eight processes started together apply each migration exactly once", "[race]") {
  constexpr int processes = 8;
  constexpr int rounds = 3;
  long lock_waits = 0;
  migrate::fhir::client fhir(fhir_test::server().fhir_base, fhir_test::fast_options());
  for (int round = 0; round < rounds; ++round) {
    INFO("round " << round);
    auto id = fhir_test::unique("race");
    race_test::pipe_pair go;
    std::vector<race_test::child_process> workers;
    for (int i = 0; i < processes; ++i)
      workers.push_back(race_test::spawn_worker(MIGRATE_FHIR_RACE_WORKER, {"race", id, fhir_test::server().fhir_base},
                                                go.read));
    go.close_read();
    int ready = 0;
    for (auto& w : workers) ready += race_test::read_line(w.out) == "ready\n" ? 1 : 0;
    go.close_write();  // everyone starts now
    std::vector<std::string> outputs;
    std::vector<int> statuses;
    for (auto& w : workers) {
      outputs.push_back(race_test::read_all(w.out));
      ::close(w.out);
      statuses.push_back(race_test::wait_for(w.pid));
    }
    REQUIRE(ready == processes);

    long applied_total = 0;
    int runners_that_applied = 0;
    for (int i = 0; i < processes; ++i) {
      INFO("worker " << i << " output:\n" << outputs[i]);
      REQUIRE(WIFEXITED(statuses[i]));
      REQUIRE(WEXITSTATUS(statuses[i]) == 0);
      long applied = race_test::field(outputs[i], "applied");
      long waited = race_test::field(outputs[i], "lock_wait");
      // A runner that waited either took the lease or, seeing it free and the work done, left without it.
      long acquired = race_test::field(outputs[i], "lock_acquired");
      CHECK(acquired <= waited);
      if (acquired < waited) CHECK(applied == 0);
      applied_total += applied;
      runners_that_applied += applied > 0 ? 1 : 0;
      lock_waits += waited;
    }
    CHECK(applied_total == static_cast<long>(race_test::registry::size));
    CHECK(runners_that_applied == 1);
    // Each migration's body ran exactly once: one effect resource per revision.
    CHECK(race_effects(fhir, id) == std::vector<std::string>{"race0001", "race0002", "race0003", "race0004"});

    migrate::fhir::store store(migrate_test::test_store_options(id));
    auto resource = store.state_resource();
    REQUIRE(resource);
    auto state_id = std::string(resource->at("id").as_string());
    CHECK(migrate::fhir::detail::state_code_of(*resource) == "race0004");
    auto doc = migrate::fhir::detail::read_state(*resource);
    CHECK_FALSE(doc.lock.has_value());  // released by the winner; the others released nothing of theirs
    REQUIRE(doc.rows.size() == 4);
    for (const auto& r : doc.rows) CHECK_FALSE(r.row.in_progress);
    CHECK(audit_count(fhir, state_id, "applied") == 4);
    // Exactly one state resource: the If-None-Exist create made eight first-comers meet at one.
    CHECK(fhir.search_all("Basic", {{"identifier", fmt::format("http://fhir.migration.system|{}", id)}}).size() == 1);
  }
  INFO(lock_waits << " lock waits in all");
  CHECK(lock_waits > 0);
}

TEST_CASE("a runner killed mid-migration leaves a dirty marker, its lease expires, stamp recovers", "[race][crash]") {
  auto id = fhir_test::unique("crash");
  auto worker = race_test::spawn_worker(MIGRATE_FHIR_RACE_WORKER, {"crash", id, fhir_test::server().fhir_base, "1500"});
  std::string line;
  for (int i = 0; i < 50 && line != "in-migration\n"; ++i) {
    line = race_test::read_line(worker.out);
    if (line.empty()) break;
  }
  ::kill(worker.pid, SIGKILL);
  ::close(worker.out);
  race_test::wait_for(worker.pid);
  REQUIRE(line == "in-migration\n");

  migrate::fhir::store store(migrate_test::test_store_options(id));
  std::vector<migrate::event_kind> kinds;
  migrate::migrator<race_test::registry, migrate::fhir::store> runner(
      store, migrate_test::quiet({[&kinds](const migrate::event& e) { kinds.push_back(e.kind); }}));

  // Visible: race0003 is marked in progress, code.coding[0].code still names the last completed migration.
  auto resource = store.state_resource();
  REQUIRE(resource);
  CHECK(migrate::fhir::detail::state_code_of(*resource) == "race0002");
  auto status = runner.status();
  CHECK(status.dirty);
  auto findings = runner.verify();
  REQUIRE_FALSE(findings.empty());
  CHECK(findings.front().code == migrate::errc::dirty_state);
  CHECK(findings.front().revision == "race0003");

  // The dead runner's lease expires by itself (1.5 s); then the dirty marker stops the upgrade.
  auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_MATCHES(runner.upgrade(), migrate::error, Catch::Predicate<migrate::error>([](const migrate::error& e) {
                         return e.code() == migrate::errc::dirty_state;
                       }));
  CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::lock_wait) == 1);
  CHECK(std::count(kinds.begin(), kinds.end(), migrate::event_kind::lock_acquired) == 1);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));

  // Recovery: the effect of race0003 is there (inspect), so stamp it as applied and carry on.
  migrate::fhir::client fhir(fhir_test::server().fhir_base, fhir_test::fast_options());
  CHECK(race_effects(fhir, id) == std::vector<std::string>{"race0001", "race0002", "race0003"});
  runner.stamp(migrate::target::parse("race0003"));
  CHECK_FALSE(runner.status().dirty);
  auto report = runner.upgrade();
  REQUIRE(report.steps.size() == 1);
  CHECK(report.steps[0].revision == "race0004");
  CHECK(migrate::fhir::detail::state_code_of(*store.state_resource()) == "race0004");
}

TEST_CASE("a bulk migration killed before its first page is done resumes without a stamp", "[race][crash][bulk]") {
  auto id = fhir_test::unique("bulkcrash");
  auto worker =
      race_test::spawn_worker(MIGRATE_FHIR_RACE_WORKER, {"bulk-crash", id, fhir_test::server().fhir_base, "1500"});
  std::string line;
  for (int i = 0; i < 50 && line != "in-migration\n"; ++i) {
    line = race_test::read_line(worker.out);
    if (line.empty()) break;
  }
  ::kill(worker.pid, SIGKILL);
  ::close(worker.out);
  race_test::wait_for(worker.pid);
  REQUIRE(line == "in-migration\n");

  race_test::tag() = id;  // the resumed scan looks for this run's items
  migrate::fhir::store store(migrate_test::test_store_options(id));
  migrate::migrator<race_test::bulk_registry, migrate::fhir::store> runner(store, migrate_test::quiet());
  // The starting checkpoint was saved before the first change: the interrupted scan reads as resumable, not dirty.
  auto doc = migrate::fhir::detail::read_state(*store.state_resource());
  REQUIRE(doc.checkpoint("bulk0002", "scan"));
  CHECK(migrate::fhir::scan_checkpoint::from_json(doc.checkpoint("bulk0002", "scan")->value).pages == 0);
  CHECK_FALSE(runner.status().dirty);
  auto report = runner.upgrade();  // waits for the dead runner's lease, then resumes the scan
  REQUIRE(report.steps.size() == 1);
  CHECK(report.steps[0].revision == "bulk0002");
  migrate::fhir::client fhir(fhir_test::server().fhir_base, fhir_test::fast_options());
  auto items = fhir.search_all("Basic", {{"code", race_test::item_code()}, {"_count", "10"}});
  REQUIRE(items.size() == 3);
  for (const auto& item : items) CHECK(item.at("extension").as_array().size() == 1);
  CHECK(migrate::fhir::detail::read_state(*store.state_resource()).checkpoints.empty());
}
