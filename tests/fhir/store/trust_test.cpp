// The FHIR store keeps its promises when clocks, servers and other writers do not: the lease in every time zone
// and by the steady clock, a foreign write during a long step, garbled and redirected answers to state writes,
// a server echoing the bearer token, what a failed step leaves, and the origin tool's layout at base.

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "fhir_store_fixture.hpp"
#include <trust_suite.hpp>

using namespace migrate_test;
namespace fhir = migrate::fhir;

namespace {

const migrate::migration_info& r1() { return suite::linear::migrations()[0]; }
migrate::applied_migration r1_record() { return {"r1", "first", "", "2026-01-01T00:00:00Z", 0, false}; }

// A store through the fault proxy on a state resource created beforehand, so rules can name its path.
struct proxied {
  std::string id = fhir_test::unique("trust");
  std::string state_id;
  std::unique_ptr<fhir::store> db;
  fhir_test::fault_proxy proxy;

  explicit proxied(fhir::store_options options = test_store_options({})) {
    current_effect_tag() = id;
    fhir::client direct(fhir_test::server().fhir_base, fhir_test::fast_options());
    state_id = direct.create(fhir::detail::new_state_resource(id)).id();
    options.base_url = fhir_test::server().proxy_base;
    options.resource_id = id;
    options.heartbeat = false;  // no writes but the ones under test
    db = std::make_unique<fhir::store>(options);
    db->bind_chain(suite::linear::migrations());
  }
  std::string state_path() const { return "Basic/" + state_id; }
  fhir::detail::state_document state() { return fhir::detail::read_state(*db->state_resource()); }
};

template <class F>
migrate::errc code_of_failure(F&& run) {
  try {
    run();
  } catch (const migrate::error& e) {
    return e.code();
  }
  FAIL("no migrate::error was thrown");
  return migrate::errc::store_failure;
}

}  // namespace

// --- the lease -------------------------------------------------------------------------------------------------

TEST_CASE_METHOD(fhir_fixture, "a live lease holds in every time zone and records UTC instants", "[fhir][lock][tz]") {
  for (const char* zone : {"America/New_York", "Asia/Tokyo"}) {
    INFO("TZ=" << zone);
    time_zone_scope tz(zone);
    auto guard = store().lock(migrate::events{});
    auto doc = fhir::detail::read_state(*store().state_resource());
    REQUIRE(doc.lock);
    CHECK(is_utc_now(doc.lock->acquired, std::chrono::minutes(1)));
    CHECK(is_utc_now(doc.lock->expires, std::chrono::minutes(1)));

    auto options = test_store_options(id);
    options.lock_timeout = std::chrono::milliseconds(700);
    fhir::store second(options);
    CHECK(code_of_failure([&] { auto taken = second.lock(migrate::events{}); }) == migrate::errc::lock_timeout);
  }
}

TEST_CASE_METHOD(fhir_fixture, "a runner whose lease went unrenewed past its TTL stops before writing",
                 "[fhir][lock]") {
  auto options = test_store_options(id);
  options.heartbeat = false;  // as if renewals could not get through
  options.lease_ttl = std::chrono::milliseconds(600);
  fhir::store holder(options);
  holder.bind_chain(suite::linear::migrations());
  auto guard = holder.lock(migrate::events{});
  auto before = *holder.state_resource();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  bool ran = false;
  try {
    holder.apply(r1(), r1_record(), [&](fhir::session&) { ran = true; });
    FAIL("apply should have stopped");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::lost_lease);
    CHECK_THAT(e.what(), Catch::Contains("longer than lease_ttl (600 ms)"));
  }
  CHECK_FALSE(ran);
  CHECK(fhir::detail::version_id_of(*holder.state_resource()) == fhir::detail::version_id_of(before));
  CHECK_THAT(holder.describe_failed_step(r1()), Catch::Contains("nothing of it ran"));
}

TEST_CASE_METHOD(fhir_fixture, "a foreign write during a step longer than the heartbeat period stops the run",
                 "[fhir][lock][heartbeat]") {
  auto options = test_store_options(id);
  options.lease_ttl = std::chrono::milliseconds(1500);  // heartbeat every 500 ms
  fhir::store runner(options);
  runner.bind_chain(suite::linear::migrations());
  auto guard = runner.lock(migrate::events{});
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  try {
    runner.apply(r1(), r1_record(), [&](fhir::session&) {
      // The origin tool writes meanwhile: a plain conditional PUT of what it read, with a new code.
      auto resource = *server.find_by_identifier("Basic", "http://fhir.migration.system", id);
      resource["code"].as_object()["coding"].as_array()[0].as_object()["code"] = "origin-wrote-this";
      resource.erase("meta");
      server.conditional_update(resource, fmt::format("identifier=http://fhir.migration.system|{}", id));
      std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // two heartbeats
    });
    FAIL("apply should have stopped at its completion write");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::lost_lease);
    CHECK_THAT(e.what(), Catch::Contains("another writer") && Catch::Contains("while a step ran"));
  }
  auto doc = fhir::detail::read_state(*runner.state_resource());
  CHECK(doc.code == "origin-wrote-this");  // the run did not write over it
  REQUIRE(doc.find("r1"));
  CHECK(doc.find("r1")->row.in_progress);
}

