// PostgreSQL-specific behaviour on a real server: transactional DDL, statements that refuse transactions,
// advisory locking across connections, DATABASE_URL, and secrets kept out of messages.
#include <atomic>
#include <cstdlib>
#include <thread>

#include <migrate/migrate.hpp>

#include "postgres_fixture.hpp"

namespace {
namespace schema {
MIGRATE_SQL_MIGRATION(patients, .revision = "p1", .description = "create patients",
                      .up = "CREATE TABLE runs (revision TEXT NOT NULL);"
                            "CREATE TABLE patients (id BIGSERIAL PRIMARY KEY, mrn TEXT NOT NULL);"
                            "INSERT INTO runs (revision) VALUES ('p1');",
                      .down = "DROP TABLE patients; DROP TABLE runs;");
MIGRATE_SQL_MIGRATION(index_mrn, .revision = "p2", .revises = "p1", .description = "index mrn concurrently",
                      .up = "CREATE INDEX CONCURRENTLY patients_mrn ON patients (mrn);",
                      .down = "DROP INDEX CONCURRENTLY patients_mrn;", .in_transaction = false);
MIGRATE_CODE_MIGRATION(backfill, .revision = "p3", .revises = "p2", .description = "backfill patients") {
  static void upgrade(migrate::postgres::session& db) {
    db.execute("INSERT INTO patients (mrn) SELECT 'MRN' || g FROM generate_series(1, $1) AS g", 2000);
    db.execute("INSERT INTO runs (revision) VALUES ($1)", "p3");
  }
  static void downgrade(migrate::postgres::session& db) { db.execute_script("DELETE FROM patients"); }
};
using registry = migrate::registry<patients, index_mrn, backfill>;

MIGRATE_SQL_MIGRATION(index_in_tx, .revision = "p2", .revises = "p1", .description = "index inside a transaction",
                      .up = "CREATE INDEX CONCURRENTLY patients_mrn ON patients (mrn);",
                      .down = "DROP INDEX patients_mrn;");
using wrong_tx = migrate::registry<patients, index_in_tx>;

MIGRATE_SQL_MIGRATION(half, .revision = "p2", .revises = "p1", .description = "fails after DDL",
                      .up = "CREATE TABLE half (id INT); ALTER TABLE patients ADD COLUMN x INT; SELECT 1/0;",
                      .down = "DROP TABLE half;");
using failing = migrate::registry<patients, half>;
}  // namespace schema

bool table_exists(migrate::postgres::store& store, std::string_view name) {
  return store.session()
      .query_value<int>("SELECT 1 FROM information_schema.tables WHERE table_name = $1", name)
      .has_value();
}
}  // namespace

using migrate_test::postgres_fixture;
using migrate_test::quiet;

TEST_CASE_METHOD(postgres_fixture, "SQL and code migrations apply, including ones outside a transaction",
                 "[postgres]") {
  auto report = migrate::upgrade_all<schema::registry>(store(), quiet());
  CHECK(report.steps.size() == 3);
  CHECK(store().session().query_value<int>("SELECT count(*) FROM patients") == 2000);
  CHECK(store().session().query_value<int>("SELECT 1 FROM pg_indexes WHERE indexname = 'patients_mrn'") == 1);
  auto rows = store().load_state();
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[1].in_progress);
  CHECK(rows[0].checksum.size() == 16);
  migrate::migrator<schema::registry, migrate::postgres::store> m(store(), quiet());
  m.downgrade(migrate::target::base());
  CHECK_FALSE(table_exists(store(), "patients"));
  CHECK(store().load_state().empty());
}

