// verify_schema on SQLite files: the drift suite, and how declared types read back as portable families.
#include <migrate/migrate.hpp>
#include <sqlite_fixture.hpp>

#include "drift_suite.hpp"

using migrate_test::sqlite_fixture;
MIGRATE_DRIFT_SUITE(sqlite_fixture)

TEST_CASE("sqlite_fixture: declared types read back by name, else by SQLite's affinity rules", "[schema][catalog]") {
  using migrate::schema::type_family;
  using migrate::sqlite::detail::family_of;
  CHECK(family_of("VARCHAR(255)") == migrate::schema::column_type{type_family::varchar, 255, 0, 0});
  CHECK(family_of("numeric(10, 2)") == migrate::schema::column_type{type_family::numeric, 0, 10, 2});
  CHECK(family_of("TIMESTAMPTZ").family == type_family::timestamp_tz);
  CHECK(family_of("DATETIME").family == type_family::timestamp);
  CHECK(family_of("").family == type_family::bytes);
  CHECK(family_of("UNSIGNED INTEGERISH").family == type_family::integer);
  CHECK(family_of("NATIVE CHARACTER(70)").family == type_family::text);
  CHECK(family_of("FLOATING POINT").family == type_family::integer);  // "INT" wins, as in SQLite
  CHECK(family_of("MONEY").family == type_family::numeric);
}

TEST_CASE("sqlite_fixture: an INTEGER PRIMARY KEY without AUTOINCREMENT is not an auto id", "[schema][catalog]") {
  sqlite_fixture fixture;
  drift_suite::run<typed_chain::registry>(fixture.store(), migrate::target::head());
  // Rebuilt by hand, as a careless "batch" migration would, keeping every column but AUTOINCREMENT.
  fixture.store().session().execute_script(
      "PRAGMA foreign_keys = OFF; BEGIN;"
      "CREATE TABLE samples_new (id INTEGER PRIMARY KEY, i INTEGER, b BIGINT, flag BOOLEAN, t TEXT, v VARCHAR(40), "
      "n NUMERIC(10, 2), r REAL, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, u UUID, j JSON, raw BLOB);"
      "DROP TABLE samples; ALTER TABLE samples_new RENAME TO samples; COMMIT;");
  auto result = migrate::verify_schema<typed_chain::registry>(fixture.store());
  drift_suite::require_only(result, migrate::schema::drift_kind::type_differs, "samples", "id");
  CHECK(result.findings[0].message == "samples.id: type auto_id expected, the database has integer");
}

TEST_CASE("sqlite_fixture: migrate's state table and other tools' state tables are not schema", "[schema][catalog]") {
  sqlite_fixture fixture;
  drift_suite::run<typed_chain::registry>(fixture.store(), migrate::target::head());
  fixture.store().session().execute_script("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)");
  auto live = live_schema(fixture.store());
  std::vector<std::string> names;
  for (const auto& t : live.tables) names.emplace_back(t.name);
  CHECK(names == std::vector<std::string>{"users", "samples", "doses"});
}