// --- answers to state writes --------------------------------------------------------------------------------------

TEST_CASE("a garbled 2xx answer to a state write that landed counts as written", "[fhir][faults]") {
  proxied p;
  SECTION("the lease write") {
    p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "malformed"}, {"times", 1}});
    auto guard = p.db->lock(migrate::events{});
    REQUIRE(p.state().lock);
    CHECK(p.state().lock->owner == p.db->owner());
  }
  SECTION("the completion write: recorded as applied, and audited") {
    auto guard = p.db->lock(migrate::events{});
    int runs = 0;
    p.db->apply(r1(), r1_record(), [&](fhir::session&) {
      ++runs;
      p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "malformed"}, {"times", 1}});
    });
    CHECK(runs == 1);
    auto doc = p.state();
    REQUIRE(doc.find("r1"));
    CHECK_FALSE(doc.find("r1")->row.in_progress);
    CHECK(doc.code == "r1");
    CHECK(p.db->last_audit_error().empty());
  }
}

TEST_CASE("a garbled 2xx answer to a state write that did not land fails it and nothing runs", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "respond"}, {"status", 200},
               {"body", "<html>gateway</html>"}, {"times", 1}});
  bool ran = false;
  CHECK_THROWS_AS(p.db->apply(r1(), r1_record(), [&](fhir::session&) { ran = true; }), fhir::invalid_response_error);
  CHECK_FALSE(ran);
  CHECK_FALSE(p.state().find("r1"));
  CHECK_THAT(p.db->describe_failed_step(r1()), Catch::Contains("nothing of it ran"));
}

TEST_CASE("a redirect answering a state write is named by its status, not as a lost lease", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "respond"}, {"status", 307},
               {"headers", {{"Location", "http://elsewhere.example/fhir/Basic/x?access_token=hush"}}}, {"times", 1}});
  try {
    p.db->apply(r1(), r1_record(), [](fhir::session&) {});
    FAIL("apply should have failed");
  } catch (const fhir::operation_outcome_error& e) {
    CHECK(e.status() == 307);
    std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("HTTP 307 redirect to http://elsewhere.example/fhir/Basic/x"));
    CHECK_THAT(what, !Catch::Contains("lease") && !Catch::Contains("hush"));
  }
  CHECK_FALSE(p.state().find("r1"));
}

// --- what a failed step leaves ------------------------------------------------------------------------------------

TEST_CASE("a failed step says what it left on the server and how to recover", "[fhir][faults]") {
  proxied p;
  auto guard = p.db->lock(migrate::events{});
  SECTION("failing in its body: dirty, stamp") {
    CHECK_THROWS(p.db->apply(r1(), r1_record(), [](fhir::session&) { throw std::runtime_error("half done"); }));
    auto text = p.db->describe_failed_step(r1());
    CHECK_THAT(text, Catch::Contains("stays on the server") && Catch::Contains("in progress (dirty)") &&
                         Catch::Contains("`stamp r1`") && Catch::Contains("`stamp base`"));
    CHECK_THAT(text, !Catch::Contains("rolled back"));
  }
  SECTION("failing to record its completion") {
    CHECK_THROWS(p.db->apply(r1(), r1_record(), [&](fhir::session&) {
      p.proxy.add({{"match", p.state_path()}, {"method", "PUT"}, {"fault", "status"}, {"status", 500}, {"times", 1}});
    }));
    CHECK_THAT(p.db->describe_failed_step(r1()), Catch::Contains("completed, but recording that failed"));
  }
  SECTION("failing after saving a checkpoint: resumed by the next run") {
    CHECK_THROWS(p.db->apply(r1(), r1_record(), [](fhir::session& s) {
      s.save_checkpoint("page 3");
      throw std::runtime_error("interrupted");
    }));
    CHECK_THAT(p.db->describe_failed_step(r1()), Catch::Contains("resumes it"));
  }
}

// --- the origin tool's layout at base -----------------------------------------------------------------------------

