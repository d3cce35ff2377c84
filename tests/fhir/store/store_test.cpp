// The FHIR store on its own: the origin tool's layout read and written, the state resource's shape, AuditEvents,
// the lease (waiting, timeout, expiry, heartbeat), checkpoints that let a bulk migration resume, secrets.

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <migrate/cli.hpp>
#include <migrate/migrate.hpp>

#include "fhir_store_fixture.hpp"

using namespace migrate_test;
namespace fhir = migrate::fhir;

namespace {

// What the origin tool does: a conditional PUT of the whole Basic, by identifier, with no If-Match.
void python_tool_writes(fhir::client& server, const std::string& id, const std::string& code,
                        std::optional<boost::json::object> previous = std::nullopt) {
  auto resource = previous ? *previous : fhir::detail::new_state_resource(id);
  resource["code"].as_object()["coding"].as_array()[0].as_object()["code"] = code;
  resource.erase("meta");
  server.conditional_update(resource, fmt::format("identifier=http://fhir.migration.system|{}", id));
}

boost::json::object python_tool_reads(fhir::client& server, const std::string& id) {
  auto found = server.find_by_identifier("Basic", "http://fhir.migration.system", id);
  REQUIRE(found);
  return *found;
}

std::string code_of(const boost::json::object& basic) { return fhir::detail::state_code_of(basic); }

struct recorded {
  std::vector<migrate::event> seen;
  migrate::events sinks() {
    return {[this](const migrate::event& e) { seen.push_back(e); }};
  }
  long count(migrate::event_kind kind) const {
    return std::count_if(seen.begin(), seen.end(), [&](const auto& e) { return e.kind == kind; });
  }
};

}  // namespace

TEST_CASE_METHOD(fhir_fixture, "a server the origin tool migrated continues from its revision", "[fhir][origin]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  python_tool_writes(server, id, "r2");  // the Python tool ran r1 and r2: only the head is recorded

  SECTION("upgrade_all expands the head to its ancestors and applies only what follows") {
    auto report = migrate::upgrade_all<suite::linear>(store(), quiet());
    REQUIRE(report.steps.size() == 1);
    CHECK(report.steps[0].revision == "r3");
    CHECK(report.from == std::vector<std::string>{"r2"});
    CHECK(effects() == names({"r3"}));
    // The Python tool reads code.coding[0].code: the new head, in its code system, identifier untouched.
    auto after = python_tool_reads(server, id);
    CHECK(code_of(after) == "r3");
    CHECK(after.at("code").at("coding").at(0).at("system").as_string() == "http://our.migration.system");
    CHECK(after.at("identifier").at(0).at("value").as_string() == id);
    CHECK(revisions_of(store().load_state()) == std::vector<std::string>{"r1", "r2", "r3"});

    // The Python tool moves the code back (its own downgrade of r3) keeping our extensions (fhirclient's
    // as_json round-trips them): we follow its code, not our stale history.
    python_tool_writes(server, id, "r2", after);
    CHECK(revisions_of(store().load_state()) == std::vector<std::string>{"r1", "r2"});
    auto again = migrate::upgrade_all<suite::linear>(store(), quiet());
    CHECK(again.steps.size() == 1);
    CHECK(code_of(python_tool_reads(server, id)) == "r3");
  }
  SECTION("without the chain the store reports the head alone, which the migrator's validation calls a gap") {
    auto rows = store().load_state();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].revision == "r2");
  }
  SECTION("a migrator binds the chain itself: status and verify see the expanded state") {
    migrate::migrator<suite::linear, fhir::store> m(store(), quiet());
    CHECK(m.status().current == std::vector<std::string>{"r2"});
    CHECK(m.verify().empty());
  }
}

TEST_CASE_METHOD(fhir_fixture, "a fresh state resource of the origin tool means nothing applied", "[fhir][origin]") {
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  python_tool_writes(server, id, "updated-code");
  CHECK(store().load_state().empty());
  CHECK(migrate::upgrade_all<suite::linear>(store(), quiet()).steps.size() == 3);
  CHECK(code_of(python_tool_reads(server, id)) == "r3");
  migrate::migrator<suite::linear, fhir::store>(store(), quiet()).downgrade(migrate::target::base());
  // At base, what the origin tool itself leaves there (its "updated-code" is one it cannot read back): no code.
  CHECK_FALSE(python_tool_reads(server, id).at("code").at("coding").at(0).as_object().contains("code"));
  CHECK(effects().empty());
}

