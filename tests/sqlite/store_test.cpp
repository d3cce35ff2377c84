// SQLite-specific behaviour: SQL migrations, checksums, transactions, state table, WAL, DATABASE_URL.
#include <cstdlib>

#include "sqlite_fixture.hpp"

namespace {
namespace v1 {
MIGRATE_SQL_MIGRATION(create_users, .revision = "a1", .description = "create users",
                      .up = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
                      .down = "DROP TABLE users;");
MIGRATE_SQL_MIGRATION(add_phone, .revision = "a2", .revises = "a1", .description = "add phone number",
                      .up = "ALTER TABLE users ADD COLUMN phone TEXT;", .down = "ALTER TABLE users DROP COLUMN phone;");
using registry = migrate::registry<create_users, add_phone>;
}  // namespace v1

namespace edited {  // a2's SQL changed after it was applied
MIGRATE_SQL_MIGRATION(add_phone, .revision = "a2", .revises = "a1", .description = "add phone number",
                      .up = "ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';",
                      .down = "ALTER TABLE users DROP COLUMN phone;");
using registry = migrate::registry<v1::create_users, add_phone>;
}  // namespace edited

namespace crlf {  // the same SQL checked out with Windows line endings and a BOM
MIGRATE_SQL_MIGRATION(create_users, .revision = "a1", .description = "create users",
                      .up = "\xEF\xBB\xBF" "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
                      .down = "DROP TABLE users;\r\n");
using registry = migrate::registry<create_users>;
}  // namespace crlf

namespace bad_second {
MIGRATE_SQL_MIGRATION(orders, .revision = "a3", .revises = "a2", .description = "create orders",
                      .up = "CREATE TABLE orders (id INTEGER PRIMARY KEY);", .down = "DROP TABLE orders;");
MIGRATE_SQL_MIGRATION(broken, .revision = "a4", .revises = "a3", .description = "broken statement",
                      .up = "CREATE TABLE half (id INTEGER); INSERT INTO missing_table VALUES (1);",
                      .down = "DROP TABLE half;");
using registry = migrate::registry<v1::create_users, v1::add_phone, orders, broken>;
}  // namespace bad_second

namespace outside_tx {
MIGRATE_SQL_MIGRATION(vacuum, .revision = "a3", .revises = "a2", .description = "vacuum",
                      .up = "VACUUM;", .irreversible = true, .in_transaction = false);
MIGRATE_SQL_MIGRATION(broken, .revision = "a3", .revises = "a2", .description = "fails outside a transaction",
                      .up = "CREATE TABLE half (id INTEGER); INSERT INTO missing_table VALUES (1);",
                      .down = "DROP TABLE half;", .in_transaction = false);
using registry = migrate::registry<v1::create_users, v1::add_phone, vacuum>;
using failing = migrate::registry<v1::create_users, v1::add_phone, broken>;
}  // namespace outside_tx

bool table_exists(migrate::sqlite::store& s, std::string_view name) {
  return s.session().query_value<int>("SELECT 1 FROM sqlite_master WHERE name = ?1", name).has_value();
}
}  // namespace

using migrate_test::quiet;
using migrate_test::sqlite_fixture;

TEST_CASE_METHOD(sqlite_fixture, "SQL migrations record their compile-time checksum", "[sqlite]") {
  migrate::upgrade_all<v1::registry>(store(), quiet());
  auto rows = store().load_state();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].checksum == std::string(migrate::sql_checksum_text(v1::create_users::spec.up).data(), 16));
  CHECK(rows[0].description == "create users");
  CHECK(rows[0].applied_at.size() == 20);
  CHECK_FALSE(rows[0].in_progress);
}

TEST_CASE_METHOD(sqlite_fixture, "checksum drift stops startup and changes nothing", "[sqlite]") {
  migrate::upgrade_all<v1::registry>(store(), quiet());
  try {
    migrate::upgrade_all<edited::registry>(store(), quiet());
    FAIL("expected checksum drift");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::checksum_mismatch);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("migration a2 (add phone number) was changed after it was applied"));
  }
  migrate::migrator<edited::registry, migrate::sqlite::store> m(store(), quiet());
  REQUIRE(m.verify().size() == 1);
  CHECK(m.verify()[0].code == migrate::errc::checksum_mismatch);
}