TEST_CASE_METHOD(fhir_fixture, "at base the state resource is left as the origin tool leaves it: no code",
                 "[fhir][origin]") {
  auto coding = [&] {
    return store().state_resource()->at("code").at("coding").at(0).as_object();
  };
  { auto guard = store().lock(migrate::events{}); }  // created by us, nothing applied
  CHECK(coding().at("system").as_string() == "http://our.migration.system");
  CHECK_FALSE(coding().contains("code"));
  migrate::migrator<suite::linear, fhir::store> m(store(), quiet());
  m.upgrade();
  CHECK(coding().at("code").as_string() == "r3");
  m.downgrade(migrate::target::base());
  CHECK_FALSE(coding().contains("code"));
  CHECK(store().load_state().empty());
  CHECK(m.upgrade().steps.size() == 3);  // and reads it back as base
}

// --- secrets --------------------------------------------------------------------------------------------------------

namespace echo {
inline std::string& path() {
  static std::string value;
  return value;
}
MIGRATE_CODE_MIGRATION(reads, .revision = "e1", .description = "reads a path the server answers with an echo") {
  static void upgrade(fhir::session& s) { s->read("Patient", path()); }
  static void downgrade(fhir::session&) {}
};
using registry = migrate::registry<reads>;
}  // namespace echo

TEST_CASE("a server echoing the Authorization header never gets the token into errors, events or AuditEvents",
          "[fhir][secret]") {
  const std::string token = fhir_test::unique("echoed-token");
  auto options = test_store_options({});
  options.http.auth = fhir::bearer_token(fhir::secret(token));
  proxied p(options);
  echo::path() = fhir_test::unique("echo");
  boost::json::object echoed{{"match", "Patient/" + echo::path()}, {"fault", "respond"}, {"status", 500},
                             {"headers", {{"X-Debug-Authorization", "{authorization}"}}},
                             {"body", R"({"resourceType":"OperationOutcome","issue":[{"severity":"error",)"
                                      R"("code":"exception","diagnostics":"request had {authorization}"}]})"},
                             {"times", -1}};
  p.proxy.add(echoed);

  SECTION("the exception, the failed event (JSON lines) and the AuditEvent") {
    std::FILE* sink = std::tmpfile();
    REQUIRE(sink);
    migrate::migrator<echo::registry, fhir::store> m(*p.db, quiet({migrate::json_lines_sink(sink)}));
    std::string error_text;
    try {
      m.upgrade();
    } catch (const std::exception& e) {
      error_text = e.what();
    }
    std::rewind(sink);
    std::string events_text;
    for (int c; (c = std::fgetc(sink)) != EOF;) events_text += static_cast<char>(c);
    std::fclose(sink);
    CHECK_THAT(error_text, Catch::Contains("request had Bearer ***"));
    CHECK_THAT(events_text, Catch::Contains("\"failed\"") && Catch::Contains("request had Bearer ***"));
    auto audits = p.db->client().search_all("AuditEvent", {{"entity", p.state_path()}, {"_count", "10"}});
    REQUIRE(audits.size() == 1);
    std::string outcome(audits[0].at("outcomeDesc").as_string());
    CHECK_THAT(outcome, Catch::Contains("request had Bearer ***"));
    for (const auto* text : {&error_text, &events_text, &outcome}) CHECK(text->find(token) == std::string::npos);
  }
  SECTION("the CLI's text and --json output") {
    ::setenv("FHIR_TOKEN", token.c_str(), 1);
    ::setenv("MIGRATION_RESOURCE_ID", p.id.c_str(), 1);
    std::string base = fhir_test::server().proxy_base;
    for (bool json : {false, true}) {
      INFO("--json " << json);
      std::FILE* out = std::tmpfile();
      std::FILE* err = std::tmpfile();
      std::vector<std::string_view> args{"upgrade", "--database", base};
      if (json) args.push_back("--json");
      migrate::cli::options cli;
      cli.out = out;
      cli.err = err;
      cli.terminal = false;
      int exit = migrate::cli::run<echo::registry>(std::span<const std::string_view>(args), cli);
      std::string printed;
      for (auto* file : {out, err}) {
        std::rewind(file);
        for (int c; (c = std::fgetc(file)) != EOF;) printed += static_cast<char>(c);
        std::fclose(file);
      }
      CHECK(exit != 0);
      CHECK_THAT(printed, Catch::Contains("request had Bearer ***"));
      CHECK(printed.find(token) == std::string::npos);
      // The failed step left a dirty marker; clear it for the next round.
      fhir::store cleanup(test_store_options(p.id));
      cleanup.replace_state({});
    }
    ::unsetenv("FHIR_TOKEN");
    ::unsetenv("MIGRATION_RESOURCE_ID");
  }
}