TEST_CASE_METHOD(postgres_fixture, "DDL of a failing migration is rolled back with it", "[postgres]") {
  try {
    migrate::upgrade_all<schema::failing>(store(), quiet());
    FAIL("expected a failure");
  } catch (const migrate::migration_failed_error& e) {
    CHECK(e.revision() == "p2");
    CHECK_THAT(e.store_message(), Catch::Matchers::Contains("division by zero"));
    // The step's BEGIN travels with its SQL in one round trip; the message still quotes only the migration's SQL.
    CHECK_THAT(e.store_message(), Catch::Matchers::Contains("statement \"CREATE TABLE half (id INT);"));
    CHECK_THAT(e.store_message(), !Catch::Matchers::Contains("SAVEPOINT"));
  }
  CHECK_FALSE(table_exists(store(), "half"));
  CHECK_FALSE(store().session().query_value<int>(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'patients' AND column_name = 'x'"));
  CHECK(migrate_test::revisions_of(store().load_state()) == std::vector<std::string>{"p1"});
}

TEST_CASE_METHOD(postgres_fixture, "a statement that refuses transactions fails clearly unless declared",
                 "[postgres]") {
  CHECK_THROWS_WITH(migrate::upgrade_all<schema::wrong_tx>(store(), quiet()),
                    Catch::Matchers::Contains("cannot run inside a transaction block"));
  CHECK(migrate_test::revisions_of(store().load_state()) == std::vector<std::string>{"p1"});
}

TEST_CASE_METHOD(postgres_fixture, "8 connections racing apply each migration exactly once", "[postgres][race]") {
  for (int round = 0; round < 5; ++round) {
    migrate_test::scratch_database database;
    std::vector<std::size_t> applied(8, 0);
    std::vector<std::string> failures(8);
    std::vector<std::thread> runners;
    for (std::size_t i = 0; i < applied.size(); ++i)
      runners.emplace_back([&, i] {
        try {
          migrate::postgres::store store(database.url());
          applied[i] = migrate::upgrade_all<schema::registry>(store, quiet()).steps.size();
        } catch (const std::exception& e) {
          failures[i] = e.what();
        }
      });
    for (auto& t : runners) t.join();
    for (const auto& f : failures) CHECK(f == std::string());
    std::size_t total = 0;
    for (auto n : applied) total += n;
    CHECK(total == 3);
    migrate::postgres::store check(database.url());
    CHECK(check.session().query_value<int>("SELECT count(*) FROM runs") == 2);
    CHECK(check.session().query_value<int>("SELECT count(*) FROM patients") == 2000);
  }
}

// The waiter LISTENs, outside any transaction, while the holder runs CREATE INDEX CONCURRENTLY (which would wait for
// a waiter holding a snapshot forever); woken by the release, it finds everything applied and does nothing.
TEST_CASE_METHOD(postgres_fixture, "a runner that waited for the lock finds everything applied and runs no step",
                 "[postgres][race]") {
  migrate::postgres::store holder(database.url());
  auto guard = holder.lock({});
  std::atomic<bool> waiting{false};
  std::vector<migrate::event_kind> kinds;
  std::size_t steps = 99;
  std::string failure;
  std::thread waiter([&] {
    try {
      migrate::postgres::store store(database.url());
      steps = migrate::upgrade_all<schema::registry>(store, quiet({[&](const migrate::event& e) {
                                                        kinds.push_back(e.kind);
                                                        if (e.kind == migrate::event_kind::lock_wait) waiting = true;
                                                      }}))
                  .steps.size();
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  while (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  // The advisory lock is per session and counts: the holder's own run takes it again and leaves it held once.
  CHECK(migrate::upgrade_all<schema::registry>(holder, quiet()).steps.size() == 3);
  { auto released = std::move(guard); }
  waiter.join();
  CHECK(failure == "");
  CHECK(steps == 0);
  using k = migrate::event_kind;
  CHECK(kinds == std::vector<k>{k::lock_wait, k::lock_acquired, k::run_started, k::run_finished});
  CHECK(holder.session().query_value<int>("SELECT count(*) FROM runs") == 2);
}

TEST_CASE_METHOD(postgres_fixture, "a held lock makes another runner wait, then time out, changing nothing",
                 "[postgres]") {
  migrate::postgres::options fast;
  fast.lock_timeout = std::chrono::milliseconds(300);
  migrate::postgres::store holder(database.url());
  migrate::postgres::store waiter(database.url(), fast);
  auto guard = holder.lock({});
  std::vector<migrate::event_kind> kinds;
  try {
    migrate::upgrade_all<schema::registry>(waiter, quiet({[&](const migrate::event& e) { kinds.push_back(e.kind); }}));
    FAIL("expected a lock timeout");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::lock_timeout);
  }
  CHECK(kinds == std::vector<migrate::event_kind>{migrate::event_kind::lock_wait});
  CHECK(waiter.load_state().empty());
}

TEST_CASE_METHOD(postgres_fixture, "upgrade_all() opens a postgresql:// DATABASE_URL", "[postgres][url]") {
  ::setenv("DATABASE_URL", database.url().c_str(), 1);
  auto report = migrate::upgrade_all<schema::registry>(quiet());
  ::unsetenv("DATABASE_URL");
  CHECK(report.steps.size() == 3);
  CHECK(store().load_state().size() == 3);
}

TEST_CASE("passwords never appear in descriptions or connection errors", "[postgres][secrets]") {
  auto url = migrate_test::test_server_url();
  auto with_password = "postgresql://migrate:hunter2@" + url.substr(url.find('@') + 1);
  migrate::postgres::store store(with_password);  // trust auth ignores the password
  CHECK_THAT(store.describe(), Catch::Matchers::Contains("migrate:***@"));
  CHECK_THAT(store.describe(), !Catch::Matchers::Contains("hunter2"));
  try {
    migrate::postgres::store unreachable("postgresql://migrate:hunter2@127.0.0.1:1/none?connect_timeout=2");
    FAIL("expected a connection failure");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::store_failure);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("cannot connect to PostgreSQL at 127.0.0.1:1 (database none"));
    CHECK_THAT(e.what(), !Catch::Matchers::Contains("hunter2"));
  }
}

TEST_CASE("a store built directly from a SQLAlchemy-style or odd URL hands libpq the canonical form",
          "[postgres][url][secrets]") {
  auto url = migrate_test::test_server_url();
  auto rest = url.substr(url.find('@') + 1);
  // What Alembic services keep in DATABASE_URL, and a password libpq would misread raw ('/', '@').
  for (const auto& given : {"POSTGRESQL+psycopg2://migrate:Se/cr@et@" + rest, "postgres://migrate:Sec?ret#42@" + rest}) {
    INFO(migrate::redact_url(given));
    migrate::postgres::store store(given);
    CHECK(store.session().query_value<int>("SELECT 1") == 1);
    CHECK_THAT(store.describe(), Catch::Matchers::StartsWith("postgresql://migrate:***@"));
    CHECK_THAT(store.describe(), !Catch::Matchers::Contains("cr@et") && !Catch::Matchers::Contains("ret#42"));
  }
  try {
    migrate::postgres::store malformed("postgresql://migrate:SEKRIT@[::1/db");
    FAIL("expected the malformed URL to be refused");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    CHECK_THAT(e.what(), !Catch::Matchers::Contains("SEKRIT"));
  }
}