TEST_CASE_METHOD(sqlite_fixture, "line endings and a BOM never cause checksum drift", "[sqlite]") {
  STATIC_REQUIRE(migrate::sql_checksum("a\r\nb\rc\n") == migrate::sql_checksum("a\nb\nc\n"));
  STATIC_REQUIRE(migrate::sql_checksum("\xEF\xBB\xBFselect 1") == migrate::sql_checksum("select 1"));
  STATIC_REQUIRE(migrate::sql_checksum("select 1") != migrate::sql_checksum("select 2"));
  migrate::upgrade_all<v1::registry>(store(), quiet());
  migrate::migrator<crlf::registry, migrate::sqlite::store> m(store(), quiet());
  for (const auto& f : m.verify()) CHECK(f.code != migrate::errc::checksum_mismatch);
}

TEST_CASE_METHOD(sqlite_fixture, "a failing SQL migration is rolled back and nothing after it runs", "[sqlite]") {
  CHECK_THROWS_AS(migrate::upgrade_all<bad_second::registry>(store(), quiet()), migrate::migration_failed_error);
  CHECK(migrate_test::revisions_of(store().load_state()) == std::vector<std::string>{"a1", "a2", "a3"});
  CHECK(table_exists(store(), "orders"));
  CHECK_FALSE(table_exists(store(), "half"));
  try {
    migrate::upgrade_all<bad_second::registry>(store(), quiet());
  } catch (const migrate::migration_failed_error& e) {
    CHECK(e.revision() == "a4");
    CHECK_THAT(e.store_message(), Catch::Matchers::Contains("no such table: missing_table"));
  }
}

TEST_CASE_METHOD(sqlite_fixture, "a single-transaction run undoes every step when one fails", "[sqlite]") {
  migrate::run_options options = quiet();
  options.single_transaction = true;
  CHECK_THROWS_AS(migrate::upgrade_all<bad_second::registry>(store(), options), migrate::migration_failed_error);
  CHECK(store().load_state().empty());
  CHECK_FALSE(table_exists(store(), "users"));
  CHECK_FALSE(table_exists(store(), "orders"));
  auto report = migrate::upgrade_all<v1::registry>(store(), options);
  CHECK(report.steps.size() == 2);
  CHECK(table_exists(store(), "users"));
}

TEST_CASE_METHOD(sqlite_fixture, "migrations declared outside a transaction run, and refuse single-transaction runs",
                 "[sqlite]") {
  migrate::run_options whole = quiet();
  whole.single_transaction = true;
  CHECK_THROWS_WITH(migrate::upgrade_all<outside_tx::registry>(store(), whole),
                    Catch::Matchers::Contains("must run outside a transaction"));
  CHECK(store().load_state().empty());
  CHECK(migrate::upgrade_all<outside_tx::registry>(store(), quiet()).steps.size() == 3);
  CHECK_FALSE(store().load_state().back().in_progress);
}

TEST_CASE_METHOD(sqlite_fixture, "a failure outside a transaction leaves a dirty marker, not a claim", "[sqlite]") {
  CHECK_THROWS_WITH(migrate::upgrade_all<outside_tx::failing>(store(), quiet()),
                    Catch::Matchers::Contains("the store is marked dirty"));
  auto rows = store().load_state();
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].in_progress);
  migrate::migrator<outside_tx::failing, migrate::sqlite::store> m(store(), quiet());
  CHECK(m.status().dirty);
  CHECK_THROWS_AS(m.upgrade(), migrate::error);
}

TEST_CASE("the state table name is configurable and quoted", "[sqlite]") {
  migrate_test::temp_dir dir;
  migrate::sqlite::options options;
  options.state_table = "odd \"name\"; DROP TABLE users";
  migrate::sqlite::store store(dir / "db.sqlite", options);
  migrate::upgrade_all<v1::registry>(store, quiet());
  CHECK(table_exists(store, "odd \"name\"; DROP TABLE users"));
  CHECK(table_exists(store, "users"));
  CHECK(store.load_state().size() == 2);
}

TEST_CASE_METHOD(sqlite_fixture, "runs switch the database to WAL and enforce foreign keys", "[sqlite]") {
  migrate::upgrade_all<v1::registry>(store(), quiet());
  CHECK(store().session().query_value<std::string>("PRAGMA journal_mode") == "wal");
  CHECK(store().session().query_value<int>("PRAGMA foreign_keys") == 1);
}