TEST_CASE_METHOD(fhir_fixture, "the state resource records history, checksums and no lease after a run",
                 "[fhir][layout]") {
  migrate::upgrade_all<suite::linear>(store(), quiet());
  auto resource = store().state_resource();
  REQUIRE(resource);
  CHECK(resource->at("resourceType").as_string() == "Basic");
  CHECK(resource->at("identifier").at(0).at("system").as_string() == "http://fhir.migration.system");
  auto doc = fhir::detail::read_state(*resource);
  CHECK(doc.has_migrate_state);
  CHECK(doc.code == "r3");
  CHECK(doc.recorded_head == "r3");
  REQUIRE(doc.rows.size() == 3);
  CHECK(doc.rows[0].row.revision == "r1");
  CHECK(doc.rows[0].row.description == "first");
  CHECK_FALSE(doc.rows[0].row.applied_at.empty());
  CHECK_FALSE(doc.lock.has_value());
  CHECK(doc.checkpoints.empty());
  for (const auto& ext : resource->at("extension").as_array())
    CHECK(std::string_view(ext.at("url").as_string()).starts_with("https://migrate.dev/fhir/StructureDefinition/"));
}

TEST_CASE_METHOD(fhir_fixture, "an AuditEvent is written per applied and downgraded migration", "[fhir][audit]") {
  migrate::migrator<suite::linear, fhir::store> m(store(), quiet());
  m.upgrade();
  m.downgrade();
  auto state_id = std::string(store().state_resource()->at("id").as_string());
  auto events = store().client().search_all("AuditEvent", {{"entity", "Basic/" + state_id}, {"_count", "50"}});
  std::vector<std::string> seen;
  for (const auto& e : events)
    seen.push_back(fmt::format("{} {}", std::string_view(e.at("type").at("code").as_string()),
                               std::string_view(e.at("subtype").at(0).at("code").as_string())));
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<std::string>{"applied r1", "applied r2", "applied r3", "downgraded r3"});
  CHECK(store().last_audit_error().empty());
}

TEST_CASE_METHOD(fhir_fixture, "a held lease makes another runner wait, then time out", "[fhir][lock]") {
  auto guard = store().lock(migrate::events{});
  auto options = test_store_options(id);
  options.lock_timeout = std::chrono::milliseconds(700);
  fhir::store other(options);
  recorded rec;
  migrate::migrator<suite::linear, fhir::store> runner(other, quiet(rec.sinks()));
  try {
    runner.upgrade();
    FAIL("upgrade should have timed out");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::lock_timeout);
    CHECK_THAT(e.what(), Catch::Contains(store().owner()));
  }
  CHECK(rec.count(migrate::event_kind::lock_wait) == 1);
  CHECK(rec.count(migrate::event_kind::applied) == 0);
  CHECK(effects().empty());

  // Released: the same runner proceeds at once.
  { auto released = std::move(guard); }
  rec.seen.clear();
  CHECK(runner.upgrade().steps.size() == 3);
  CHECK(rec.count(migrate::event_kind::lock_wait) == 0);
}

TEST_CASE_METHOD(fhir_fixture, "the heartbeat keeps a long run's lease alive past its TTL", "[fhir][lock]") {
  auto options = test_store_options(id);
  options.lease_ttl = std::chrono::milliseconds(1200);  // renewed every 400 ms
  fhir::store holder(options);
  auto guard = holder.lock(migrate::events{});
  options.lock_timeout = std::chrono::milliseconds(3500);  // almost three TTLs
  fhir::store other(options);
  CHECK_THROWS_MATCHES(other.lock(migrate::events{}), migrate::error,
                       Catch::Predicate<migrate::error>(
                           [](const migrate::error& e) { return e.code() == migrate::errc::lock_timeout; }));
}

TEST_CASE_METHOD(fhir_fixture, "a crashed runner's lease expires and the next runner takes over", "[fhir][lock]") {
  // A lease as a runner that died leaves it: never renewed, expiring 1.5 s from now.
  {
    auto options = test_store_options(id);
    options.heartbeat = false;
    options.lease_ttl = std::chrono::milliseconds(1500);
    fhir::store crashed(options);
    auto guard = crashed.lock(migrate::events{});
    auto resource = *crashed.state_resource();
    // Forget the guard without releasing: the process "dies" holding the lease.
    new (&guard) fhir::store::lease_guard();
  }
  auto doc = fhir::detail::read_state(*store().state_resource());
  REQUIRE(doc.lock.has_value());
  recorded rec;
  auto started = std::chrono::steady_clock::now();
  migrate::migrator<suite::linear, fhir::store> m(store(), quiet(rec.sinks()));
  CHECK(m.upgrade().steps.size() == 3);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(waited >= std::chrono::milliseconds(500));
  CHECK(waited < std::chrono::seconds(15));
  CHECK(rec.count(migrate::event_kind::lock_wait) == 1);
  CHECK(rec.count(migrate::event_kind::lock_acquired) == 1);
  CHECK_FALSE(fhir::detail::read_state(*store().state_resource()).lock.has_value());
}

