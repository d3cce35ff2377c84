// Faults between the store and the server, injected by the fault proxy (tests/fhir/server/fault_proxy.mjs):
// each gives a clear error or a correct retry, and the state resource never claims a migration that did not
// complete.

#include <string>

#include <catch2/catch.hpp>

#include "fhir_store_fixture.hpp"

using namespace migrate_test;
namespace fhir = migrate::fhir;

namespace {

// A store through the fault proxy, on a state resource created beforehand so rules can name its path.
struct proxied {
  std::string id = fhir_test::unique("fault");
  std::string state_id;
  std::unique_ptr<fhir::store> db;
  fhir_test::fault_proxy proxy;

  proxied() {
    current_effect_tag() = id;
    fhir::client direct(fhir_test::server().fhir_base, fhir_test::fast_options());
    auto created = direct.create(fhir::detail::new_state_resource(id));
    state_id = created.id();
    auto options = test_store_options(id, fhir_test::server().proxy_base);
    options.heartbeat = false;  // no writes but the ones under test
    db = std::make_unique<fhir::store>(options);
    db->bind_chain(suite::linear::migrations());
  }
  std::string state_path() const { return "Basic/" + state_id; }
  fhir::detail::state_document state() { return fhir::detail::read_state(*db->state_resource()); }
  long requests(std::string_view method, std::string_view match) {
    long n = 0;
    for (const auto& entry : proxy.log(match)) n += entry.at("method").as_string() == method ? 1 : 0;
    return n;
  }
};

const migrate::migration_info& r1() { return suite::linear::migrations()[0]; }
migrate::applied_migration r1_record() { return {"r1", "first", "", "2026-01-01T00:00:00Z", 0, false}; }

}  // namespace

TEST_CASE("an injected 412 on the lease write is retried and the lock is taken", "[fhir][faults]") {
  proxied p;
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "status"}, {"status", 412}, {"times", 2}});
  auto report = migrate::upgrade_all<suite::linear>(*p.db, quiet());
  CHECK(report.steps.size() == 3);
  CHECK(p.state().code == "r3");
}

TEST_CASE("an injected 412 on the in-progress marker is recognised as spurious and retried", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "status"}, {"status", 412}, {"times", 1}});
  int runs = 0;
  p.db->apply(r1(), r1_record(), [&](fhir::session&) { ++runs; });
  CHECK(runs == 1);
  auto doc = p.state();
  REQUIRE(doc.find("r1"));
  CHECK_FALSE(doc.find("r1")->row.in_progress);
  CHECK(doc.code == "r1");
}

TEST_CASE("a 412 that persists is a concurrent-modification error and nothing runs", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "status"}, {"status", 412}, {"times", 10}});
  bool ran = false;
  try {
    p.db->apply(r1(), r1_record(), [&](fhir::session&) { ran = true; });
    FAIL("apply should have failed");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::concurrent_modification);
  }
  CHECK_FALSE(ran);
  CHECK(p.state().rows.empty());
}

TEST_CASE("a 500 inside a migration step fails it and leaves a dirty marker, not a claim", "[fhir][faults]") {
  proxied p;
  auto target = fhir_test::unique("Patient/fault500");
  p.proxy.add({{"match", target}, {"fault", "status"}, {"status", 500}, {"times", 1}});
  auto guard = p.db->lock(migrate::events{});
  try {
    p.db->apply(r1(), r1_record(), [&](fhir::session& s) { s->try_read("Patient", target.substr(8)); });
    FAIL("apply should have failed");
  } catch (const fhir::operation_outcome_error& e) {
    CHECK(e.status() == 500);
    CHECK_THAT(e.what(), Catch::Contains("injected 500"));
  }
  auto doc = p.state();
  REQUIRE(doc.find("r1"));
  CHECK(doc.find("r1")->row.in_progress);  // dirty: visible, never claimed
  CHECK(doc.code.empty());  // at base: the coding without a code, as the origin tool leaves it
  guard = {};
  migrate::migrator<suite::linear, fhir::store> m(*p.db, quiet());
  CHECK(m.status().dirty);
}

TEST_CASE("a 503 inside a migration step is retried and the step completes", "[fhir][faults]") {
  proxied p;
  auto target = fhir_test::unique("fault503");
  p.proxy.add({{"match", "Patient/" + target}, {"fault", "status"}, {"status", 503}, {"times", 2}});
  auto guard = p.db->lock(migrate::events{});
  p.db->apply(r1(), r1_record(), [&](fhir::session& s) { CHECK_FALSE(s->try_read("Patient", target)); });
  CHECK(p.requests("GET", "Patient/" + target) == 3);
  CHECK_FALSE(p.state().find("r1")->row.in_progress);
}

TEST_CASE("a connection reset on a state write is retried (PUT is idempotent)", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "reset"}, {"times", 1}});
  int runs = 0;
  p.db->apply(r1(), r1_record(), [&](fhir::session&) { ++runs; });
  CHECK(runs == 1);
  CHECK(p.state().code == "r1");
}

TEST_CASE("a connection reset on a migration's POST fails the step and leaves it dirty", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  // A path of this test's own, so no other test's POST takes the fault.
  auto path = fhir_test::unique("Basic?reset-test");
  p.proxy.add({{"match", path}, {"method", "POST"}, {"fault", "reset"}, {"times", 1}});
  CHECK_THROWS_AS(p.db->apply(r1(), r1_record(),
                              [&](fhir::session& s) {
                                fhir::http_request create;
                                create.method = boost::beast::http::verb::post;
                                create.target = path;
                                create.body = boost::json::serialize(effect_resource(p.id, "r1"));
                                s->http().send(create);
                              }),
                  fhir::transport_error);
  auto doc = p.state();
  REQUIRE(doc.find("r1"));
  CHECK(doc.find("r1")->row.in_progress);
  CHECK(doc.code.empty());  // at base: the coding without a code, as the origin tool leaves it
}

TEST_CASE("a 500 on the completion write leaves the marker: the state never claims the migration",
          "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  int runs = 0;
  try {
    p.db->apply(r1(), r1_record(), [&](fhir::session&) {
      ++runs;
      // The marker is written; fail the next state write (the one recording completion).
      p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "status"}, {"status", 500}, {"times", 1}});
    });
    FAIL("apply should have failed");
  } catch (const fhir::operation_outcome_error& e) {
    CHECK(e.status() == 500);
  }
  CHECK(runs == 1);
  auto doc = p.state();
  REQUIRE(doc.find("r1"));
  CHECK(doc.find("r1")->row.in_progress);
  CHECK(doc.code.empty());  // at base: the coding without a code, as the origin tool leaves it
}