TEST_CASE_METHOD(sqlite_fixture, "reads do not create the state table", "[sqlite]") {
  migrate::migrator<v1::registry, migrate::sqlite::store> m(store(), quiet());
  CHECK(m.status().pending == 2);
  CHECK_FALSE(table_exists(store(), "migrate_versions"));
}

TEST_CASE("upgrade_all() without a store opens DATABASE_URL", "[sqlite][url]") {
  migrate_test::temp_dir dir;
  auto file = dir / "from-env.db";
  ::setenv("DATABASE_URL", ("sqlite:///" + file).c_str(), 1);
  auto report = migrate::upgrade_all<v1::registry>(quiet());
  CHECK(report.steps.size() == 2);
  migrate::sqlite::store check(file);
  CHECK(check.load_state().size() == 2);

  ::setenv("DATABASE_URL", "postgresql://app:s3cret@db.internal/clinic", 1);
  try {
    migrate::upgrade_all<v1::registry>(quiet());
    FAIL("expected an unsupported scheme");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("postgresql://app:***@db.internal/clinic"));
    CHECK_THAT(e.what(), !Catch::Matchers::Contains("s3cret"));
  }
  ::unsetenv("DATABASE_URL");
}

namespace postgres_only {
MIGRATE_SQL_MIGRATION(people, .revision = "p1", .description = "people", .up = "CREATE TABLE people (id INTEGER)",
                      .down = "DROP TABLE people");
MIGRATE_SQL_MIGRATION(touch, .revision = "p2", .revises = "p1", .description = "touch people on update",
                      .up = "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
                      .down = "DROP FUNCTION touch()", .only = migrate::dialect::postgresql);
using registry = migrate::registry<people, touch>;
}  // namespace postgres_only

TEST_CASE("upgrade_all() refuses a DATABASE_URL its migrations cannot run on, naming the migration", "[sqlite][url]") {
  migrate_test::temp_dir dir;
  auto file = dir / "dev.db";
  ::setenv("DATABASE_URL", ("sqlite:///" + file).c_str(), 1);
  try {
    migrate::upgrade_all<postgres_only::registry>(quiet());
    FAIL("expected the SQLite URL to be refused");
  } catch (const migrate::error& e) {
    CHECK(e.code() == migrate::errc::bad_database_url);
    CHECK_THAT(e.what(), Catch::Matchers::Contains("is not a store these migrations can run on: migration p2 (touch "
                                                   "people on update) has no SQL for sqlite; it is written for "
                                                   "postgresql only"));
  }
  ::unsetenv("DATABASE_URL");
  migrate::sqlite::store check(file);
  CHECK(check.load_state().empty());
}

namespace durability {
// Records the connection's synchronous setting as the step sees it.
MIGRATE_CODE_MIGRATION(probe, .revision = "d1", .description = "probe synchronous") {
  static void upgrade(migrate::sqlite::session& db) {
    auto mode = db.query_value<std::int64_t>("PRAGMA synchronous").value_or(-1);
    db.execute_script("CREATE TABLE IF NOT EXISTS seen (mode INTEGER)");
    db.execute("INSERT INTO seen VALUES (?1)", mode);
  }
  static void downgrade(migrate::sqlite::session& db) { db.execute_script("DROP TABLE seen"); }
};
using registry = migrate::registry<probe>;
}  // namespace durability

TEST_CASE_METHOD(sqlite_fixture, "a WAL run commits its steps with synchronous NORMAL and restores FULL after", "[sqlite]") {
  CHECK(store().session().query_value<std::int64_t>("PRAGMA synchronous") == 2);
  migrate::upgrade_all<durability::registry>(store(), quiet());
  CHECK(store().session().query_value<std::int64_t>("SELECT mode FROM seen") == 1);
  CHECK(store().session().query_value<std::int64_t>("PRAGMA synchronous") == 2);
  CHECK(store().session().query_value<std::string>("PRAGMA journal_mode") == "wal");

  migrate::sqlite::options strict;
  strict.sync_once_per_run = false;
  migrate::sqlite::store every_step(dir / "strict.db", strict);
  migrate::upgrade_all<durability::registry>(every_step, quiet());
  CHECK(every_step.session().query_value<std::int64_t>("SELECT mode FROM seen") == 2);
}