TEST_CASE_METHOD(fhir_fixture, "a stale state write is refused and the migration does not run", "[fhir][ifmatch]") {
  store().bind_chain(suite::linear::migrations());
  auto guard = store().lock(migrate::events{});
  // Someone ignoring the lease (the origin tool) writes the resource in between.
  fhir::client server(fhir_test::server().fhir_base, fhir_test::fast_options());
  auto current = *store().state_resource();
  current["created"] = "2020-01-01";
  server.update(current, fhir::version_guard::none);
  const auto& r1 = suite::linear::migrations()[0];
  bool ran = false;
  try {
    store().apply(r1, {"r1", "first", "", "2026-01-01T00:00:00Z", 0, false}, [&](fhir::session&) { ran = true; });
    FAIL("apply should have refused");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::concurrent_modification);
    CHECK_THAT(e.what(), Catch::Contains("changed by another writer"));
  }
  CHECK_FALSE(ran);
  CHECK(store().load_state().empty());
}

namespace bulk {
inline std::atomic<int> transformed{0};
inline std::atomic<int> fail_after{-1};

MIGRATE_CODE_MIGRATION(seed, .revision = "bulk1", .description = "seed resources") {
  static void upgrade(fhir::session& s) {
    fhir::bundle_builder batch(fhir::bundle_type::batch);
    for (int i = 0; i < 23; ++i) batch.create(effect_resource(current_effect_tag() + "-bulk", fmt::format("item{}", i)));
    s->execute(batch);
  }
  static void downgrade(fhir::session&) {}
};
MIGRATE_CODE_MIGRATION(touch, .revision = "bulk2", .revises = "bulk1", .description = "touch every resource") {
  static void upgrade(fhir::session& s) {
    fhir::update_options options;
    options.resource_type = "Basic";
    options.criteria = {{"code", fmt::format("{}|{}-bulk", effect_system, current_effect_tag())}};
    options.page_size = 5;
    options.batch_size = 5;
    options.parallel_batches = 1;
    s.update_each(options, [](boost::json::object& resource) {
      if (fail_after >= 0 && transformed >= fail_after) throw std::runtime_error("simulated crash mid-scan");
      ++transformed;
      auto& ext = resource["extension"];
      if (!ext.is_array()) ext = boost::json::array{};
      ext.as_array().push_back(boost::json::object{{"url", "urn:migrate-test:touched"}, {"valueBoolean", true}});
      return true;
    });
  }
  static void downgrade(fhir::session&) {}
};
using registry = migrate::registry<seed, touch>;
}  // namespace bulk

TEST_CASE_METHOD(fhir_fixture, "a bulk migration interrupted mid-scan resumes from its checkpoint", "[fhir][bulk]") {
  bulk::transformed = 0;
  bulk::fail_after = 12;  // dies on the third page of five
  CHECK_THROWS_AS(migrate::upgrade_all<bulk::registry>(store(), quiet()), migrate::migration_failed_error);
  CHECK(bulk::transformed == 12);
  auto doc = fhir::detail::read_state(*store().state_resource());
  REQUIRE(doc.checkpoint("bulk2", "scan"));
  auto saved = fhir::scan_checkpoint::from_json(doc.checkpoint("bulk2", "scan")->value);
  CHECK(saved.pages == 2);  // two pages written and checkpointed; the third failed before its writes
  CHECK(doc.find("bulk2")->row.in_progress);
  CHECK(code_of(*store().state_resource()) == "bulk1");  // never claims the interrupted migration

  // The checkpoint makes it resumable: not dirty, it is re-run and continues at page three.
  bulk::fail_after = -1;
  migrate::migrator<bulk::registry, fhir::store> m(store(), quiet());
  CHECK_FALSE(m.status().dirty);
  auto report = migrate::upgrade_all<bulk::registry>(store(), quiet());
  REQUIRE(report.steps.size() == 1);
  CHECK(bulk::transformed == 25);  // 12 + 13: the failed page (two transformed, none written) is redone
  auto touched = store().client().search_all(
      "Basic", {{"code", fmt::format("{}|{}-bulk", effect_system, id)}, {"_count", "100"}});
  REQUIRE(touched.size() == 23);
  for (const auto& r : touched) CHECK(r.at("extension").as_array().size() == 1);  // each written exactly once
  auto after = fhir::detail::read_state(*store().state_resource());
  CHECK(after.checkpoints.empty());
  CHECK(after.code == "bulk2");
}

