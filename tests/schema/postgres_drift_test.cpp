// verify_schema on the PostgreSQL test server: the drift suite, and the changes only PostgreSQL can ALTER in place.
#include <migrate/migrate.hpp>
#include <migrate/postgres.hpp>
#include <postgres_fixture.hpp>

#include "drift_suite.hpp"

using migrate_test::postgres_fixture;
MIGRATE_DRIFT_SUITE(postgres_fixture)

TEST_CASE("postgres_fixture: a changed type, nullability or dropped foreign key is named", "[schema][drift]") {
  using migrate::schema::drift_kind;
  postgres_fixture fixture;
  auto& session = fixture.store().session();
  drift_suite::run<typed_chain::registry>(fixture.store(), migrate::target::head());
  SECTION("type") {
    session.execute_script("ALTER TABLE users ALTER COLUMN email TYPE TEXT");
    auto result = drift_suite::check(fixture);
    drift_suite::require_only(result, drift_kind::type_differs, "users", "email");
    CHECK(result.findings[0].message == "users.email: type varchar(255) expected, the database has text");
  }
  SECTION("varchar length") {
    session.execute_script("ALTER TABLE users ALTER COLUMN phone TYPE VARCHAR(30)");
    auto result = drift_suite::check(fixture);
    drift_suite::require_only(result, drift_kind::type_differs, "users", "phone");
    CHECK(result.findings[0].actual == "varchar(30)");
  }
  SECTION("nullability") {
    session.execute_script("ALTER TABLE users ALTER COLUMN phone SET NOT NULL");
    auto result = drift_suite::check(fixture);
    drift_suite::require_only(result, drift_kind::nullability_differs, "users", "phone");
    CHECK(result.findings[0].message == "users.phone: NULL allowed expected, the database has NOT NULL");
  }
  SECTION("foreign key") {
    session.execute_script("ALTER TABLE doses DROP CONSTRAINT doses_user_id_fkey");
    auto result = drift_suite::check(fixture);
    drift_suite::require_only(result, drift_kind::missing_foreign_key, "doses", "(user_id) -> users(id)");
  }
  SECTION("unique constraint") {
    session.execute_script("ALTER TABLE users DROP CONSTRAINT users_email_key");
    auto result = drift_suite::check(fixture);
    drift_suite::require_only(result, drift_kind::missing_index, "users", "email");
    CHECK(result.findings[0].message == "users.email: missing unique constraint");
  }
}

TEST_CASE("postgres_fixture: a serial column reads as an auto id, a plain integer key does not", "[schema][catalog]") {
  postgres_fixture fixture;
  fixture.store().session().execute_script(
      "CREATE TABLE a (id SERIAL PRIMARY KEY, doc JSONB); CREATE TABLE b (id INTEGER PRIMARY KEY)");
  auto live = live_schema(fixture.store());
  REQUIRE(live.tables.size() == 2);
  CHECK(live.tables[0].columns[0].type.family == migrate::schema::type_family::auto_id);
  CHECK(live.tables[0].columns[1].type.family == migrate::schema::type_family::json);
  CHECK(live.tables[1].columns[0].type.family == migrate::schema::type_family::integer);
  CHECK(live.tables[1].columns[0].primary_key);
  CHECK_FALSE(live.tables[1].columns[0].nullable());
}