TEST_CASE("the bearer token never appears in events, logs, errors or describe()", "[fhir][secret]") {
  const auto& server = fhir_test::server();
  auto options = test_store_options(fhir_test::unique("secret"), server.secure_base);
  std::string log;
  std::mutex log_mutex;
  options.http.auth = fhir::bearer_token(fhir::secret(server.token));
  options.http.log = [&](std::string_view line) {
    std::lock_guard lock(log_mutex);
    log += line;
    log += '\n';
  };
  current_effect_tag() = options.resource_id;
  fhir::store store(options);
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink);
  migrate::events sinks{migrate::json_lines_sink(sink), migrate::text_sink(sink)};
  migrate::migrator<suite::failing, fhir::store> m(store, quiet(sinks));
  std::string error_text;
  try {
    m.upgrade();
  } catch (const std::exception& e) {
    error_text = e.what();
  }
  CHECK_THAT(error_text, Catch::Contains("boom from f1"));
  std::rewind(sink);
  std::string events_text;
  for (int c; (c = std::fgetc(sink)) != EOF;) events_text += static_cast<char>(c);
  std::fclose(sink);
  CHECK_THAT(events_text, Catch::Contains("applied"));
  CHECK_FALSE(log.empty());
  for (const auto* text : {&events_text, &log, &error_text}) CHECK(text->find(server.token) == std::string::npos);
  CHECK(store.describe().find(server.token) == std::string::npos);
  auto resource = store.state_resource();
  REQUIRE(resource);
  CHECK(boost::json::serialize(*resource).find(server.token) == std::string::npos);

  // Without the token the server refuses, and the error says so without any secret.
  auto anonymous = test_store_options(options.resource_id, server.secure_base);
  fhir::store refused(anonymous);
  CHECK_THROWS_AS(refused.load_state(), migrate::store_error);
}

TEST_CASE("configuration comes from FHIR_URL, MIGRATION_RESOURCE_ID and FHIR_TOKEN", "[fhir][config]") {
  ::unsetenv("FHIR_URL");
  ::unsetenv("MIGRATION_RESOURCE_ID");
  ::unsetenv("FHIR_TOKEN");
  auto defaults = fhir::store_options::from_environment();
  CHECK(defaults.base_url == "http://fhir-internal:8080/fhir/");
  CHECK(defaults.resource_id == "e61c4580-2493-417f-a26c-26faa8eb70ba");
  CHECK_FALSE(defaults.http.auth);
  ::setenv("FHIR_URL", "https://fhir.example.org/fhir/R4?access_token=hush", 1);
  ::setenv("MIGRATION_RESOURCE_ID", "abc", 1);
  ::setenv("FHIR_TOKEN", "s3cr3t-token", 1);
  auto configured = fhir::store_options::from_environment();
  ::unsetenv("FHIR_URL");
  ::unsetenv("MIGRATION_RESOURCE_ID");
  ::unsetenv("FHIR_TOKEN");
  CHECK(configured.resource_id == "abc");
  REQUIRE(configured.http.auth);
  CHECK(configured.http.auth().reveal() == "s3cr3t-token");
  fhir::store store(configured);
  CHECK(store.describe().find("hush") == std::string::npos);
  CHECK(store.describe().find("s3cr3t") == std::string::npos);
  CHECK_THAT(store.describe(), Catch::Contains("Basic?identifier=http://fhir.migration.system|abc"));
}

TEST_CASE_METHOD(fhir_fixture, "DATABASE_URL and --database name a FHIR server when migrate::fhir is linked",
                 "[fhir][url]") {
  ::setenv("MIGRATION_RESOURCE_ID", id.c_str(), 1);
  ::setenv("DATABASE_URL", fhir_test::server().fhir_base.c_str(), 1);
  auto report = migrate::upgrade_all<suite::linear>(quiet());
  CHECK(report.steps.size() == 3);
  CHECK(effects() == names({"r1", "r2", "r3"}));
  ::unsetenv("DATABASE_URL");

  // The CLI opens it the same way; JSON keeps the check independent of wording.
  std::FILE* out = std::tmpfile();
  std::string base = fhir_test::server().fhir_base;
  std::vector<std::string_view> args{"status", "--json", "--database", base};
  migrate::cli::options cli;
  cli.out = out;
  int exit = migrate::cli::run<suite::linear>(std::span<const std::string_view>(args), cli);
  std::rewind(out);
  std::string printed;
  for (int c; (c = std::fgetc(out)) != EOF;) printed += static_cast<char>(c);
  std::fclose(out);
  ::unsetenv("MIGRATION_RESOURCE_ID");
  CHECK(exit == 0);
  CHECK_THAT(printed, Catch::Matchers::Contains("\"pending\":0"));
}
